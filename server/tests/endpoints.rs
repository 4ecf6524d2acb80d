//! Native tests of every companion-server endpoint, each against a real server on 127.0.0.1:0.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{connect_async, MaybeTlsStream, WebSocketStream};

type Ws = WebSocketStream<MaybeTlsStream<tokio::net::TcpStream>>;

async fn start(dist: Option<std::path::PathBuf>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, sockpit_server::router(dist)).await.unwrap() });
    format!("127.0.0.1:{}", addr.port())
}

async fn connect(host: &str, path: &str) -> Ws {
    let (ws, _) = connect_async(format!("ws://{host}{path}")).await.unwrap();
    ws
}

/// The whole HTTP/1.1 response (status line, headers, body) to `GET path`.
async fn http_get(host: &str, path: &str) -> String {
    let mut stream = tokio::net::TcpStream::connect(host).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    response
}

async fn next(ws: &mut Ws) -> Message {
    tokio::time::timeout(Duration::from_secs(10), ws.next())
        .await
        .expect("no message within 10 s")
        .expect("stream ended")
        .expect("websocket error")
}

#[tokio::test]
async fn echo_returns_text_as_text_and_binary_as_binary() {
    let host = start(None).await;
    let mut ws = connect(&host, "/echo").await;
    ws.send(Message::Text("héllo".into())).await.unwrap();
    assert_eq!(next(&mut ws).await, Message::Text("héllo".into()));
    ws.send(Message::Binary(vec![0u8, 1, 255].into())).await.unwrap();
    assert_eq!(next(&mut ws).await, Message::Binary(vec![0u8, 1, 255].into()));
    ws.close(None).await.unwrap();
}

#[tokio::test]
async fn close_endpoint_sends_the_asked_code_and_reason() {
    let host = start(None).await;
    let mut ws = connect(&host, "/close?code=4001&reason=go%20away").await;
    match next(&mut ws).await {
        Message::Close(Some(frame)) => {
            assert_eq!(frame.code, CloseCode::from(4001));
            assert_eq!(frame.reason.as_str(), "go away");
        }
        other => panic!("expected a close frame, got {other:?}"),
    }
}

#[tokio::test]
async fn drop_endpoint_cuts_the_connection_without_a_close_frame() {
    let host = start(None).await;
    let mut ws = connect(&host, "/drop").await;
    assert!(matches!(next(&mut ws).await, Message::Text(_)));
    let end = tokio::time::timeout(Duration::from_secs(10), ws.next()).await.unwrap();
    // Either the stream ends or it errors (reset without closing handshake); never a close frame.
    if let Some(Ok(m)) = end {
        panic!("expected the connection to drop, got {m:?}");
    }
}

#[tokio::test]
async fn protocols_endpoint_selects_the_first_offered() {
    let host = start(None).await;
    let mut req = format!("ws://{host}/protocols").into_client_request().unwrap();
    req.headers_mut().insert("sec-websocket-protocol", "chat.v2, chat.v1".parse().unwrap());
    let (mut ws, resp) = connect_async(req).await.unwrap();
    assert_eq!(resp.headers().get("sec-websocket-protocol").unwrap(), "chat.v2");
    assert_eq!(next(&mut ws).await, Message::Text("selected subprotocol: chat.v2".into()));
}

#[tokio::test]
async fn binary_endpoint_sends_a_png_then_all_byte_values() {
    let host = start(None).await;
    let mut ws = connect(&host, "/binary").await;
    match next(&mut ws).await {
        Message::Binary(b) => assert_eq!(&b[..4], &[0x89, b'P', b'N', b'G']),
        other => panic!("expected binary, got {other:?}"),
    }
    match next(&mut ws).await {
        Message::Binary(b) => assert_eq!(b.to_vec(), (0..=255u8).collect::<Vec<_>>()),
        other => panic!("expected binary, got {other:?}"),
    }
}

#[tokio::test]
async fn flood_sends_n_numbered_messages_of_the_given_size() {
    let host = start(None).await;
    let mut ws = connect(&host, "/flood?n=500&size=40").await;
    for seq in 1..=500u64 {
        match next(&mut ws).await {
            Message::Text(t) => {
                assert_eq!(t.len(), 40);
                assert!(t.starts_with(&format!("{seq:08} ")), "message {seq} was {t}");
            }
            other => panic!("expected text, got {other:?}"),
        }
    }
    let mut bin = connect(&host, "/flood?n=3&size=16&binary=1").await;
    assert_eq!(next(&mut bin).await, Message::Binary(b"00000001 xxxxxxx".to_vec().into()));
}

#[tokio::test]
async fn big_sends_one_message_of_the_asked_size() {
    let host = start(None).await;
    let mut ws = connect(&host, "/big?bytes=3000000").await;
    match next(&mut ws).await {
        Message::Binary(b) => {
            assert_eq!(b.len(), 3_000_000);
            assert_eq!(b[257], 1);
        }
        other => panic!("expected binary, got {other:?}"),
    }
}

#[tokio::test]
async fn slowopen_delays_the_handshake() {
    let host = start(None).await;
    let started = std::time::Instant::now();
    let mut ws = connect(&host, "/slowopen?ms=300").await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    ws.send(Message::Text("still echoes".into())).await.unwrap();
    assert_eq!(next(&mut ws).await, Message::Text("still echoes".into()));
}

#[tokio::test]
async fn serves_dist_files_and_falls_back_to_index() {
    let dir = std::env::temp_dir().join(format!("sockpit-dist-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><p>sockpit index</p>").unwrap();
    let host = start(Some(dir.clone())).await;
    let body = http_get(&host, "/some/page").await;
    assert!(body.starts_with("HTTP/1.1 200"), "{body}");
    assert!(body.contains("sockpit index"));
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn echo_answers_a_close_with_the_same_code() {
    let host = start(None).await;
    let mut ws = connect(&host, "/echo").await;
    let frame = tokio_tungstenite::tungstenite::protocol::CloseFrame {
        code: CloseCode::from(4000),
        reason: "Deliberate Connection".into(),
    };
    ws.send(Message::Close(Some(frame))).await.unwrap();
    match next(&mut ws).await {
        Message::Close(Some(reply)) => assert_eq!(reply.code, CloseCode::from(4000)),
        other => panic!("expected the close reply, got {other:?}"),
    }
}

#[tokio::test]
async fn serves_the_bare_benchmark_page() {
    let host = start(None).await;
    let body = http_get(&host, "/bench/bare").await;
    assert!(body.starts_with("HTTP/1.1 200"), "{body}");
    assert!(body.contains("window.bareRun"));
}

#[tokio::test]
async fn echodrop_echoes_then_cuts_the_connection() {
    let host = start(None).await;
    let mut ws = connect(&host, "/echodrop?ms=300").await;
    ws.send(Message::Text("before".into())).await.unwrap();
    assert_eq!(next(&mut ws).await, Message::Text("before".into()));
    let started = std::time::Instant::now();
    let end = tokio::time::timeout(Duration::from_secs(10), ws.next()).await.unwrap();
    assert!(!matches!(end, Some(Ok(Message::Close(_)))), "no close frame: {end:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn flood_can_send_socketio_events_for_the_lens_benchmark() {
    let host = start(None).await;
    let mut ws = connect(&host, "/flood?n=2&size=100&sio=1").await;
    let first = next(&mut ws).await;
    let Message::Text(t) = first else { panic!("expected text, got {first:?}") };
    assert!(t.starts_with("42[\"tick\",\"00000001 x"), "{t}");
    assert!(t.ends_with("x\"]"), "{t}");
    assert_eq!(t.len(), 100);
}

#[tokio::test]
async fn a_room_relays_each_message_to_the_others_only() {
    let host = start(None).await;
    let mut alice = connect(&host, "/room?name=native-test").await;
    let mut bob = connect(&host, "/room?name=native-test").await;
    let mut elsewhere = connect(&host, "/room?name=another").await;
    // Both are subscribed once the server has upgraded them; a first exchange proves it.
    alice.send(Message::Text("hello bob".into())).await.unwrap();
    assert_eq!(next(&mut bob).await, Message::Text("hello bob".into()));
    bob.send(Message::Binary(vec![0u8, 255, 7].into())).await.unwrap();
    assert_eq!(next(&mut alice).await, Message::Binary(vec![0u8, 255, 7].into()));
    // Nobody hears themselves, and another room hears nothing.
    elsewhere.send(Message::Text("ping".into())).await.unwrap();
    assert!(tokio::time::timeout(Duration::from_millis(300), alice.next()).await.is_err());
    assert!(tokio::time::timeout(Duration::from_millis(300), elsewhere.next()).await.is_err());
}
