//! `check --external-links` against a local server (never the network): broken, refused
//! and slow links are errors at their place; links that answered are cached.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::site_test::{digest_site, write};

/// A server on 127.0.0.1 that records the requests (`METHOD /path`) it gets; it stops
/// when dropped.
struct LinkServer {
    port: u16,
    requests: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl LinkServer {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (requests, stop) = (requests.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let Ok((stream, _)) = listener.accept() else {
                        std::thread::sleep(Duration::from_millis(5));
                        continue;
                    };
                    let requests = requests.clone();
                    std::thread::spawn(move || answer(stream, &requests));
                }
            })
        };
        LinkServer {
            port,
            requests,
            stop,
            thread: Some(thread),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

impl Drop for LinkServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn answer(stream: std::net::TcpStream, requests: &Mutex<Vec<String>>) {
    stream.set_nonblocking(false).unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).is_err() || header.trim().is_empty() {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    requests.lock().unwrap().push(format!("{method} {path}"));
    let status = match (method, path) {
        (_, "/ok") => "200 OK",
        ("HEAD", "/no-head") => "405 Method Not Allowed",
        ("GET", "/no-head") => "200 OK",
        (_, "/moved") => "301 Moved Permanently\r\nLocation: /ok",
        (_, "/slow") => {
            std::thread::sleep(Duration::from_secs(4));
            "200 OK"
        }
        _ => "404 Not Found",
    };
    let mut stream = stream;
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
}

fn site_linking(dir: &std::path::Path, server: &LinkServer) {
    write(
        dir,
        "site.yaml",
        "title: { en: Test }\nbase_url: https://example.org/\n",
    );
    write(
        dir,
        "content/papers/a.md",
        &format!(
            "---\nid: a\ntitle: {{ en: Alpha }}\n---\nSee [ok]({}) and [moved]({}).\n\nAnd [gone]({}).\n",
            server.url("/ok#section"),
            server.url("/moved"),
            server.url("/gone"),
        ),
    );
    write(
        dir,
        "content/pages/about.md",
        &format!(
            "---\ntitle: {{ en: About }}\n---\n[no head]({})\n[slow]({})\n[gone again]({})\n",
            server.url("/no-head"),
            server.url("/slow"),
            server.url("/gone"),
        ),
    );
}

#[test]
fn broken_links_are_errors_where_they_are_written_and_answers_are_cached() {
    let server = LinkServer::start();
    let dir = tempfile::tempdir().unwrap();
    site_linking(dir.path(), &server);

    // Without the flag the network is not asked.
    let out = digest_site(dir.path(), &["check"]);
    assert!(out.status.success());
    assert!(server.requests().is_empty(), "{:?}", server.requests());

    let out = digest_site(
        dir.path(),
        &["check", "--external-links", "--link-timeout", "1"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let gone = server.url("/gone");
    assert!(
        stderr.contains(&format!("the link `{gone}` does not answer: HTTP 404")),
        "{stderr}"
    );
    assert!(stderr.contains("content/papers/a.md:7:5"), "{stderr}");
    assert!(stderr.contains("content/pages/about.md:6:1"), "{stderr}");
    let slow = server.url("/slow");
    assert!(
        stderr.contains(&format!(
            "the link `{slow}` does not answer: no answer within "
        )),
        "{stderr}"
    );
    for fine in ["/ok", "/moved", "/no-head"] {
        let url = server.url(fine);
        assert!(!stderr.contains(&format!("`{url}`")), "{fine}: {stderr}");
    }
    assert_eq!(stderr.matches("does not answer").count(), 3, "{stderr}");
    // One request per URL (the fragment dropped), GET only where HEAD is refused: `/ok`
    // is asked for itself and at the end of `/moved`'s redirect.
    let asked = server.requests();
    assert_eq!(
        asked.iter().filter(|r| *r == "HEAD /ok").count(),
        2,
        "{asked:?}"
    );
    assert_eq!(
        asked.iter().filter(|r| r.starts_with("GET /ok")).count(),
        0,
        "{asked:?}"
    );
    assert!(asked.contains(&"GET /no-head".to_string()), "{asked:?}");

    // The links that answered are not asked again; the broken ones are.
    let before = server.requests().len();
    let out = digest_site(
        dir.path(),
        &["check", "--external-links", "--link-timeout", "1"],
    );
    assert_eq!(out.status.code(), Some(1));
    let again: Vec<String> = server.requests()[before..].to_vec();
    assert!(!again.iter().any(|r| r.ends_with(" /ok")), "{again:?}");
    assert!(again.iter().any(|r| r.ends_with(" /gone")), "{again:?}");
    assert!(
        dir.path()
            .join(".digest-site-cache/external-links.json")
            .is_file()
    );

    // --no-link-cache asks everything again.
    let before = server.requests().len();
    digest_site(
        dir.path(),
        &[
            "check",
            "--external-links",
            "--link-timeout",
            "1",
            "--no-link-cache",
        ],
    );
    assert!(
        server.requests()[before..]
            .iter()
            .any(|r| r.ends_with(" /ok"))
    );
}
