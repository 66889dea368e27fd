//! Measuring a dev server: start-up to the first page served, and the time from saving a
//! paper file to the server answering with the updated page.
//!
//! The server is the real binary (`digest-site serve`, `hugo server`) on a free port,
//! polled over HTTP/1.0 (no chunked bodies, so a marker can be found in the raw answer).

use std::fs::{self, File};
use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde::Serialize;

use crate::measure::Summary;

/// How long a server may take to serve its first page, or an edit to show.
const DEADLINE: Duration = Duration::from_secs(180);
/// Pause between polls while waiting.
const POLL: Duration = Duration::from_millis(2);
/// Pause after an edit was seen, so that the next one is not merged with it by a debouncer.
const SETTLE: Duration = Duration::from_millis(300);
/// Path prefixes a server may serve the site under (its root, or the base URL's path).
const PREFIXES: [&str; 2] = ["/", "/bench/"];

/// What was measured of one server.
#[derive(Debug, Clone, Serialize)]
pub struct ServeFigures {
    /// Seconds from starting the process to the home page answering 200, over `starts`
    /// starts.
    pub startup_s: Summary,
    pub starts: usize,
    /// Milliseconds from a paper file saved to its page served with the change.
    pub save_to_served_ms: Summary,
    pub edits: usize,
}

/// A server to measure: how to start it on a port, and the paper it edits.
pub struct ServeCase<'a> {
    pub program: &'a Path,
    /// Arguments; `{port}` is replaced by the port.
    pub args: &'a [&'a str],
    pub site_dir: &'a Path,
    /// The paper file that is edited and the site-relative path of its page.
    pub paper_file: PathBuf,
    pub paper_page: String,
    /// The paper file's text with a marker appended to the English title.
    pub edited_text: &'a dyn Fn(&str) -> Result<String>,
    /// Where the server's output goes (shown when it fails).
    pub log: PathBuf,
}

/// A started server, killed when dropped.
struct Server {
    child: Child,
    log: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn check_alive(&mut self) -> Result<()> {
        if let Some(status) = self.child.try_wait()? {
            let log = fs::read_to_string(&self.log).unwrap_or_default();
            bail!("the server exited ({status}):\n{log}");
        }
        Ok(())
    }
}

/// A port nobody listens on right now.
fn free_port() -> Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    Ok(listener.local_addr()?.port())
}

/// `GET path` over HTTP/1.0: the status code and the whole answer (headers and body).
fn get(port: u16, path: &str) -> std::io::Result<(u16, Vec<u8>)> {
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let mut stream = TcpStream::connect_timeout(&address, Duration::from_secs(5))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    write!(
        stream,
        "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n"
    )?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer)?;
    let status = answer
        .split(|&b| b == b' ')
        .nth(1)
        .and_then(|code| std::str::from_utf8(code).ok()?.parse().ok())
        .unwrap_or(0);
    Ok((status, answer))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Starts the server `starts` times (each start-up is timed) and measures edits on the
/// last one.
pub fn measure(case: &ServeCase<'_>, starts: usize, edits: usize) -> Result<ServeFigures> {
    let mut startups = Vec::with_capacity(starts);
    for _ in 1..starts.max(1) {
        let (server, _, startup_s) = start(case)?;
        startups.push(startup_s);
        drop(server);
    }
    let (mut server, (port, prefix), startup_s) = start(case)?;
    startups.push(startup_s);
    measure_edits(case, &mut server, port, prefix, edits).map(|save_to_served_ms| ServeFigures {
        startup_s: Summary::of(&startups),
        starts: startups.len(),
        save_to_served_ms,
        edits,
    })
}

/// Starts the server on a free port; returns it, its port and path prefix, and the
/// seconds until its home page answered 200.
fn start(case: &ServeCase<'_>) -> Result<(Server, (u16, &'static str), f64)> {
    let port = free_port()?;
    let port_text = port.to_string();
    let args: Vec<&str> = case
        .args
        .iter()
        .map(|a| {
            if *a == "{port}" {
                port_text.as_str()
            } else {
                a
            }
        })
        .collect();
    let log = File::create(&case.log)?;
    let start = Instant::now();
    let child = Command::new(case.program)
        .args(&args)
        .current_dir(case.site_dir)
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log)
        .spawn()
        .with_context(|| format!("starting {}", case.program.display()))?;
    let mut server = Server {
        child,
        log: case.log.clone(),
    };
    let prefix = loop {
        server.check_alive()?;
        if let Some(prefix) = PREFIXES
            .iter()
            .find(|p| get(port, p).is_ok_and(|(status, _)| status == 200))
        {
            break *prefix;
        }
        if start.elapsed() > DEADLINE {
            bail!("no page served within {DEADLINE:?}");
        }
        sleep(POLL);
    };
    let startup_s = start.elapsed().as_secs_f64();
    Ok((server, (port, prefix), startup_s))
}

/// Saves the paper `edits` times; milliseconds from each save to its page served.
fn measure_edits(
    case: &ServeCase<'_>,
    server: &mut Server,
    port: u16,
    prefix: &str,
    edits: usize,
) -> Result<Summary> {
    let page = format!("{prefix}{}", case.paper_page);
    // A server that answers before every page is rendered holds this request until the
    // page is there, which on a large site may outlast one read's timeout.
    let asked = Instant::now();
    loop {
        match get(port, &page) {
            Ok((200, _)) => break,
            Ok((status, _)) => bail!("{page} answered {status}"),
            Err(e) if asked.elapsed() > DEADLINE => bail!("{page}: {e}"),
            Err(_) => server.check_alive()?,
        }
    }

    let original = fs::read_to_string(&case.paper_file)?;
    let mut times_ms = Vec::with_capacity(edits);
    let nonce = std::process::id();
    for edit in 1..=edits {
        let marker = format!(" [bench edit {nonce}-{edit}]");
        let text = (case.edited_text)(&marker)?;
        fs::write(&case.paper_file, text)?;
        let saved = Instant::now();
        loop {
            if let Ok((200, answer)) = get(port, &page)
                && contains(&answer, marker.as_bytes())
            {
                break;
            }
            server.check_alive()?;
            if saved.elapsed() > DEADLINE {
                bail!("edit {edit} was not served within {DEADLINE:?}");
            }
            sleep(POLL);
        }
        times_ms.push(saved.elapsed().as_secs_f64() * 1000.0);
        sleep(SETTLE);
    }
    fs::write(&case.paper_file, original)?;
    Ok(Summary::of(&times_ms))
}
