//! The JSON-RPC 2.0 lens: requests, notifications, results and errors (standard codes named) and batches;
//! replies joined to their request by id; requests encoded from `method` and a JSON params value. Pure.

use std::collections::VecDeque;

use crate::core::json::{json, Value};

use super::{Dir, LensId, Note, Seen};
use crate::core::payload::Payload;

/// An id's key: a number or string as written (a string quoted), anything else `null`.
fn id_key(id: Option<&Value>) -> Option<String> {
    match id? {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(format!("{s:?}")),
        Value::Null => None,
        _ => Some("null".into()),
    }
}

/// What one JSON-RPC message is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Request {
        method: String,
        id: String,
    },
    Notification {
        method: String,
    },
    Result {
        id: String,
    },
    Error {
        code: i64,
        message: String,
        id: String,
    },
    /// Has `jsonrpc` but fits none of the above.
    Invalid,
}

/// Most messages of a batch decoded (the rest are counted).
const MAX_BATCH: usize = 1000;

/// The messages of a frame (one, or a batch) and whether it was a batch; `None` when not JSON-RPC.
pub(crate) fn decode(text: &str) -> Option<(Vec<Kind>, usize, bool)> {
    let t = text.trim_start();
    if !t.starts_with(['[', '{']) {
        return None;
    }
    let v: Value = crate::core::json::from_str(t).ok()?;
    let (items, batch) = match &v {
        Value::Array(a) => (a.as_slice(), true),
        Value::Object(_) => (std::slice::from_ref(&v), false),
        _ => return None,
    };
    let objects = items.iter().all(Value::is_object);
    if items.is_empty() || !objects || !items.iter().any(|m| m.get("jsonrpc").is_some()) {
        return None;
    }
    let kinds = items.iter().take(MAX_BATCH).map(kind).collect();
    Some((kinds, items.len(), batch))
}

fn kind(m: &Value) -> Kind {
    let method = m.get("method").and_then(Value::as_str).map(str::to_owned);
    let id = id_key(m.get("id"));
    match (method, id, m.get("error")) {
        (Some(method), Some(id), _) => Kind::Request { method, id },
        (Some(method), None, _) => Kind::Notification { method },
        (None, id, Some(e)) => Kind::Error {
            code: e.get("code").and_then(Value::as_i64).unwrap_or(0),
            message: e.get("message").and_then(Value::as_str).unwrap_or("").to_owned(),
            id: id.unwrap_or_else(|| "null".into()),
        },
        (None, Some(id), None) if m.get("result").is_some() => Kind::Result { id },
        _ => Kind::Invalid,
    }
}

/// The name of a standard error code (the specification's table).
pub(crate) fn error_name(code: i64) -> Option<&'static str> {
    Some(match code {
        -32700 => "Parse error",
        -32600 => "Invalid Request",
        -32601 => "Method not found",
        -32602 => "Invalid params",
        -32603 => "Internal error",
        -32099..=-32000 => "Server error",
        _ => return None,
    })
}

/// How many requests in flight are remembered per connection.
const MAX_PENDING: usize = 4096;

/// The lens's state for one connection: requests waiting for their reply.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct State {
    /// (direction of the request, id key, its entry).
    pending: VecDeque<(Dir, String, u64)>,
    next_id: u64,
    /// Replies joined to their request.
    pub answered: u64,
}

impl State {
    /// Notes a frame: requests wait for their reply, replies are joined to their request.
    pub(crate) fn text(&mut self, dir: Dir, text: &str, seq: u64) -> Seen {
        let Some((kinds, _, _)) = decode(text) else { return Seen::default() };
        let mut note = Note::new(LensId::JsonRpc);
        for k in &kinds {
            match k {
                Kind::Request { id, .. } => {
                    if self.pending.len() == MAX_PENDING {
                        self.pending.pop_front();
                    }
                    self.pending.push_back((dir, id.clone(), seq));
                }
                Kind::Result { id } | Kind::Error { id, .. } => {
                    let asker = dir.other();
                    if let Some(i) = self.pending.iter().position(|(d, k, _)| *d == asker && k == id) {
                        if let Some((_, _, at)) = self.pending.remove(i) {
                            note.link.get_or_insert(at);
                            self.answered += 1;
                        }
                    }
                }
                Kind::Notification { .. } | Kind::Invalid => {}
            }
        }
        Seen { note: Some(note), ..Seen::default() }
    }

    /// Encodes a draft: the method on the first line, then optionally a JSON params value (an array or
    /// an object); the id is the next number.
    pub(crate) fn encode(&mut self, draft: &str) -> Result<Payload, String> {
        let draft = draft.trim();
        let (method, params) = match draft.find(|c: char| c.is_whitespace()) {
            Some(i) => (&draft[..i], draft[i..].trim()),
            None => (draft, ""),
        };
        if method.is_empty() {
            return Err("Write the method name first, then optionally its params as JSON: add [2, 3].".into());
        }
        if method.starts_with(['{', '[']) {
            return Err("A json-rpc draft starts with the method name, then its params: add [2, 3].".into());
        }
        self.next_id += 1;
        let mut msg = json!({ "jsonrpc": "2.0", "id": self.next_id, "method": method });
        if !params.is_empty() {
            match crate::core::json::from_str(params) {
                Ok(p @ (Value::Array(_) | Value::Object(_))) => msg["params"] = p,
                Ok(_) => return Err("JSON-RPC params are an array or an object.".into()),
                Err(e) => return Err(format!("The params are not valid JSON: {e}.")),
            }
        }
        Ok(Payload::Text(msg.to_string()))
    }

    /// What `#status` says.
    pub(crate) fn phase(&self) -> String {
        format!("{} waiting for a reply · {} answered", self.pending.len(), self.answered)
    }
}

fn describe(k: &Kind, request: &dyn Fn(&str) -> Option<String>) -> String {
    match k {
        Kind::Request { method, id } => {
            format!("request {} id {}", super::cut(method, 80), super::cut(id, 40))
        }
        Kind::Notification { method } => format!("notification {}", super::cut(method, 80)),
        Kind::Result { id } => match request(id) {
            Some(m) => format!("result id {} for {m}", super::cut(id, 40)),
            None => format!("result id {}", super::cut(id, 40)),
        },
        Kind::Error { code, message, id } => {
            let name = error_name(*code).map(|n| format!(" {n}")).unwrap_or_default();
            let of = request(id).map(|m| format!(" for {m}")).unwrap_or_default();
            format!("error {code}{name} id {}{of}: {}", super::cut(id, 40), super::cut(message, 120))
        }
        Kind::Invalid => "invalid message".into(),
    }
}

/// The one-line description of a frame; `request` names the method a reply's id belongs to.
pub(crate) fn label(text: &str, request: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let (kinds, total, batch) = decode(text)?;
    if !batch {
        return kinds.first().map(|k| describe(k, request));
    }
    let shown: Vec<String> = kinds.iter().take(3).map(|k| describe(k, request)).collect();
    let more = if total > 3 { format!(", … {} more", total - 3) } else { String::new() };
    Some(format!("batch of {total}: {}{more}", shown.join(", ")))
}

/// The method of the request with id key `id` in `text` (a request or a batch).
pub(crate) fn method_of(text: &str, id: &str) -> Option<String> {
    decode(text)?.0.into_iter().find_map(|k| match k {
        Kind::Request { method, id: i } if i == id => Some(method),
        _ => None,
    })
}

/// The decoded message as a JSON object, for the detail view.
pub(crate) fn detail(text: &str) -> Option<Value> {
    let (kinds, total, batch) = decode(text)?;
    let v: Value = crate::core::json::from_str(text).ok()?;
    let names: Vec<Value> = kinds
        .iter()
        .map(|k| {
            json!(match k {
                Kind::Request { .. } => "request",
                Kind::Notification { .. } => "notification",
                Kind::Result { .. } => "result",
                Kind::Error { code, .. } => error_name(*code).unwrap_or("error"),
                Kind::Invalid => "invalid",
            })
        })
        .collect();
    let mut out = crate::core::json::Map::new();
    if batch {
        out.insert("batch of".into(), json!(total));
        out.insert("kinds".into(), Value::Array(names));
    } else if let Some(k) = names.into_iter().next() {
        out.insert("kind".into(), k);
    }
    out.insert("json-rpc".into(), v);
    Some(Value::Object(out))
}
