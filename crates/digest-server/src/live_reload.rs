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

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::response::Response;
use tokio::sync::{broadcast, watch};

use crate::overlay::Overlay;

/// The live-reload endpoint, relative to the site's base path.
pub const EVENTS_PATH: &str = "__digest-site/events";

/// The `id` of the injected `<script>` element.
pub const SCRIPT_ID: &str = "digest-site-live";

const SCRIPT: &str = include_str!("live_reload.js");

/// How often an idle connection is pinged: proxies and tunnels close a WebSocket that is
/// silent for a minute or two, and a page would then reload for nothing.
const PING_EVERY: Duration = Duration::from_secs(30);

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

impl LiveEvent {
    /// The message a page is sent.
    pub fn message(&self) -> String {
        match self {
            LiveEvent::Reload(pages) => format!(
                "{{\"type\":\"reload\",\"pages\":{}}}",
                pages.as_deref().unwrap_or("null")
            ),
            LiveEvent::Stylesheets => "{\"type\":\"css\"}".to_string(),
            LiveEvent::Diagnostics(json) => {
                format!("{{\"type\":\"diagnostics\",\"overlay\":{json}}}")
            }
            LiveEvent::Fixed => "{\"type\":\"fixed\"}".to_string(),
        }
    }
}

/// The first message on every connection.
const READY: &str = "{\"type\":\"ready\"}";

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

    /// Accepts one page's WebSocket; it is closed when `shutdown` turns true.
    pub fn accept(&self, upgrade: WebSocketUpgrade, shutdown: watch::Receiver<bool>) -> Response {
        // Subscribe before reading the current errors so that nothing falls in between,
        // and now rather than once upgraded: a change during the handshake is not missed.
        let receiver = self.events.subscribe();
        let mut first = vec![READY.to_string()];
        if let Some(json) = self.lock_errors().clone() {
            first.push(LiveEvent::Diagnostics(json).message());
        }
        upgrade.on_upgrade(move |socket| serve_page(socket, first, receiver, shutdown))
    }
}

/// Tells one page what it must hear until it goes away or the server stops.
async fn serve_page(
    mut socket: WebSocket,
    first: Vec<String>,
    mut events: broadcast::Receiver<LiveEvent>,
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
                Ok(event) => Message::Text(event.message().into()),
                // Missed events: a reload shows the page as it is now.
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    Message::Text(LiveEvent::Reload(None).message().into())
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
