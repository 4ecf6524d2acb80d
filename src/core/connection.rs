//! The connection concern: the URL, subprotocol and close fields as typed, the socket's state and
//! number, and the log entries of opening and closing. Pure.

use super::cmd::Cmd;
use super::context::Cx;
use super::info::Info;
use super::log::{Closed, EntryKind, Opened};
use super::notice::Source;
use super::payload::Payload;
use super::protocol::{
    check_reason, check_url, parse_close_code, parse_protocols, PageOrigin, MAX_REASON_BYTES,
};

/// The connection's state, as the contract's `data-state` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ConnState {
    #[default]
    Idle,
    Connecting,
    Open,
    Closing,
    Closed,
}

impl ConnState {
    /// `idle`, `connecting`, `open`, `closing` or `closed`.
    pub fn name(self) -> &'static str {
        match self {
            ConnState::Idle => "idle",
            ConnState::Connecting => "connecting",
            ConnState::Open => "open",
            ConnState::Closing => "closing",
            ConnState::Closed => "closed",
        }
    }

    /// Whether a socket exists and has not closed yet.
    pub(crate) fn is_live(self) -> bool {
        matches!(self, ConnState::Connecting | ConnState::Open | ConnState::Closing)
    }
}

/// What one socket reported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SocketEvent {
    Opened { protocol: String, extensions: String },
    Message(Payload),
    Closed { code: u16, reason: String, clean: bool },
    Errored,
}

/// Why the browser's `error` event fired, as far as anyone can tell (browsers give no detail).
pub(crate) const ERROR_TEXT: &str = "WebSocket error: the browser gives no detail. Usual causes: nothing listens at \
that address, the server refused the handshake (wrong path, subprotocol or origin), a TLS certificate problem \
with wss://, or a proxy or firewall cut the connection.";

/// The connection fields the user edits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Msg {
    /// One of the companion server's endpoints was picked: it fills the URL and subprotocols.
    PresetChosen(Preset),
    UrlEdited(String),
    ProtocolsEdited(String),
    CloseCodeEdited(String),
    CloseReasonEdited(String),
}

/// The companion server's endpoints a user can pick instead of typing: one per protocol it speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    Echo,
    SocketIo,
    GraphqlTransportWs,
    GraphqlWs,
    JsonRpc,
}

impl Preset {
    /// The endpoint's path and query on the companion server.
    pub fn path(self) -> &'static str {
        match self {
            Preset::Echo => "/echo",
            Preset::SocketIo => "/socket.io/?EIO=4&transport=websocket",
            Preset::GraphqlTransportWs | Preset::GraphqlWs => "/graphql",
            Preset::JsonRpc => "/jsonrpc",
        }
    }

    /// The subprotocols it needs offered.
    pub fn protocols(self) -> &'static str {
        match self {
            Preset::GraphqlTransportWs => "graphql-transport-ws",
            Preset::GraphqlWs => "graphql-ws",
            Preset::Echo | Preset::SocketIo | Preset::JsonRpc => "",
        }
    }
}

impl crate::core::choice::Choice for Preset {
    const ALL: &'static [Self] =
        &[Preset::Echo, Preset::SocketIo, Preset::GraphqlTransportWs, Preset::GraphqlWs, Preset::JsonRpc];

    fn value(self) -> &'static str {
        match self {
            Preset::Echo => "echo",
            Preset::SocketIo => "socket.io",
            Preset::GraphqlTransportWs => "graphql-transport-ws",
            Preset::GraphqlWs => "graphql-ws",
            Preset::JsonRpc => "json-rpc",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Preset::Echo => "Echo",
            Preset::SocketIo => "Socket.IO (socketioxide)",
            Preset::GraphqlTransportWs => "GraphQL, graphql-transport-ws (async-graphql)",
            Preset::GraphqlWs => "GraphQL, legacy graphql-ws (async-graphql)",
            Preset::JsonRpc => "JSON-RPC 2.0 (jsonrpsee)",
        }
    }
}

/// The connection's state and fields.
#[derive(Clone, Debug, PartialEq)]
pub struct Connection {
    pub page: PageOrigin,
    pub url_input: String,
    pub protocols_input: String,
    pub close_code_input: String,
    pub close_reason_input: String,
    pub state: ConnState,
    /// Number of the current socket; events of older ones are ignored.
    pub conn: u64,
    /// The URL of the current (or last) connection, and the subprotocols it offered.
    pub url: String,
    protocols: Vec<String>,
    /// What the server chose.
    pub protocol: String,
    pub extensions: String,
    /// When the current connection was asked for and when it opened (ms since the epoch).
    pub connect_started_ms: u64,
    pub opened_ms: Option<u64>,
}

impl Connection {
    /// Fields filled from the page's address and query string.
    pub(crate) fn new(page: PageOrigin, url: Option<String>, protocols: Option<String>) -> Connection {
        Connection {
            url_input: url.unwrap_or_else(|| page.default_ws_url()),
            protocols_input: protocols.unwrap_or_default(),
            page,
            close_code_input: "1000".into(),
            close_reason_input: String::new(),
            state: ConnState::Idle,
            conn: 0,
            url: String::new(),
            protocols: Vec::new(),
            protocol: String::new(),
            extensions: String::new(),
            connect_started_ms: 0,
            opened_ms: None,
        }
    }

    #[inline(never)]
    pub(crate) fn update(&mut self, msg: Msg) {
        match msg {
            Msg::PresetChosen(p) => {
                let base = self.page.default_ws_url();
                let root = base.strip_suffix("/echo").unwrap_or(&base);
                self.url_input = format!("{root}{}", p.path());
                self.protocols_input = p.protocols().to_owned();
            }
            Msg::UrlEdited(v) => self.url_input = v,
            Msg::ProtocolsEdited(v) => self.protocols_input = v,
            Msg::CloseCodeEdited(v) => self.close_code_input = v,
            Msg::CloseReasonEdited(v) => self.close_reason_input = v,
        }
    }

    /// The close reason's size in UTF-8 bytes and the limit, for the live counter.
    pub fn reason_bytes(&self) -> (usize, usize) {
        (self.close_reason_input.len(), MAX_REASON_BYTES)
    }

    /// Opens the URL in the URL field, or says why not.
    pub(crate) fn connect(&mut self, cx: &mut Cx) -> Option<Cmd> {
        if self.state.is_live() {
            let doing = if self.state == ConnState::Open { "connected" } else { self.state.name() };
            cx.notice(
                Source::Connection,
                format!("Already {doing} to {}: stop that connection first.", self.url),
            );
            return None;
        }
        let checked = check_url(&self.url_input, &self.page)
            .map_err(|e| e.to_string())
            .and_then(|url| Ok((url, parse_protocols(&self.protocols_input).map_err(|e| e.to_string())?)));
        let (url, protocols) = match checked {
            Ok(ok) => ok,
            Err(e) => {
                cx.notice(Source::Connection, e);
                return None;
            }
        };
        cx.clear(Source::Connection);
        self.url = url.clone();
        self.protocols = protocols.clone();
        cx.info(Info::Connecting { url, protocols });
        Some(self.begin(cx.now))
    }

    /// Opens the last connection's URL and subprotocols again (a reconnect attempt).
    pub(crate) fn reopen(&mut self, cx: &mut Cx, attempt: u32, max: u32) -> Cmd {
        cx.info(Info::ReconnectAttempt { attempt, max, url: self.url.clone() });
        self.begin(cx.now)
    }

    fn begin(&mut self, now: u64) -> Cmd {
        self.conn += 1;
        self.state = ConnState::Connecting;
        self.protocol.clear();
        self.extensions.clear();
        self.connect_started_ms = now;
        self.opened_ms = None;
        Cmd::Open { conn: self.conn, url: self.url.clone(), protocols: self.protocols.clone() }
    }

    /// Closes with the code and reason in their fields, or says why not.
    pub(crate) fn close(&mut self, cx: &mut Cx) -> Option<Cmd> {
        let refused = match self.state {
            ConnState::Open | ConnState::Connecting => None,
            ConnState::Closing => Some("The connection is already closing."),
            ConnState::Idle | ConnState::Closed => Some("Nothing to stop: not connected."),
        };
        if let Some(why) = refused {
            cx.notice(Source::Connection, why);
            return None;
        }
        let checked = parse_close_code(&self.close_code_input)
            .and_then(|code| check_reason(&self.close_reason_input).map(|()| code.get()));
        let code = match checked {
            Ok(code) => code,
            Err(e) => {
                cx.notice(Source::Connection, e.to_string());
                return None;
            }
        };
        let reason = self.close_reason_input.clone();
        self.state = ConnState::Closing;
        cx.clear(Source::Connection);
        cx.info(Info::Closing { code, reason: reason.clone() });
        Some(Cmd::Close { code, reason })
    }

    /// The socket opened.
    pub(crate) fn opened(&mut self, cx: &mut Cx, protocol: String, extensions: String) {
        self.state = ConnState::Open;
        self.opened_ms = Some(cx.now);
        self.protocol.clone_from(&protocol);
        self.extensions.clone_from(&extensions);
        let took_ms = cx.now.saturating_sub(self.connect_started_ms);
        cx.log.push(
            cx.now,
            EntryKind::Open(Box::new(Opened { url: self.url.clone(), protocol, extensions, took_ms })),
        );
    }

    /// The socket closed.
    pub(crate) fn closed(&mut self, cx: &mut Cx, code: u16, reason: String, clean: bool) {
        self.state = ConnState::Closed;
        let lasted_ms = self.opened_ms.map(|t| cx.now.saturating_sub(t));
        cx.log.push(cx.now, EntryKind::Close(Box::new(Closed { code, reason, clean, lasted_ms })));
    }

    /// The browser refused to construct the socket.
    pub(crate) fn open_failed(&mut self, cx: &mut Cx, error: &str) {
        self.state = ConnState::Closed;
        let text = format!("The browser refused to open the connection: {error}");
        cx.log.push(cx.now, EntryKind::Error(text.clone()));
        cx.notice(Source::Connection, text);
    }

    /// The browser refused to close the socket.
    pub(crate) fn close_failed(&mut self, cx: &mut Cx, error: &str) {
        self.state = ConnState::Open;
        cx.notice(Source::Connection, format!("The browser refused to close: {error}"));
    }

    /// Why `what` cannot be done now (empty while open).
    pub(crate) fn not_open_notice(&self, what: &str) -> String {
        match self.state {
            ConnState::Idle => format!("Cannot {what}: not connected. Press Connect first."),
            ConnState::Connecting => format!("Cannot {what} yet: the connection is still opening."),
            ConnState::Closing => format!("Cannot {what}: the connection is closing."),
            ConnState::Closed => format!("Cannot {what}: the connection is closed. Connect again first."),
            ConnState::Open => String::new(),
        }
    }
}
