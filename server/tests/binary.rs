//! The server binary as a user runs it: it says where it listens, refuses a taken port clearly, and
//! stops cleanly on SIGTERM.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn server() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sockpit-server"));
    c.env("RUST_LOG", "warn");
    c
}

#[test]
fn says_where_it_listens_refuses_a_taken_port_and_stops_on_sigterm() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let out = server().args(["--port", &port.to_string()]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("already in use"), "{err}");
    drop(taken);

    let mut child = server().args(["--port", "0"]).stdout(Stdio::piped()).spawn().unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    assert!(line.starts_with("listening on http://127.0.0.1:"), "{line}");
    let pid = child.id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "the server did not stop within 10 s");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}");
}

#[test]
fn bad_flags_get_the_usage() {
    let out = server().args(["--port", "http"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is not a port number") && err.contains("usage:"), "{err}");
    // The usage names every route of sockpit_server::router.
    for endpoint in [
        "/echo",
        "/close",
        "/drop",
        "/protocols",
        "/binary",
        "/flood",
        "/big",
        "/slowopen",
        "/echodrop",
        "/bench/bare",
        "/socket.io/",
        "/graphql",
        "/jsonrpc",
    ] {
        assert!(err.contains(endpoint), "the usage does not name {endpoint}: {err}");
    }
    let out = server().args(["--dist", "/nonexistent-sockpit-dist"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("has no index.html"));
}
