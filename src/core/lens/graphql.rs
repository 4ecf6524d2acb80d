//! The GraphQL over WebSocket lenses: `graphql-transport-ws` (the graphql-ws library's protocol) and the
//! legacy `graphql-ws` (Apollo's subscriptions-transport-ws). Message decoding, `connection_init` on open,
//! `ping` answered, operations tracked by id, and `subscribe`/`start` encoding. Pure.

use std::collections::VecDeque;

use crate::core::json::{json, Map, Value};

use super::{Dir, LensId, Note, Reply, Seen};
use crate::core::payload::Payload;

/// Which of the two protocols.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Proto {
    /// `graphql-transport-ws`.
    Transport,
    /// `graphql-ws`, the legacy Apollo protocol.
    Legacy,
}

impl Proto {
    pub(crate) fn lens(self) -> LensId {
        match self {
            Proto::Transport => LensId::GraphqlTransportWs,
            Proto::Legacy => LensId::GraphqlWs,
        }
    }

    fn start(self) -> &'static str {
        match self {
            Proto::Transport => "subscribe",
            Proto::Legacy => "start",
        }
    }

    fn stop(self) -> &'static str {
        match self {
            Proto::Transport => "complete",
            Proto::Legacy => "stop",
        }
    }
}

/// A message's `type` and `id`; `None` when the text is not such a message.
pub(crate) fn head(text: &str) -> Option<(String, Option<String>)> {
    let t = text.trim_start();
    if !t.starts_with('{') {
        return None;
    }
    let v: Value = crate::core::json::from_str(t).ok()?;
    let kind = v.get("type")?.as_str()?.to_owned();
    let id = v.get("id").and_then(Value::as_str).map(str::to_owned);
    Some((kind, id))
}

fn is_heartbeat(kind: &str) -> bool {
    matches!(kind, "ping" | "pong" | "ka")
}

/// Where an operation is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpState {
    Running,
    Completed,
    Failed,
}

/// One operation started on this connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Op {
    pub id: String,
    /// `subscription Ticks`, `query hello`, ...
    pub name: String,
    /// The entry that started it.
    pub seq: u64,
    pub state: OpState,
    pub results: u64,
    /// The latest result's entry.
    pub last: Option<u64>,
}

/// How many operations are remembered per connection.
pub(crate) const MAX_OPS: usize = 200;

/// The lens's state for one connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct State {
    pub proto: Proto,
    /// `connection_init` sent.
    pub init_sent: bool,
    /// `connection_ack` received.
    pub acked: bool,
    pub ops: VecDeque<Op>,
    next_id: u64,
}

impl State {
    pub(crate) fn new(proto: Proto) -> State {
        State { proto, init_sent: false, acked: false, ops: VecDeque::new(), next_id: 0 }
    }

    /// The `connection_init` message, or why the payload cannot be sent.
    pub(crate) fn init(&mut self, payload: &str) -> Result<Reply, String> {
        let payload = payload.trim();
        let msg = if payload.is_empty() {
            json!({ "type": "connection_init" })
        } else {
            match crate::core::json::from_str(payload) {
                Ok(p @ Value::Object(_)) => json!({ "type": "connection_init", "payload": p }),
                _ => return Err("The connection_init payload must be a JSON object (or empty).".into()),
            }
        };
        self.init_sent = true;
        Ok(Reply::handshake(msg.to_string()))
    }

    /// Notes a text frame; answers `ping` when `auto`.
    pub(crate) fn text(&mut self, dir: Dir, text: &str, seq: u64, auto: bool) -> Seen {
        let Some((kind, id)) = head(text) else { return Seen::default() };
        let mut note = Note::new(self.proto.lens());
        note.heartbeat = is_heartbeat(&kind);
        let mut seen = Seen::default();
        match (dir, kind.as_str()) {
            (Dir::In, "ping") if auto && self.proto == Proto::Transport => {
                seen.replies.push(Reply::heartbeat(r#"{"type":"pong"}"#.to_owned()));
            }
            (Dir::In, "connection_ack") => self.acked = true,
            (Dir::Out, "connection_init") => self.init_sent = true,
            (Dir::Out, "subscribe" | "start") => {
                if let Some(id) = &id {
                    let name = operation_name(text).unwrap_or_else(|| "operation".into());
                    if self.ops.len() == MAX_OPS {
                        self.ops.pop_front();
                    }
                    self.ops.retain(|o| &o.id != id);
                    self.ops.push_back(Op {
                        id: id.clone(),
                        name,
                        seq,
                        state: OpState::Running,
                        results: 0,
                        last: None,
                    });
                }
            }
            (_, kind) => {
                if let Some(op) = id.as_ref().and_then(|id| self.ops.iter_mut().rev().find(|o| &o.id == id)) {
                    note.link = Some(op.seq);
                    match kind {
                        "next" | "data" => {
                            op.results += 1;
                            op.last = Some(seq);
                        }
                        "complete" | "stop" => op.state = OpState::Completed,
                        "error" => op.state = OpState::Failed,
                        _ => {}
                    }
                }
            }
        }
        seen.note = Some(note);
        seen
    }

    /// Encodes a draft (a GraphQL document, then optionally a line `---` and a JSON variables object) as
    /// `subscribe` (or `start`) with the next id.
    pub(crate) fn encode(&mut self, draft: &str) -> Result<Payload, String> {
        let (query, variables) = match draft.split_once("\n---") {
            Some((q, v)) => (q, Some(v.trim_start_matches('-').trim())),
            None => (draft, None),
        };
        let query = query.trim();
        if query.is_empty() {
            return Err("Write a GraphQL document first, such as subscription { ticks }.".into());
        }
        let mut payload = json!({ "query": query });
        if let Some(v) = variables.filter(|v| !v.is_empty()) {
            match crate::core::json::from_str(v) {
                Ok(vars @ Value::Object(_)) => payload["variables"] = vars,
                Ok(_) => return Err("The variables after --- must be a JSON object.".into()),
                Err(e) => return Err(format!("The variables after --- are not valid JSON: {e}.")),
            }
        }
        if let Some(name) = named_operation(query) {
            payload["operationName"] = json!(name);
        }
        self.next_id += 1;
        let msg = json!({ "id": self.next_id.to_string(), "type": self.proto.start(), "payload": payload });
        Ok(Payload::Text(msg.to_string()))
    }

    /// The message that ends operation `id`, if it is running.
    pub(crate) fn complete(&self, id: &str) -> Option<Reply> {
        self.ops.iter().find(|o| o.id == id && o.state == OpState::Running)?;
        Some(Reply::user(json!({ "id": id, "type": self.proto.stop() }).to_string()))
    }

    /// What `#status` says of the handshake.
    pub(crate) fn phase(&self) -> String {
        let running = self.ops.iter().filter(|o| o.state == OpState::Running).count();
        match (self.init_sent, self.acked) {
            (_, true) => format!("acknowledged · {running} running"),
            (true, false) => "awaiting connection_ack".into(),
            (false, false) => "connection_init not sent".into(),
        }
    }
}

/// The word after `query`/`mutation`/`subscription`, when the operation is named.
fn named_operation(doc: &str) -> Option<String> {
    let mut words = tokens(doc);
    let first = words.next()?;
    if !matches!(first, "query" | "mutation" | "subscription") {
        return None;
    }
    let name = words.next()?;
    name.chars().next().filter(|c| c.is_alphabetic() || *c == '_').map(|_| name.to_owned())
}

/// `subscription Ticks`, or `subscription ticks` (its first field) when anonymous; `None` when the
/// message has no GraphQL document.
pub(crate) fn operation_name(text: &str) -> Option<String> {
    let v: Value = crate::core::json::from_str(text).ok()?;
    let doc = v.get("payload")?.get("query")?.as_str()?;
    Some(describe_document(doc))
}

/// `subscription Ticks` for a named operation, else its kind and first field.
pub(crate) fn describe_document(doc: &str) -> String {
    let mut words = tokens(doc).peekable();
    let kind = match words.peek() {
        Some(&w @ ("query" | "mutation" | "subscription")) => {
            words.next();
            w
        }
        _ => "query",
    };
    if let Some(name) = named_operation(doc) {
        return format!("{kind} {}", super::cut(&name, 60));
    }
    let field = words.find(|w| w.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_'));
    match field {
        Some(f) => format!("{kind} {}", super::cut(f, 60)),
        None => kind.to_owned(),
    }
}

/// GraphQL names and single punctuators, comments and strings skipped. Bounded by the text.
fn tokens(doc: &str) -> impl Iterator<Item = &str> {
    let mut rest = doc;
    std::iter::from_fn(move || loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
        let c = rest.chars().next()?;
        if c == '#' {
            rest = rest.find('\n').map_or("", |i| &rest[i..]);
            continue;
        }
        if c == '"' {
            let end = rest[1..].find('"').map_or(rest.len(), |i| i + 2);
            rest = &rest[end..];
            continue;
        }
        let len = if c.is_alphanumeric() || c == '_' {
            rest.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len())
        } else {
            c.len_utf8()
        };
        let (tok, tail) = rest.split_at(len);
        rest = tail;
        return Some(tok);
    })
}

/// The one-line description of a message (`None`: not one). `op` is the operation it belongs to.
pub(crate) fn label(text: &str, op: Option<&str>) -> Option<String> {
    let (kind, id) = head(text)?;
    let mut s = super::cut(&kind, 40).into_owned();
    if let Some(id) = &id {
        s.push_str(&format!(" {}", super::cut(id, 40)));
    }
    match kind.as_str() {
        "subscribe" | "start" => {
            if let Some(name) = operation_name(text) {
                s.push_str(&format!(" {name}"));
            }
        }
        _ => {
            if let Some(op) = op {
                s.push_str(&format!(" of {op}"));
            }
        }
    }
    if matches!(kind.as_str(), "error" | "connection_error") {
        if let Some(m) = first_error(text) {
            s.push_str(&format!(": {}", super::cut(&m, 120)));
        }
    }
    Some(s)
}

/// The first error message in an `error` message's payload.
fn first_error(text: &str) -> Option<String> {
    let v: Value = crate::core::json::from_str(text).ok()?;
    let p = v.get("payload")?;
    let first = p.as_array().and_then(|a| a.first()).unwrap_or(p);
    first.get("message").and_then(Value::as_str).map(str::to_owned)
}

/// The decoded message as a JSON object, for the detail view.
pub(crate) fn detail(text: &str, op: Option<&str>) -> Option<Value> {
    head(text)?;
    let mut v: Value = crate::core::json::from_str(text).ok()?;
    if let (Some(op), Value::Object(o)) = (op, &mut v) {
        o.insert("operation".into(), json!(op));
    }
    let mut out = Map::new();
    out.insert("graphql".into(), v);
    Some(Value::Object(out))
}

/// What a `graphql-transport-ws` close code means (its PROTOCOL.md), for codes the protocol defines.
pub(crate) fn close_meaning(code: u16) -> Option<&'static str> {
    Some(match code {
        4400 => "graphql-transport-ws: bad request (a message the server could not accept)",
        4401 => "graphql-transport-ws: unauthorized (an operation before connection_ack)",
        4403 => "graphql-transport-ws: forbidden (the server refused the connection_init)",
        4406 => "graphql-transport-ws: subprotocol not acceptable",
        4408 => "graphql-transport-ws: connection initialisation timeout (no connection_init in time)",
        4409 => "graphql-transport-ws: a subscriber for this id already exists",
        4429 => "graphql-transport-ws: too many initialisation requests (connection_init sent twice)",
        4499 => "graphql-transport-ws: terminated",
        4500 => "graphql-transport-ws: internal server error",
        _ => return None,
    })
}
