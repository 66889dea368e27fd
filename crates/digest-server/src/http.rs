//! Serving: mapping a request path to a file of the built site, and the HTTP responses.
//!
//! Only files of the current [`SiteFiles`] exist for the server; there is no file system
//! behind it to escape into. Still, anything that looks like a traversal or an absolute
//! path (`..` or `.` segments in any encoding, backslashes, empty segments, drive letters)
//! is answered with 404 before the lookup. There are no directory listings: a folder is
//! its `index.html`, and `/dir` redirects to `/dir/` when that exists.

use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Router, middleware};
use percent_encoding::percent_decode_str;
use tokio::sync::watch;

use crate::host::{HostCheck, check_host};
use crate::live_reload::{LiveReload, inject_script, is_live_reload};
use crate::store::{SiteFiles, SiteStore};

/// What the handlers share.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<SiteStore>,
    pub live: Arc<LiveReload>,
    pub shutdown: watch::Receiver<bool>,
    /// Which `Host` names are answered: checked before every route.
    pub hosts: HostCheck,
}

/// What a request path names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// A file of the site, by output path.
    File(String),
    /// The same place with a trailing slash (or the base path, for `/`).
    Redirect(String),
    NotFound,
}

/// Resolves the raw (still percent-encoded) path of a request against a site under
/// `base` whose files are those for which `exists` holds.
pub fn resolve(raw_path: &str, base: &str, exists: impl Fn(&str) -> bool) -> Resolved {
    let Some(rest) = raw_path.strip_prefix(base) else {
        // `/` and `/repo` lead to the site under `/repo/`.
        if raw_path == "/" || Some(raw_path) == base.strip_suffix('/') {
            return Resolved::Redirect(base.to_string());
        }
        return Resolved::NotFound;
    };
    let Ok(decoded) = percent_decode_str(rest).decode_utf8() else {
        return Resolved::NotFound;
    };
    if !is_safe_relative_path(&decoded) {
        return Resolved::NotFound;
    }
    let key = if decoded.is_empty() || decoded.ends_with('/') {
        format!("{decoded}index.html")
    } else {
        decoded.to_string()
    };
    if exists(&key) {
        Resolved::File(key)
    } else if exists(&format!("{key}/index.html")) {
        Resolved::Redirect(format!("{raw_path}/"))
    } else {
        Resolved::NotFound
    }
}

/// A relative, `/`-separated path with no way out of the site: no `.`, `..` or empty
/// segments (so no leading `/`), no backslashes, NULs or drive letters.
fn is_safe_relative_path(path: &str) -> bool {
    if path.contains(['\\', '\0']) {
        return false;
    }
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len() - 1;
    segments.iter().enumerate().all(|(i, segment)| {
        let empty_ok = i == last; // the trailing slash of a folder
        (!segment.is_empty() || empty_ok)
            && *segment != "."
            && *segment != ".."
            && !(i == 0 && segment.len() == 2 && segment.ends_with(':'))
    })
}

/// The folder of the search index in the site.
const SEARCH_DIR: &str = "search/";

/// How long a request for a file of the search index waits for the first index.
const FIRST_INDEX_WAIT: Duration = Duration::from_secs(20);

/// The router: every path goes to `handle`, once the host check let it through.
pub fn router(state: AppState) -> Router {
    let hosts = state.hosts.clone();
    Router::new()
        .fallback(handle)
        .layer(middleware::from_fn_with_state(hosts, check_host))
        .with_state(state)
}

async fn handle(State(state): State<AppState>, request: Request) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return (StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n").into_response();
    }
    if is_live_reload(request.uri().path()) {
        return live_reload_socket(&state, request).await;
    }
    // While the first site is incomplete (its first pages only), a file it lacks waits for
    // the whole site rather than being answered "not found"; a file of the search index,
    // before the first index is made (in the background, after the pages), waits for it
    // (a while at most: a site with `search: false` has none).
    let mut replaced = state.store.replaced();
    let mut search_replaced = state.store.search_replaced();
    let (site, generation, search, resolved) = loop {
        let (site, generation) = state.store.current_with_generation();
        let search = state.store.search();
        let resolved = resolve(request.uri().path(), &site.base_path, |key| {
            site.get(key).or_else(|| search.get(key)).is_some()
        });
        if matches!(resolved, Resolved::NotFound) {
            if !site.is_complete() && replaced.changed().await.is_ok() {
                continue;
            }
            let in_search = request
                .uri()
                .path()
                .strip_prefix(site.base_path.as_str())
                .is_some_and(|rest| rest.starts_with(SEARCH_DIR));
            if in_search
                && search.is_empty()
                && matches!(
                    tokio::time::timeout(FIRST_INDEX_WAIT, search_replaced.changed()).await,
                    Ok(Ok(()))
                )
            {
                continue;
            }
        }
        break (site, generation, search, resolved);
    };
    // The page knows the site it is of (see `live_reload`).
    let version = state.live.version(generation);
    let file = |key: &str| site.get(key).or_else(|| search.get(key));
    match resolved {
        Resolved::File(key) => match file(&key) {
            Some(bytes) => {
                // The server sends no validators: a range `If-Range` makes conditional is
                // answered with the whole file.
                let range = request
                    .headers()
                    .get(header::RANGE)
                    .filter(|_| request.method() == Method::GET)
                    .filter(|_| !request.headers().contains_key(header::IF_RANGE));
                file_response(
                    &key,
                    bytes,
                    &site.base_path,
                    &version,
                    StatusCode::OK,
                    range,
                )
            }
            None => StatusCode::NOT_FOUND.into_response(),
        },
        // The query goes along: `?lang=en` and `?q=` links name a folder without its `/`.
        Resolved::Redirect(to) => match request.uri().query() {
            Some(query) => redirect(&format!("{to}?{query}")),
            None => redirect(&to),
        },
        Resolved::NotFound if site.is_empty() => no_site_yet(&version),
        Resolved::NotFound => match (
            relocated(&request, &site, &state.store),
            site.get("404.html"),
        ) {
            (Some(to), _) => match request.uri().query() {
                Some(query) => redirect(&format!("{to}?{query}")),
                None => redirect(&to),
            },
            (None, Some(bytes)) => file_response(
                "404.html",
                bytes,
                &site.base_path,
                &version,
                StatusCode::NOT_FOUND,
                None,
            ),
            (None, None) => (StatusCode::NOT_FOUND, "not found\n").into_response(),
        },
    }
}

/// The WebSocket of a page's live reload. A web page of another origin could open one too
/// (WebSockets know no CORS) and read the overlay's lines of the site's files: only the
/// site's own pages, and those of the names the server answers to, are let in.
async fn live_reload_socket(state: &AppState, request: Request) -> Response {
    if let Some(origin) = request.headers().get(header::ORIGIN) {
        let host = request.headers().get(header::HOST);
        if !state.hosts.allows_origin(origin, host) {
            let body = format!(
                "Blocked request: the live reload of this preview is not for pages of {}.\n",
                origin.to_str().unwrap_or("another origin")
            );
            return (StatusCode::FORBIDDEN, body).into_response();
        }
    }
    // The version of the page (`?v=`): what it missed is sent as it connects.
    let version = request.uri().query().and_then(|query| {
        query
            .split('&')
            .find_map(|pair| pair.strip_prefix("v="))
            .map(str::to_string)
    });
    let site = state.store.current();
    let served = (!site.is_empty()).then_some(&*site);
    let (mut parts, _) = request.into_parts();
    match WebSocketUpgrade::from_request_parts(&mut parts, state).await {
        Ok(upgrade) => {
            state
                .live
                .accept(upgrade, version.as_deref(), served, state.shutdown.clone())
        }
        Err(refused) => refused.into_response(),
    }
}

/// Where a page asked for outside the site's base path now is: under the current base,
/// the same path relative to a base served before (`base_url` changed while serving:
/// `/old/papers/x/` → `/new/papers/x/`), or relative to the root (the address printed
/// while the site did not build yet). `None` when the site has no such page.
fn relocated(request: &Request, site: &SiteFiles, store: &SiteStore) -> Option<String> {
    let path = request.uri().path();
    let mut bases = store.former_bases();
    bases.reverse();
    bases.push("/".to_string());
    bases.into_iter().find_map(|base| {
        let rest = path.strip_prefix(base.as_str())?;
        let moved = format!("{}{rest}", site.base_path);
        (moved != path
            && matches!(
                resolve(&moved, &site.base_path, |key| site.contains(key)),
                Resolved::File(_) | Resolved::Redirect(_)
            ))
        .then_some(moved)
    })
}

/// A file of the site; with `range`, the part of it that asks for (Safari plays a video
/// only from such answers, and players seek with them).
fn file_response(
    key: &str,
    bytes: &Bytes,
    base_path: &str,
    version: &str,
    status: StatusCode,
    range: Option<&HeaderValue>,
) -> Response {
    let mime = mime_guess::from_path(key).first_or_octet_stream();
    let is_html = mime.subtype() == mime_guess::mime::HTML;
    let body = if is_html {
        Bytes::from(inject_script(bytes, Some(base_path), version))
    } else {
        bytes.clone()
    };
    let content_type = if mime.type_() == mime_guess::mime::TEXT
        || matches!(mime.subtype().as_str(), "javascript" | "json" | "xml")
    {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    };
    let length = body.len();
    let (status, body, content_range) = match range.map(|range| part(range, length)) {
        Some(Part::Bytes(first, last)) => (
            StatusCode::PARTIAL_CONTENT,
            body.slice(first..=last),
            Some(format!("bytes {first}-{last}/{length}")),
        ),
        Some(Part::Unsatisfiable) => (
            StatusCode::RANGE_NOT_SATISFIABLE,
            Bytes::new(),
            Some(format!("bytes */{length}")),
        ),
        Some(Part::Whole) | None => (status, body, None),
    };
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    if status == StatusCode::OK || content_range.is_some() {
        headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    }
    if let Some(value) = content_range.and_then(|v| HeaderValue::from_str(&v).ok()) {
        headers.insert(header::CONTENT_RANGE, value);
    }
    if let Ok(value) = HeaderValue::from_str(&content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    // Always ask again: the site changes under the browser's feet.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// The part of a file of `length` bytes a `Range` header asks for.
#[derive(Debug, PartialEq, Eq)]
enum Part {
    /// The bytes from the first to the last, both included.
    Bytes(usize, usize),
    /// Past the end: `416`.
    Unsatisfiable,
    /// Several ranges, or a header that does not parse: the whole file, as a server may.
    Whole,
}

fn part(range: &HeaderValue, length: usize) -> Part {
    use http_range_header::{RangeUnsatisfiableError, parse_range_header};
    let Ok(text) = range.to_str() else {
        return Part::Whole;
    };
    match parse_range_header(text).map(|parsed| parsed.validate(length as u64)) {
        Ok(Ok(ranges)) if ranges.len() == 1 => {
            Part::Bytes(*ranges[0].start() as usize, *ranges[0].end() as usize)
        }
        Ok(Err(RangeUnsatisfiableError::Unsatisfiable)) => Part::Unsatisfiable,
        _ => Part::Whole,
    }
}

fn redirect(to: &str) -> Response {
    match HeaderValue::from_str(to) {
        Ok(location) => (
            StatusCode::TEMPORARY_REDIRECT,
            [(header::LOCATION, location)],
        )
            .into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

/// The answer to every request while no build has succeeded yet: a page that carries the
/// live-reload script, so it shows the errors and turns into the site once they are fixed.
fn no_site_yet(version: &str) -> Response {
    let html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
        <title>digest-site: the site has errors</title></head><body>\
        <p>The site could not be built yet. The errors are shown in the terminal and over \
        this page; fix them and save, and this page turns into the site.</p></body></html>";
    let body = inject_script(html.as_bytes(), None, version);
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::store::Files;

    fn site(base_path: &str) -> SiteFiles {
        let files = [
            "index.html",
            "papers/2404.02424/index.html",
            "tags/剪枝/index.html",
            "assets/style.css",
        ]
        .into_iter()
        .map(|path| (path.to_string(), Bytes::from_static(b"x")))
        .collect();
        SiteFiles::new(base_path.to_string(), files)
    }

    fn state_serving(site: SiteFiles) -> AppState {
        AppState {
            store: Arc::new(SiteStore::new(Arc::new(site))),
            live: Arc::new(LiveReload::default()),
            shutdown: watch::channel(false).1,
            hosts: HostCheck::new(&[]),
        }
    }

    fn get(path: &str) -> Request {
        Request::builder()
            .uri(path)
            .header("host", "127.0.0.1")
            .body(Body::empty())
            .unwrap()
    }

    /// While only the first pages are rendered, a page the site lacks yet waits for the
    /// whole site instead of being "not found"; a page it has is answered at once.
    #[tokio::test]
    async fn an_incomplete_site_makes_missing_pages_wait_for_the_whole() {
        let first: Files = [("index.html".to_string(), Bytes::from_static(b"home"))].into();
        let state = state_serving(SiteFiles::first_pages("/".to_string(), first.clone()));

        let home = handle(State(state.clone()), get("/")).await;
        assert_eq!(home.status(), StatusCode::OK);

        let store = state.store.clone();
        let mut whole = first;
        whole.insert(
            "papers/a/index.html".to_string(),
            Bytes::from_static(b"paper a"),
        );
        let completes = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(50)).await;
            store.replace(Arc::new(SiteFiles::new("/".to_string(), whole)));
        });
        let paper = handle(State(state.clone()), get("/papers/a/")).await;
        assert_eq!(
            paper.status(),
            StatusCode::OK,
            "answered before the whole site"
        );
        completes.await.unwrap();

        // Once the site is whole, missing means missing.
        let missing = handle(State(state), get("/papers/b/")).await;
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    }

    /// A file of the search index asked for before the first index is made waits for it
    /// instead of being "not found" (the pages that search are served first).
    #[tokio::test]
    async fn the_search_index_is_waited_for_until_the_first_one_is_made() {
        let pages: Files = [("index.html".to_string(), Bytes::from_static(b"home"))].into();
        let state = state_serving(SiteFiles::new("/".to_string(), pages));
        let store = state.store.clone();
        let indexed = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(50)).await;
            let bundle: Files =
                [("search/index.json".to_string(), Bytes::from_static(b"{}"))].into();
            store.replace_search(Arc::new(bundle));
        });
        let index = handle(State(state.clone()), get("/search/index.json")).await;
        assert_eq!(index.status(), StatusCode::OK, "answered before the index");
        indexed.await.unwrap();
        // Once there is an index, a file it lacks is missing.
        let missing = handle(State(state), get("/search/t/9.bin")).await;
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    }

    /// A first build that fails after its first pages leaves them served as the whole
    /// site: nothing waits for pages that are not coming.
    #[tokio::test]
    async fn a_first_site_taken_as_complete_answers_missing_pages() {
        let first: Files = [("index.html".to_string(), Bytes::from_static(b"home"))].into();
        let site = SiteFiles::first_pages("/".to_string(), first).completed();
        let state = state_serving(site);
        let missing = tokio::time::timeout(
            Duration::from_secs(5),
            handle(State(state), get("/papers/a/")),
        )
        .await
        .expect("answered without waiting");
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    }

    #[test]
    fn files_folders_and_redirects() {
        let site = site("/repo/");
        let s = |path: &str| resolve(path, &site.base_path, |k| site.contains(k));
        let file = |p: &str| Resolved::File(p.to_string());
        assert_eq!(s("/repo/"), file("index.html"));
        assert_eq!(
            s("/repo/papers/2404.02424/"),
            file("papers/2404.02424/index.html")
        );
        assert_eq!(
            s("/repo/tags/%E5%89%AA%E6%9E%9D/"),
            file("tags/剪枝/index.html")
        );
        assert_eq!(
            s("/repo/papers/2404.02424"),
            Resolved::Redirect("/repo/papers/2404.02424/".into())
        );
        assert_eq!(s("/"), Resolved::Redirect("/repo/".into()));
        assert_eq!(s("/repo"), Resolved::Redirect("/repo/".into()));
        assert_eq!(s("/papers/2404.02424/"), Resolved::NotFound);
        assert_eq!(s("/repo/papers/"), Resolved::NotFound);
    }

    #[test]
    fn byte_ranges() {
        let range = |text: &'static str| part(&HeaderValue::from_static(text), 10);
        assert_eq!(range("bytes=0-1"), Part::Bytes(0, 1));
        assert_eq!(range("bytes=8-"), Part::Bytes(8, 9));
        assert_eq!(range("bytes=-3"), Part::Bytes(7, 9));
        assert_eq!(range("bytes=5-100"), Part::Bytes(5, 9));
        assert_eq!(range("bytes=10-"), Part::Unsatisfiable);
        assert_eq!(range("bytes=0-1,4-5"), Part::Whole);
        assert_eq!(range("lines=0-1"), Part::Whole);
        assert_eq!(range("bytes=x"), Part::Whole);
    }

    #[test]
    fn traversal_is_not_found() {
        let site = site("/");
        for path in [
            "/../etc/passwd",
            "/papers/../index.html",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/index.html",
            "/..%2fetc/passwd",
            "/papers/..%2F..%2Fetc/passwd",
            "/./index.html",
            "/papers\\..\\index.html",
            "/papers%5c..%5cindex.html",
            "//etc/passwd",
            "/%2fetc/passwd",
            "/C:/Windows/win.ini",
            "/index.html%00",
            "/%ff",
        ] {
            let resolved = resolve(path, &site.base_path, |k| site.contains(k));
            assert_eq!(resolved, Resolved::NotFound, "{path}");
        }
    }
}
