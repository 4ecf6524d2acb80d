//! The protocol lens concern: which protocol the connection speaks (chosen, or detected from the
//! subprotocol, the URL and the first frames), its per-connection state, the notes it leaves on entries
//! (lens, heartbeat, the entry a reply answers), the handshakes and heartbeats it answers, and the
//! drafts it encodes. Rows and the detail view decode lazily from the raw frame. Pure.

pub mod graphql;
pub mod jsonrpc;
pub mod socketio;
#[cfg(test)]
mod tests;

use std::borrow::Cow;

use crate::core::json::Value;

use super::choice::Choice;
use super::info::Info;
use super::log::{EntryKind, Log, LogEntry};
use super::payload::{Payload, SendFormat};

/// A lens: the `protocol-lens` option values, and what `data-lens` says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum LensId {
    #[default]
    Auto,
    Raw,
    SocketIo,
    GraphqlTransportWs,
    GraphqlWs,
    JsonRpc,
}

impl Choice for LensId {
    const ALL: &'static [Self] = &[
        LensId::Auto,
        LensId::Raw,
        LensId::SocketIo,
        LensId::GraphqlTransportWs,
        LensId::GraphqlWs,
        LensId::JsonRpc,
    ];

    fn value(self) -> &'static str {
        match self {
            LensId::Auto => "auto",
            LensId::Raw => "raw",
            LensId::SocketIo => "socket.io",
            LensId::GraphqlTransportWs => "graphql-transport-ws",
            LensId::GraphqlWs => "graphql-ws",
            LensId::JsonRpc => "json-rpc",
        }
    }

    fn label(self) -> &'static str {
        match self {
            LensId::Auto => "Auto (detect)",
            LensId::Raw => "Raw frames",
            LensId::SocketIo => "Socket.IO v5 (Engine.IO v4)",
            LensId::GraphqlTransportWs => "GraphQL: graphql-transport-ws",
            LensId::GraphqlWs => "GraphQL: graphql-ws (legacy Apollo)",
            LensId::JsonRpc => "JSON-RPC 2.0",
        }
    }
}

/// Who sent a frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    In,
    Out,
}

impl Dir {
    pub(crate) fn other(self) -> Dir {
        match self {
            Dir::In => Dir::Out,
            Dir::Out => Dir::In,
        }
    }
}

/// What a lens noted of one entry when it came: kept beside the log, only for entries a lens decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Note {
    pub lens: LensId,
    /// A protocol heartbeat (Engine.IO ping/pong, GraphQL ping/pong/ka).
    pub heartbeat: bool,
    /// The entry this one answers or belongs to: a reply's request, a result's operation, an
    /// attachment's placeholder packet.
    pub link: Option<u64>,
    /// For an attachment: which one (from 1).
    pub part: u32,
}

impl Note {
    pub(crate) fn new(lens: LensId) -> Note {
        Note { lens, heartbeat: false, link: None, part: 0 }
    }
}

/// Why the lens sends something by itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplyKind {
    Heartbeat,
    Handshake,
    /// Asked for by the user (completing an operation).
    User,
}

/// A frame the lens sends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reply {
    pub text: String,
    pub kind: ReplyKind,
}

impl Reply {
    pub(crate) fn heartbeat(text: String) -> Reply {
        Reply { text, kind: ReplyKind::Heartbeat }
    }
    pub(crate) fn handshake(text: String) -> Reply {
        Reply { text, kind: ReplyKind::Handshake }
    }
    pub(crate) fn user(text: String) -> Reply {
        Reply { text, kind: ReplyKind::User }
    }
}

/// What a lens made of one frame.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Seen {
    pub note: Option<Note>,
    pub replies: Vec<Reply>,
    /// Something the user must fix (a bad auth payload), for the notice.
    pub problem: Option<String>,
}

/// The state of the lens in effect on this connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Active {
    SocketIo(socketio::State),
    Graphql(graphql::State),
    JsonRpc(jsonrpc::State),
}

impl Active {
    fn new(id: LensId) -> Option<Active> {
        match id {
            LensId::Auto | LensId::Raw => None,
            LensId::SocketIo => Some(Active::SocketIo(socketio::State::default())),
            LensId::GraphqlTransportWs => {
                Some(Active::Graphql(graphql::State::new(graphql::Proto::Transport)))
            }
            LensId::GraphqlWs => Some(Active::Graphql(graphql::State::new(graphql::Proto::Legacy))),
            LensId::JsonRpc => Some(Active::JsonRpc(jsonrpc::State::default())),
        }
    }

    fn id(&self) -> LensId {
        match self {
            Active::SocketIo(_) => LensId::SocketIo,
            Active::Graphql(g) => g.proto.lens(),
            Active::JsonRpc(_) => LensId::JsonRpc,
        }
    }
}

/// What the user sets.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Settings {
    pub socketio: socketio::Settings,
    /// GraphQL's `connection_init` payload: a JSON object, or empty for none.
    pub init_payload: String,
}

/// How many first frames `auto` looks at before settling on raw.
const DETECT_FRAMES: u8 = 8;

/// What the user does with the lens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Msg {
    Chosen(LensId),
    /// `lens-auto`: answer heartbeats and do the handshake.
    AutoToggled(bool),
    NamespaceEdited(String),
    AuthEdited(String),
    InitPayloadEdited(String),
    /// Ask for an ack with each Socket.IO event sent.
    AckToggled(bool),
    /// End the running GraphQL operation with this id.
    Complete(String),
}

/// The lens concern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lens {
    pub choice: LensId,
    pub auto: bool,
    pub settings: Settings,
    pub ack: bool,
    pub active: Option<Active>,
    /// First frames still to look at for `auto` (0: decided or given up).
    undecided: u8,
}

impl Default for Lens {
    fn default() -> Self {
        Lens {
            choice: LensId::Auto,
            auto: true,
            settings: Settings::default(),
            ack: false,
            active: None,
            undecided: 0,
        }
    }
}

/// Whether `url` is a Socket.IO v5 endpoint (`/socket.io/` with `EIO=4`).
pub(crate) fn is_socketio_url(url: &str) -> bool {
    url.contains("/socket.io/") && url.contains("EIO=4")
}

impl Lens {
    /// The lens in effect (`Raw` when none).
    pub fn in_effect(&self) -> LensId {
        self.active.as_ref().map_or(LensId::Raw, Active::id)
    }

    /// Applies a user message; what to send (completing an operation).
    #[inline(never)]
    pub(crate) fn update(&mut self, msg: Msg) -> Option<Reply> {
        match msg {
            Msg::Chosen(id) => {
                self.choice = id;
                self.active = Active::new(id);
                self.undecided = if id == LensId::Auto { DETECT_FRAMES } else { 0 };
            }
            Msg::AutoToggled(on) => self.auto = on,
            Msg::NamespaceEdited(v) => self.settings.socketio.namespace = v,
            Msg::AuthEdited(v) => self.settings.socketio.auth = v,
            Msg::InitPayloadEdited(v) => self.settings.init_payload = v,
            Msg::AckToggled(on) => self.ack = on,
            Msg::Complete(id) => {
                return match &self.active {
                    Some(Active::Graphql(g)) => g.complete(&id),
                    _ => None,
                }
            }
        }
        None
    }

    /// A connection to `url` is starting: fresh state, the lens chosen or guessed from the URL.
    pub(crate) fn connecting(&mut self, url: &str) {
        self.active = match self.choice {
            LensId::Auto if is_socketio_url(url) => Active::new(LensId::SocketIo),
            id => Active::new(id),
        };
        self.undecided = if self.choice == LensId::Auto && self.active.is_none() { DETECT_FRAMES } else { 0 };
    }

    /// The connection opened with `protocol`: `auto` picks GraphQL by it; GraphQL's handshake starts.
    pub(crate) fn opened(&mut self, protocol: &str) -> Seen {
        if self.choice == LensId::Auto && self.active.is_none() {
            self.active = match protocol {
                "graphql-transport-ws" => Active::new(LensId::GraphqlTransportWs),
                "graphql-ws" => Active::new(LensId::GraphqlWs),
                _ => None,
            };
            if self.active.is_some() {
                self.undecided = 0;
            }
        }
        let mut seen = Seen::default();
        if let (Some(Active::Graphql(g)), true) = (&mut self.active, self.auto) {
            match g.init(&self.settings.init_payload) {
                Ok(r) => seen.replies.push(r),
                Err(e) => seen.problem = Some(e),
            }
        }
        seen
    }

    /// Notes a frame (`seq` is the number its entry will get); the lens's replies when `auto`.
    pub(crate) fn frame(&mut self, dir: Dir, payload: &Payload, seq: u64) -> Seen {
        if self.undecided > 0 {
            self.detect(payload);
        }
        let Some(active) = &mut self.active else { return Seen::default() };
        match (active, payload) {
            (Active::SocketIo(s), Payload::Text(t)) => {
                s.text(dir, t, seq, self.auto, &self.settings.socketio)
            }
            (Active::SocketIo(s), Payload::Binary(_)) => s.binary(dir),
            (Active::Graphql(g), Payload::Text(t)) => g.text(dir, t, seq, self.auto),
            (Active::JsonRpc(r), Payload::Text(t)) => r.text(dir, t, seq),
            (Active::Graphql(_) | Active::JsonRpc(_), Payload::Binary(_)) => Seen::default(),
        }
    }

    /// Looks at one of the first frames for a protocol's signature.
    fn detect(&mut self, payload: &Payload) {
        self.undecided -= 1;
        let Payload::Text(t) = payload else { return };
        let head = super::payload::text_head(t, 4096);
        let found = if t.starts_with("0{") && head.contains("\"sid\"") {
            Some(LensId::SocketIo)
        } else if head.trim_start().starts_with(['{', '[']) && head.contains("\"jsonrpc\"") {
            Some(LensId::JsonRpc)
        } else {
            None
        };
        if let Some(id) = found {
            self.active = Active::new(id);
            self.undecided = 0;
        }
    }

    /// The connection closed: the close entry's note when the lens explains its codes, and what the
    /// lens says of the handshake if it never completed.
    pub(crate) fn closed(&mut self) -> (Option<Note>, Option<Info>) {
        self.undecided = 0;
        match &self.active {
            Some(Active::Graphql(g)) => {
                let unacked = (!g.acked).then_some(Info::ClosedBeforeAck { init_sent: g.init_sent });
                (Some(Note::new(g.proto.lens())), unacked)
            }
            _ => (None, None),
        }
    }

    /// Encodes a draft in a protocol format, or says why it cannot.
    pub(crate) fn encode(&mut self, format: SendFormat, draft: &str) -> Result<Payload, String> {
        let need = |what: &str| {
            format!("The {what} format needs the connection's lens to be {what}: choose it in the protocol lens, or connect to such a server.")
        };
        if format == SendFormat::JsonRpc && self.choice == LensId::Auto && self.active.is_none() {
            // JSON-RPC has no handshake: sending in its format is enough to read the connection by it.
            self.active = Active::new(LensId::JsonRpc);
            self.undecided = 0;
        }
        match (format, &mut self.active) {
            (SendFormat::SocketIo, Some(Active::SocketIo(s))) => {
                s.encode(draft, self.ack, &self.settings.socketio)
            }
            (SendFormat::SocketIo, _) => Err(need("socket.io")),
            (SendFormat::Graphql, Some(Active::Graphql(g))) => g.encode(draft),
            (SendFormat::Graphql, _) => Err(need("graphql")),
            (SendFormat::JsonRpc, Some(Active::JsonRpc(r))) => r.encode(draft),
            (SendFormat::JsonRpc, _) => Err(need("json-rpc")),
            (SendFormat::Text | SendFormat::Json | SendFormat::Hex | SendFormat::Base64, _) => {
                Err("This format is not a protocol's.".into())
            }
        }
    }

    /// What `#status` says of the protocol's state.
    pub fn phase(&self) -> Option<String> {
        Some(match self.active.as_ref()? {
            Active::SocketIo(s) => s.phase(&self.settings.socketio),
            Active::Graphql(g) => g.phase(),
            Active::JsonRpc(r) => r.phase(),
        })
    }

    /// The running and finished GraphQL operations.
    pub fn operations(&self) -> Option<&std::collections::VecDeque<graphql::Op>> {
        match &self.active {
            Some(Active::Graphql(g)) => Some(&g.ops),
            _ => None,
        }
    }
}

/// At most `max` characters of `s`, with `…` when cut.
pub(crate) fn cut(s: &str, max: usize) -> Cow<'_, str> {
    match s.char_indices().nth(max) {
        Some((i, _)) => Cow::Owned(format!("{}…", &s[..i])),
        None => Cow::Borrowed(s),
    }
}

fn text_of(e: &LogEntry) -> Option<&str> {
    match e.kind.payload() {
        Some(Payload::Text(t)) => Some(t),
        _ => None,
    }
}

/// The protocol's description of an entry a lens noted (`None` for others).
pub fn label(log: &Log, e: &LogEntry) -> Option<String> {
    let note = log.note(e.seq)?;
    let linked = note.link.and_then(|s| log.by_seq(s));
    let after = |l: &LogEntry| super::log::duration_text(e.at_ms.saturating_sub(l.at_ms));
    if let EntryKind::Close(close) = &e.kind {
        return graphql::close_meaning(close.code).map(str::to_owned);
    }
    if note.part > 0 {
        let of = note.link.map(|s| format!(" of #{s}")).unwrap_or_default();
        return Some(format!("attachment {}{of}", note.part));
    }
    let text = text_of(e)?;
    let mut s = match note.lens {
        LensId::SocketIo => socketio::label(text)?,
        LensId::GraphqlTransportWs | LensId::GraphqlWs => {
            let op = linked.and_then(text_of).and_then(graphql::operation_name);
            graphql::label(text, op.as_deref())?
        }
        LensId::JsonRpc => {
            let request = |id: &str| linked.and_then(text_of).and_then(|t| jsonrpc::method_of(t, id));
            jsonrpc::label(text, &request)?
        }
        LensId::Auto | LensId::Raw => return None,
    };
    if let (Some(l), LensId::SocketIo | LensId::JsonRpc) = (linked, note.lens) {
        s.push_str(&format!(" · reply to #{} after {}", l.seq, after(l)));
    }
    Some(s)
}

/// An entry's one-line text: the lens's description before the raw text, when a lens noted it.
pub fn row_text(log: &Log, e: &LogEntry) -> String {
    row_text_within(log, e, crate::core::log::ROW_TEXT_CHARS)
}

/// `row_text` for a row `max_chars` characters wide: a message's raw text is cut there (saying so).
pub fn row_text_within(log: &Log, e: &LogEntry, max_chars: usize) -> String {
    match label(log, e) {
        Some(l) => format!("{l} · {}", e.row_summary(max_chars)),
        None => e.row_summary(max_chars),
    }
}

/// The decoded message of an entry a lens noted, for the detail view.
pub fn detail(log: &Log, e: &LogEntry) -> Option<Value> {
    let note = log.note(e.seq)?;
    let text = text_of(e)?;
    match note.lens {
        LensId::SocketIo => socketio::detail(text),
        LensId::GraphqlTransportWs | LensId::GraphqlWs => {
            let op =
                note.link.and_then(|s| log.by_seq(s)).and_then(text_of).and_then(graphql::operation_name);
            graphql::detail(text, op.as_deref())
        }
        LensId::JsonRpc => jsonrpc::detail(text),
        LensId::Auto | LensId::Raw => None,
    }
}
