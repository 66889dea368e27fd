//! A static file server: a built site under `/repo/`, as GitHub Pages serves a project
//! site. One thread per connection; the threads end with the test process. Every response
//! is logged (path, bytes sent) so a test can count what a search transfers.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The path the site is served under.
pub const PREFIX: &str = "/repo/";

/// A server on a free port of 127.0.0.1; it serves once [`StaticServer::serve`] names the
/// folder (the site is built for the server's origin first).
pub struct StaticServer {
    listener: Option<TcpListener>,
    port: u16,
    pub(crate) log: Arc<Mutex<Vec<(String, u64)>>>,
}

impl StaticServer {
    pub fn start() -> StaticServer {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
        let port = listener.local_addr().unwrap().port();
        StaticServer {
            listener: Some(listener),
            port,
            log: Arc::default(),
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Serves `root` under [`PREFIX`] from now on.
    pub fn serve(&self, root: PathBuf) {
        let listener = self.listener.as_ref().unwrap().try_clone().unwrap();
        let log = Arc::clone(&self.log);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (root, log) = (root.clone(), Arc::clone(&log));
                std::thread::spawn(move || {
                    let _ = respond(stream, &root, &log);
                });
            }
        });
    }
}

fn respond(
    mut stream: TcpStream,
    root: &Path,
    log: &Mutex<Vec<(String, u64)>>,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut accepts_gzip = false;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" {
            break;
        }
        let header = header.to_ascii_lowercase();
        accepts_gzip |= header.starts_with("accept-encoding:") && header.contains("gzip");
    }
    let target = request_line.split_whitespace().nth(1).unwrap_or("/");
    let path = percent_decode(target.split(['?', '#']).next().unwrap_or("/"));
    let (status, body, kind) = match lookup(root, &path) {
        Some((bytes, kind)) => ("200 OK", bytes, kind),
        None => (
            "404 Not Found",
            std::fs::read(root.join("404.html")).unwrap_or_default(),
            "text/html; charset=utf-8",
        ),
    };
    // Text is compressed on the wire, as GitHub Pages does; Pagefind's index files are
    // compressed already and go as they are.
    let compress = accepts_gzip && (kind.starts_with("text/") || kind.contains("json"));
    let (body, encoding) = if compress {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&body)?;
        (gz.finish()?, "Content-Encoding: gzip\r\n")
    } else {
        (body, "")
    };
    log.lock().unwrap().push((path, body.len() as u64));
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\n{encoding}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(&body)?;
    // Drain anything the client still sends so closing does not reset the connection.
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let _ = reader.read(&mut [0; 64]);
    Ok(())
}

fn lookup(root: &Path, path: &str) -> Option<(Vec<u8>, &'static str)> {
    let relative = path.strip_prefix(PREFIX)?;
    if relative.split('/').any(|part| part == "..") {
        return None;
    }
    let mut file = root.join(relative);
    if file.is_dir() {
        file = file.join("index.html");
    }
    let types: BTreeMap<&str, &str> = [
        ("html", "text/html; charset=utf-8"),
        ("css", "text/css; charset=utf-8"),
        ("js", "text/javascript; charset=utf-8"),
        ("json", "application/json"),
        ("xml", "application/xml"),
        ("wasm", "application/wasm"),
    ]
    .into();
    let extension = file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default();
    let kind = types
        .get(extension)
        .copied()
        .unwrap_or("application/octet-stream");
    Some((std::fs::read(&file).ok()?, kind))
}

fn percent_decode(path: &str) -> String {
    percent_encoding::percent_decode_str(path)
        .decode_utf8_lossy()
        .into_owned()
}
