//! Connections: slow or stalled request heads are cut off, idle ones closed, the live
//! reload outlasts the head timeout, and stopping closes them all.

use std::time::Duration;

use crate::served::*;

/// Serving with a short request-head timeout, so that the timeout tests take a second.
fn start_with_head_timeout(timeout: Duration) -> Served {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path());
    let mut options = quiet_options(dir.path());
    options.request_head_timeout = timeout;
    Served::start_with(dir, options)
}

const HEAD_TIMEOUT: Duration = Duration::from_secs(1);

/// Slowloris: a client that sends its request head a byte at a time, or stops halfway,
/// is cut off once the head timeout has passed.
#[test]
fn a_slow_or_stalled_request_head_is_cut_off() {
    use std::io::Write;
    let served = start_with_head_timeout(HEAD_TIMEOUT);
    let head = format!(
        "GET /repo/ HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n",
        served.addr().port()
    );

    // Stalled after part of the head.
    let mut stalled = std::net::TcpStream::connect(served.addr()).unwrap();
    stalled.set_read_timeout(Some(PATIENCE)).unwrap();
    stalled.write_all(head.as_bytes()).unwrap();
    let open = time_until_closed(&mut stalled);
    assert!(open >= HEAD_TIMEOUT / 2, "closed after {open:?}");
    assert!(open < HEAD_TIMEOUT * 5, "closed after {open:?}");

    // A byte every 100 ms: the head never ends in time.
    let mut slow = std::net::TcpStream::connect(served.addr()).unwrap();
    slow.set_read_timeout(Some(PATIENCE)).unwrap();
    let mut writer = slow.try_clone().unwrap();
    let trickle = std::thread::spawn(move || {
        for byte in format!("{head}X-Slow: {}", "a".repeat(200)).bytes() {
            if writer.write_all(&[byte]).is_err() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    });
    let open = time_until_closed(&mut slow);
    assert!(open < HEAD_TIMEOUT * 5, "closed after {open:?}");
    trickle.join().unwrap();

    // A connection that sends nothing at all.
    let mut silent = std::net::TcpStream::connect(served.addr()).unwrap();
    silent.set_read_timeout(Some(PATIENCE)).unwrap();
    let open = time_until_closed(&mut silent);
    assert!(open < HEAD_TIMEOUT * 5, "closed after {open:?}");
}

#[test]
fn an_idle_kept_alive_connection_is_closed() {
    use std::io::Write;
    let served = start_with_head_timeout(HEAD_TIMEOUT);
    let stream = std::net::TcpStream::connect(served.addr()).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    let mut writer = stream.try_clone().unwrap();
    let mut reader = std::io::BufReader::new(stream);
    let request = format!(
        "GET /repo/custom.css HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
        served.addr().port()
    );
    // Kept alive: two requests, one after the other, on the same connection.
    for _ in 0..2 {
        writer.write_all(request.as_bytes()).unwrap();
        let response = read_response(&mut reader);
        assert_eq!(response.status, 200);
        assert_eq!(response.text(), "body { margin: 0; }\n");
    }
    // Then idle: closed.
    let open = time_until_closed(&mut reader);
    assert!(open >= HEAD_TIMEOUT / 2, "closed after {open:?}");
    assert!(open < HEAD_TIMEOUT * 5, "closed after {open:?}");
}

/// The live reload outlives its request head: the head timeout does not cut its socket.
#[test]
fn the_live_reload_stream_outlasts_the_head_timeout() {
    let served = start_with_head_timeout(HEAD_TIMEOUT);
    let mut events = served.events();
    assert_eq!(events.drain_for(HEAD_TIMEOUT * 3), []);
    let text = std::fs::read_to_string(served.path(PAPER)).unwrap();
    std::fs::write(
        served.path(PAPER),
        text.replace("Repairs pruned models.", "Repairs pruned models, later."),
    )
    .unwrap();
    events.expect("reload");
}

/// Stopping the server closes kept-alive and silent connections and the live
/// reload at once, without waiting for the head timeout.
#[test]
fn stopping_closes_every_connection() {
    use std::io::Write;
    let mut served = start_with_head_timeout(Duration::from_secs(60));
    let mut events = served.events();
    let idle = std::net::TcpStream::connect(served.addr()).unwrap();
    idle.set_read_timeout(Some(PATIENCE)).unwrap();
    let mut writer = idle.try_clone().unwrap();
    let mut idle = std::io::BufReader::new(idle);
    writer
        .write_all(
            format!(
                "GET /repo/custom.css HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
                served.addr().port()
            )
            .as_bytes(),
        )
        .unwrap();
    assert_eq!(read_response(&mut idle).status, 200);
    let mut silent = std::net::TcpStream::connect(served.addr()).unwrap();
    silent.set_read_timeout(Some(PATIENCE)).unwrap();
    // Half-way through a request head: it would hold the stop for the head timeout.
    let mut partial = std::net::TcpStream::connect(served.addr()).unwrap();
    partial.set_read_timeout(Some(PATIENCE)).unwrap();
    partial.write_all(b"GET /repo/ HTTP/1.1\r\nHo").unwrap();
    std::thread::sleep(Duration::from_millis(100));

    let addr = served.addr();
    let server = served.server.take().unwrap();
    let start = std::time::Instant::now();
    served
        .runtime
        .block_on(async { tokio::time::timeout(PATIENCE, server.shutdown()).await })
        .expect("stopped")
        .unwrap();
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "stopping took {:?}",
        start.elapsed()
    );
    assert!(time_until_closed(&mut idle) < Duration::from_secs(1));
    assert!(time_until_closed(&mut silent) < Duration::from_secs(1));
    assert!(time_until_closed(&mut partial) < Duration::from_secs(1));
    assert_eq!(events.drain_for(Duration::from_millis(200)), []);
    assert!(std::net::TcpStream::connect(addr).is_err());
}
