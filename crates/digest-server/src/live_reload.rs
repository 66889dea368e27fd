//! Live reload: the Server-Sent Events stream every open page listens to, and the script
//! that is injected into served HTML (only while serving; `build` output never has it).
//!
//! Events, by SSE event name: `ready` (sent first on every connection), `reload`, `css`
//! (only stylesheets changed), `diagnostics` (the overlay's JSON, see [`crate::overlay`])
//! and `fixed` (the errors are gone). A page that connects while the site is broken gets
//! the current `diagnostics` right after `ready`, so every open page shows the overlay.
//! SSE is plain HTTP on the site's own port and path, so it works through proxies and
//! tunnels that forward the site.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};

use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use tokio::sync::{broadcast, watch};

use crate::overlay::Overlay;

/// The events endpoint, relative to the site's base path.
pub const EVENTS_PATH: &str = "__digest-site/events";

/// The `id` of the injected `<script>` element.
pub const SCRIPT_ID: &str = "digest-site-live";

const SCRIPT: &str = include_str!("live_reload.js");

/// Something every open page must hear about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiveEvent {
    /// The pages that changed, as a JSON list of their addresses (`["/repo/papers/x/"]`);
    /// `None`: every page.
    Reload(Option<Arc<str>>),
    Stylesheets,
    /// The overlay JSON.
    Diagnostics(Arc<str>),
    Fixed,
}

/// The data of an event that needs none, and of a `reload` of every page. An event must
/// carry data: a browser drops one without (the Server-Sent Events standard), and axum
/// writes no `data:` line for an empty text, so `ready`, `css`, `fixed` and a reload of
/// every page never reached a page.
const ANY: &str = "*";

impl LiveEvent {
    fn to_sse(&self) -> Event {
        match self {
            LiveEvent::Reload(pages) => Event::default()
                .event("reload")
                .data(pages.as_deref().unwrap_or(ANY)),
            LiveEvent::Stylesheets => Event::default().event("css").data(ANY),
            LiveEvent::Diagnostics(json) => Event::default().event("diagnostics").data(&**json),
            LiveEvent::Fixed => Event::default().event("fixed").data(ANY),
        }
    }
}

/// The open pages: broadcasting to them, and the errors a newly opened page must show.
#[derive(Debug)]
pub struct LiveReload {
    events: broadcast::Sender<LiveEvent>,
    current_errors: Mutex<Option<Arc<str>>>,
}

impl Default for LiveReload {
    fn default() -> Self {
        LiveReload {
            events: broadcast::channel(64).0,
            current_errors: Mutex::new(None),
        }
    }
}

impl LiveReload {
    /// Tells the pages that the site changed: with `pages` (their addresses), only those
    /// reload; without, every page. Clears the overlay first if it was shown.
    pub fn site_changed(&self, only_stylesheets: bool, pages: Option<&[String]>) {
        self.clear_errors();
        let _ = self.events.send(if only_stylesheets {
            LiveEvent::Stylesheets
        } else {
            LiveEvent::Reload(pages.map(|pages| {
                serde_json::to_string(pages)
                    .expect("strings serialize")
                    .into()
            }))
        });
    }

    /// Shows `overlay` on every page, now and on pages opened until the errors are fixed.
    pub fn show_errors(&self, overlay: &Overlay) {
        let json: Arc<str> = overlay.to_json().into();
        *self.lock_errors() = Some(json.clone());
        let _ = self.events.send(LiveEvent::Diagnostics(json));
    }

    /// Removes the overlay (the errors are fixed).
    pub fn clear_errors(&self) {
        if self.lock_errors().take().is_some() {
            let _ = self.events.send(LiveEvent::Fixed);
        }
    }

    pub fn has_errors(&self) -> bool {
        self.lock_errors().is_some()
    }

    fn lock_errors(&self) -> std::sync::MutexGuard<'_, Option<Arc<str>>> {
        self.current_errors
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }

    /// The SSE response for one page; it ends when `shutdown` turns true.
    pub fn sse(
        &self,
        shutdown: watch::Receiver<bool>,
    ) -> Sse<impl Stream<Item = Result<Event, Infallible>> + use<>> {
        // Subscribe before reading the current errors so that nothing falls in between.
        let receiver = self.events.subscribe();
        let mut first = VecDeque::from([Event::default().event("ready").data(ANY)]);
        if let Some(json) = self.lock_errors().clone() {
            first.push_back(LiveEvent::Diagnostics(json).to_sse());
        }
        let stream = futures_util::stream::unfold(
            (first, receiver, shutdown),
            |(mut first, mut receiver, mut shutdown)| async move {
                if let Some(event) = first.pop_front() {
                    return Some((Ok(event), (first, receiver, shutdown)));
                }
                if *shutdown.borrow() {
                    return None;
                }
                let event = tokio::select! {
                    received = receiver.recv() => match received {
                        Ok(event) => event.to_sse(),
                        // Missed events: a reload shows the page as it is now.
                        Err(broadcast::error::RecvError::Lagged(_)) => {
                            LiveEvent::Reload(None).to_sse()
                        }
                        Err(broadcast::error::RecvError::Closed) => return None,
                    },
                    _ = shutdown.changed() => return None,
                };
                Some((Ok(event), (first, receiver, shutdown)))
            },
        );
        Sse::new(stream).keep_alive(KeepAlive::default())
    }
}

/// The `<script>` element injected into every served HTML page.
pub fn script_element(base_path: &str) -> String {
    // In a double-quoted attribute only `&` and `"` are special (a URL path has `<`, `>`
    // and `"` percent-encoded already; `&` it keeps).
    let attribute = base_path.replace('&', "&amp;").replace('"', "&quot;");
    format!(
        "<script id=\"{SCRIPT_ID}\" data-events=\"{attribute}{EVENTS_PATH}\">\n{SCRIPT}</script>\n"
    )
}

/// `html` with the live-reload script inserted before the last `</body>` (or at the end).
pub fn inject_script(html: &[u8], base_path: &str) -> Vec<u8> {
    let script = script_element(base_path);
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
        let out = String::from_utf8(inject_script(html, "/repo/")).unwrap();
        let script_at = out.find("<script id=\"digest-site-live\"").unwrap();
        assert!(script_at > out.find("<p>x</p>").unwrap());
        assert!(script_at < out.find("</body>").unwrap());
        assert!(out.contains("data-events=\"/repo/__digest-site/events\""));
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
        live.site_changed(false, None);
        assert!(!live.has_errors());
    }
}
