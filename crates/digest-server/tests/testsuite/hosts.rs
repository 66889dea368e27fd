//! Which `Host` the server answers (DNS rebinding): loopback names and addresses, the
//! allowed hosts, and no other.

use crate::served::*;

/// A GET of `path` for `host` (no `Host` header when `None`), over HTTP/1.0.
fn get_for_host(served: &Served, path: &str, host: Option<&str>) -> HttpResponse {
    let host = host.map(|h| format!("Host: {h}\r\n")).unwrap_or_default();
    http_raw(served.addr(), &format!("GET {path} HTTP/1.0\r\n{host}\r\n"))
}

/// DNS rebinding: a page of another site that points its name at 127.0.0.1 must not be
/// able to read the preview. Its requests carry its own name in `Host`.
#[test]
fn requests_for_other_hosts_are_refused() {
    let served = Served::start();
    let port = served.addr().port();
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        format!("EVIL.example:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1.evil.example:{port}"),
    ] {
        for path in [
            "/repo/",
            "/repo/custom.css",
            "/repo/__digest-site/events",
            "/",
        ] {
            let response = get_for_host(&served, path, Some(&host));
            assert_eq!(response.status, 403, "{host} {path}");
            assert!(
                response
                    .header("content-type")
                    .unwrap()
                    .starts_with("text/plain"),
                "{host} {path}"
            );
            let text = response.text();
            let name = host.split(':').next().unwrap().to_ascii_lowercase();
            assert!(
                text.contains(&format!("\"{name}\"")) && text.contains("--allowed-host"),
                "{host} {path}: {text}"
            );
            for leak in ["<html", "margin", "event:", "Sparse VLMs", "/repo/"] {
                assert!(
                    !text.contains(leak),
                    "{host} {path} leaked {leak:?}: {text}"
                );
            }
        }
    }
    // Two `Host` headers, or a request target naming another host, are refused too.
    let two = http_raw(
        served.addr(),
        &format!(
            "GET /repo/ HTTP/1.1\r\nHost: localhost:{port}\r\nHost: evil.example\r\nConnection: close\r\n\r\n"
        ),
    );
    assert!(two.status >= 400, "{}", two.status);
    assert!(!two.text().contains("Sparse VLMs"));
    let absolute = http_raw(
        served.addr(),
        &format!(
            "GET http://evil.example/repo/ HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n"
        ),
    );
    assert_eq!(absolute.status, 403);
    assert!(!absolute.text().contains("Sparse VLMs"));
}

#[test]
fn loopback_names_and_ip_addresses_are_answered() {
    let served = Served::start();
    let port = served.addr().port();
    for host in [
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        format!("preview.localhost:{port}"),
        "localhost".to_string(),
        // Any IP address: the address of a LAN interface when bound to 0.0.0.0.
        format!("192.168.1.20:{port}"),
    ] {
        let response = get_for_host(&served, "/repo/", Some(&host));
        assert_eq!(response.status, 200, "{host}");
        assert_eq!(
            texts(&response.html(), "table.paper-table td.ref"),
            ["2404.02424", "2403.19651"],
            "{host}"
        );
    }
    // HTTP/1.0 without a host, as Vite answers it: browsers always send one.
    assert_eq!(get_for_host(&served, "/repo/", None).status, 200);
    // The live reload, for a loopback name.
    let mut events = EventStream::open(served.addr(), "/repo/__digest-site/events");
    events.expect("ready");
}

#[test]
fn allowed_hosts_are_answered() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path());
    let mut options = quiet_options(dir.path());
    options.allowed_hosts = vec![
        "preview.example".parse().unwrap(),
        ".team.example".parse().unwrap(),
    ];
    let served = Served::start_with(dir, options);
    let port = served.addr().port();
    for host in [
        format!("preview.example:{port}"),
        format!("Preview.Example:{port}"),
        format!("team.example:{port}"),
        format!("alice.team.example:{port}"),
    ] {
        let response = get_for_host(&served, "/repo/", Some(&host));
        assert_eq!(response.status, 200, "{host}");
        EventStream::open_as(served.addr(), "/repo/__digest-site/events", &host).expect("ready");
    }
    for host in ["other.example", "x.preview.example", "evilteam.example"] {
        assert_eq!(
            get_for_host(&served, "/repo/", Some(host)).status,
            403,
            "{host}"
        );
    }
}
