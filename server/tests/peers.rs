//! Native tests of the protocol peers (Socket.IO, GraphQL over WebSocket in both protocols, JSON-RPC), each
//! against a real server on 127.0.0.1:0, speaking the wire protocol by hand as the app's lenses do.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{connect_async, MaybeTlsStream, WebSocketStream};

type Ws = WebSocketStream<MaybeTlsStream<tokio::net::TcpStream>>;

async fn start() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, sockpit_server::router(None)).await.unwrap() });
    format!("127.0.0.1:{}", addr.port())
}

async fn connect(url: String, protocol: Option<&str>) -> Ws {
    let mut request = url.into_client_request().unwrap();
    if let Some(p) = protocol {
        request.headers_mut().insert("Sec-WebSocket-Protocol", p.parse().unwrap());
    }
    connect_async(request).await.unwrap().0
}

async fn next(ws: &mut Ws) -> Message {
    tokio::time::timeout(Duration::from_secs(10), ws.next())
        .await
        .expect("no message within 10 s")
        .expect("stream ended")
        .expect("websocket error")
}

async fn next_text(ws: &mut Ws) -> String {
    match next(ws).await {
        Message::Text(t) => t.to_string(),
        other => panic!("expected text, got {other:?}"),
    }
}

/// The next Socket.IO frame that is not a ping; pings on the way are answered.
async fn next_sio(ws: &mut Ws) -> Message {
    loop {
        let msg = next(ws).await;
        if msg != Message::Text("2".into()) {
            return msg;
        }
        ws.send(Message::Text("3".into())).await.unwrap();
    }
}

async fn next_sio_text(ws: &mut Ws) -> String {
    match next_sio(ws).await {
        Message::Text(t) => t.to_string(),
        other => panic!("expected text, got {other:?}"),
    }
}

#[tokio::test]
async fn socketio_handshake_event_ack_binary_and_ping() {
    let host = start().await;
    let mut ws = connect(format!("ws://{host}/socket.io/?EIO=4&transport=websocket"), None).await;
    let open = next_text(&mut ws).await;
    assert!(open.starts_with("0{\"sid\":"), "{open}");
    assert!(open.contains("\"pingInterval\":1000"), "{open}");
    ws.send(Message::Text("40/admin,{\"token\":\"t1\"}".into())).await.unwrap();
    let connected = next_sio_text(&mut ws).await;
    assert!(connected.starts_with("40/admin,{\"sid\":"), "{connected}");
    let welcome = next_sio_text(&mut ws).await;
    assert!(welcome.starts_with("42/admin,[\"welcome\","), "{welcome}");
    assert!(welcome.contains("\"token\":\"t1\""), "{welcome}");

    ws.send(Message::Text("42/admin,7[\"chat\",\"hi\"]".into())).await.unwrap();
    let got = [next_sio_text(&mut ws).await, next_sio_text(&mut ws).await];
    assert!(got.contains(&"42/admin,[\"chat\",\"hi\"]".to_string()), "{got:?}");
    assert!(got.contains(&"43/admin,7[{\"ok\":true}]".to_string()), "{got:?}");

    ws.send(Message::Text("42/admin,[\"bin\",1]".into())).await.unwrap();
    let placeholder = next_sio_text(&mut ws).await;
    assert!(
        placeholder.starts_with("451-/admin,[\"bin\",1,{\"_placeholder\":true,\"num\":0}]"),
        "{placeholder}"
    );
    assert_eq!(next_sio(&mut ws).await, Message::Binary(vec![0xde, 0xad, 0xbe, 0xef, 0, 0xff].into()));

    // Answer pings for three seconds (past pingInterval + pingTimeout): the connection stays.
    let until = tokio::time::Instant::now() + Duration::from_secs(3);
    let mut pings = 0;
    while let Ok(Some(msg)) = tokio::time::timeout_at(until, ws.next()).await {
        if msg.unwrap() == Message::Text("2".into()) {
            pings += 1;
            ws.send(Message::Text("3".into())).await.unwrap();
        }
    }
    assert!(pings >= 2, "{pings} pings in 3 s");
    ws.send(Message::Text("42/admin,[\"chat\",\"still here\"]".into())).await.unwrap();
    assert_eq!(next_sio_text(&mut ws).await, "42/admin,[\"chat\",\"still here\"]");
}

#[tokio::test]
async fn socketio_drops_a_client_that_does_not_answer_pings() {
    let host = start().await;
    let mut ws = connect(format!("ws://{host}/socket.io/?EIO=4&transport=websocket"), None).await;
    next_text(&mut ws).await;
    let ended = tokio::time::timeout(Duration::from_secs(6), async {
        while let Some(Ok(m)) = ws.next().await {
            if matches!(m, Message::Close(_)) {
                break;
            }
        }
    })
    .await;
    assert!(ended.is_ok(), "still open after 6 s without pongs");
}

#[tokio::test]
async fn graphql_transport_ws_subscription_yields_and_completes() {
    let host = start().await;
    let mut ws = connect(format!("ws://{host}/graphql"), Some("graphql-transport-ws")).await;
    ws.send(Message::Text(r#"{"type":"connection_init","payload":{}}"#.into())).await.unwrap();
    assert_eq!(next_text(&mut ws).await, r#"{"type":"connection_ack"}"#);
    let sub = r#"{"id":"1","type":"subscribe","payload":{"query":"subscription { ticks(count: 3, everyMs: 10) }"}}"#;
    ws.send(Message::Text(sub.into())).await.unwrap();
    for n in 1..=3 {
        let msg = next_text(&mut ws).await;
        assert!(msg.contains("\"type\":\"next\""), "{msg}");
        assert!(msg.contains(&format!("{{\"ticks\":{n}}}")), "{msg}");
    }
    assert!(next_text(&mut ws).await.contains("\"type\":\"complete\""));
    ws.send(Message::Text(r#"{"type":"ping"}"#.into())).await.unwrap();
    assert!(next_text(&mut ws).await.contains("\"type\":\"pong\""));
}

#[tokio::test]
async fn graphql_ws_legacy_query_gets_data_and_complete() {
    let host = start().await;
    let mut ws = connect(format!("ws://{host}/graphql"), Some("graphql-ws")).await;
    ws.send(Message::Text(r#"{"type":"connection_init","payload":{}}"#.into())).await.unwrap();
    assert!(next_text(&mut ws).await.contains("connection_ack"));
    let start = r#"{"id":"a","type":"start","payload":{"query":"{ hello(name: \"lens\") }"}}"#;
    ws.send(Message::Text(start.into())).await.unwrap();
    let mut msg = next_text(&mut ws).await;
    while msg.contains("\"ka\"") {
        msg = next_text(&mut ws).await;
    }
    assert!(msg.contains("\"type\":\"data\"") && msg.contains("Hello, lens!"), "{msg}");
    assert!(next_text(&mut ws).await.contains("\"type\":\"complete\""));
}

#[tokio::test]
async fn jsonrpc_answers_calls_batches_and_errors() {
    let host = start().await;
    let mut ws = connect(format!("ws://{host}/jsonrpc"), None).await;
    ws.send(Message::Text(r#"{"jsonrpc":"2.0","id":1,"method":"add","params":[2,3]}"#.into())).await.unwrap();
    assert_eq!(next_text(&mut ws).await, r#"{"jsonrpc":"2.0","id":1,"result":5}"#);
    ws.send(Message::Text(r#"{"jsonrpc":"2.0","id":2,"method":"nope"}"#.into())).await.unwrap();
    assert!(next_text(&mut ws).await.contains("-32601"));
    let batch = r#"[{"jsonrpc":"2.0","id":3,"method":"hello"},{"jsonrpc":"2.0","id":4,"method":"fail"}]"#;
    ws.send(Message::Text(batch.into())).await.unwrap();
    let reply = next_text(&mut ws).await;
    assert!(reply.starts_with('[') && reply.contains("\"hello\"") && reply.contains("-32000"), "{reply}");
}
