//! The suite's driver, [`Served`]: a small site in a temporary folder served on an
//! ephemeral port of 127.0.0.1; with it a raw HTTP client (raw, so that traversal paths
//! reach the server exactly as written) and a reader of the live reload's WebSocket.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use digest_server::rebuild::Terminal;
use digest_server::{ServeOptions, Server};

/// Generous: the test machine may be busy with other builds.
pub const PATIENCE: Duration = Duration::from_secs(30);

pub const SITE_YAML: &str = "title: { zh: 测试摘要, en: Test Digest }\n\
base_url: https://example.github.io/repo/\n\
languages: [zh, en]\n\
per_page: 2\n";

/// The paper the tests edit.
pub const PAPER: &str = "content/papers/2404.02424.md";

/// The front matter and body of a paper file.
pub fn paper(id: &str, date: &str, title: &str, summary: &str, tags: &[&str]) -> String {
    let tags: Vec<String> = tags.iter().map(|t| format!("\"{t}\"")).collect();
    format!(
        "---\nid: \"{id}\"\ntitle:\n  zh: \"{title}（中文）\"\n  en: \"{title}\"\nsummary:\n  en: \"{summary}\"\ndate: {date}\ntags: [{}]\nurl: https://arxiv.org/abs/{id}\n---\n\nNotes on {title}.\n",
        tags.join(", ")
    )
}

/// A site of four papers (two pages of the table at `per_page: 2`), a digest, a page and a
/// stylesheet of its own.
pub fn write_site(root: &Path) {
    let files = [
        ("site.yaml", SITE_YAML.to_string()),
        (
            "content/papers/2404.02424.md",
            paper(
                "2404.02424",
                "2024-04-04",
                "Sparse VLMs",
                "Repairs pruned models.",
                &["pruning", "vision"],
            ),
        ),
        (
            "content/papers/2403.19651.md",
            paper(
                "2403.19651",
                "2024-03-28",
                "MagicLens",
                "Self-supervised image retrieval.",
                &["retrieval"],
            ),
        ),
        (
            "content/papers/2403.07332.md",
            paper(
                "2403.07332",
                "2024-03-12",
                "Kernel Methods",
                "Kernels for everyone.",
                &["vision"],
            ),
        ),
        (
            "content/papers/2402.10882.md",
            paper(
                "2402.10882",
                "2024-02-16",
                "Universal Physics",
                "Transformers for physics.",
                &["pruning"],
            ),
        ),
        (
            "content/digests/2024-04-04.md",
            "---\ntitle: { zh: 摘要 2024-04-04, en: Digest 2024-04-04 }\ndate: 2024-04-04\npapers:\n  - \"2404.02424\"\n  - \"2403.19651\"\n---\n\nThis week.\n"
                .to_string(),
        ),
        (
            "content/pages/about.md",
            "---\ntitle: { zh: 关于, en: About }\nmenu: 1\n---\n\nAbout this site.\n".to_string(),
        ),
        ("static/custom.css", "body { margin: 0; }\n".to_string()),
    ];
    for (path, text) in files {
        write_file(&root.join(path), &text);
    }
}

pub fn write_file(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Saves like editors that write a temporary file and rename it over the original.
pub fn atomic_write(path: &Path, text: &str) {
    let temp = path.with_file_name(format!(
        ".{}.tmp-save",
        path.file_name().unwrap().to_string_lossy()
    ));
    std::fs::write(&temp, text).unwrap();
    std::fs::rename(&temp, path).unwrap();
}

/// Serving `root` on an ephemeral port of 127.0.0.1, printing nothing.
pub fn quiet_options(root: &Path) -> ServeOptions {
    ServeOptions {
        bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
        port: 0,
        next_free_port: false,
        terminal: Terminal {
            quiet: true,
            color: false,
            every_warning: false,
        },
        ..ServeOptions::new(root)
    }
}

/// A served temporary site.
pub struct Served {
    pub dir: tempfile::TempDir,
    pub server: Option<Server>,
    pub runtime: tokio::runtime::Runtime,
}

impl Served {
    /// Writes the standard site and serves it.
    pub fn start() -> Served {
        let dir = tempfile::tempdir().unwrap();
        write_site(dir.path());
        Served::start_in(dir)
    }

    /// Serves the site in `dir` on an ephemeral port of 127.0.0.1.
    pub fn start_in(dir: tempfile::TempDir) -> Served {
        let options = quiet_options(dir.path());
        Served::start_with(dir, options)
    }

    /// Serves the site in `dir` with `options` (whose `root` is replaced by `dir`).
    pub fn start_with(dir: tempfile::TempDir, options: ServeOptions) -> Served {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let options = ServeOptions {
            root: dir.path().to_path_buf(),
            ..options
        };
        let server = runtime.block_on(Server::start(options)).unwrap();
        Served {
            dir,
            server: Some(server),
            runtime,
        }
    }

    /// Stops the server and starts another on the same port, as a user restarts `serve`.
    pub fn restart(&mut self) {
        let addr = self.addr();
        let server = self.server.take().unwrap();
        self.runtime.block_on(server.shutdown()).unwrap();
        let options = ServeOptions {
            port: addr.port(),
            ..quiet_options(self.dir.path())
        };
        self.server = Some(self.runtime.block_on(Server::start(options)).unwrap());
    }

    pub fn server(&self) -> &Server {
        self.server.as_ref().unwrap()
    }

    pub fn addr(&self) -> SocketAddr {
        self.server().local_addr()
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    pub fn get(&self, path: &str) -> HttpResponse {
        http_get(self.addr(), path)
    }

    /// Opens the live reload of a page and waits for its `ready` message.
    pub fn events(&self) -> EventStream {
        let mut stream = EventStream::open(self.addr(), "/repo/__digest-site/events");
        stream.expect("ready");
        stream
    }

    /// Polls `path` until `check` holds for its response; panics after [`PATIENCE`].
    pub fn wait_for(
        &self,
        path: &str,
        what: &str,
        check: impl Fn(&HttpResponse) -> bool,
    ) -> HttpResponse {
        let start = Instant::now();
        loop {
            let response = self.get(path);
            if check(&response) {
                return response;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "{path}: still not {what} after {PATIENCE:?}; last status {}",
                response.status
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            let stopped = self
                .runtime
                .block_on(async { tokio::time::timeout(PATIENCE, server.shutdown()).await });
            if !std::thread::panicking() {
                assert!(
                    stopped.is_ok(),
                    "the server did not stop within {PATIENCE:?}"
                );
            }
        }
    }
}

/// A response as it came over the wire.
#[derive(Debug, Clone)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn html(&self) -> scraper::Html {
        scraper::Html::parse_document(&self.text())
    }
}

fn connect(addr: SocketAddr, path: &str) -> TcpStream {
    connect_as(addr, path, &addr.to_string())
}

fn connect_as(addr: SocketAddr, path: &str, host: &str) -> TcpStream {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    // HTTP/1.0: the body ends when the connection closes, no chunked framing to undo.
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n").unwrap();
    stream
}

/// One GET, with the path sent byte for byte as given.
pub fn http_get(addr: SocketAddr, path: &str) -> HttpResponse {
    let mut stream = connect(addr, path);
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    parse_response(&raw)
}

/// Sends `request` (a request head, byte for byte) and reads the response until the
/// server closes the connection (so: HTTP/1.0, or `Connection: close`).
pub fn http_raw(addr: SocketAddr, request: &str) -> HttpResponse {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    parse_response(&raw)
}

/// Reads one response with a `Content-Length` from a kept-alive connection.
pub fn read_response(reader: &mut BufReader<TcpStream>) -> HttpResponse {
    let mut raw = Vec::new();
    loop {
        let mut line = Vec::new();
        let n = reader.read_until(b'\n', &mut line).unwrap();
        assert!(n > 0, "the connection closed within a response head");
        raw.extend_from_slice(&line);
        if line == b"\r\n" {
            break;
        }
    }
    let mut response = parse_response(&raw);
    let length: usize = response
        .header("content-length")
        .expect("a Content-Length")
        .parse()
        .unwrap();
    response.body = vec![0; length];
    reader.read_exact(&mut response.body).unwrap();
    response
}

/// How long until the server closes `stream` (reading and dropping whatever it sends);
/// panics when it is still open after [`PATIENCE`].
pub fn time_until_closed(stream: &mut impl Read) -> Duration {
    let start = Instant::now();
    let mut buffer = [0; 4096];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => return start.elapsed(),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return start.elapsed(),
            Err(e) => panic!(
                "the connection is still open after {:?}: {e}",
                start.elapsed()
            ),
        }
    }
}

fn parse_response(raw: &[u8]) -> HttpResponse {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    HttpResponse {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

/// One message of the live reload: its `type`, and what it carries as text (`*` when
/// nothing: a reload of every page, `ready`, `css`, `fixed`; the JSON list of the pages of
/// a `reload`; the overlay JSON of `diagnostics`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveEvent {
    pub name: String,
    pub data: String,
    /// The base path a `reload` names.
    pub base: Option<String>,
}

impl LiveEvent {
    fn from_message(text: &str) -> LiveEvent {
        let message: serde_json::Value = serde_json::from_str(text).expect("a JSON message");
        let name = message["type"].as_str().expect("a type").to_string();
        let carried = match name.as_str() {
            "reload" => &message["pages"],
            "diagnostics" => &message["overlay"],
            _ => &serde_json::Value::Null,
        };
        let data = match carried {
            serde_json::Value::Null => "*".to_string(),
            value => value.to_string(),
        };
        let base = message["base"].as_str().map(str::to_string);
        LiveEvent { name, data, base }
    }
}

/// The live reload of one page, as its WebSocket tells it, read on a thread of its own.
pub struct EventStream {
    events: Receiver<LiveEvent>,
}

impl EventStream {
    pub fn open(addr: SocketAddr, path: &str) -> EventStream {
        EventStream::open_as(addr, path, &addr.to_string())
    }

    /// The WebSocket, asked for with `host` in the `Host` header.
    pub fn open_as(addr: SocketAddr, path: &str, host: &str) -> EventStream {
        use tungstenite::client::IntoClientRequest;
        let stream = TcpStream::connect(addr).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        let mut request = format!("ws://{addr}{path}").into_client_request().unwrap();
        request
            .headers_mut()
            .insert("host", host.parse().expect("a header value"));
        let (mut socket, _) = tungstenite::client(request, stream)
            .unwrap_or_else(|e| panic!("no WebSocket at {path}: {e}"));
        let (sender, events) = channel();
        std::thread::spawn(move || {
            loop {
                match socket.read() {
                    Ok(tungstenite::Message::Text(text)) => {
                        if sender.send(LiveEvent::from_message(&text)).is_err() {
                            return;
                        }
                    }
                    Ok(tungstenite::Message::Close(_)) => return,
                    Ok(_) => {}
                    Err(tungstenite::Error::Io(e))
                        if matches!(
                            e.kind(),
                            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                        ) => {}
                    Err(_) => return,
                }
            }
        });
        EventStream { events }
    }

    /// The next event, or `None` when nothing arrives within `wait`.
    pub fn next_within(&mut self, wait: Duration) -> Option<LiveEvent> {
        match self.events.recv_timeout(wait) {
            Ok(event) => Some(event),
            Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => None,
        }
    }

    /// Waits for the event `name`, skipping others; panics after [`PATIENCE`].
    pub fn expect(&mut self, name: &str) -> LiveEvent {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.next_within(left) {
                Some(event) if event.name == name => return event,
                Some(_) => {}
                None => panic!("no `{name}` event within {PATIENCE:?}"),
            }
        }
    }

    /// Waits for a `reload` that reloads the page at `address`: one that names it, or one
    /// of every page (`*`); skips others.
    pub fn expect_reload_of(&mut self, address: &str) -> LiveEvent {
        loop {
            let event = self.expect("reload");
            if event.data == "*" || reloaded_pages(&event).iter().any(|p| p == address) {
                return event;
            }
        }
    }

    /// Every event that arrives within `wait`.
    pub fn drain_for(&mut self, wait: Duration) -> Vec<LiveEvent> {
        let deadline = Instant::now() + wait;
        let mut events = Vec::new();
        while let Some(event) = self.next_within(deadline.saturating_duration_since(Instant::now()))
        {
            events.push(event);
        }
        events
    }
}

/// The addresses a `reload` event names (none for `*`: every page).
pub fn reloaded_pages(event: &LiveEvent) -> Vec<String> {
    if event.data == "*" {
        return Vec::new();
    }
    serde_json::from_str(&event.data).expect("a JSON list of addresses")
}

/// The address of the live reload of a served page, with its version (`?v=`).
pub fn live_address(page: &HttpResponse) -> String {
    let script = scraper::Selector::parse("script#digest-site-live").unwrap();
    page.html()
        .select(&script)
        .next()
        .expect("the live-reload script")
        .attr("data-events")
        .expect("its address")
        .to_string()
}

/// `html` without the injected live-reload script.
pub fn strip_live_reload(html: &str) -> String {
    let Some(start) = html.find("<script id=\"digest-site-live\"") else {
        return html.to_string();
    };
    let end =
        start + html[start..].find("</script>\n").expect("a closed script") + "</script>\n".len();
    format!("{}{}", &html[..start], &html[end..])
}

/// The visible text of the elements `selector` selects, one string per element.
pub fn texts(html: &scraper::Html, selector: &str) -> Vec<String> {
    let selector = scraper::Selector::parse(selector).unwrap();
    html.select(&selector)
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// Every file under `dir`, sorted.
pub fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}
