//! The companion server's binary: flags, logging, binding and graceful shutdown. Native.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: sockpit-server [--addr 127.0.0.1] [--port 9001] [--dist DIR]\n\
  Serves DIR (default: dist, when it exists), the WebSocket endpoints /echo, /close, /drop,\n\
  /protocols, /binary, /flood, /big, /slowopen, /echodrop and /room, the protocol peers /socket.io/\n\
  (Socket.IO v5), /graphql (graphql-transport-ws and graphql-ws) and /jsonrpc (JSON-RPC 2.0),\n\
  and the benchmark page /bench/bare.\n\
  Port 0 picks a free port.";

struct Flags {
    addr: String,
    port: u16,
    dist: Option<PathBuf>,
}

fn parse_flags() -> Result<Flags, String> {
    let mut flags = Flags { addr: "127.0.0.1".into(), port: 9001, dist: None };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--addr" => flags.addr = value("--addr")?,
            "--port" => {
                let v = value("--port")?;
                flags.port = v.parse().map_err(|_| format!("--port: {v:?} is not a port number"))?;
            }
            "--dist" => flags.dist = Some(PathBuf::from(value("--dist")?)),
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    if flags.dist.is_none() && std::path::Path::new("dist/index.html").exists() {
        flags.dist = Some(PathBuf::from("dist"));
    }
    Ok(flags)
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,tower_http=warn".into()),
        )
        .init();
    let flags = match parse_flags() {
        Ok(f) => f,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("error: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    if let Some(dir) = &flags.dist {
        if !dir.join("index.html").exists() {
            eprintln!(
                "error: {} has no index.html (build the app first: trunk build --release)",
                dir.display()
            );
            return ExitCode::from(2);
        }
    }
    let addr: SocketAddr = match format!("{}:{}", flags.addr, flags.port).parse() {
        Ok(a) => a,
        Err(_) => {
            eprintln!("error: {}:{} is not an IP address and port", flags.addr, flags.port);
            return ExitCode::from(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            eprintln!("error: {addr} is already in use: stop the other server or pick another --port");
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("error: cannot listen on {addr}: {e}");
            return ExitCode::from(2);
        }
    };
    let local = listener.local_addr().map(|a| a.to_string()).unwrap_or_default();
    match &flags.dist {
        Some(dir) => tracing::info!("serving {} and WebSockets at http://{local}/", dir.display()),
        None => tracing::info!("serving WebSockets only (no dist/) at ws://{local}/"),
    }
    let app = sockpit_server::router(flags.dist);
    // The signal handlers are in place before the line scripts wait for: a SIGTERM sent right after it
    // still stops the server cleanly.
    let stop = shutdown_signal();
    // A line for scripts: they wait for it and read the port from it.
    println!("listening on http://{local}/");
    let served = axum::serve(listener, app).with_graceful_shutdown(stop).await;
    match served {
        Ok(()) => {
            tracing::info!("stopped");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Resolves on Ctrl+C or SIGTERM. The handlers are registered when this is called, not when the
/// future is first polled.
#[cfg(unix)]
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    use tokio::signal::unix::{signal, SignalKind};
    let int = signal(SignalKind::interrupt()).ok();
    let term = signal(SignalKind::terminate()).ok();
    async move {
        let wait = |s: Option<tokio::signal::unix::Signal>| async move {
            match s {
                Some(mut s) => {
                    s.recv().await;
                }
                None => std::future::pending().await,
            }
        };
        tokio::select! { _ = wait(int) => {}, _ = wait(term) => {} }
    }
}

#[cfg(not(unix))]
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}
