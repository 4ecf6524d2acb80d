//! Connecting, sending, closing and what the socket reports.

use super::*;

#[test]
fn starts_idle_with_the_default_echo_url() {
    let m = model();
    assert_eq!(m.connection.state, ConnState::Idle);
    assert_eq!(m.connection.url_input, "ws://127.0.0.1:9001/echo");
    assert_eq!(m.connection.close_code_input, "1000");
    assert!(m.notices.is_empty());
}

#[test]
fn connect_opens_and_logs() {
    let mut m = model();
    m.up(Conn::ProtocolsEdited("chat, v2".into()), 0);
    let cmds = m.up(Msg::Connect, 10);
    assert_eq!(
        cmds,
        vec![Cmd::Open {
            conn: 1,
            url: "ws://127.0.0.1:9001/echo".into(),
            protocols: vec!["chat".into(), "v2".into()]
        }]
    );
    assert_eq!(m.connection.state, ConnState::Connecting);
    m.up(
        Msg::Socket {
            conn: 1,
            event: SocketEvent::Opened { protocol: "chat".into(), extensions: "permessage-deflate".into() },
        },
        20,
    );
    assert_eq!(m.connection.state, ConnState::Open);
    assert_eq!(m.connection.protocol, "chat");
    assert_eq!(kinds(&m), vec!["info", "open"]);
    assert_eq!(m.connection.opened_ms, Some(20));
}

#[test]
fn bad_url_or_protocols_give_a_notice_and_no_command() {
    let mut m = model();
    m.up(Conn::UrlEdited("ftp://x".into()), 0);
    assert!(m.up(Msg::Connect, 0).is_empty());
    assert!(m.notices.text().contains("ftp"));
    assert_eq!(m.connection.state, ConnState::Idle);
    m.up(Conn::UrlEdited("ws://x/".into()), 0);
    m.up(Conn::ProtocolsEdited("a,a".into()), 0);
    assert!(m.up(Msg::Connect, 0).is_empty());
    assert!(m.notices.text().contains("twice"));
    assert!(m.log.is_empty());
}

#[test]
fn connect_while_open_is_refused() {
    let mut m = model();
    open(&mut m);
    assert!(m.up(Msg::Connect, 3).is_empty());
    assert!(m.notices.text().contains("Already connected"));
    assert_eq!(m.connection.state, ConnState::Open);
}

#[test]
fn send_while_not_open_keeps_the_draft() {
    let mut m = model();
    m.up(Comp::DraftEdited("hello".into()), 0);
    assert!(m.up(Msg::Send, 0).is_empty());
    assert_eq!(m.composer.draft, "hello");
    assert!(m.notices.text().contains("not connected"));
}

#[test]
fn send_goes_out_then_sent_logs_and_clears_the_draft() {
    let mut m = model();
    open(&mut m);
    m.up(Comp::DraftEdited("hello".into()), 0);
    let cmds = m.up(Msg::Send, 3);
    assert_eq!(cmds, vec![Cmd::Send { payload: Payload::Text("hello".into()), origin: Origin::Draft }]);
    assert_eq!(m.composer.draft, "hello", "the draft stays until the socket took it");
    m.up(Outcome::Sent { payload: Payload::Text("hello".into()), origin: Origin::Draft }, 4);
    assert_eq!(m.composer.draft, "");
    assert_eq!(m.stats.out_count, 1);
    assert_eq!(m.stats.out_bytes, 5);
    assert_eq!(kinds(&m).last(), Some(&"out"));
}

#[test]
fn send_failure_keeps_the_draft_and_says_why() {
    let mut m = model();
    open(&mut m);
    m.up(Comp::DraftEdited("x".into()), 0);
    m.up(
        Outcome::SendFailed {
            error: "InvalidStateError".into(),
            payload: Payload::Text("x".into()),
            origin: Origin::Draft,
        },
        5,
    );
    assert_eq!(m.composer.draft, "x");
    assert!(m.notices.text().contains("InvalidStateError"));
}

#[test]
fn bad_json_or_hex_gives_a_notice() {
    let mut m = model();
    open(&mut m);
    m.up(Comp::FormatChosen(SendFormat::Json), 0);
    m.up(Comp::DraftEdited("{\"a\":".into()), 0);
    assert!(m.up(Msg::Send, 0).is_empty());
    assert!(m.notices.text().contains("line 1"), "{}", m.notices.text());
    m.up(Comp::FormatChosen(SendFormat::Hex), 0);
    m.up(Comp::DraftEdited("abc".into()), 0);
    assert!(m.up(Msg::Send, 0).is_empty());
    assert!(m.notices.text().contains("odd"));
    assert_eq!(m.composer.draft, "abc");
    m.up(Comp::DraftEdited("de ad".into()), 0);
    assert_eq!(
        m.up(Msg::Send, 0),
        vec![Cmd::Send { payload: Payload::Binary(vec![0xde, 0xad].into()), origin: Origin::Draft }]
    );
}

#[test]
fn close_checks_code_and_reason_first() {
    let mut m = model();
    open(&mut m);
    m.up(Conn::CloseCodeEdited("1001".into()), 0);
    assert!(m.up(Msg::Close, 0).is_empty());
    assert!(m.notices.text().contains("1001"));
    assert_eq!(m.connection.state, ConnState::Open);
    m.up(Conn::CloseCodeEdited("4000".into()), 0);
    m.up(Conn::CloseReasonEdited("é".repeat(62)), 0);
    assert!(m.up(Msg::Close, 0).is_empty());
    assert!(m.notices.text().contains("124 bytes"));
    assert_eq!(m.connection.reason_bytes(), (124, 123));
    m.up(Conn::CloseReasonEdited("Deliberate Connection".into()), 0);
    assert_eq!(m.up(Msg::Close, 0), vec![Cmd::Close { code: 4000, reason: "Deliberate Connection".into() }]);
    assert_eq!(m.connection.state, ConnState::Closing);
    assert!(m.notices.is_empty());
    let conn = m.connection.conn;
    m.up(
        Msg::Socket {
            conn,
            event: SocketEvent::Closed { code: 4000, reason: "Deliberate Connection".into(), clean: true },
        },
        9,
    );
    assert_eq!(m.connection.state, ConnState::Closed);
    assert_eq!(kinds(&m).last(), Some(&"close"));
}

#[test]
fn stop_while_closed_says_why() {
    let mut m = model();
    assert!(m.up(Msg::Close, 0).is_empty());
    assert!(m.notices.text().contains("not connected"));
    assert_eq!(m.connection.state, ConnState::Idle);
}

#[test]
fn events_of_an_old_socket_are_ignored() {
    let mut m = model();
    open(&mut m);
    m.up(Msg::Socket { conn: 99, event: SocketEvent::Message(Payload::Text("stale".into())) }, 5);
    assert_eq!(m.stats.in_count, 0);
}

#[test]
fn messages_count_and_errors_log() {
    let mut m = model();
    open(&mut m);
    let conn = m.connection.conn;
    m.up(Msg::Socket { conn, event: SocketEvent::Message(Payload::Binary(vec![1, 2, 3].into())) }, 5);
    m.up(Msg::Socket { conn, event: SocketEvent::Errored }, 6);
    m.up(
        Msg::Socket { conn, event: SocketEvent::Closed { code: 1006, reason: String::new(), clean: false } },
        7,
    );
    assert_eq!(m.stats.in_count, 1);
    assert_eq!(m.stats.in_bytes, 3);
    assert_eq!(kinds(&m), vec!["info", "open", "in", "error", "close"]);
    assert_eq!(m.connection.state, ConnState::Closed);
    // Connecting again after a close works.
    assert_eq!(m.up(Msg::Connect, 8).len(), 1);
}

#[test]
fn send_file_needs_an_open_connection() {
    let mut m = model();
    assert!(m.up(Msg::SendFile { name: "a.bin".into(), bytes: vec![1] }, 0).is_empty());
    assert!(m.notices.text().contains("a.bin"));
    open(&mut m);
    let cmds = m.up(Msg::SendFile { name: "a.bin".into(), bytes: vec![1, 2] }, 0);
    assert_eq!(cmds, vec![Cmd::Send { payload: Payload::Binary(vec![1, 2].into()), origin: Origin::File }]);
}

#[test]
fn the_query_string_fills_the_fields() {
    let page = PageOrigin { scheme: "http".into(), host: "h".into() };
    let m = Model::new(page, &QueryParams::parse("?url=ws://x/y&protocols=p"));
    assert_eq!(m.connection.url_input, "ws://x/y");
    assert_eq!(m.connection.protocols_input, "p");
}

#[test]
fn open_and_close_entries_say_how_long() {
    let mut m = model();
    m.up(Msg::Connect, 1000);
    opened(&mut m, 1042);
    closed(&mut m, 1000, 4042);
    let texts: Vec<String> = m.log.iter().map(|e| e.summary()).collect();
    assert!(texts[1].contains("in 42 ms"), "{texts:?}");
    assert!(texts[2].contains("open for 3.0 s"), "{texts:?}");
}
