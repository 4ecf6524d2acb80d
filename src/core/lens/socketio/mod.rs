//! The Socket.IO v5 lens over Engine.IO v4: the namespace handshake, ping answers, binary attachments
//! joined to their placeholder, ack ids joined to their event, and EVENT encoding; the packets themselves
//! are read in `packet.rs`. Pure.

use std::collections::VecDeque;

use crate::core::json::Value;

use super::{Dir, Note, Reply, Seen};
use crate::core::payload::Payload;

mod packet;

pub use packet::OpenInfo;
pub(crate) use packet::{decode, detail, label, Eio, Sio};

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
