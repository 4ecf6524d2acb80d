//! Tests of what is kept: the settings record round trips through the model, older records migrate,
//! newer and corrupt ones are refused or read field by field, log records keep binary bytes apart.

use crate::core::json::json;

use super::*;
use crate::core::log::{Closed, EntryKind};
use crate::core::payload::Payload;
use crate::core::protocol::PageOrigin;
use crate::core::query::QueryParams;

fn model() -> Model {
    Model::new(PageOrigin { scheme: "http".into(), host: "127.0.0.1:9001".into() }, &QueryParams::default())
}

fn apply(m: &mut Model, r: Restore) {
    for msg in r.msgs {
        m.update(msg, 1);
    }
}

#[test]
fn settings_round_trip_through_a_fresh_model() {
    let mut m = model();
    m.update(Conn::UrlEdited("ws://example.test/feed".into()).into(), 0);
    m.update(Conn::ProtocolsEdited("chat, v2".into()).into(), 0);
    m.update(Conn::CloseCodeEdited("4001".into()).into(), 0);
    m.update(Conn::CloseReasonEdited("bye".into()).into(), 0);
    m.update(super::super::composer::Msg::DraftEdited("{\"n\": {{counter}}}".into()).into(), 0);
    m.update(super::super::composer::Msg::FormatChosen(SendFormat::Json).into(), 0);
    m.update(Rec::Toggled(true).into(), 0);
    m.update(Rec::SettingEdited(Field::Max, "9000".into()).into(), 0);
    m.update(Hb::Toggled(true).into(), 0);
    m.update(Hb::TextEdited("ping".into()).into(), 0);
    m.update(Book::CapEdited("5000".into()).into(), 0);
    m.update(Book::FilterEdited("tick".into()).into(), 0);
    m.update(Ws::NameEdited("hello".into()).into(), 0);
    m.update(Ws::Save.into(), 0);
    m.update(Ws::VariablesEdited("secret token = t\nname = ada".into()).into(), 0);
    m.update(Ws::SequenceEdited("hello".into()).into(), 0);
    m.workspace.history.opened("ws://example.test/feed", "chat, v2", 5);
    m.session.replies.add_off("^ping$", "pong");
    m.update(crate::core::session::outbox::Msg::Toggled(true).into(), 0);
    m.session.outbox.push(Payload::Text("queued".into())).unwrap();
    m.session.outbox.push(Payload::Binary(vec![1, 2, 255].into())).unwrap();
    m.update(LensMsg::NamespaceEdited("/admin".into()).into(), 0);

    let doc = settings_of(&m, 42);
    let text = doc.to_string();
    let back: Value = crate::core::json::from_str(&text).unwrap();
    let r = restore(back).unwrap();
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!(r.saved_ms, Some(42));
    assert!(!r.was_open);
    let mut fresh = model();
    apply(&mut fresh, r);
    assert_eq!(fresh.connection.url_input, "ws://example.test/feed");
    assert_eq!(fresh.connection.protocols_input, "chat, v2");
    assert_eq!(fresh.connection.close_code_input, "4001");
    assert_eq!(fresh.composer.draft, "{\"n\": {{counter}}}");
    assert_eq!(fresh.composer.format, SendFormat::Json);
    assert!(fresh.session.reconnect.enabled);
    assert_eq!(fresh.session.reconnect.inputs, m.session.reconnect.inputs);
    assert!(fresh.session.heartbeat.enabled && fresh.session.heartbeat.text == "ping");
    assert_eq!(fresh.logbook.cap_input, "5000");
    assert_eq!(fresh.logbook.filter.text, "tick");
    assert_eq!(fresh.workspace.library, m.workspace.library);
    assert_eq!(fresh.workspace.variables_text, m.workspace.variables_text);
    assert_eq!(fresh.workspace.sequence.text, "hello");
    assert_eq!(fresh.workspace.history, m.workspace.history);
    assert_eq!(fresh.session.replies.rules, m.session.replies.rules, "an off rule stays off");
    assert!(fresh.session.outbox.enabled);
    assert_eq!(
        fresh.session.outbox.iter().cloned().collect::<Vec<_>>(),
        m.session.outbox.iter().cloned().collect::<Vec<_>>()
    );
    assert_eq!(fresh.lens.settings.socketio.namespace, "/admin");
    // Only the settings: the model's own log and state are untouched by restoring.
    assert_eq!(fresh.connection.state, ConnState::Idle);
}

#[test]
fn a_version_0_record_migrates() {
    let r = restore(json!({ "url": "ws://old/", "protocols": "a", "draft": "hi", "format": "hex" })).unwrap();
    let mut m = model();
    apply(&mut m, r);
    assert_eq!(m.connection.url_input, "ws://old/");
    assert_eq!(m.composer.draft, "hi");
    assert_eq!(m.composer.format, SendFormat::Hex);
}

#[test]
fn a_newer_or_corrupt_record_is_refused_and_bad_fields_are_named() {
    assert_eq!(restore(json!({ "v": 7, "connection": {} })).err(), Some(Refused::Newer(7)));
    assert!(matches!(restore(json!([1, 2])), Err(Refused::Corrupt(_))));
    assert!(matches!(restore(json!({ "v": "one" })), Err(Refused::Corrupt(_))));
    let r = restore(json!({
        "v": 1,
        "connection": { "url": 5, "protocols": "ok" },
        "composer": { "format": "klingon" },
        "log": { "kinds": [true] },
        "workspace": { "library": [{ "name": "x", "format": "text", "body": "b" }, { "name": 3 }],
                       "history": [{ "url": "ws://h/", "protocols": "", "at_ms": 1 }, { "url": 1 }] },
    }))
    .unwrap();
    let problems = r.problems.join("; ");
    for part in ["connection.url", "composer.format", "log.kinds", "workspace.library", "workspace.history"] {
        assert!(problems.contains(part), "{part} in {problems}");
    }
    let mut m = model();
    apply(&mut m, r);
    assert_eq!(m.connection.protocols_input, "ok", "what can be read is kept");
    assert_eq!(m.workspace.library.items().len(), 1);
    assert_eq!(m.workspace.history.visits().len(), 1);
}

#[test]
fn log_records_keep_binary_bytes_apart_and_read_back_exactly() {
    let entries = [
        LogEntry { seq: 3, at_ms: 10, kind: EntryKind::In(Payload::Text("héllo".into())) },
        LogEntry { seq: 4, at_ms: 11, kind: EntryKind::Out(Payload::Binary(vec![0, 255, 1, 128].into())) },
        LogEntry {
            seq: 5,
            at_ms: 12,
            kind: EntryKind::Close(Box::new(Closed {
                code: 4001,
                reason: "bye".into(),
                clean: true,
                lasted_ms: Some(2),
            })),
        },
    ];
    for e in &entries {
        let (json, bytes) = record_of(e);
        assert!(!json.contains("base64"), "bytes are not in the JSON: {json}");
        let back = entry_of(&json, bytes).unwrap();
        assert_eq!(&back, e);
    }
    assert!(entry_of("{\"seq\":1", None).is_err());
    assert!(
        entry_of("{\"seq\":1,\"at_ms\":1,\"kind\":\"in\",\"format\":\"binary\"}", None).is_err(),
        "bytes missing"
    );
    let mut log = crate::core::log::Log::with_cap(2);
    assert_eq!(log.append_restored(entries.to_vec()), 0);
    assert_eq!(log.len(), 2);
    assert_eq!(log.next_seq(), 6);
    assert_eq!(log.since(5).count(), 1);
    assert_eq!(log.append_restored(vec![entries[0].clone()]), 1, "out of order: left out");
}
