//! Accepting connections and serving HTTP/1.1 on them, with a time limit on request heads
//! and a graceful stop.
//!
//! A client must send a complete request head within
//! [`crate::ServeOptions::request_head_timeout`] (10 s unless told otherwise) of opening
//! its connection, or of the end of the previous response on a kept-alive one; else the
//! connection is closed. So neither a slow client (a byte every few seconds) nor an idle
//! kept-alive connection holds anything for long. hyper's `header_read_timeout` does both:
//! its clock starts when the server waits for a request and stops once the head is read,
//! so responses, however long, are not limited, nor is the live reload's WebSocket once
//! open. (hyper has no separate idle timeout; one limit covers both waits.)
//!
//! Browsers reach `http://` servers with HTTP/1.1, so that is all this serves. A
//! connection may be upgraded to the live reload's WebSocket, which then lives on its own
//! (see [`crate::live_reload`]) and ends when the server stops.

use std::io;
use std::time::Duration;

use axum::Router;
use axum::serve::Listener;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::watch;

/// The default of [`crate::ServeOptions::request_head_timeout`].
pub const REQUEST_HEAD_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a stop waits for the requests under way: a client half-way through sending a
/// request head would otherwise hold Ctrl-C for the whole head timeout. A page of the
/// preview is sent in milliseconds.
const STOP_GRACE: Duration = Duration::from_secs(1);

/// Serves `app` on every connection of `listener` until `stop` turns true (or its sender
/// is gone); then stops accepting, lets the requests under way finish (for at most
/// `STOP_GRACE`), closes idle connections, and returns.
pub async fn serve(
    mut listener: TcpListener,
    app: Router,
    request_head_timeout: Duration,
    mut stop: watch::Receiver<bool>,
) -> io::Result<()> {
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(request_head_timeout)
        .keep_alive(true);
    let http = std::sync::Arc::new(http);
    // The connections' tasks, to end those a stop's grace leaves open.
    let mut tasks = tokio::task::JoinSet::new();
    loop {
        // Those done are let go as new ones come (a long session opens thousands).
        while tasks.try_join_next().is_some() {}
        // `Listener::accept` retries on errors (such as too many open files) by itself.
        let (stream, _peer) = tokio::select! {
            accepted = Listener::accept(&mut listener) => accepted,
            _ = stop.wait_for(|stopped| *stopped) => break,
        };
        let (http, app, mut stop) = (http.clone(), app.clone(), stop.clone());
        tasks.spawn(async move {
            // With upgrades: the live reload is a WebSocket. (hyper-util's
            // `GracefulShutdown` does not take such a connection, so this is its loop: a
            // stop lets the request under way finish and closes an idle connection.)
            let connection = http
                .serve_connection(TokioIo::new(stream), TowerToHyperService::new(app))
                .with_upgrades();
            let mut connection = std::pin::pin!(connection);
            // A client that goes away or times out is no error of the server's.
            tokio::select! {
                _ = connection.as_mut() => return,
                _ = stop.wait_for(|stopped| *stopped) => {}
            }
            connection.as_mut().graceful_shutdown();
            let _ = connection.await;
        });
    }
    drop(listener);
    // Past the grace, the connections left are closed.
    let all_done = async { while tasks.join_next().await.is_some() {} };
    if tokio::time::timeout(STOP_GRACE, all_done).await.is_err() {
        tasks.abort_all();
        while tasks.join_next().await.is_some() {}
    }
    Ok(())
}
