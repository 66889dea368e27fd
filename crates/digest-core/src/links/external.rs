//! External link checking (`check --external-links`): every `http(s)` link of a Markdown
//! body must answer with a success (after redirects).
//!
//! Links are checked once per URL (the fragment dropped), a few at a time, each within a
//! time limit; `HEAD` first, `GET` where a server refuses `HEAD`. A link that answered is
//! remembered in a cache file for [`CACHE_FOR`], so that a daily CI run does not ask the
//! same servers again; failures are never cached. Off by default: it needs the network and
//! other people's servers.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::{Body, all_bodies, link_error, links_of};
use crate::diagnostic::Diagnostics;
use crate::model::Site;

/// How long a link that answered is not asked again.
pub const CACHE_FOR: Duration = Duration::from_secs(7 * 24 * 3600);

/// How the external links are checked.
#[derive(Debug, Clone)]
pub struct ExternalLinkCheck {
    /// The time limit of one link, connection and answer included.
    pub timeout: Duration,
    /// Links checked at once.
    pub concurrency: usize,
    /// Whether the links that answered are remembered, in the site's `.digest-site-cache/external-links.json`.
    pub cache: bool,
}

impl Default for ExternalLinkCheck {
    /// 10 seconds a link, 8 at a time, with the cache.
    fn default() -> Self {
        ExternalLinkCheck {
            timeout: Duration::from_secs(10),
            concurrency: 8,
            cache: true,
        }
    }
}

/// The cache of links that answered, relative to the site's folder.
pub const CACHE_FILE: &str = ".digest-site-cache/external-links.json";

/// Checks every external link of the site's bodies; each one that fails is an error at
/// each place it is written.
pub fn check_external_links(site: &Site, options: &ExternalLinkCheck) -> Diagnostics {
    let bodies = all_bodies(site);
    // URL → the places it is written (body, byte offset).
    let mut places: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
    for (b, body) in bodies.iter().enumerate() {
        for (dest, offset) in links_of(body.markdown) {
            if dest.starts_with("http://") || dest.starts_with("https://") {
                let url = dest.split('#').next().unwrap_or(&dest).to_string();
                places.entry(url).or_default().push((b, offset));
            }
        }
    }
    let now = unix_now();
    let cache_file = options.cache.then(|| site.config.root.join(CACHE_FILE));
    let mut cache = cache_file.as_ref().map(read_cache).unwrap_or_default();
    let to_check: Vec<&String> = places
        .keys()
        .filter(|url| {
            cache
                .get(*url)
                .is_none_or(|&checked| now.saturating_sub(checked) > CACHE_FOR.as_secs())
        })
        .collect();
    let failures = check_urls(&to_check, options);
    for url in &to_check {
        if !failures.contains_key(url.as_str()) {
            cache.insert((*url).clone(), now);
        }
    }
    if let Some(file) = &cache_file {
        write_cache(file, &cache);
    }
    let mut diags = Diagnostics::new();
    for (url, reason) in &failures {
        for &(b, offset) in &places[url] {
            let body: &Body<'_> = &bodies[b];
            diags.push(
                link_error(
                    site,
                    body,
                    offset,
                    format!("the link `{url}` does not answer: {reason}"),
                )
                .with_hint(
                    "fix or remove the link; if the server is only down for now, check again later",
                ),
            );
        }
    }
    diags.sort();
    diags
}

/// Asks each URL, `concurrency` at a time; the ones that failed, with why.
fn check_urls(urls: &[&String], options: &ExternalLinkCheck) -> HashMap<String, String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(options.timeout))
        .http_status_as_error(false)
        .user_agent(concat!(
            "digest-site/",
            env!("CARGO_PKG_VERSION"),
            " (link check)"
        ))
        .build()
        .into();
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(HashMap::new());
    std::thread::scope(|scope| {
        for _ in 0..options.concurrency.clamp(1, urls.len().max(1)) {
            scope.spawn(|| {
                while let Some(url) = urls.get(next.fetch_add(1, Ordering::Relaxed)) {
                    if let Err(reason) = ask(&agent, url, options.timeout) {
                        let mut failures = failures.lock().unwrap_or_else(|e| e.into_inner());
                        failures.insert((*url).clone(), reason);
                    }
                }
            });
        }
    });
    failures.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// Whether `url` answers with a success.
fn ask(agent: &ureq::Agent, url: &str, timeout: std::time::Duration) -> Result<(), String> {
    let status = |response: Result<ureq::http::Response<ureq::Body>, ureq::Error>| {
        response.map(|r| r.status().as_u16()).map_err(|e| match e {
            // ureq says "timeout: global"; the reader wants the time it waited.
            ureq::Error::Timeout(_) => format!(
                "no answer within {} s (`--link-timeout`)",
                timeout.as_secs_f64()
            ),
            e => e.to_string(),
        })
    };
    let mut code = status(agent.head(url).call())?;
    // Some servers refuse HEAD (405, 501) or answer it wrongly (403, 404 for HEAD only).
    if matches!(code, 403 | 404 | 405 | 501) {
        code = status(agent.get(url).call())?;
    }
    if (200..400).contains(&code) {
        Ok(())
    } else {
        Err(format!("HTTP {code}"))
    }
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// URL → when it last answered (seconds since 1970). A missing or unreadable cache is an
/// empty one.
fn read_cache(file: &PathBuf) -> BTreeMap<String, u64> {
    std::fs::read(file)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

/// Best effort: a cache that cannot be written only means asking again next time.
fn write_cache(file: &PathBuf, cache: &BTreeMap<String, u64>) {
    if let Some(dir) = file.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    if let Ok(json) = serde_json::to_vec_pretty(cache) {
        let _ = std::fs::write(file, json);
    }
}
