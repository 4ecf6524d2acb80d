//! What Sockpit keeps across reloads, in the shape the browser's database holds it: one settings record
//! (versioned JSON, migrated from older versions, each field checked on the way back) and one record per
//! log entry (its fields as JSON, a binary payload's bytes beside it, for a Blob). Pure.

#[cfg(test)]
mod tests;

use crate::core::json::{json, Value};

use super::app::{Model, Msg};
use super::choice::Choice;
use super::connection::{ConnState, Msg as Conn};
use super::export::{entry_from_stored, stored_fields, ExportedEntry};
use super::filter::KindSet;
use super::lens::{LensId, Msg as LensMsg};
use super::log::LogEntry;
use super::logbook::Msg as Book;
use super::payload::{parse_base64, to_base64, Payload, SendFormat};
use super::session::heartbeat::Msg as Hb;
use super::session::reconnect::{Field, Msg as Rec};
use super::session::rtt::{Msg as Rtt, RttChoice};
use super::workspace::history::Visit;
use super::workspace::library::Library;
use super::workspace::Msg as Ws;

/// The settings record's schema, written as `"v"`. Version 0 (no `"v"`) was flat: `url`, `protocols`,
/// `draft`, `format`.
pub const SCHEMA: u64 = 1;
/// The key of the settings record.
pub const SETTINGS_KEY: &str = "settings";
/// The longest settings record read back.
pub const SETTINGS_MAX: usize = 32 * 1024 * 1024;

/// Why stored settings were not used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refused {
    /// Written by a newer Sockpit: left as it is, and nothing is written over it.
    Newer(u64),
    /// Not a settings record at all.
    Corrupt(String),
}

/// The settings record of `m`: connection, composer, session, log and workspace settings; whether a
/// connection was open; when it was written.
pub fn settings_of(m: &Model, now_ms: u64) -> Value {
    let (c, s, w) = (&m.connection, &m.session, &m.workspace);
    let f = &m.logbook.filter;
    json!({
        "v": SCHEMA,
        "saved_ms": now_ms,
        "was_open": matches!(c.state, ConnState::Open | ConnState::Connecting),
        "connection": {
            "url": c.url_input, "protocols": c.protocols_input,
            "close_code": c.close_code_input, "close_reason": c.close_reason_input,
        },
        "composer": { "draft": m.composer.draft, "format": m.composer.format.value() },
        "lens": {
            "choice": m.lens.choice.value(), "auto": m.lens.auto, "ack": m.lens.ack,
            "namespace": m.lens.settings.socketio.namespace, "auth": m.lens.settings.socketio.auth,
            "init_payload": m.lens.settings.init_payload,
        },
        "session": {
            "reconnect": { "enabled": s.reconnect.enabled, "inputs": s.reconnect.inputs },
            "heartbeat": { "enabled": s.heartbeat.enabled, "text": s.heartbeat.text, "secs": s.heartbeat.secs_input },
            "replies": s.replies.rules.iter().map(|r| json!({ "pattern": r.pattern, "reply": r.reply, "enabled": r.enabled })).collect::<Vec<_>>(),
            "rtt": { "mode": s.rtt.mode.value(), "field": s.rtt.field },
            "outbox": {
                "enabled": s.outbox.enabled,
                "items": s.outbox.iter().map(|p| match p {
                    Payload::Text(t) => json!({ "text": t }),
                    Payload::Binary(b) => json!({ "base64": to_base64(&b.all()) }),
                }).collect::<Vec<_>>(),
            },
        },
        "log": {
            "cap": m.logbook.cap_input, "filter": f.text, "regex": f.regex,
            "kinds": [f.kinds.incoming, f.kinds.outgoing, f.kinds.events, f.kinds.heartbeats],
        },
        "workspace": {
            "library": Library::to_json(w.library.items()),
            "variables": w.variables_text,
            "captures": w.captures_text, "captures_on": w.captures_on,
            "sequence": w.sequence.text, "sequence_on": w.sequence.enabled,
            "history": w.history.visits().map(|v| json!({ "url": v.url, "protocols": v.protocols, "at_ms": v.at_ms })).collect::<Vec<_>>(),
        },
    })
}

/// Brings an older settings record up to `SCHEMA`.
pub fn migrate(mut doc: Value) -> Result<Value, Refused> {
    if !doc.is_object() {
        return Err(Refused::Corrupt("the settings are not a JSON object".into()));
    }
    let v = doc
        .get("v")
        .map_or(Some(0), Value::as_u64)
        .ok_or_else(|| Refused::Corrupt("its version is not a number".into()))?;
    if v > SCHEMA {
        return Err(Refused::Newer(v));
    }
    if v == 0 {
        let take = |d: &mut Value, k: &str| d.get_mut(k).map(Value::take).unwrap_or(Value::Null);
        let (url, protocols) = (take(&mut doc, "url"), take(&mut doc, "protocols"));
        let (draft, format) = (take(&mut doc, "draft"), take(&mut doc, "format"));
        doc = json!({
            "v": 1,
            "connection": { "url": url, "protocols": protocols },
            "composer": { "draft": draft, "format": format },
        });
    }
    Ok(doc)
}

/// What restoring `doc` does: the messages that set each readable field (so each is checked as if
/// typed), whether a connection was open, when it was saved, and the fields that could not be read.
pub struct Restore {
    pub msgs: Vec<Msg>,
    pub was_open: bool,
    pub saved_ms: Option<u64>,
    pub problems: Vec<String>,
}

/// Reads a settings record (any version up to `SCHEMA`).
pub fn restore(doc: Value) -> Result<Restore, Refused> {
    let doc = migrate(doc)?;
    let mut r = Restore { msgs: Vec::new(), was_open: false, saved_ms: None, problems: Vec::new() };
    let at = |path: &[&str]| -> Option<&Value> { path.iter().try_fold(&doc, |v, k| v.get(k)) };
    let text = |r: &mut Restore, path: &[&str], make: &dyn Fn(String) -> Msg| match at(path) {
        None | Some(Value::Null) => {}
        Some(Value::String(s)) => r.msgs.push(make(s.clone())),
        Some(_) => r.problems.push(path.join(".")),
    };
    let flag = |r: &mut Restore, path: &[&str], make: &dyn Fn(bool) -> Msg| match at(path) {
        None | Some(Value::Null) => {}
        Some(Value::Bool(b)) => r.msgs.push(make(*b)),
        Some(_) => r.problems.push(path.join(".")),
    };
    r.was_open = at(&["was_open"]).and_then(Value::as_bool).unwrap_or(false);
    r.saved_ms = at(&["saved_ms"]).and_then(Value::as_u64);
    text(&mut r, &["connection", "url"], &|s| Conn::UrlEdited(s).into());
    text(&mut r, &["connection", "protocols"], &|s| Conn::ProtocolsEdited(s).into());
    text(&mut r, &["connection", "close_code"], &|s| Conn::CloseCodeEdited(s).into());
    text(&mut r, &["connection", "close_reason"], &|s| Conn::CloseReasonEdited(s).into());
    text(&mut r, &["composer", "draft"], &|s| super::composer::Msg::DraftEdited(s).into());
    if let Some(f) = at(&["composer", "format"]).and_then(Value::as_str) {
        match SendFormat::from_value(f) {
            Some(f) => r.msgs.push(super::composer::Msg::FormatChosen(f).into()),
            None => r.problems.push("composer.format".into()),
        }
    }
    if let Some(choice) = at(&["lens", "choice"]).and_then(Value::as_str) {
        match LensId::from_value(choice) {
            Some(c) => r.msgs.push(LensMsg::Chosen(c).into()),
            None => r.problems.push("lens.choice".into()),
        }
    }
    flag(&mut r, &["lens", "auto"], &|b| LensMsg::AutoToggled(b).into());
    flag(&mut r, &["lens", "ack"], &|b| LensMsg::AckToggled(b).into());
    text(&mut r, &["lens", "namespace"], &|s| LensMsg::NamespaceEdited(s).into());
    text(&mut r, &["lens", "auth"], &|s| LensMsg::AuthEdited(s).into());
    text(&mut r, &["lens", "init_payload"], &|s| LensMsg::InitPayloadEdited(s).into());
    flag(&mut r, &["session", "reconnect", "enabled"], &|b| Rec::Toggled(b).into());
    if let Some(inputs) = at(&["session", "reconnect", "inputs"]).and_then(Value::as_array) {
        for (field, v) in Field::ALL.iter().zip(inputs) {
            match v.as_str() {
                Some(s) => r.msgs.push(Rec::SettingEdited(*field, s.to_owned()).into()),
                None => r.problems.push(format!("session.reconnect.{}", field.value())),
            }
        }
    }
    flag(&mut r, &["session", "heartbeat", "enabled"], &|b| Hb::Toggled(b).into());
    text(&mut r, &["session", "heartbeat", "text"], &|s| Hb::TextEdited(s).into());
    text(&mut r, &["session", "heartbeat", "secs"], &|s| Hb::SecsEdited(s).into());
    if let Some(rules) = at(&["session", "replies"]).and_then(Value::as_array) {
        for (i, rule) in rules.iter().enumerate().take(100) {
            match (rule.get("pattern").and_then(Value::as_str), rule.get("reply").and_then(Value::as_str)) {
                (Some(p), Some(rep)) => {
                    let on = rule.get("enabled").and_then(Value::as_bool).unwrap_or(true);
                    r.msgs.push(Msg::Restored(Restored::Reply {
                        pattern: p.to_owned(),
                        reply: rep.to_owned(),
                        on,
                    }));
                }
                _ => r.problems.push(format!("session.replies[{i}]")),
            }
        }
    }
    if let Some(mode) = at(&["session", "rtt", "mode"]).and_then(Value::as_str) {
        match RttChoice::from_value(mode) {
            Some(m) => r.msgs.push(Rtt::ModeChosen(m).into()),
            None => r.problems.push("session.rtt.mode".into()),
        }
    }
    text(&mut r, &["session", "rtt", "field"], &|s| Rtt::FieldEdited(s).into());
    flag(&mut r, &["session", "outbox", "enabled"], &|b| super::session::outbox::Msg::Toggled(b).into());
    if let Some(items) = at(&["session", "outbox", "items"]).and_then(Value::as_array) {
        let mut queued = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match (item.get("text").and_then(Value::as_str), item.get("base64").and_then(Value::as_str)) {
                (Some(t), None) => queued.push(Payload::Text(t.to_owned())),
                (None, Some(b)) => match parse_base64(b) {
                    Ok(bytes) => queued.push(Payload::Binary(bytes.into())),
                    Err(_) => r.problems.push(format!("session.outbox.items[{i}]")),
                },
                _ => r.problems.push(format!("session.outbox.items[{i}]")),
            }
        }
        if !queued.is_empty() {
            r.msgs.push(Msg::Restored(Restored::Outbox(queued)));
        }
    }
    text(&mut r, &["log", "cap"], &|s| Book::CapEdited(s).into());
    flag(&mut r, &["log", "regex"], &|b| Book::FilterRegexToggled(b).into());
    text(&mut r, &["log", "filter"], &|s| Book::FilterEdited(s).into());
    if let Some(k) = at(&["log", "kinds"]).and_then(Value::as_array) {
        match k.iter().map(Value::as_bool).collect::<Option<Vec<bool>>>().as_deref() {
            Some(&[incoming, outgoing, events, heartbeats]) => r
                .msgs
                .push(Book::FilterKindsChosen(KindSet { incoming, outgoing, events, heartbeats }).into()),
            _ => r.problems.push("log.kinds".into()),
        }
    }
    if let Some(list) = at(&["workspace", "library"]) {
        let (items, errors) = Library::items_from_json(list);
        r.problems.extend(errors.into_iter().map(|e| format!("workspace.library: {e}")));
        r.msgs.push(Msg::Restored(Restored::Library(items)));
    }
    text(&mut r, &["workspace", "variables"], &|s| Ws::VariablesEdited(s).into());
    text(&mut r, &["workspace", "captures"], &|s| Ws::CapturesEdited(s).into());
    flag(&mut r, &["workspace", "captures_on"], &|b| Ws::CapturesToggled(b).into());
    text(&mut r, &["workspace", "sequence"], &|s| Ws::SequenceEdited(s).into());
    flag(&mut r, &["workspace", "sequence_on"], &|b| Ws::SequenceToggled(b).into());
    if let Some(list) = at(&["workspace", "history"]).and_then(Value::as_array) {
        let visits: Vec<Visit> = list
            .iter()
            .filter_map(|v| {
                Some(Visit {
                    url: v.get("url")?.as_str()?.chars().take(2048).collect(),
                    protocols: v.get("protocols")?.as_str()?.chars().take(1024).collect(),
                    at_ms: v.get("at_ms")?.as_u64()?,
                })
            })
            .collect();
        if visits.len() < list.len() {
            r.problems.push(format!("workspace.history: {} entries", list.len() - visits.len()));
        }
        r.msgs.push(Msg::Restored(Restored::History(visits)));
    }
    Ok(r)
}

/// Restored state that no user message sets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Restored {
    Library(Vec<super::workspace::library::Item>),
    History(Vec<Visit>),
    Reply {
        pattern: String,
        reply: String,
        on: bool,
    },
    /// Messages that were waiting in the outbox.
    Outbox(Vec<Payload>),
    /// Log entries read back, oldest first (more may follow).
    Entries(Vec<LogEntry>),
    /// The log is read back: how many entries, and what could not be read.
    LogDone {
        restored: u64,
        unreadable: u64,
    },
    /// The log starts being read back: connecting waits until it is done.
    Begin {
        count: u64,
    },
    /// Keeping failed or is impossible: said once in the notice.
    Failed(String),
    /// A stored record that could not be read, kept to be offered as a download.
    Aside(String),
    /// The connection was open when the page was left (it is not reopened).
    WasOpen {
        url: String,
    },
}

/// A log entry as stored: its fields as JSON, and a binary payload's bytes (kept as a Blob).
pub fn record_of(e: &LogEntry) -> (String, Option<Vec<u8>>) {
    let (fields, bytes) = stored_fields(e);
    (fields.to_json(), bytes)
}

/// A stored log entry read back, or why it cannot be.
pub fn entry_of(json: &str, bytes: Option<Vec<u8>>) -> Result<LogEntry, String> {
    let fields = ExportedEntry::from_json_text(json).map_err(|e| format!("not an entry: {e}"))?;
    entry_from_stored(fields, bytes).map_err(|e| e.to_string())
}
