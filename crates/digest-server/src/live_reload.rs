//! Live reload: the WebSocket every open page keeps to the server, and the script that is
//! injected into served HTML (only while serving; `build` output never has it).
//!
//! A WebSocket rather than a Server-Sent Events stream: an event stream is an HTTP
//! response that never ends, so each open page held one of the six connections a browser
//! opens to a host over HTTP/1.1, and with six pages open a seventh never loaded. A
//! WebSocket leaves HTTP once it is open and counts against no such limit (Hugo and Zola
//! reload pages through one too). It is on the site's own port and path, so it works
//! through proxies and tunnels that forward the site (and WebSockets).
//!
//! Messages, server to page, are JSON objects by `type`: `ready` (sent first on every
//! connection), `reload` (`pages`: the addresses of the pages that changed, or `null` for
//! every page), `css` (only stylesheets changed), `diagnostics` (`overlay`: the overlay's
//! JSON, see [`crate::overlay`]) and `fixed` (the errors are gone). A page that connects
//! while the site is broken gets the current `diagnostics` right after `ready`, so every
//! open page shows the overlay. The page sends nothing.
//!
//! Versions: each site served is a generation of the store ([`SiteStore::replace`]), and
//! a page is told the version it was served at (this server's run and that generation) in
//! the address of its socket (`?v=`); `reload` and `css` carry the version they bring the
//! page to, for its next connection. A page connects while it loads, and a save can be
//! published in between (two saves close together: the page was reloading from the first
//! when the second came): on connecting, the page is sent the `reload` and `css` messages
//! of the versions after its own, so it reloads if one of them changed it, and ends on the
//! newest. A page of another run of the server (it was restarted), or older than the
//! versions remembered, reloads whatever changed.
//!
//! [`SiteStore::replace`]: crate::store::SiteStore::replace

use std::collections::VecDeque;
use std::hash::{BuildHasher, Hasher};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::response::Response;
use tokio::sync::{broadcast, watch};

use crate::overlay::Overlay;
use crate::store::SiteFiles;

/// The live-reload endpoint, relative to the site's base path.
pub const EVENTS_PATH: &str = "__digest-site/events";

/// Whether a request path is the live reload's: under any base path, not only the
/// current one. A page open at a base path served before (`base_url` changed, and the
/// server restarted) connects there, and must be told to go to the new one; and while
/// no site has built, no base path is known.
pub fn is_live_reload(path: &str) -> bool {
    path.strip_suffix(EVENTS_PATH)
        .is_some_and(|base| base.ends_with('/'))
}

/// The `id` of the injected `<script>` element.
pub const SCRIPT_ID: &str = "digest-site-live";

const SCRIPT: &str = include_str!("live_reload.js");

/// How often an idle connection is pinged: proxies and tunnels close a WebSocket that is
/// silent for a minute or two, and a page would then reload for nothing.
const PING_EVERY: Duration = Duration::from_secs(30);

/// Something every open page must hear about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiveEvent {
    /// The pages that changed, as a JSON list of their addresses (`["/repo/papers/x/"]`;
    /// `None`: every page), and the base path the site is served at: a page at another
    /// (`base_url` changed, here or before a restart) goes to the same page there.
    Reload(Option<Arc<str>>, Arc<str>),
    Stylesheets,
    /// The overlay JSON.
    Diagnostics(Arc<str>),
    Fixed,
}

/// An event, and for a change of the site the version it brings the pages to.
#[derive(Debug, Clone)]
struct Sent {
    event: LiveEvent,
    /// `None` for the overlay's events, which change no page.
    generation: Option<u64>,
}

impl LiveEvent {
    /// The message a page is sent; `version`: that of a change of the site.
    fn message(&self, version: Option<&str>) -> String {
        let version = version
            .map(|v| format!(",\"version\":\"{v}\""))
            .unwrap_or_default();
        match self {
            LiveEvent::Reload(pages, base) => format!(
                "{{\"type\":\"reload\",\"pages\":{},\"base\":{}{version}}}",
                pages.as_deref().unwrap_or("null"),
                serde_json::to_string(&**base).expect("strings serialize")
            ),
            LiveEvent::Stylesheets => format!("{{\"type\":\"css\"{version}}}"),
            LiveEvent::Diagnostics(json) => {
                format!("{{\"type\":\"diagnostics\",\"overlay\":{json}}}")
            }
            LiveEvent::Fixed => "{\"type\":\"fixed\"}".to_string(),
        }
    }
}

/// The first message on every connection.
const READY: &str = "{\"type\":\"ready\"}";

/// How many changes of the site are remembered for pages that connect late.
const REMEMBERED: usize = 256;

/// The open pages: broadcasting to them, the errors a newly opened page must show, and
/// what a page served before the latest changes missed.
#[derive(Debug)]
pub struct LiveReload {
    /// This run of the server, in every version: a page of another run reloads.
    run: u64,
    events: broadcast::Sender<Sent>,
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    current_errors: Option<Arc<str>>,
    /// The base path of the latest change.
    base: Arc<str>,
    /// The latest changes of the site, by generation, oldest first.
    changes: VecDeque<(u64, LiveEvent)>,
    /// The newest generation whose change is no longer remembered.
    forgotten: u64,
}

impl Default for LiveReload {
    fn default() -> Self {
        LiveReload {
            // Random, so that a restarted server is another run.
            run: std::collections::hash_map::RandomState::new()
                .build_hasher()
                .finish(),
            events: broadcast::channel(64).0,
            state: Mutex::new(State {
                current_errors: None,
                base: "/".into(),
                changes: VecDeque::new(),
                forgotten: 0,
            }),
        }
    }
}

/// What a page that connects missed.
enum Missed {
    /// Nothing, or a page that does not say its version.
    Nothing,
    /// The changes after its version.
    Changes(Vec<(u64, LiveEvent)>),
    /// It is of another run of the server, or older than the changes remembered.
    Everything,
}

impl LiveReload {
    /// The version of a page served from the site of `generation`.
    pub fn version(&self, generation: u64) -> String {
        format!("{:x}-{generation}", self.run)
    }

    /// This run's generation in `version`, or `None` when it is of another run.
    fn generation_in(&self, version: &str) -> Option<u64> {
        let (run, generation) = version.split_once('-')?;
        (u64::from_str_radix(run, 16).ok()? == self.run)
            .then(|| generation.parse().ok())
            .flatten()
    }

    /// Tells the pages that the site changed to `generation`, served under `base`: with
    /// `pages` (their addresses), only those reload; without, every page. Clears the
    /// overlay first if it was shown.
    pub fn site_changed(
        &self,
        generation: u64,
        base: &str,
        only_stylesheets: bool,
        pages: Option<&[String]>,
    ) {
        self.clear_errors();
        let event = if only_stylesheets {
            LiveEvent::Stylesheets
        } else {
            LiveEvent::Reload(
                pages.map(|pages| {
                    serde_json::to_string(pages)
                        .expect("strings serialize")
                        .into()
                }),
                base.into(),
            )
        };
        // Remembered and sent under the lock: a page connecting meanwhile gets it once.
        let mut state = self.lock_state();
        state.base = base.into();
        state.changes.push_back((generation, event.clone()));
        if state.changes.len() > REMEMBERED
            && let Some((forgotten, _)) = state.changes.pop_front()
        {
            state.forgotten = forgotten;
        }
        let _ = self.events.send(Sent {
            event,
            generation: Some(generation),
        });
    }

    /// Shows `overlay` on every page, now and on pages opened until the errors are fixed.
    pub fn show_errors(&self, overlay: &Overlay) {
        let json: Arc<str> = overlay.to_json().into();
        let mut state = self.lock_state();
        state.current_errors = Some(json.clone());
        let _ = self.events.send(Sent {
            event: LiveEvent::Diagnostics(json),
            generation: None,
        });
    }

    /// Removes the overlay (the errors are fixed).
    pub fn clear_errors(&self) {
        let mut state = self.lock_state();
        if state.current_errors.take().is_some() {
            let _ = self.events.send(Sent {
                event: LiveEvent::Fixed,
                generation: None,
            });
        }
    }

    pub fn has_errors(&self) -> bool {
        self.lock_state().current_errors.is_some()
    }

    fn lock_state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Accepts the WebSocket of a page served at `version` (`None`: it does not say); it
    /// is closed when `shutdown` turns true. `served`: the site served now, if one built.
    pub fn accept(
        self: &Arc<Self>,
        upgrade: WebSocketUpgrade,
        version: Option<&str>,
        served: Option<&SiteFiles>,
        shutdown: watch::Receiver<bool>,
    ) -> Response {
        // Subscribed, and what the page missed read, at once (so that nothing falls in
        // between or comes twice), and now rather than once upgraded: a change during the
        // handshake is not missed.
        let state = self.lock_state();
        let receiver = self.events.subscribe();
        let page = version.map(|v| self.generation_in(v));
        let missed = match page {
            None => Missed::Nothing,
            Some(Some(generation)) if generation >= state.forgotten => Missed::Changes(
                state
                    .changes
                    .iter()
                    .filter(|(changed, _)| *changed > generation)
                    .cloned()
                    .collect(),
            ),
            Some(_) => Missed::Everything,
        };
        let mut first = vec![READY.to_string()];
        let mut stale = false;
        match missed {
            Missed::Nothing => {}
            Missed::Changes(changes) => first.extend(
                changes
                    .iter()
                    .map(|(generation, event)| event.message(Some(&self.version(*generation)))),
            ),
            // A page of a server restarted while its site has errors keeps what it shows
            // (and gets the overlay): it reloads once the site builds.
            Missed::Everything => match served {
                Some(site) => first
                    .push(LiveEvent::Reload(None, site.base_path.as_str().into()).message(None)),
                None => stale = true,
            },
        }
        if let Some(json) = state.current_errors.clone() {
            first.push(LiveEvent::Diagnostics(json).message(None));
        }
        drop(state);
        // Changes up to the page's own generation are in it already.
        let seen = page.flatten().unwrap_or(0);
        let live = self.clone();
        upgrade.on_upgrade(move |socket| {
            serve_page(socket, live, first, seen, stale, receiver, shutdown)
        })
    }
}

/// Tells one page what it must hear until it goes away or the server stops.
async fn serve_page(
    mut socket: WebSocket,
    live: Arc<LiveReload>,
    first: Vec<String>,
    seen: u64,
    mut stale: bool,
    mut events: broadcast::Receiver<Sent>,
    mut shutdown: watch::Receiver<bool>,
) {
    for message in first {
        if socket.send(Message::Text(message.into())).await.is_err() {
            return;
        }
    }
    let mut ping = tokio::time::interval(PING_EVERY);
    ping.reset();
    loop {
        let message = tokio::select! {
            received = events.recv() => match received {
                Ok(Sent { generation: Some(generation), .. }) if generation <= seen => continue,
                // The first site built after a page of another run connected: whatever
                // changed, that page is of another site.
                Ok(Sent { event: LiveEvent::Reload(_, base), .. }) if stale => {
                    stale = false;
                    Message::Text(LiveEvent::Reload(None, base).message(None).into())
                }
                Ok(Sent { event, generation }) => {
                    let version = generation.map(|g| live.version(g));
                    Message::Text(event.message(version.as_deref()).into())
                }
                // Missed events: a reload shows the page as it is now.
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    let base = live.lock_state().base.clone();
                    Message::Text(LiveEvent::Reload(None, base).message(None).into())
                }
                Err(broadcast::error::RecvError::Closed) => break,
            },
            // The page says nothing; this notices it going away (pings are answered
            // by the WebSocket layer itself).
            incoming = socket.recv() => match incoming {
                Some(Ok(Message::Close(_)) | Err(_)) | None => return,
                Some(Ok(_)) => continue,
            },
            _ = ping.tick() => Message::Ping(Default::default()),
            _ = shutdown.wait_for(|stopped| *stopped) => break,
        };
        if socket.send(message).await.is_err() {
            return;
        }
    }
    // "Going away": the page reconnects, and reloads once the server is back.
    let _ = socket
        .send(Message::Close(Some(axum::extract::ws::CloseFrame {
            code: axum::extract::ws::close_code::AWAY,
            reason: Default::default(),
        })))
        .await;
}

/// The `<script>` element injected into every served HTML page, served at `version` from
/// a site under `base_path` (`None`: the page of a site that has not built, whose base
/// path is not known).
pub fn script_element(base_path: Option<&str>, version: &str) -> String {
    // In a double-quoted attribute only `&` and `"` are special (a URL path has `<`, `>`
    // and `"` percent-encoded already; `&` it keeps). A version is hex digits, a dash and
    // digits.
    let attribute = |text: &str| text.replace('&', "&amp;").replace('"', "&quot;");
    let base = attribute(base_path.unwrap_or("/"));
    let page_base = base_path
        .map(|base| format!(" data-base=\"{}\"", attribute(base)))
        .unwrap_or_default();
    format!(
        "<script id=\"{SCRIPT_ID}\" data-events=\"{base}{EVENTS_PATH}?v={version}\"{page_base}>\n{SCRIPT}</script>\n"
    )
}

/// `html` with the live-reload script inserted before the last `</body>` (or at the end).
pub fn inject_script(html: &[u8], base_path: Option<&str>, version: &str) -> Vec<u8> {
    let script = script_element(base_path, version);
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_the_body_end_and_knows_the_base_path() {
        let html = b"<html><body><p>x</p></body></html>";
        let out = String::from_utf8(inject_script(html, Some("/repo/"), "ab-3")).unwrap();
        let script_at = out.find("<script id=\"digest-site-live\"").unwrap();
        assert!(script_at > out.find("<p>x</p>").unwrap());
        assert!(script_at < out.find("</body>").unwrap());
        assert!(
            out.contains("data-events=\"/repo/__digest-site/events?v=ab-3\" data-base=\"/repo/\"")
        );
        assert!(!SCRIPT.contains("</script"));
    }

    #[test]
    fn a_new_page_sees_the_current_errors() {
        let live = LiveReload::default();
        assert!(!live.has_errors());
        let overlay = Overlay {
            errors: Vec::new(),
            total: 0,
        };
        live.show_errors(&overlay);
        assert!(live.has_errors());
        live.site_changed(1, "/", false, None);
        assert!(!live.has_errors());
    }

    #[test]
    fn the_live_reload_answers_under_any_base_path() {
        for path in [
            "/__digest-site/events",
            "/repo/__digest-site/events",
            "/old/name/__digest-site/events",
        ] {
            assert!(is_live_reload(path), "{path}");
        }
        for path in [
            "/repo/x__digest-site/events",
            "/repo/__digest-site/events/x",
        ] {
            assert!(!is_live_reload(path), "{path}");
        }
    }

    /// A version names this run's generations only; a restarted server is another run.
    #[test]
    fn versions_are_of_one_run() {
        let live = LiveReload::default();
        assert_eq!(live.generation_in(&live.version(7)), Some(7));
        let other = LiveReload::default();
        assert_eq!(live.generation_in(&other.version(7)), None);
        assert_eq!(live.generation_in("nonsense"), None);
    }
}
