//! `digest-site serve` as a user runs it: its options reach the server.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::site_test::{SiteTest, command};

fn serve(dir: &Path, args: &[&str]) -> Command {
    let mut command = command(dir);
    command.arg("serve").args(args);
    command
}

/// Stops the server when the test ends, however it ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The status of `GET /` for `host`.
fn status_for(addr: SocketAddr, host: &str) -> u16 {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(stream, "GET / HTTP/1.0\r\nHost: {host}\r\n\r\n").unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    reply
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {reply:?}"))
}

#[test]
fn allowed_hosts_are_answered_and_others_refused() {
    let dir = SiteTest::one_paper();
    let mut child = serve(
        dir.root(),
        &[
            "--port",
            "0",
            "--allowed-host",
            "preview.example",
            "--allowed-host",
            ".team.example",
        ],
    )
    .stdout(Stdio::piped())
    .stderr(Stdio::null())
    .spawn()
    .unwrap();
    let stdout = child.stdout.take().unwrap();
    let running = Running(child);
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let url = line
        .trim()
        .strip_prefix("Serving the site at http://")
        .unwrap_or_else(|| panic!("no URL in {line:?}"));
    let addr: SocketAddr = url.trim_end_matches('/').parse().unwrap();
    let port = addr.port();
    assert_eq!(status_for(addr, &format!("localhost:{port}")), 200);
    assert_eq!(status_for(addr, &format!("preview.example:{port}")), 200);
    assert_eq!(status_for(addr, &format!("a.team.example:{port}")), 200);
    assert_eq!(status_for(addr, &format!("evil.example:{port}")), 403);
    drop(running);
}

#[test]
fn an_allowed_host_with_a_port_is_refused_with_a_hint() {
    let dir = SiteTest::one_paper();
    let out = serve(dir.root(), &["--allowed-host", "preview.example:8080"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("preview.example:8080") && stderr.contains("not a host name"),
        "{stderr}"
    );
}

/// An address the server cannot listen on is an error that says what to do, and a
/// non-zero exit. (192.0.2.1 is set aside for documentation: no machine has it.)
#[test]
fn an_address_it_cannot_listen_on_says_what_to_do() {
    let dir = SiteTest::one_paper();
    let out = serve(dir.root(), &["--bind", "192.0.2.1", "--port", "0"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: cannot listen on 192.0.2.1"),
        "{stderr}"
    );
    assert!(
        stderr.contains("help: that address is not one of this machine's"),
        "{stderr}"
    );
}

/// `serve` on a free port, and what it says on its standard error, line by line.
fn serve_saying(root: &Path) -> (Running, Said) {
    let mut child = serve(root, &["--port", "0"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (lines, said) = std::sync::mpsc::channel::<String>();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    (Running(child), Said(said))
}

/// The lines a server says.
struct Said(std::sync::mpsc::Receiver<String>);

impl Said {
    /// Lines until one that `done` accepts (within a minute), all of them.
    fn until(&self, done: &dyn Fn(&str) -> bool) -> Vec<String> {
        let mut seen = Vec::new();
        while let Ok(line) = self.0.recv_timeout(Duration::from_secs(60)) {
            let last = done(&line);
            seen.push(line);
            if last {
                return seen;
            }
        }
        panic!("never came: {seen:#?}");
    }
}

/// A file saved in `templates/` that the theme does not read (a misspelt hook, a Hugo
/// site's layout) is said as soon as it is saved, as `build` says it.
#[test]
fn a_template_that_is_not_read_is_said_when_saved() {
    let dir = SiteTest::one_paper();
    dir.write("templates/head.html", "<meta name=\"x\">\n");
    let (_running, said) = serve_saying(dir.root());
    said.until(&|l| l.starts_with("Built the site"));
    dir.write("templates/heade.html", "<meta name=\"x\">\n");
    said.until(&|l| l.contains("templates/heade.html") && l.contains("is not read"));
}

/// A file of the user's in the output folder, which `build` refuses, is said when `serve`
/// starts (it writes no output, but the next build would stop there); the site is served.
#[test]
fn a_file_build_would_refuse_in_the_output_is_said_at_the_start() {
    let dir = SiteTest::one_paper();
    std::fs::create_dir_all(dir.path("public")).unwrap();
    dir.write("public/notes.txt", "mine\n");
    let (_running, said) = serve_saying(dir.root());
    let lines = said.until(&|l| l.starts_with("Built the site"));
    assert!(
        lines
            .iter()
            .any(|l| l.contains("`build` would stop here:") && l.contains("notes.txt")),
        "{lines:#?}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path("public/notes.txt")).unwrap(),
        "mine\n"
    );
}

/// A start whose site does not build announces the server without the site's path; once
/// a save fixes the site, the terminal says where it is served.
#[test]
fn a_site_fixed_after_a_failed_start_says_where_it_is_served() {
    let dir = SiteTest::one_paper();
    let config = "title: { zh: 测试, en: Test }\nbase_url: https://example.org/repo/\n";
    dir.write("site.yaml", &format!("{config}per_pag: 100\n"));
    let (_running, said) = serve_saying(dir.root());
    said.until(&|l| l.contains("per_pag"));
    dir.write("site.yaml", config);
    let lines = said.until(&|l| l.starts_with("The site builds: serving it at"));
    let last = lines.last().unwrap();
    assert!(
        last.starts_with("The site builds: serving it at http://127.0.0.1:")
            && last.ends_with("/repo/"),
        "{last}"
    );
}

/// After an edit, the warnings printed after the last build are not printed again: a line
/// counts them (a site of cut abstracts printed hundreds of lines at every save).
#[test]
fn warnings_are_not_printed_again_after_an_edit() {
    let dir = SiteTest::one_paper();
    let cut = format!(
        "{}and it stops in the middle of a wor",
        "Words of a long abstract that a tool cut. ".repeat(6)
    );
    dir.write(
        "content/papers/a.md",
        &format!("---\nid: a\ntitle: {{ en: Alpha }}\nabstract: {{ en: \"{cut}\" }}\n---\n"),
    );
    dir.write(
        "content/papers/b.md",
        &format!("---\nid: b\ntitle: {{ en: Beta }}\nabstract: {{ en: \"{cut}\" }}\n---\n"),
    );
    dir.write(
        "content/digests/d.md",
        "---\ntitle: D\ndate: 2024-04-04\npapers: [a]\n---\n",
    );
    let (_running, said) = serve_saying(dir.root());
    let until = |done: &dyn Fn(&str) -> bool| said.until(done);
    let first = until(&|l| l.starts_with("Built the site"));
    assert!(
        first.iter().any(|l| l.contains("stops mid-sentence")),
        "{first:#?}"
    );
    dir.write(
        "content/digests/d.md",
        "---\ntitle: D, edited\ndate: 2024-04-04\npapers: [a]\n---\n",
    );
    let again = until(&|l| l.starts_with("Built the site") || l.starts_with("Updated"));
    assert!(
        !again.iter().any(|l| l.contains("stops mid-sentence")),
        "{again:#?}"
    );
    assert!(
        again.iter().any(|l| l == "2 warnings, as before"),
        "{again:#?}"
    );
    // An edit of one paper in place says that paper's warning (how the edit went) ...
    dir.write(
        "content/papers/a.md",
        &format!("---\nid: a\ntitle: {{ en: Alpha again }}\nabstract: {{ en: \"{cut}\" }}\n---\n"),
    );
    // (with the update that completes the edit, after the paper's own page)
    until(&|l| l.contains("content/papers/a.md"));
    until(&|l| l.starts_with("Updated"));
    // ... and the site's warnings are still those printed last.
    dir.write(
        "content/digests/d.md",
        "---\ntitle: D, again\ndate: 2024-04-04\npapers: [a]\n---\n",
    );
    let whole = until(&|l| l.starts_with("Built the site") || l.starts_with("Rebuilt"));
    assert!(
        whole.iter().any(|l| l == "2 warnings, as before"),
        "{whole:#?}"
    );
}

/// `serve` stops as on Ctrl-C when the system asks it to (SIGTERM: `kill`, a container
/// stopping; SIGHUP: the terminal closed): "Stopped.", exit 0.
#[cfg(unix)]
#[test]
fn serve_stops_on_sigterm_and_sighup_as_on_ctrl_c() {
    for signal in [libc::SIGTERM, libc::SIGHUP, libc::SIGINT] {
        let dir = SiteTest::one_paper();
        let (mut running, said) = serve_saying(dir.root());
        said.until(&|l| l.starts_with("Built the site"));
        // SAFETY: a signal to the child this test started.
        unsafe { libc::kill(running.0.id() as i32, signal) };
        let status = running.0.wait().unwrap();
        let rest = said.until(&|l| l == "Stopped.");
        assert_eq!(status.code(), Some(0), "signal {signal}: {rest:?}");
    }
}

/// Ctrl-C or SIGTERM stops `serve` within about a second, during the first build or a
/// rebuild too: the build under way is abandoned (it writes nothing) instead of waited for,
/// which took seconds on a large site.
#[cfg(unix)]
#[test]
fn serve_stops_at_once_while_it_builds() {
    let dir = SiteTest::one_paper();
    // Enough papers that a build outlasts the moment the signal comes, and the half
    // second a stop waits for it, by seconds.
    let abstract_text = "An abstract long enough to take a while to render. ".repeat(20);
    for n in 0..20000 {
        dir.write(
            &format!("content/papers/p{n}.md"),
            &format!("---\nid: p{n}\ntitle: {{ en: Paper {n} }}\nabstract: {{ en: \"{abstract_text}\" }}\ndate: 2024-04-01\n---\n"),
        );
    }
    let stopped_within = |running: &mut Running, signal: i32| {
        let start = std::time::Instant::now();
        // SAFETY: a signal to the child this test started.
        unsafe { libc::kill(running.0.id() as i32, signal) };
        let status = running.0.wait().unwrap();
        (start.elapsed(), status)
    };
    // During the first build.
    let (mut running, said) = serve_saying(dir.root());
    std::thread::sleep(Duration::from_millis(300));
    let (took, status) = stopped_within(&mut running, libc::SIGINT);
    let lines = said.until(&|l| l == "Stopped.");
    assert_eq!(status.code(), Some(0), "{lines:#?}");
    assert!(took < Duration::from_millis(1500), "stopping took {took:?}");
    assert!(
        !lines.iter().any(|l| l.starts_with("Built the site")),
        "the build was waited for: {lines:#?}"
    );
    // During a rebuild, after a save of site.yaml.
    let (mut running, said) = serve_saying(dir.root());
    said.until(&|l| l.starts_with("Built the site"));
    dir.write(
        "site.yaml",
        "title: { zh: 测试, en: Test again }\nbase_url: https://example.org/\n",
    );
    std::thread::sleep(Duration::from_millis(300));
    let (took, status) = stopped_within(&mut running, libc::SIGTERM);
    let lines = said.until(&|l| l == "Stopped.");
    assert_eq!(status.code(), Some(0), "{lines:#?}");
    assert!(took < Duration::from_millis(1500), "stopping took {took:?}");
    assert!(
        !lines.iter().any(|l| l.starts_with("Built the site")),
        "the rebuild was waited for: {lines:#?}"
    );
}

/// `build`'s warnings of `base_url` are said by `serve` too, of the published address:
/// a `cname` of another host, and `http://` on github.io (the preview itself is served
/// from this machine, which the checks must not see instead).
#[test]
fn serve_says_the_warnings_build_says_of_base_url() {
    let dir = SiteTest::one_paper();
    dir.write(
        "site.yaml",
        "title: { zh: 测试, en: Test }\nbase_url: http://you.github.io/x/\ncname: digest.example.org\n",
    );
    let build = dir.run(&["build"]);
    let built = dir.stderr(&build);
    let (_running, said) = serve_saying(dir.root());
    let lines = said.until(&|l| l.starts_with("Built the site"));
    for warning in [
        "warning: `cname` is digest.example.org, but the site is built for you.github.io",
        "but GitHub Pages serves you.github.io over HTTPS only",
    ] {
        assert!(built.contains(warning), "build: {built}");
        assert!(
            lines.iter().any(|l| l.contains(warning)),
            "{warning}: {lines:#?}"
        );
    }
}

/// An editor's lock file in `static/` (emacs' `.#custom.css`, a link to nowhere) is not
/// published and not warned of, as under `content/`.
#[cfg(unix)]
#[test]
fn an_editor_lock_file_in_static_is_not_warned_of() {
    let dir = SiteTest::one_paper();
    dir.write("static/custom.css", "body {}\n");
    std::os::unix::fs::symlink(
        "alice@laptop.4242:1765000000",
        dir.path("static/.#custom.css"),
    )
    .unwrap();
    let build = dir.run(&["build"]);
    let stderr = dir.stderr(&build);
    assert!(build.status.success(), "{stderr}");
    assert!(!stderr.contains("custom.css"), "{stderr}");
    assert!(dir.path("public/custom.css").is_file());
    let (_running, said) = serve_saying(dir.root());
    let lines = said.until(&|l| l.starts_with("Built the site"));
    assert!(
        !lines.iter().any(|l| l.contains("custom.css")),
        "{lines:#?}"
    );
}
