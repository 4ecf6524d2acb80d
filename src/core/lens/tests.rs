//! The lenses against the specifications' own examples (Engine.IO and Socket.IO protocol READMEs,
//! graphql-ws PROTOCOL.md, the JSON-RPC 2.0 specification), and the lens concern's lifecycle.

use super::socketio::{self, Eio, Sio};
use super::*;
use crate::core::log::{EntryKind, Log};

fn t(s: &str) -> Payload {
    Payload::Text(s.into())
}

#[test]
fn engineio_packets_from_the_readme() {
    let open = r#"0{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":5000,"maxPayload":1000000}"#;
    assert_eq!(socketio::decode(open).unwrap().eio, Eio::Open);
    assert_eq!(socketio::label(open).unwrap(), "OPEN sid lv_VI97HAXpY6yYWAAAC ping 25000+5000 ms");
    assert_eq!(socketio::label("2").unwrap(), "PING");
    assert_eq!(socketio::label("3probe").unwrap(), "PONG probe");
    assert_eq!(socketio::label("4hello").unwrap(), "MESSAGE");
    assert_eq!(socketio::label("5").unwrap(), "UPGRADE");
    assert_eq!(socketio::label("6").unwrap(), "NOOP");
    assert_eq!(socketio::label("1").unwrap(), "CLOSE");
    assert_eq!(socketio::decode("x"), None);
    assert_eq!(socketio::decode(""), None);
}

#[test]
fn socketio_packets_from_the_readme() {
    let cases = [
        ("40", "CONNECT /"),
        (r#"40/admin,{"token":"123"}"#, "CONNECT /admin"),
        (r#"40{"sid":"oSO0OpakMV_3jnilAAAA"}"#, "CONNECT /"),
        (r#"44{"message":"Not authorized"}"#, "CONNECT_ERROR /: Not authorized"),
        (r#"42["hello",1]"#, "EVENT hello /"),
        (r#"42/admin,["project:delete",123]"#, "EVENT project:delete /admin"),
        (r#"42/admin,12["project:delete",123]"#, "EVENT project:delete /admin ack 12"),
        ("43/admin,12[]", "ACK /admin ack 12"),
        (r#"451-["hello",{"_placeholder":true,"num":0}]"#, "BINARY_EVENT hello / · 1 attachment"),
        (r#"461-/admin,13[{"_placeholder":true,"num":0}]"#, "BINARY_ACK /admin ack 13 · 1 attachment"),
        ("41/admin,", "DISCONNECT /admin"),
        (r#"42["with \"quote\"",1]"#, "EVENT with \"quote\" /"),
    ];
    for (frame, want) in cases {
        assert_eq!(socketio::label(frame).as_deref(), Some(want), "{frame}");
    }
    let p = socketio::decode(r#"461-/admin,13[{"_placeholder":true,"num":0}]"#).unwrap().sio.unwrap();
    assert_eq!((p.kind, p.attachments, p.nsp, p.ack), (Sio::BinaryAck, 1, "/admin", Some(13)));
    // Not Socket.IO inside: a plain Engine.IO message.
    assert_eq!(socketio::decode("4zzz").unwrap().sio, None);
    assert_eq!(socketio::decode("45x-[]").unwrap().sio, None, "attachments must be a number");
    let d = socketio::detail(r#"42/admin,12["project:delete",123]"#).unwrap();
    assert_eq!(d["event"], "project:delete");
    assert_eq!(d["args"], crate::core::json::json!([123]));
    assert_eq!(d["ack id"], 12);
}

#[test]
fn socketio_handshake_pings_acks_and_attachments() {
    let mut lens = Lens::default();
    lens.connecting("ws://h/socket.io/?EIO=4&transport=websocket");
    assert_eq!(lens.in_effect(), LensId::SocketIo);
    lens.update(Msg::NamespaceEdited("admin".into()));
    lens.update(Msg::AuthEdited(r#"{"token":"t"}"#.into()));
    let seen = lens.frame(Dir::In, &t(r#"0{"sid":"s1","pingInterval":1000,"pingTimeout":500}"#), 1);
    assert_eq!(seen.replies, vec![Reply::handshake(r#"40/admin,{"token":"t"}"#.into())]);
    let seen = lens.frame(Dir::In, &t("2"), 2);
    assert_eq!(seen.replies, vec![Reply::heartbeat("3".into())]);
    assert!(seen.note.unwrap().heartbeat);
    // An event with an ack id, then the server's ack joined to it.
    lens.update(Msg::AckToggled(true));
    let out = lens.encode(SendFormat::SocketIo, r#"["chat", "hi"]"#).unwrap();
    assert_eq!(out, t(r#"42/admin,1["chat","hi"]"#));
    lens.frame(Dir::Out, &out, 3);
    let ack = lens.frame(Dir::In, &t(r#"43/admin,1[{"ok":true}]"#), 4);
    assert_eq!(ack.note.unwrap().link, Some(3));
    // Binary attachments join their placeholder.
    lens.frame(
        Dir::In,
        &t(r#"452-/admin,["bin",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]"#),
        5,
    );
    let a = lens.frame(Dir::In, &Payload::Binary(vec![1].into()), 6).note.unwrap();
    lens.frame(Dir::In, &t("2"), 7);
    let b = lens.frame(Dir::In, &Payload::Binary(vec![2].into()), 8).note.unwrap();
    assert_eq!(
        (a.link, a.part, b.link, b.part),
        (Some(5), 1, Some(5), 2),
        "a ping between does not end them"
    );
    assert_eq!(
        lens.frame(Dir::In, &Payload::Binary(vec![3].into()), 9).note,
        None,
        "only the announced ones"
    );
    lens.frame(Dir::In, &t(r#"451-["bin",{"_placeholder":true,"num":0}]"#), 10);
    lens.frame(Dir::In, &t(r#"42["other"]"#), 11);
    assert_eq!(
        lens.frame(Dir::In, &Payload::Binary(vec![4].into()), 12).note,
        None,
        "another packet ends them"
    );
    // With lens-auto off nothing is answered.
    lens.update(Msg::AutoToggled(false));
    assert!(lens.frame(Dir::In, &t("2"), 13).replies.is_empty());
    // Encoding errors say what is wrong.
    assert!(lens.encode(SendFormat::SocketIo, "{}").unwrap_err().contains("first element is the event name"));
    assert!(lens.encode(SendFormat::SocketIo, r#"["connect"]"#).unwrap_err().contains("reserved"));
    assert!(lens.encode(SendFormat::Graphql, "{ a }").unwrap_err().contains("lens"));
}

#[test]
fn socketio_bad_auth_is_said_and_nothing_sent() {
    let mut lens = Lens::default();
    lens.update(Msg::Chosen(LensId::SocketIo));
    lens.update(Msg::AuthEdited("[1]".into()));
    let seen = lens.frame(Dir::In, &t(r#"0{"sid":"s"}"#), 1);
    assert!(seen.replies.is_empty());
    assert!(seen.problem.unwrap().contains("JSON object"));
}

#[test]
fn graphql_transport_ws_from_protocol_md() {
    let mut lens = Lens::default();
    lens.connecting("ws://h/graphql");
    assert_eq!(lens.in_effect(), LensId::Raw);
    lens.update(Msg::InitPayloadEdited(r#"{"token":"x"}"#.into()));
    let seen = lens.opened("graphql-transport-ws");
    assert_eq!(lens.in_effect(), LensId::GraphqlTransportWs);
    assert_eq!(seen.replies[0].text, r#"{"type":"connection_init","payload":{"token":"x"}}"#);
    assert_eq!(lens.phase().unwrap(), "awaiting connection_ack");
    lens.frame(Dir::In, &t(r#"{"type":"connection_ack"}"#), 2);
    let ping = lens.frame(Dir::In, &t(r#"{"type":"ping"}"#), 3);
    assert_eq!(ping.replies, vec![Reply::heartbeat(r#"{"type":"pong"}"#.into())]);
    assert!(ping.note.unwrap().heartbeat);
    let sub = lens
        .encode(SendFormat::Graphql, "subscription Ticks($n: Int) { ticks(count: $n) }\n---\n{\"n\": 2}")
        .unwrap();
    let Payload::Text(s) = &sub else { panic!() };
    let v: Value = crate::core::json::from_str(s).unwrap();
    assert_eq!((v["id"].as_str(), v["type"].as_str()), (Some("1"), Some("subscribe")));
    assert_eq!(v["payload"]["variables"]["n"], 2);
    assert_eq!(v["payload"]["operationName"], "Ticks");
    lens.frame(Dir::Out, &sub, 4);
    let next = lens.frame(Dir::In, &t(r#"{"id":"1","type":"next","payload":{"data":{"ticks":1}}}"#), 5);
    assert_eq!(next.note.unwrap().link, Some(4));
    let ops = lens.operations().unwrap();
    assert_eq!(
        (ops[0].name.as_str(), ops[0].results, ops[0].state),
        ("subscription Ticks", 1, graphql::OpState::Running)
    );
    assert_eq!(lens.update(Msg::Complete("1".into())).unwrap().text, r#"{"id":"1","type":"complete"}"#);
    lens.frame(Dir::In, &t(r#"{"id":"1","type":"complete"}"#), 6);
    assert_eq!(lens.operations().unwrap()[0].state, graphql::OpState::Completed);
    assert_eq!(lens.update(Msg::Complete("1".into())), None, "nothing to end");
    assert!(lens.encode(SendFormat::Graphql, "{ a }\n---\n[1]").unwrap_err().contains("JSON object"));
    assert_eq!(
        graphql::label(r#"{"id":"9","type":"error","payload":[{"message":"boom"}]}"#, None).unwrap(),
        "error 9: boom"
    );
    assert!(graphql::close_meaning(4408).unwrap().contains("initialisation timeout"));
    assert_eq!(graphql::close_meaning(4000), None);
}

#[test]
fn graphql_ws_legacy_uses_start_stop_and_ka() {
    let mut lens = Lens::default();
    lens.connecting("ws://h/graphql");
    lens.opened("graphql-ws");
    assert_eq!(lens.in_effect(), LensId::GraphqlWs);
    let ka = lens.frame(Dir::In, &t(r#"{"type":"ka"}"#), 1);
    assert!(ka.note.unwrap().heartbeat && ka.replies.is_empty());
    let start = lens.encode(SendFormat::Graphql, "{ hello }").unwrap();
    assert!(matches!(&start, Payload::Text(s) if s.contains("\"type\":\"start\"")));
    lens.frame(Dir::Out, &start, 2);
    assert_eq!(lens.operations().unwrap()[0].name, "query hello");
    assert_eq!(lens.update(Msg::Complete("1".into())).unwrap().text, r#"{"id":"1","type":"stop"}"#);
    assert_eq!(graphql::describe_document("mutation { echo(text: \"a\") }"), "mutation echo");
    assert_eq!(graphql::describe_document("# c\nquery Q { a }"), "query Q");
}

#[test]
fn jsonrpc_examples_from_the_specification() {
    use jsonrpc::{decode, error_name, Kind};
    let (k, _, batch) =
        decode(r#"{"jsonrpc": "2.0", "method": "subtract", "params": [42, 23], "id": 1}"#).unwrap();
    assert_eq!((k, batch), (vec![Kind::Request { method: "subtract".into(), id: "1".into() }], false));
    let (k, ..) = decode(r#"{"jsonrpc": "2.0", "result": 19, "id": 1}"#).unwrap();
    assert_eq!(k, vec![Kind::Result { id: "1".into() }]);
    let (k, ..) = decode(r#"{"jsonrpc": "2.0", "result": null, "id": "a"}"#).unwrap();
    assert_eq!(k, vec![Kind::Result { id: "\"a\"".into() }], "a null result is a result");
    let (k, ..) = decode(r#"{"jsonrpc": "2.0", "method": "update", "params": [1,2,3,4,5]}"#).unwrap();
    assert_eq!(k, vec![Kind::Notification { method: "update".into() }]);
    let (k, ..) =
        decode(r#"{"jsonrpc": "2.0", "error": {"code": -32700, "message": "Parse error"}, "id": null}"#)
            .unwrap();
    assert_eq!(k, vec![Kind::Error { code: -32700, message: "Parse error".into(), id: "null".into() }]);
    let batch = r#"[
        {"jsonrpc": "2.0", "method": "sum", "params": [1,2,4], "id": "1"},
        {"jsonrpc": "2.0", "method": "notify_hello", "params": [7]},
        {"jsonrpc": "2.0", "method": "subtract", "params": [42,23], "id": "2"},
        {"foo": "boo"},
        {"jsonrpc": "2.0", "method": "foo.get", "params": {"name": "myself"}, "id": "5"}
    ]"#;
    let (k, total, is_batch) = decode(batch).unwrap();
    assert_eq!((k.len(), total, is_batch), (5, 5, true));
    assert_eq!(k[3], Kind::Invalid);
    let label = jsonrpc::label(batch, &|_| None).unwrap();
    assert!(label.starts_with("batch of 5: request sum id \"1\", notification notify_hello"), "{label}");
    assert_eq!(decode("[1,2,3]"), None);
    assert_eq!(decode(r#"{"a":1}"#), None);
    for (code, name) in [
        (-32700, "Parse error"),
        (-32600, "Invalid Request"),
        (-32601, "Method not found"),
        (-32602, "Invalid params"),
        (-32603, "Internal error"),
        (-32050, "Server error"),
    ] {
        assert_eq!(error_name(code), Some(name));
    }
    assert_eq!(error_name(1), None);
}

#[test]
fn jsonrpc_replies_join_their_request_with_the_round_trip() {
    let mut log = Log::default();
    let mut lens = Lens::default();
    lens.connecting("ws://h/jsonrpc");
    assert_eq!(lens.in_effect(), LensId::Raw);
    let req = lens.encode(SendFormat::JsonRpc, "add [2, 3]").unwrap();
    assert_eq!(req, t(r#"{"jsonrpc":"2.0","id":1,"method":"add","params":[2,3]}"#));
    assert_eq!(lens.in_effect(), LensId::JsonRpc, "sending JSON-RPC under auto reads the connection by it");
    for (at, dir, p) in [(100, Dir::Out, req), (112, Dir::In, t(r#"{"jsonrpc":"2.0","id":1,"result":5}"#))] {
        let seq = log.next_seq();
        let note = lens.frame(dir, &p, seq).note.unwrap();
        log.push(at, if dir == Dir::In { EntryKind::In(p) } else { EntryKind::Out(p) });
        log.set_note(seq, note);
    }
    let reply = log.by_seq(2).unwrap();
    assert_eq!(
        row_text(&log, reply),
        r#"result id 1 for add · reply to #1 after 12 ms · {"jsonrpc":"2.0","id":1,"result":5}"#
    );
    assert!(detail(&log, reply).unwrap()["kind"] == "result");
    assert!(lens.encode(SendFormat::JsonRpc, "add 5").unwrap_err().contains("array or an object"));
    assert!(lens.encode(SendFormat::JsonRpc, "").is_err());
}

#[test]
fn auto_detects_from_first_frames_then_settles() {
    let mut lens = Lens::default();
    lens.connecting("ws://h/x");
    lens.frame(Dir::In, &t(r#"{"jsonrpc":"2.0","method":"tick"}"#), 1);
    assert_eq!(lens.in_effect(), LensId::JsonRpc);
    let mut lens = Lens::default();
    lens.connecting("ws://h/x");
    let seen = lens.frame(Dir::In, &t(r#"0{"sid":"abc","pingInterval":1,"pingTimeout":1}"#), 1);
    assert_eq!(lens.in_effect(), LensId::SocketIo);
    assert_eq!(seen.replies, vec![Reply::handshake("40".into())]);
    let mut lens = Lens::default();
    lens.connecting("ws://h/echo");
    for i in 0..DETECT_FRAMES as u64 {
        lens.frame(Dir::In, &t("hello"), i);
    }
    lens.frame(Dir::In, &t(r#"{"jsonrpc":"2.0","method":"late"}"#), 99);
    assert_eq!(lens.in_effect(), LensId::Raw, "settled on raw after the first frames");
    lens.update(Msg::Chosen(LensId::Raw));
    lens.connecting("ws://h/socket.io/?EIO=4&transport=websocket");
    assert_eq!(lens.in_effect(), LensId::Raw, "a chosen lens is kept");
}

#[test]
fn notes_follow_the_log_through_eviction_and_clear() {
    let mut log = Log::with_cap(2);
    for i in 1..=3u64 {
        let seq = log.push(i, EntryKind::In(t("2")));
        log.set_note(seq, Note { heartbeat: true, ..Note::new(LensId::SocketIo) });
    }
    assert_eq!(log.note(1), None);
    assert!(log.note(3).unwrap().heartbeat);
    assert_eq!(row_text(&log, log.by_seq(3).unwrap()), "PING · 2");
    log.clear();
    assert!(!log.has_notes());
}
