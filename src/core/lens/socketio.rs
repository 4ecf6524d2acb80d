//! The Socket.IO v5 lens over Engine.IO v4: packet decoding, the namespace handshake, ping answers, binary
//! attachments joined to their placeholder, ack ids joined to their event, and EVENT encoding. Pure.

use std::collections::VecDeque;

use crate::core::json::{json, Map, Value};

use super::{Dir, Note, Reply, Seen};
use crate::core::payload::Payload;

/// Engine.IO packet types (the first character of a text frame).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Eio {
    Open,
    Close,
    Ping,
    Pong,
    Message,
    Upgrade,
    Noop,
}

impl Eio {
    fn name(self) -> &'static str {
        match self {
            Eio::Open => "OPEN",
            Eio::Close => "CLOSE",
            Eio::Ping => "PING",
            Eio::Pong => "PONG",
            Eio::Message => "MESSAGE",
            Eio::Upgrade => "UPGRADE",
            Eio::Noop => "NOOP",
        }
    }
}

/// Socket.IO packet types (the character after Engine.IO's `4`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sio {
    Connect,
    Disconnect,
    Event,
    Ack,
    ConnectError,
    BinaryEvent,
    BinaryAck,
}

impl Sio {
    fn name(self) -> &'static str {
        match self {
            Sio::Connect => "CONNECT",
            Sio::Disconnect => "DISCONNECT",
            Sio::Event => "EVENT",
            Sio::Ack => "ACK",
            Sio::ConnectError => "CONNECT_ERROR",
            Sio::BinaryEvent => "BINARY_EVENT",
            Sio::BinaryAck => "BINARY_ACK",
        }
    }

    fn has_attachments(self) -> bool {
        matches!(self, Sio::BinaryEvent | Sio::BinaryAck)
    }
}

/// A Socket.IO packet's header, borrowed from the frame; `data` is its JSON text (maybe empty).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SioPacket<'a> {
    pub kind: Sio,
    pub attachments: u32,
    pub nsp: &'a str,
    pub ack: Option<u64>,
    pub data: &'a str,
}

/// A decoded text frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Packet<'a> {
    pub eio: Eio,
    /// For `Message`: the Socket.IO packet it carries, when it is one.
    pub sio: Option<SioPacket<'a>>,
    /// What follows the type character (the open packet's JSON, a ping's probe, a message's text).
    pub rest: &'a str,
}

/// Most attachments one packet may announce (more is treated as not Socket.IO).
const MAX_ATTACHMENTS: u32 = 10_000;

/// Decodes one text frame's header (no JSON is parsed); `None` when it is not Engine.IO.
pub(crate) fn decode(text: &str) -> Option<Packet<'_>> {
    let mut chars = text.char_indices();
    let (_, c) = chars.next()?;
    let eio = match c {
        '0' => Eio::Open,
        '1' => Eio::Close,
        '2' => Eio::Ping,
        '3' => Eio::Pong,
        '4' => Eio::Message,
        '5' => Eio::Upgrade,
        '6' => Eio::Noop,
        _ => return None,
    };
    let rest = &text[1..];
    let sio = if eio == Eio::Message { decode_sio(rest) } else { None };
    Some(Packet { eio, sio, rest })
}

fn decode_sio(s: &str) -> Option<SioPacket<'_>> {
    let kind = match s.as_bytes().first()? {
        b'0' => Sio::Connect,
        b'1' => Sio::Disconnect,
        b'2' => Sio::Event,
        b'3' => Sio::Ack,
        b'4' => Sio::ConnectError,
        b'5' => Sio::BinaryEvent,
        b'6' => Sio::BinaryAck,
        _ => return None,
    };
    let mut s = &s[1..];
    let mut attachments = 0;
    if kind.has_attachments() {
        let dash = s.find('-')?;
        attachments = s[..dash].parse::<u32>().ok().filter(|&n| n <= MAX_ATTACHMENTS)?;
        s = &s[dash + 1..];
    }
    let mut nsp = "/";
    if s.starts_with('/') {
        let end = s.find(',').unwrap_or(s.len());
        nsp = &s[..end];
        s = s.get(end + 1..).unwrap_or("");
    }
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let ack = if digits > 0 { s[..digits].parse::<u64>().ok() } else { None };
    if digits > 0 && ack.is_none() {
        return None;
    }
    let data = &s[digits..];
    if !(data.is_empty() || data.starts_with('[') || data.starts_with('{') || data.starts_with('"')) {
        return None;
    }
    Some(SioPacket { kind, attachments, nsp, ack, data })
}

/// The event name: the first element of an EVENT's array, when it is a string.
pub(crate) fn event_name(data: &str) -> Option<String> {
    let inner = data.strip_prefix('[')?.trim_start();
    if !inner.starts_with('"') {
        return None;
    }
    let bytes = inner.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => {
                return match crate::core::json::from_str(&inner[..=i]) {
                    Ok(Value::String(name)) => Some(name),
                    _ => None,
                }
            }
            _ => i += 1,
        }
    }
    None
}

/// The Engine.IO open packet's fields.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OpenInfo {
    pub sid: String,
    pub ping_interval: u64,
    pub ping_timeout: u64,
}

impl OpenInfo {
    /// Reads the open packet's JSON; `None` when it is not an object.
    pub(crate) fn parse(json: &str) -> Option<OpenInfo> {
        let v: Value = crate::core::json::from_str(json).ok()?;
        let o = v.as_object()?;
        let num = |k: &str| o.get(k).and_then(Value::as_u64).unwrap_or(0);
        Some(OpenInfo {
            sid: o.get("sid").and_then(Value::as_str).unwrap_or("").to_owned(),
            ping_interval: num("pingInterval"),
            ping_timeout: num("pingTimeout"),
        })
    }
}

/// Which side sent an event that asked for an ack, its namespace and id: the key an ACK is joined by.
type AckKey = (Dir, String, u64);
/// How many acks in flight are remembered per connection.
const MAX_ACKS: usize = 1024;

/// The lens's state for one connection.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct State {
    /// The open packet, once it came.
    pub open: Option<OpenInfo>,
    /// Namespaces the server confirmed.
    pub connected: Vec<String>,
    /// Pings answered.
    pub pongs: u64,
    next_ack: u64,
    /// A placeholder packet whose attachments are still coming: its number, the attachments seen and
    /// announced, and who sent them.
    attach: Option<(u64, u32, u32, Dir)>,
    acks: VecDeque<(AckKey, u64)>,
}

/// The lens's settings: the namespace to join and the auth payload sent with CONNECT.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    pub namespace: String,
    /// A JSON object, or empty for none.
    pub auth: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { namespace: "/".into(), auth: String::new() }
    }
}

impl Settings {
    /// The namespace as the protocol writes it (`/` first).
    pub fn nsp(&self) -> String {
        let n = self.namespace.trim();
        if n.is_empty() {
            "/".into()
        } else if n.starts_with('/') {
            n.to_owned()
        } else {
            format!("/{n}")
        }
    }
}

/// `prefix` plus the namespace part of a packet: nothing for `/`, `"/admin,"` otherwise.
fn with_nsp(prefix: &str, nsp: &str) -> String {
    if nsp == "/" {
        prefix.to_owned()
    } else {
        format!("{prefix}{nsp},")
    }
}

/// The CONNECT packet for `settings`, or why the auth payload cannot be sent.
pub(crate) fn connect_packet(settings: &Settings) -> Result<String, String> {
    let mut s = with_nsp("40", &settings.nsp());
    let auth = settings.auth.trim();
    if !auth.is_empty() {
        match crate::core::json::from_str(auth) {
            Ok(Value::Object(_)) => s.push_str(auth),
            _ => return Err("The Socket.IO auth payload must be a JSON object (or empty).".into()),
        }
    }
    Ok(s)
}

/// Event names the protocol reserves: a client may not emit them.
const RESERVED: &[&str] =
    &["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"];

impl State {
    /// Notes an incoming text frame; replies the handshake and pings when `auto`.
    pub(crate) fn text(&mut self, dir: Dir, text: &str, seq: u64, auto: bool, settings: &Settings) -> Seen {
        let p = decode(text);
        // Attachments follow their placeholder; a heartbeat may come between, anything else ends them.
        if !matches!(&p, Some(p) if matches!(p.eio, Eio::Ping | Eio::Pong)) {
            self.attach = None;
        }
        let Some(p) = p else { return Seen::default() };
        let mut seen = Seen { note: Some(Note::new(super::LensId::SocketIo)), ..Seen::default() };
        match (p.eio, dir) {
            (Eio::Ping | Eio::Pong, _) => {
                if let Some(n) = &mut seen.note {
                    n.heartbeat = true;
                }
                if p.eio == Eio::Ping && dir == Dir::In && auto {
                    self.pongs += 1;
                    seen.replies.push(Reply::heartbeat(format!("3{}", p.rest)));
                }
            }
            (Eio::Open, Dir::In) => {
                self.open = OpenInfo::parse(p.rest);
                if auto {
                    match connect_packet(settings) {
                        Ok(c) => seen.replies.push(Reply::handshake(c)),
                        Err(e) => seen.problem = Some(e),
                    }
                }
            }
            _ => {}
        }
        if let Some(sio) = &p.sio {
            if sio.kind == Sio::Connect && dir == Dir::In && !self.connected.iter().any(|n| n == sio.nsp) {
                self.connected.push(sio.nsp.to_owned());
            }
            if sio.kind == Sio::Disconnect {
                self.connected.retain(|n| n != sio.nsp);
            }
            if let Some(id) = sio.ack {
                match sio.kind {
                    Sio::Event | Sio::BinaryEvent => {
                        if self.acks.len() == MAX_ACKS {
                            self.acks.pop_front();
                        }
                        self.acks.push_back(((dir, sio.nsp.to_owned(), id), seq));
                    }
                    Sio::Ack | Sio::BinaryAck => {
                        let asker = dir.other();
                        if let Some(i) = self
                            .acks
                            .iter()
                            .position(|((d, n, i), _)| *d == asker && n == sio.nsp && *i == id)
                        {
                            if let (Some(n), Some((_, at))) = (&mut seen.note, self.acks.remove(i)) {
                                n.link = Some(at);
                            }
                        }
                    }
                    _ => {}
                }
            }
            if sio.kind.has_attachments() && sio.attachments > 0 {
                self.attach = Some((seq, 0, sio.attachments, dir));
            }
        }
        seen
    }

    /// Notes a binary frame: an attachment of the placeholder packet before it, if one waits.
    pub(crate) fn binary(&mut self, dir: Dir) -> Seen {
        match &mut self.attach {
            Some((at, seen, total, from)) if *from == dir => {
                *seen += 1;
                let note = Note { part: *seen, link: Some(*at), ..Note::new(super::LensId::SocketIo) };
                if *seen >= *total {
                    self.attach = None;
                }
                Seen { note: Some(note), ..Seen::default() }
            }
            _ => Seen::default(),
        }
    }

    /// Encodes a draft `["event", ...args]` as an EVENT on the settings' namespace, with a fresh ack id
    /// when `ack`.
    pub(crate) fn encode(&mut self, draft: &str, ack: bool, settings: &Settings) -> Result<Payload, String> {
        let value: Value = crate::core::json::from_str(draft.trim())
            .map_err(|e| format!("A Socket.IO message is a JSON array [\"event\", ...args]: {e}."))?;
        let name = match value.as_array().and_then(|a| a.first()) {
            Some(Value::String(s)) => s.clone(),
            _ => return Err("A Socket.IO message is a JSON array whose first element is the event name, such as [\"chat\", \"hello\"].".into()),
        };
        if RESERVED.contains(&name.as_str()) {
            return Err(format!("The event name {name:?} is reserved by Socket.IO: pick another."));
        }
        let mut s = with_nsp("42", &settings.nsp());
        if ack {
            self.next_ack += 1;
            s.push_str(&self.next_ack.to_string());
        }
        s.push_str(&value.to_string());
        Ok(Payload::Text(s))
    }

    /// What `#status` says of the handshake.
    pub(crate) fn phase(&self, settings: &Settings) -> String {
        match &self.open {
            None => "waiting for the Engine.IO open packet".into(),
            Some(o) => {
                let nsp = settings.nsp();
                let joined = if self.connected.contains(&nsp) { "joined" } else { "joining" };
                format!(
                    "sid {} · {joined} {nsp} · ping {}+{} ms · {} pongs",
                    o.sid, o.ping_interval, o.ping_timeout, self.pongs
                )
            }
        }
    }
}

/// The one-line description of a text frame (`None`: not Engine.IO).
pub(crate) fn label(text: &str) -> Option<String> {
    let p = decode(text)?;
    let Some(sio) = &p.sio else {
        return Some(match p.eio {
            Eio::Open => match OpenInfo::parse(p.rest) {
                Some(o) => format!("OPEN sid {} ping {}+{} ms", o.sid, o.ping_interval, o.ping_timeout),
                None => "OPEN".into(),
            },
            Eio::Ping | Eio::Pong if !p.rest.is_empty() => {
                format!("{} {}", p.eio.name(), super::cut(p.rest, 40))
            }
            e => e.name().into(),
        });
    };
    let mut s = sio.kind.name().to_owned();
    if matches!(sio.kind, Sio::Event | Sio::BinaryEvent) {
        if let Some(name) = event_name(sio.data) {
            s.push(' ');
            s.push_str(&super::cut(&name, 80));
        }
    }
    s.push(' ');
    s.push_str(super::cut(sio.nsp, 80).as_ref());
    if let Some(id) = sio.ack {
        s.push_str(&format!(" ack {id}"));
    }
    if sio.attachments > 0 {
        s.push_str(&format!(
            " · {} attachment{}",
            sio.attachments,
            if sio.attachments == 1 { "" } else { "s" }
        ));
    }
    if sio.kind == Sio::ConnectError {
        if let Ok(Value::Object(o)) = crate::core::json::from_str(sio.data) {
            if let Some(Value::String(m)) = o.get("message") {
                s.push_str(&format!(": {}", super::cut(m, 120)));
            }
        }
    }
    Some(s)
}

/// The decoded message as a JSON object, for the detail view.
pub(crate) fn detail(text: &str) -> Option<Value> {
    let p = decode(text)?;
    let mut o = Map::new();
    o.insert("engine.io".into(), json!(p.eio.name()));
    match &p.sio {
        Some(sio) => {
            o.insert("socket.io".into(), json!(sio.kind.name()));
            o.insert("namespace".into(), json!(sio.nsp));
            if let Some(id) = sio.ack {
                o.insert("ack id".into(), json!(id));
            }
            if sio.attachments > 0 {
                o.insert("attachments".into(), json!(sio.attachments));
            }
            let data = crate::core::json::from_str(sio.data).unwrap_or(Value::Null);
            match (&data, sio.kind) {
                (Value::Array(a), Sio::Event | Sio::BinaryEvent) if !a.is_empty() => {
                    o.insert("event".into(), a[0].clone());
                    o.insert("args".into(), Value::Array(a[1..].to_vec()));
                }
                (_, _) if !sio.data.is_empty() => {
                    o.insert("data".into(), data);
                }
                _ => {}
            }
        }
        None if p.eio == Eio::Open => {
            o.insert("data".into(), crate::core::json::from_str(p.rest).unwrap_or(Value::Null));
        }
        None if !p.rest.is_empty() => {
            o.insert("data".into(), json!(p.rest));
        }
        None => {}
    }
    Some(Value::Object(o))
}
