//! The lens through the root model: handshakes and pongs as commands, notes on entries, the filter
//! finding protocol descriptions and hiding heartbeats, protocol formats, and closes explained.

use super::*;
use crate::core::lens::{LensId, Msg as Lens, ReplyKind};

fn socket(m: &mut Model, event: SocketEvent, at: u64) -> Vec<Cmd> {
    let conn = m.connection.conn;
    m.up(Msg::Socket { conn, event }, at)
}

fn text_in(m: &mut Model, t: &str, at: u64) -> Vec<Cmd> {
    socket(m, SocketEvent::Message(Payload::Text(t.into())), at)
}

/// The shell's part: every send command reported sent.
fn sent(m: &mut Model, cmds: Vec<Cmd>, at: u64) {
    for c in cmds {
        if let Cmd::Send { payload, origin } = c {
            m.up(Outcome::Sent { payload, origin }, at);
        }
    }
}

fn visible(m: &mut Model) -> Vec<String> {
    assert!(m.refresh_filter(u64::MAX));
    let idx = m.logbook.index();
    let seqs: Vec<u64> = if idx.is_filtering() {
        (0..idx.len()).filter_map(|i| idx.seq_at(i)).collect()
    } else {
        m.log.iter().map(|e| e.seq).collect()
    };
    seqs.iter().map(|&s| crate::core::lens::row_text(&m.log, m.log.by_seq(s).unwrap())).collect()
}

#[test]
fn a_socketio_session_through_the_model() {
    let mut m = model();
    m.up(Conn::UrlEdited("ws://127.0.0.1:9001/socket.io/?EIO=4&transport=websocket".into()), 0);
    m.up(Msg::Connect, 1);
    assert!(opened(&mut m, 2).is_empty(), "Socket.IO waits for the open packet");
    let cmds = text_in(&mut m, r#"0{"sid":"s","pingInterval":25000,"pingTimeout":20000}"#, 3);
    assert_eq!(
        cmds,
        vec![Cmd::Send { payload: Payload::Text("40".into()), origin: Origin::Lens(ReplyKind::Handshake) }]
    );
    sent(&mut m, cmds, 3);
    text_in(&mut m, r#"40{"sid":"x"}"#, 4);
    let pong = text_in(&mut m, "2", 5);
    assert_eq!(
        pong,
        vec![Cmd::Send { payload: Payload::Text("3".into()), origin: Origin::Lens(ReplyKind::Heartbeat) }]
    );
    sent(&mut m, pong, 5);
    m.up(Comp::FormatChosen(SendFormat::SocketIo), 6);
    m.up(Comp::DraftEdited(r#"["chat","hi"]"#.into()), 6);
    let cmds = m.up(Msg::Send, 6);
    assert_eq!(
        cmds,
        vec![Cmd::Send { payload: Payload::Text(r#"42["chat","hi"]"#.into()), origin: Origin::Draft }]
    );
    sent(&mut m, cmds, 6);
    assert_eq!(m.composer.draft, "", "sent: the composer is free");
    text_in(&mut m, r#"42["chat","hi"]"#, 7);
    assert_eq!(m.lens.in_effect(), LensId::SocketIo);

    let rows = visible(&mut m);
    assert!(rows.iter().any(|r| r.starts_with("OPEN sid s ping 25000+20000 ms")), "{rows:?}");
    assert!(rows.iter().any(|r| r == "PONG · 3"), "{rows:?}");
    // The filter finds the protocol's words as well as the raw text.
    m.up(Book::FilterEdited("EVENT chat".into()), 8);
    assert_eq!(visible(&mut m).len(), 2, "the event sent and the one received");
    m.up(Book::FilterEdited(String::new()), 8);
    let all = visible(&mut m).len();
    let mut kinds = m.logbook.filter.kinds;
    kinds.heartbeats = false;
    m.up(Book::FilterKindsChosen(kinds), 8);
    let shown = visible(&mut m);
    assert_eq!(shown.len(), all - 2, "the ping and the pong hidden: {shown:?}");
    assert!(!shown.iter().any(|r| r.starts_with("PING") || r.starts_with("PONG")));
    assert_eq!(m.log.len(), all, "still counted");
}

#[test]
fn lens_auto_off_answers_nothing_and_bad_settings_are_said() {
    let mut m = model();
    m.up(Lens::AutoToggled(false), 0);
    m.up(Conn::UrlEdited("ws://127.0.0.1:9001/socket.io/?EIO=4".into()), 0);
    m.up(Msg::Connect, 1);
    opened(&mut m, 2);
    assert!(text_in(&mut m, r#"0{"sid":"s"}"#, 3).is_empty());
    assert!(text_in(&mut m, "2", 4).is_empty());
    m.up(Lens::AutoToggled(true), 5);
    m.up(Lens::AuthEdited("not json".into()), 5);
    assert!(text_in(&mut m, r#"0{"sid":"s"}"#, 6).is_empty());
    assert!(m.notices.text().contains("auth payload must be a JSON object"), "{}", m.notices.text());
}

#[test]
fn graphql_handshake_operations_and_close_codes() {
    let mut m = model();
    m.up(Conn::UrlEdited("ws://127.0.0.1:9001/graphql".into()), 0);
    m.up(Msg::Connect, 1);
    let cmds = socket(
        &mut m,
        SocketEvent::Opened { protocol: "graphql-transport-ws".into(), extensions: String::new() },
        2,
    );
    assert_eq!(
        cmds,
        vec![Cmd::Send {
            payload: Payload::Text(r#"{"type":"connection_init"}"#.into()),
            origin: Origin::Lens(ReplyKind::Handshake)
        }]
    );
    sent(&mut m, cmds, 2);
    // No ack: the server's 4408 is explained, and so is the missing ack.
    closed(&mut m, 4408, 3);
    let rows = visible(&mut m);
    assert!(rows.iter().any(|r| r.contains("connection initialisation timeout")), "{rows:?}");
    assert!(matches!(last_info(&m), Some(Info::ClosedBeforeAck { init_sent: true })), "{rows:?}");

    // Sending GraphQL on a raw connection is refused, the draft kept.
    m.up(Conn::UrlEdited("ws://127.0.0.1:9001/echo".into()), 4);
    m.up(Msg::Connect, 4);
    opened(&mut m, 5);
    m.up(Comp::FormatChosen(SendFormat::Graphql), 6);
    m.up(Comp::DraftEdited("{ hello }".into()), 6);
    assert!(m.up(Msg::Send, 6).is_empty());
    assert!(m.notices.text().contains("lens"), "{}", m.notices.text());
    assert_eq!(m.composer.draft, "{ hello }");
    // Completing an operation that is not running sends nothing.
    assert!(m.up(Lens::Complete("1".into()), 7).is_empty());
}
