//! Engine.IO v4 and Socket.IO v5 packets in text frames: their headers decoded (no JSON parsed for that),
//! the open packet's fields, an event's name, a frame's one-line label and its detail as JSON. Pure.

use crate::core::json::{json, Map, Value};

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

    pub(super) fn has_attachments(self) -> bool {
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
                format!("{} {}", p.eio.name(), super::super::cut(p.rest, 40))
            }
            e => e.name().into(),
        });
    };
    let mut s = sio.kind.name().to_owned();
    if matches!(sio.kind, Sio::Event | Sio::BinaryEvent) {
        if let Some(name) = event_name(sio.data) {
            s.push(' ');
            s.push_str(&super::super::cut(&name, 80));
        }
    }
    s.push(' ');
    s.push_str(super::super::cut(sio.nsp, 80).as_ref());
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
                s.push_str(&format!(": {}", super::super::cut(m, 120)));
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
