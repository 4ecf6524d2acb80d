//! The workbench's whole state and its one transition function, `Model::update(msg, now) -> Vec<Cmd>`:
//! what the user asks, what the socket reports, and the effects to run as data. Pure.

use super::export::{export, import, ExportFormat};
use super::filter::{FilterSpec, KindSet, Matcher, FILTER_ERROR_START};
use super::log::{EntryKind, Log};
use super::payload::{compose, size_text, Payload, SendFormat};
use super::protocol::{
    check_reason, check_url, parse_close_code, parse_protocols, PageOrigin, MAX_REASON_BYTES,
};
use super::stats::RateMeter;
pub use super::stats::{Rates, Stats};

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
}

/// What one socket reported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SocketEvent {
    Opened { protocol: String, extensions: String },
    Message(Payload),
    Closed { code: u16, reason: String, clean: bool },
    Errored,
}

/// Everything that can happen: the user's requests (imperative) and what happened (past tense).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Msg {
    UrlEdited(String),
    ProtocolsEdited(String),
    DraftEdited(String),
    FormatChosen(SendFormat),
    CloseCodeEdited(String),
    CloseReasonEdited(String),
    FilterEdited(String),
    FilterRegexToggled(bool),
    FilterKindsChosen(KindSet),
    /// The log's cap, as typed.
    CapEdited(String),
    ExportFormatChosen(ExportFormat),
    ReconnectToggled(bool),
    /// Open a connection to the URL in the URL field.
    Connect,
    /// Send the draft in the chosen format.
    Send,
    /// Send a file's bytes as one binary message.
    SendFile {
        name: String,
        bytes: Vec<u8>,
    },
    /// A file could not be read.
    FileFailed {
        name: String,
        error: String,
    },
    /// Close with the code and reason in their fields.
    Close,
    ClearLog,
    /// Download the whole log.
    Export,
    /// A saved log file was read.
    ImportLoaded {
        name: String,
        text: String,
    },
    /// Stop viewing a saved log.
    CloseImport,
    /// A second passed: refresh the rates.
    Tick,
    /// The download could not be offered.
    ExportFailed {
        error: String,
    },
    /// Show one entry whole.
    Select(u64),
    Deselect,
    /// Socket `conn` reported `event`.
    Socket {
        conn: u64,
        event: SocketEvent,
    },
    /// The browser refused to construct socket `conn`.
    OpenFailed {
        conn: u64,
        error: String,
    },
    /// The socket took the payload.
    Sent {
        payload: Payload,
        from_draft: bool,
    },
    /// The socket refused the payload.
    SendFailed {
        error: String,
    },
    /// The socket refused to close.
    CloseFailed {
        error: String,
    },
}

/// Effects for the browser shell to run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cmd {
    /// Open socket number `conn` (dropping any other).
    Open { conn: u64, url: String, protocols: Vec<String> },
    /// Send on the current socket; report `Sent` or `SendFailed`.
    Send { payload: Payload, from_draft: bool },
    /// Close the current socket.
    Close { code: u16, reason: String },
    /// Offer `content` as a file download; report `ExportFailed` on failure.
    Download { name: String, mime: &'static str, content: String },
}

/// What the page's query string asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueryParams {
    pub url: Option<String>,
    pub protocols: Option<String>,
    pub connect: bool,
}

impl QueryParams {
    /// Reads `?url=…&protocols=…&connect=1` (values raw or percent-encoded).
    pub fn parse(search: &str) -> QueryParams {
        let mut q = QueryParams::default();
        let search = search.strip_prefix('?').unwrap_or(search);
        // A raw url may itself hold "?" and "&": only split before the parameter names we know.
        for part in split_known(search) {
            let (key, value) = part.split_once('=').unwrap_or((part, ""));
            let value = percent_decode(value);
            match key {
                "url" => q.url = Some(value),
                "protocols" => q.protocols = Some(value),
                "connect" => q.connect = matches!(value.as_str(), "1" | "true" | "yes"),
                _ => {}
            }
        }
        q
    }
}

fn split_known(search: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let bytes = search.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'&' {
            let rest = &search[i + 1..];
            if ["url=", "protocols=", "connect"].iter().any(|k| rest.starts_with(k)) {
                parts.push(&search[start..i]);
                start = i + 1;
            }
        }
    }
    parts.push(&search[start..]);
    parts.into_iter().filter(|p| !p.is_empty()).collect()
}

/// Decodes `%XX` escapes (invalid ones are kept as they are) into UTF-8, lossily.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The largest log cap one may set.
pub const MAX_CAP: usize = 10_000_000;

/// The workbench's state: the fields the user edits, the connection and the log.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    pub page: PageOrigin,
    pub url_input: String,
    pub protocols_input: String,
    pub draft: String,
    pub format: SendFormat,
    pub close_code_input: String,
    pub close_reason_input: String,
    pub filter: FilterSpec,
    pub cap_input: String,
    pub export_format: ExportFormat,
    /// The name of the saved log being viewed (read-only), if any.
    pub imported: Option<String>,
    pub reconnect: bool,
    pub state: ConnState,
    /// Number of the current socket; events of older ones are ignored.
    pub conn: u64,
    /// The URL of the current (or last) connection.
    pub url: String,
    pub protocol: String,
    pub extensions: String,
    pub log: Log,
    /// The latest problem to show (empty: none).
    pub notice: String,
    pub stats: Stats,
    pub rates: Rates,
    meter: RateMeter,
    /// The entry shown whole in the detail view.
    pub selected: Option<u64>,
    /// When the current connection was asked for and when it opened (ms since the epoch).
    pub connect_started_ms: u64,
    pub opened_ms: Option<u64>,
}

/// Why the browser's `error` event fired, as far as anyone can tell (browsers give no detail).
pub const ERROR_TEXT: &str = "WebSocket error: the browser gives no detail. Usual causes: nothing listens at \
that address, the server refused the handshake (wrong path, subprotocol or origin), a TLS certificate problem \
with wss://, or a proxy or firewall cut the connection.";

impl Model {
    /// A fresh model for a page at `page`, with the query string's requests applied.
    pub fn new(page: PageOrigin, query: &QueryParams) -> Model {
        Model {
            url_input: query.url.clone().unwrap_or_else(|| page.default_ws_url()),
            protocols_input: query.protocols.clone().unwrap_or_default(),
            page,
            draft: String::new(),
            format: SendFormat::Text,
            close_code_input: "1000".into(),
            close_reason_input: String::new(),
            filter: FilterSpec::default(),
            cap_input: super::log::DEFAULT_CAP.to_string(),
            export_format: ExportFormat::default(),
            imported: None,
            reconnect: false,
            state: ConnState::Idle,
            conn: 0,
            url: String::new(),
            protocol: String::new(),
            extensions: String::new(),
            log: Log::default(),
            notice: String::new(),
            stats: Stats::default(),
            rates: Rates::default(),
            meter: RateMeter::default(),
            selected: None,
            connect_started_ms: 0,
            opened_ms: None,
        }
    }

    /// The close reason's size in UTF-8 bytes and the limit, for the live counter.
    pub fn reason_bytes(&self) -> (usize, usize) {
        (self.close_reason_input.len(), MAX_REASON_BYTES)
    }

    /// The one transition function: applies `msg` at time `now_ms` and returns the effects to run.
    pub fn update(&mut self, msg: Msg, now_ms: u64) -> Vec<Cmd> {
        match msg {
            Msg::UrlEdited(v) => self.url_input = v,
            Msg::ProtocolsEdited(v) => self.protocols_input = v,
            Msg::DraftEdited(v) => self.draft = v,
            Msg::FormatChosen(f) => self.format = f,
            Msg::CloseCodeEdited(v) => self.close_code_input = v,
            Msg::CloseReasonEdited(v) => self.close_reason_input = v,
            Msg::FilterEdited(v) => {
                self.filter.text = v;
                self.check_filter();
            }
            Msg::FilterRegexToggled(on) => {
                self.filter.regex = on;
                self.check_filter();
            }
            Msg::FilterKindsChosen(k) => self.filter.kinds = k,
            Msg::CapEdited(v) => {
                match v.trim().parse::<usize>() {
                    Ok(cap @ 1..=MAX_CAP) => {
                        self.log.set_cap(cap);
                        self.notice.clear();
                    }
                    _ => {
                        self.notice = format!(
                            "The log cap must be a whole number from 1 to {MAX_CAP}; it stays {}.",
                            self.log.cap()
                        )
                    }
                }
                self.cap_input = v;
            }
            Msg::ExportFormatChosen(f) => self.export_format = f,
            Msg::ImportLoaded { name, text } => self.open_saved(name, &text),
            Msg::CloseImport => {
                self.imported = None;
                self.log.clear();
                self.selected = None;
            }
            Msg::Tick => self.rates = self.meter.sample(now_ms, self.stats),
            Msg::ReconnectToggled(on) => self.reconnect = on,
            Msg::Connect => return self.connect(now_ms),
            Msg::Send => return self.send_draft(),
            Msg::SendFile { name, bytes } => return self.send_file(&name, bytes, now_ms),
            Msg::FileFailed { name, error } => {
                self.notice = format!("Could not read the file {name:?}: {error}.");
            }
            Msg::Close => return self.close(now_ms),
            Msg::ClearLog => {
                self.log.clear();
                self.imported = None;
                self.selected = None;
            }
            Msg::Export => {
                if self.log.is_empty() {
                    self.notice = "The log is empty: there is nothing to export.".to_owned();
                    return Vec::new();
                }
                self.notice.clear();
                let f = self.export_format;
                let name = format!("sockpit-log-{now_ms}.{}", f.extension());
                return vec![Cmd::Download { name, mime: f.mime(), content: export(&self.log, f) }];
            }
            Msg::ExportFailed { error } => self.notice = format!("The export could not be saved: {error}"),
            Msg::Select(seq) => self.selected = self.log.by_seq(seq).map(|e| e.seq),
            Msg::Deselect => self.selected = None,
            Msg::Socket { conn, event } if conn == self.conn => self.on_socket(event, now_ms),
            Msg::Socket { .. } => {}
            Msg::OpenFailed { conn, error } if conn == self.conn => {
                self.state = ConnState::Closed;
                self.notice = format!("The browser refused to open the connection: {error}");
                self.log.push(now_ms, EntryKind::Error(self.notice.clone()));
            }
            Msg::OpenFailed { .. } => {}
            Msg::Sent { payload, from_draft } => {
                self.stats.out_count += 1;
                self.stats.out_bytes += payload.len() as u64;
                self.log.push(now_ms, EntryKind::Out(payload));
                if from_draft {
                    self.draft.clear();
                }
                self.notice.clear();
            }
            Msg::SendFailed { error } => {
                self.notice = format!("The message was not sent: {error}");
            }
            Msg::CloseFailed { error } => {
                self.state = ConnState::Open;
                self.notice = format!("The browser refused to close: {error}");
            }
        }
        Vec::new()
    }

    /// Says so when the filter is a bad regular expression (the log then shows everything).
    fn check_filter(&mut self) {
        match Matcher::compile(&self.filter) {
            Err(e) => self.notice = format!("{e}. The log shows every entry until it is fixed."),
            Ok(_) if self.notice.starts_with(FILTER_ERROR_START) => self.notice.clear(),
            Ok(_) => {}
        }
    }

    fn open_saved(&mut self, name: String, text: &str) {
        if matches!(self.state, ConnState::Connecting | ConnState::Open | ConnState::Closing) {
            self.notice = format!("Stop the connection before opening the saved log {name:?}.");
            return;
        }
        match import(text) {
            Ok(entries) => {
                self.log.replace(entries);
                self.selected = None;
                self.notice.clear();
                self.imported = Some(name);
            }
            Err(e) => self.notice = format!("Could not open {name:?} as a Sockpit log: {e}."),
        }
    }

    fn connect(&mut self, now_ms: u64) -> Vec<Cmd> {
        if let Some(name) = &self.imported {
            self.notice =
                format!("You are viewing the saved log {name:?} (read-only): close it before connecting.");
            return Vec::new();
        }
        if matches!(self.state, ConnState::Connecting | ConnState::Open | ConnState::Closing) {
            self.notice = format!(
                "Already {} to {}: stop that connection first.",
                if self.state == ConnState::Open { "connected" } else { self.state.name() },
                self.url
            );
            return Vec::new();
        }
        let url = match check_url(&self.url_input, &self.page) {
            Ok(u) => u,
            Err(e) => {
                self.notice = e.to_string();
                return Vec::new();
            }
        };
        let protocols = match parse_protocols(&self.protocols_input) {
            Ok(p) => p,
            Err(e) => {
                self.notice = e.to_string();
                return Vec::new();
            }
        };
        self.conn += 1;
        self.state = ConnState::Connecting;
        self.url = url.clone();
        self.protocol.clear();
        self.extensions.clear();
        self.notice.clear();
        self.connect_started_ms = now_ms;
        self.opened_ms = None;
        self.meter.reset();
        self.rates = Rates::default();
        let offered = if protocols.is_empty() {
            String::new()
        } else {
            format!(" offering subprotocols {}", protocols.join(", "))
        };
        self.log.push(now_ms, EntryKind::Info(format!("connecting to {url}{offered}")));
        vec![Cmd::Open { conn: self.conn, url, protocols }]
    }

    fn not_open_notice(&self, what: &str) -> String {
        match self.state {
            ConnState::Idle => format!("Cannot {what}: not connected. Press Connect first."),
            ConnState::Connecting => format!("Cannot {what} yet: the connection is still opening."),
            ConnState::Closing => format!("Cannot {what}: the connection is closing."),
            ConnState::Closed => {
                format!("Cannot {what}: the connection is closed. Connect again first.")
            }
            ConnState::Open => String::new(),
        }
    }

    fn send_draft(&mut self) -> Vec<Cmd> {
        if self.state != ConnState::Open {
            self.notice = self.not_open_notice("send");
            return Vec::new();
        }
        match compose(&self.draft, self.format) {
            Ok(payload) => vec![Cmd::Send { payload, from_draft: true }],
            Err(e) => {
                self.notice = e.to_string();
                Vec::new()
            }
        }
    }

    fn send_file(&mut self, name: &str, bytes: Vec<u8>, now_ms: u64) -> Vec<Cmd> {
        if self.state != ConnState::Open {
            self.notice = self.not_open_notice(&format!("send the file {name:?}"));
            return Vec::new();
        }
        self.log
            .push(now_ms, EntryKind::Info(format!("sending the file {name:?} ({})", size_text(bytes.len()))));
        vec![Cmd::Send { payload: Payload::Binary(bytes), from_draft: false }]
    }

    fn close(&mut self, now_ms: u64) -> Vec<Cmd> {
        if !matches!(self.state, ConnState::Open | ConnState::Connecting) {
            self.notice = match self.state {
                ConnState::Closing => "The connection is already closing.".to_owned(),
                _ => "Nothing to stop: not connected.".to_owned(),
            };
            return Vec::new();
        }
        let code = match parse_close_code(&self.close_code_input) {
            Ok(c) => c.get(),
            Err(e) => {
                self.notice = e.to_string();
                return Vec::new();
            }
        };
        if let Err(e) = check_reason(&self.close_reason_input) {
            self.notice = e.to_string();
            return Vec::new();
        }
        let reason = self.close_reason_input.clone();
        self.state = ConnState::Closing;
        self.notice.clear();
        let said = if reason.is_empty() { String::new() } else { format!(" and reason {reason:?}") };
        self.log.push(now_ms, EntryKind::Info(format!("closing with code {code}{said}")));
        vec![Cmd::Close { code, reason }]
    }

    fn on_socket(&mut self, event: SocketEvent, now_ms: u64) {
        match event {
            SocketEvent::Opened { protocol, extensions } => {
                self.state = ConnState::Open;
                self.opened_ms = Some(now_ms);
                self.protocol = protocol.clone();
                self.extensions = extensions.clone();
                self.log.push(now_ms, EntryKind::Open { url: self.url.clone(), protocol, extensions });
            }
            SocketEvent::Message(payload) => {
                self.stats.in_count += 1;
                self.stats.in_bytes += payload.len() as u64;
                self.log.push(now_ms, EntryKind::In(payload));
            }
            SocketEvent::Closed { code, reason, clean } => {
                self.state = ConnState::Closed;
                self.rates = Rates::default();
                self.log.push(now_ms, EntryKind::Close { code, reason, clean });
            }
            SocketEvent::Errored => {
                self.log.push(now_ms, EntryKind::Error(ERROR_TEXT.to_owned()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::log::LogEntry;

    fn model() -> Model {
        let page = PageOrigin { scheme: "http".into(), host: "127.0.0.1:9001".into() };
        Model::new(page, &QueryParams::default())
    }

    fn open(m: &mut Model) {
        let cmds = m.update(Msg::Connect, 1);
        assert!(matches!(cmds.as_slice(), [Cmd::Open { .. }]));
        let conn = m.conn;
        m.update(
            Msg::Socket {
                conn,
                event: SocketEvent::Opened { protocol: "chat".into(), extensions: String::new() },
            },
            2,
        );
    }

    fn kinds(m: &Model) -> Vec<&'static str> {
        m.log.iter().map(|e: &LogEntry| e.kind.name()).collect()
    }

    #[test]
    fn starts_idle_with_the_default_echo_url() {
        let m = model();
        assert_eq!(m.state, ConnState::Idle);
        assert_eq!(m.url_input, "ws://127.0.0.1:9001/echo");
        assert_eq!(m.close_code_input, "1000");
        assert!(m.notice.is_empty());
    }

    #[test]
    fn connect_opens_and_logs() {
        let mut m = model();
        m.update(Msg::ProtocolsEdited("chat, v2".into()), 0);
        let cmds = m.update(Msg::Connect, 10);
        assert_eq!(
            cmds,
            vec![Cmd::Open {
                conn: 1,
                url: "ws://127.0.0.1:9001/echo".into(),
                protocols: vec!["chat".into(), "v2".into()]
            }]
        );
        assert_eq!(m.state, ConnState::Connecting);
        m.update(
            Msg::Socket {
                conn: 1,
                event: SocketEvent::Opened {
                    protocol: "chat".into(),
                    extensions: "permessage-deflate".into(),
                },
            },
            20,
        );
        assert_eq!(m.state, ConnState::Open);
        assert_eq!(m.protocol, "chat");
        assert_eq!(kinds(&m), vec!["info", "open"]);
        assert_eq!(m.opened_ms, Some(20));
    }

    #[test]
    fn bad_url_or_protocols_give_a_notice_and_no_command() {
        let mut m = model();
        m.update(Msg::UrlEdited("ftp://x".into()), 0);
        assert!(m.update(Msg::Connect, 0).is_empty());
        assert!(m.notice.contains("ftp"));
        assert_eq!(m.state, ConnState::Idle);
        m.update(Msg::UrlEdited("ws://x/".into()), 0);
        m.update(Msg::ProtocolsEdited("a,a".into()), 0);
        assert!(m.update(Msg::Connect, 0).is_empty());
        assert!(m.notice.contains("twice"));
        assert!(m.log.is_empty());
    }

    #[test]
    fn connect_while_open_is_refused() {
        let mut m = model();
        open(&mut m);
        assert!(m.update(Msg::Connect, 3).is_empty());
        assert!(m.notice.contains("Already connected"));
        assert_eq!(m.state, ConnState::Open);
    }

    #[test]
    fn send_while_not_open_keeps_the_draft() {
        let mut m = model();
        m.update(Msg::DraftEdited("hello".into()), 0);
        assert!(m.update(Msg::Send, 0).is_empty());
        assert_eq!(m.draft, "hello");
        assert!(m.notice.contains("not connected"));
    }

    #[test]
    fn send_goes_out_then_sent_logs_and_clears_the_draft() {
        let mut m = model();
        open(&mut m);
        m.update(Msg::DraftEdited("hello".into()), 0);
        let cmds = m.update(Msg::Send, 3);
        assert_eq!(cmds, vec![Cmd::Send { payload: Payload::Text("hello".into()), from_draft: true }]);
        assert_eq!(m.draft, "hello", "the draft stays until the socket took it");
        m.update(Msg::Sent { payload: Payload::Text("hello".into()), from_draft: true }, 4);
        assert_eq!(m.draft, "");
        assert_eq!(m.stats.out_count, 1);
        assert_eq!(m.stats.out_bytes, 5);
        assert_eq!(kinds(&m).last(), Some(&"out"));
    }

    #[test]
    fn send_failure_keeps_the_draft_and_says_why() {
        let mut m = model();
        open(&mut m);
        m.update(Msg::DraftEdited("x".into()), 0);
        m.update(Msg::SendFailed { error: "InvalidStateError".into() }, 5);
        assert_eq!(m.draft, "x");
        assert!(m.notice.contains("InvalidStateError"));
    }

    #[test]
    fn bad_json_or_hex_gives_a_notice() {
        let mut m = model();
        open(&mut m);
        m.update(Msg::FormatChosen(SendFormat::Json), 0);
        m.update(Msg::DraftEdited("{\"a\":".into()), 0);
        assert!(m.update(Msg::Send, 0).is_empty());
        assert!(m.notice.contains("line 1"), "{}", m.notice);
        m.update(Msg::FormatChosen(SendFormat::Hex), 0);
        m.update(Msg::DraftEdited("abc".into()), 0);
        assert!(m.update(Msg::Send, 0).is_empty());
        assert!(m.notice.contains("odd"));
        assert_eq!(m.draft, "abc");
        m.update(Msg::DraftEdited("de ad".into()), 0);
        assert_eq!(
            m.update(Msg::Send, 0),
            vec![Cmd::Send { payload: Payload::Binary(vec![0xde, 0xad]), from_draft: true }]
        );
    }

    #[test]
    fn close_checks_code_and_reason_first() {
        let mut m = model();
        open(&mut m);
        m.update(Msg::CloseCodeEdited("1001".into()), 0);
        assert!(m.update(Msg::Close, 0).is_empty());
        assert!(m.notice.contains("1001"));
        assert_eq!(m.state, ConnState::Open);
        m.update(Msg::CloseCodeEdited("4000".into()), 0);
        m.update(Msg::CloseReasonEdited("é".repeat(62)), 0);
        assert!(m.update(Msg::Close, 0).is_empty());
        assert!(m.notice.contains("124 bytes"));
        assert_eq!(m.reason_bytes(), (124, 123));
        m.update(Msg::CloseReasonEdited("Deliberate Connection".into()), 0);
        assert_eq!(
            m.update(Msg::Close, 0),
            vec![Cmd::Close { code: 4000, reason: "Deliberate Connection".into() }]
        );
        assert_eq!(m.state, ConnState::Closing);
        assert!(m.notice.is_empty());
        let conn = m.conn;
        m.update(
            Msg::Socket {
                conn,
                event: SocketEvent::Closed {
                    code: 4000,
                    reason: "Deliberate Connection".into(),
                    clean: true,
                },
            },
            9,
        );
        assert_eq!(m.state, ConnState::Closed);
        assert_eq!(kinds(&m).last(), Some(&"close"));
    }

    #[test]
    fn stop_while_closed_says_why() {
        let mut m = model();
        assert!(m.update(Msg::Close, 0).is_empty());
        assert!(m.notice.contains("not connected"));
        assert_eq!(m.state, ConnState::Idle);
    }

    #[test]
    fn events_of_an_old_socket_are_ignored() {
        let mut m = model();
        open(&mut m);
        m.update(Msg::Socket { conn: 99, event: SocketEvent::Message(Payload::Text("stale".into())) }, 5);
        assert_eq!(m.stats.in_count, 0);
    }

    #[test]
    fn messages_count_and_errors_log() {
        let mut m = model();
        open(&mut m);
        let conn = m.conn;
        m.update(Msg::Socket { conn, event: SocketEvent::Message(Payload::Binary(vec![1, 2, 3])) }, 5);
        m.update(Msg::Socket { conn, event: SocketEvent::Errored }, 6);
        m.update(
            Msg::Socket {
                conn,
                event: SocketEvent::Closed { code: 1006, reason: String::new(), clean: false },
            },
            7,
        );
        assert_eq!(m.stats.in_count, 1);
        assert_eq!(m.stats.in_bytes, 3);
        assert_eq!(kinds(&m), vec!["info", "open", "in", "error", "close"]);
        assert_eq!(m.state, ConnState::Closed);
        // Connecting again after a close works.
        assert_eq!(m.update(Msg::Connect, 8).len(), 1);
    }

    #[test]
    fn send_file_needs_an_open_connection() {
        let mut m = model();
        assert!(m.update(Msg::SendFile { name: "a.bin".into(), bytes: vec![1] }, 0).is_empty());
        assert!(m.notice.contains("a.bin"));
        open(&mut m);
        let cmds = m.update(Msg::SendFile { name: "a.bin".into(), bytes: vec![1, 2] }, 0);
        assert_eq!(cmds, vec![Cmd::Send { payload: Payload::Binary(vec![1, 2]), from_draft: false }]);
    }

    #[test]
    fn select_only_kept_entries() {
        let mut m = model();
        open(&mut m);
        m.update(Msg::Select(2), 0);
        assert_eq!(m.selected, Some(2));
        m.update(Msg::Select(50), 0);
        assert_eq!(m.selected, None);
        m.update(Msg::Select(1), 0);
        m.update(Msg::ClearLog, 0);
        assert_eq!(m.selected, None);
        assert_eq!(m.log.len(), 0);
    }

    #[test]
    fn export_needs_entries_and_carries_them_all() {
        let mut m = model();
        assert!(m.update(Msg::Export, 5).is_empty());
        assert!(m.notice.contains("empty"));
        open(&mut m);
        match m.update(Msg::Export, 5).as_slice() {
            [Cmd::Download { name, content, .. }] => {
                assert_eq!(name, "sockpit-log-5.ndjson");
                assert_eq!(content.lines().count(), 2);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_bad_regex_is_named_and_fixing_it_clears_the_notice() {
        let mut m = model();
        m.update(Msg::FilterEdited("(a".into()), 0);
        assert!(m.notice.is_empty(), "as plain text it is fine");
        m.update(Msg::FilterRegexToggled(true), 0);
        assert!(m.notice.contains("not a valid regular expression"), "{}", m.notice);
        m.update(Msg::FilterEdited("(a)".into()), 0);
        assert!(m.notice.is_empty());
    }

    #[test]
    fn cap_is_checked_and_applied() {
        let mut m = model();
        open(&mut m);
        m.update(Msg::CapEdited("1".into()), 0);
        assert_eq!(m.log.len(), 1);
        assert_eq!(m.log.evicted(), 1);
        m.update(Msg::CapEdited("0".into()), 0);
        assert!(m.notice.contains("from 1 to"));
        assert_eq!(m.log.cap(), 1);
        m.update(Msg::CapEdited("lots".into()), 0);
        assert!(m.notice.contains("stays 1"));
    }

    #[test]
    fn a_saved_log_opens_read_only() {
        let mut m = model();
        open(&mut m);
        let conn = m.conn;
        m.update(Msg::Socket { conn, event: SocketEvent::Message(Payload::Text("kept".into())) }, 3);
        let saved = export(&m.log, ExportFormat::Ndjson);
        m.update(Msg::ImportLoaded { name: "a.ndjson".into(), text: saved.clone() }, 4);
        assert!(m.notice.contains("Stop the connection"), "not while connected");
        m.update(
            Msg::Socket {
                conn,
                event: SocketEvent::Closed { code: 1000, reason: String::new(), clean: true },
            },
            5,
        );
        m.update(Msg::ClearLog, 5);
        m.update(Msg::ImportLoaded { name: "a.ndjson".into(), text: saved }, 6);
        assert_eq!(m.imported.as_deref(), Some("a.ndjson"));
        assert_eq!(kinds(&m), vec!["info", "open", "in"]);
        assert!(m.update(Msg::Connect, 7).is_empty());
        assert!(m.notice.contains("read-only"));
        m.update(Msg::CloseImport, 8);
        assert!(m.log.is_empty());
        assert_eq!(m.update(Msg::Connect, 9).len(), 1);
        m.update(Msg::Deselect, 9);
        let mut other = model();
        other.update(Msg::ImportLoaded { name: "b.txt".into(), text: "hello".into() }, 1);
        assert!(other.notice.contains("Could not open \"b.txt\""), "{}", other.notice);
        assert_eq!(other.imported, None);
    }

    #[test]
    fn rates_tick_and_reset_on_close() {
        let mut m = model();
        open(&mut m);
        let conn = m.conn;
        m.update(Msg::Tick, 1000);
        for _ in 0..10 {
            m.update(
                Msg::Socket { conn, event: SocketEvent::Message(Payload::Text("0123456789".into())) },
                1500,
            );
        }
        m.update(Msg::Tick, 2000);
        assert_eq!(m.rates.in_count, 10.0);
        assert_eq!(m.rates.in_bytes, 100.0);
        m.update(
            Msg::Socket {
                conn,
                event: SocketEvent::Closed { code: 1000, reason: String::new(), clean: true },
            },
            2100,
        );
        assert_eq!(m.rates, Rates::default());
    }

    #[test]
    fn query_params_raw_and_encoded() {
        let q = QueryParams::parse("?url=ws%3A%2F%2F127.0.0.1%3A9001%2Fecho&protocols=a,b&connect=1");
        assert_eq!(q.url.as_deref(), Some("ws://127.0.0.1:9001/echo"));
        assert_eq!(q.protocols.as_deref(), Some("a,b"));
        assert!(q.connect);
        let raw = QueryParams::parse("?url=ws://h:1/p?x=1&y=2&connect=1");
        assert_eq!(raw.url.as_deref(), Some("ws://h:1/p?x=1&y=2"));
        assert!(raw.connect);
        assert_eq!(QueryParams::parse(""), QueryParams::default());
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("caf%C3%A9"), "café");
        let page = PageOrigin { scheme: "http".into(), host: "h".into() };
        let m = Model::new(page, &QueryParams::parse("?url=ws://x/y&protocols=p"));
        assert_eq!(m.url_input, "ws://x/y");
        assert_eq!(m.protocols_input, "p");
    }
}
