//! Sockpit's companion server as a library: the router with its WebSocket test endpoints and the static
//! `dist/` files. Native (tokio + axum); the binary in `main.rs` only parses flags and runs it.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket, WebSocketUpgrade};
use axum::extract::Query;
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use futures_util::SinkExt;
use tower_http::services::{ServeDir, ServeFile};

mod peers;
mod png;
mod room;
pub use peers::{SIO_PING_INTERVAL, SIO_PING_TIMEOUT};
pub use png::sample_png;

/// Largest message the server accepts or produces (bytes).
pub const MAX_MESSAGE: usize = 64 << 20;
/// Upper bound on `/flood`'s `n`, so that every load loop is bounded.
pub const MAX_FLOOD: u64 = 5_000_000;
/// Upper bound on `/slowopen`'s delay.
pub const MAX_SLOWOPEN_MS: u64 = 30_000;

type Params = Query<HashMap<String, String>>;

/// The whole application: WebSocket endpoints plus `dist/` (when given) as static files.
pub fn router(dist: Option<PathBuf>) -> Router {
    let ws = Router::new()
        .route("/echo", get(echo))
        .route("/close", get(close))
        .route("/drop", get(drop_conn))
        .route("/protocols", get(protocols))
        .route("/binary", get(binary))
        .route("/flood", get(flood))
        .route("/big", get(big))
        .route("/slowopen", get(slowopen))
        .route("/echodrop", get(echodrop))
        .route("/room", get(room::room))
        .route("/bench/bare", get(bare_page));
    let ws = peers::add(ws);
    let app = match dist {
        Some(dir) => {
            let index = dir.join("index.html");
            ws.fallback_service(ServeDir::new(dir).fallback(ServeFile::new(index)))
        }
        None => ws.fallback(get(no_dist)),
    };
    peers::with_socketio(app)
}

/// Serves `router(dist)` on `listener` until the process ends (for tests and benchmarks in-process).
pub async fn serve(listener: tokio::net::TcpListener, dist: Option<PathBuf>) -> std::io::Result<()> {
    axum::serve(listener, router(dist)).await
}

/// The benchmarks' reference: a page that only counts messages with plain JS, the browser's limit.
async fn bare_page() -> Html<&'static str> {
    Html(include_str!("bare.html"))
}

async fn no_dist() -> Html<&'static str> {
    Html(
        "<!doctype html><title>Sockpit server</title><p>No dist/ folder is served: build the app with \
          <code>trunk build --release</code> and pass <code>--dist dist</code>.</p>",
    )
}

fn upgrade(ws: WebSocketUpgrade) -> WebSocketUpgrade {
    ws.max_message_size(MAX_MESSAGE).max_frame_size(MAX_MESSAGE)
}

fn param<T: std::str::FromStr>(q: &HashMap<String, String>, key: &str) -> Option<T> {
    q.get(key).and_then(|v| v.parse().ok())
}

/// Echoes text as text and binary as binary until the peer closes.
async fn echo(ws: WebSocketUpgrade) -> Response {
    upgrade(ws).on_upgrade(echo_loop)
}

async fn echo_loop(mut socket: WebSocket) {
    while let Some(Ok(msg)) = socket.recv().await {
        let reply = match msg {
            Message::Text(t) => Message::Text(t),
            Message::Binary(b) => Message::Binary(b),
            // Keep polling after a close frame: that sends the queued close reply, then recv() ends.
            Message::Close(_) | Message::Ping(_) | Message::Pong(_) => continue,
        };
        if socket.send(reply).await.is_err() {
            break;
        }
    }
}

/// Closes right after the handshake with `code` (default 1000) and `reason` (default empty).
async fn close(ws: WebSocketUpgrade, Query(q): Params) -> Response {
    let code: u16 = param(&q, "code").unwrap_or(1000);
    let reason = q.get("reason").cloned().unwrap_or_default();
    upgrade(ws).on_upgrade(move |mut socket| async move {
        let frame = CloseFrame { code, reason: Utf8Bytes::from(reason) };
        if socket.send(Message::Close(Some(frame))).await.is_ok() {
            // Wait (bounded) for the peer's close reply so that the close is clean.
            let _ = tokio::time::timeout(Duration::from_secs(5), async {
                while let Some(Ok(_)) = socket.recv().await {}
            })
            .await;
        }
    })
}

/// Sends one message, then cuts the TCP connection without a close frame (the browser sees 1006).
async fn drop_conn(ws: WebSocketUpgrade) -> Response {
    upgrade(ws).on_upgrade(|mut socket| async move {
        let _ = socket.send(Message::Text("dropping the connection without a close frame".into())).await;
        drop(socket);
    })
}

/// Selects the first subprotocol the client offered, says which, then echoes.
async fn protocols(ws: WebSocketUpgrade, headers: HeaderMap) -> Response {
    let offered: Vec<String> = headers
        .get_all("sec-websocket-protocol")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect();
    let chosen = offered.first().cloned();
    let ws = match &chosen {
        Some(p) => upgrade(ws).protocols([Cow::Owned(p.clone())]),
        None => upgrade(ws),
    };
    ws.on_upgrade(move |mut socket| async move {
        let hello = match chosen {
            Some(p) => format!("selected subprotocol: {p}"),
            None => "no subprotocol was offered".to_owned(),
        };
        if socket.send(Message::Text(hello.into())).await.is_ok() {
            echo_loop(socket).await;
        }
    })
}

/// Sends a PNG image, then the 256 bytes 0..=255, then echoes.
async fn binary(ws: WebSocketUpgrade) -> Response {
    upgrade(ws).on_upgrade(|mut socket| async move {
        let all: Vec<u8> = (0..=255u8).collect();
        if socket.send(Message::Binary(sample_png().into())).await.is_ok()
            && socket.send(Message::Binary(all.into())).await.is_ok()
        {
            echo_loop(socket).await;
        }
    })
}

/// The payload of flood message `seq`: its sequence number, a space, then filler up to `size` bytes.
pub fn flood_payload(seq: u64, size: usize) -> Vec<u8> {
    let mut p = format!("{seq:08} ").into_bytes();
    if p.len() < size {
        p.resize(size, b'x');
    }
    p
}

/// A Socket.IO EVENT of about `size` bytes: `42["tick","00000001 xxx…"]`, for the lens benchmark.
pub fn sio_flood_payload(seq: u64, size: usize) -> Vec<u8> {
    let mut p = flood_payload(seq, size.saturating_sub(13));
    p.splice(0..0, b"42[\"tick\",\"".iter().copied());
    p.extend_from_slice(b"\"]");
    p
}

/// Sends `n` messages of `size` bytes (text, or binary with `binary=1`; Socket.IO EVENTs with `sio=1`), waiting on the socket between
/// batches so that a slow reader slows the sender down instead of filling memory. Optional `rate`
/// (messages per second) paces the stream. Then echoes.
async fn flood(ws: WebSocketUpgrade, Query(q): Params) -> Response {
    let n: u64 = param::<u64>(&q, "n").unwrap_or(1000).min(MAX_FLOOD);
    let size: usize = param::<usize>(&q, "size").unwrap_or(100).min(MAX_MESSAGE);
    let binary = matches!(q.get("binary").map(String::as_str), Some("1" | "true"));
    let rate: Option<u64> = param::<u64>(&q, "rate").filter(|r| *r > 0);
    let sio = matches!(q.get("sio").map(String::as_str), Some("1" | "true"));
    // close=CODE: a close frame with that code right after the last message, instead of echoing.
    let close: Option<u16> = param::<u16>(&q, "close");
    upgrade(ws).on_upgrade(move |mut socket| async move {
        let started = tokio::time::Instant::now();
        for seq in 1..=n {
            let bytes = if sio { sio_flood_payload(seq, size) } else { flood_payload(seq, size) };
            let msg = if binary {
                Message::Binary(bytes.into())
            } else {
                Message::Text(String::from_utf8(bytes).unwrap_or_default().into())
            };
            // feed() queues; flushing every 64 messages (and at the end) waits for the kernel to take them.
            if socket.feed(msg).await.is_err() {
                return;
            }
            if seq % 64 == 0 && socket.flush().await.is_err() {
                return;
            }
            if let Some(rate) = rate {
                let due = started + Duration::from_micros(seq * 1_000_000 / rate);
                if due > tokio::time::Instant::now() {
                    if socket.flush().await.is_err() {
                        return;
                    }
                    tokio::time::sleep_until(due).await;
                }
            }
        }
        if let Some(code) = close {
            let frame = CloseFrame { code, reason: Utf8Bytes::from_static("flood done") };
            if socket.send(Message::Close(Some(frame))).await.is_ok() {
                let _ = tokio::time::timeout(Duration::from_secs(5), async {
                    while let Some(Ok(_)) = socket.recv().await {}
                })
                .await;
            }
        } else if socket.flush().await.is_ok() {
            echo_loop(socket).await;
        }
    })
}

/// Sends one binary message of `bytes` bytes (the pattern i mod 256); `text=1` sends text instead.
async fn big(ws: WebSocketUpgrade, Query(q): Params) -> Response {
    let bytes: usize = param::<usize>(&q, "bytes").unwrap_or(1 << 20).min(MAX_MESSAGE);
    let text = matches!(q.get("text").map(String::as_str), Some("1" | "true"));
    upgrade(ws).on_upgrade(move |mut socket| async move {
        let msg = if text {
            Message::Text("a".repeat(bytes).into())
        } else {
            Message::Binary((0..bytes).map(|i| i as u8).collect::<Vec<u8>>().into())
        };
        if socket.send(msg).await.is_ok() {
            echo_loop(socket).await;
        }
    })
}

/// Echoes for `ms` milliseconds (default 500, at most 30 s), then cuts the TCP connection without a
/// close frame: a connection that keeps failing, for reconnect tests.
async fn echodrop(ws: WebSocketUpgrade, Query(q): Params) -> Response {
    let ms = param::<u64>(&q, "ms").unwrap_or(500).min(MAX_SLOWOPEN_MS);
    upgrade(ws).on_upgrade(move |socket| async move {
        let _ = tokio::time::timeout(Duration::from_millis(ms), echo_loop(socket)).await;
    })
}

/// Delays the handshake by `ms` milliseconds (at most 30 s), then echoes.
async fn slowopen(ws: WebSocketUpgrade, Query(q): Params) -> impl IntoResponse {
    let ms = param::<u64>(&q, "ms").unwrap_or(1000).min(MAX_SLOWOPEN_MS);
    tokio::time::sleep(Duration::from_millis(ms)).await;
    upgrade(ws).on_upgrade(echo_loop)
}
