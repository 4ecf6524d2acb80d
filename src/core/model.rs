//! The workbench's whole state and its one transition function, `Model::update(msg, now) -> Vec<Cmd>`:
//! what the user asks, what the socket reports, and the effects to run as data. Pure.

use super::decode::DecodeChoice;
use super::export::{import, ExportFormat};
use super::filter::{FilterSpec, KindSet, Matcher, FILTER_ERROR_START};
use super::log::{EntryKind, Log};
use super::payload::{compose, pretty_json, size_text, sniff_image, to_base64, Payload, SendFormat};
use super::protocol::{
    check_reason, check_url, parse_close_code, parse_protocols, PageOrigin, MAX_REASON_BYTES,
};
use super::session::{
    auto_answer, rtt_key, AutoReply, Outbox, Prng, ReconnectPolicy, RttMode, RttTracker,
    AUTO_REPLY_PER_SECOND,
};
use super::stats::RateMeter;
pub use super::stats::{Rates, Stats};
use std::collections::VecDeque;

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

/// How a payload is copied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CopyAs {
    /// Text as it is; bytes as UTF-8 (invalid sequences replaced).
    Text,
    Hex,
    Base64,
}

/// Where an outgoing message came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The composer: cleared once the socket took it.
    Draft,
    File,
    /// Queued while (re)connecting.
    Outbox,
    Heartbeat,
    AutoReply,
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
    /// `done` of `total` entries are written.
    ExportProgress {
        done: usize,
        total: usize,
    },
    /// The export was offered as a download.
    ExportFinished,
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
        origin: Origin,
    },
    /// The socket refused the payload.
    SendFailed {
        error: String,
        payload: Payload,
        origin: Origin,
    },
    /// One of the reconnect settings (0 initial ms, 1 factor, 2 max ms, 3 attempts) was edited.
    ReconnectSettingEdited(usize, String),
    /// The reconnect timer numbered `token` fired.
    ReconnectDue {
        token: u64,
    },
    CancelReconnect,
    RetryNow,
    OutboxToggled(bool),
    OutboxRemove(usize),
    /// Take a queued message back into the composer to change it.
    OutboxEdit(usize),
    OutboxClear,
    HeartbeatToggled(bool),
    HeartbeatTextEdited(String),
    HeartbeatSecsEdited(String),
    /// The heartbeat interval fired.
    HeartbeatDue,
    RulePatternEdited(String),
    RuleReplyEdited(String),
    AddRule,
    RemoveRule(usize),
    /// `off`, `echo` or `json`.
    RttModeChosen(String),
    RttFieldEdited(String),
    /// Save an entry's payload as a file.
    DownloadEntry(u64),
    /// Copy an entry's payload to the clipboard.
    CopyEntry(u64, CopyAs),
    /// The clipboard refused.
    CopyFailed {
        error: String,
    },
    /// How binary payloads are decoded in the detail view.
    DecodeChosen(DecodeChoice),
    /// Indent the draft as JSON.
    FormatDraft,
    /// The socket refused to close.
    CloseFailed {
        error: String,
    },
}

/// Effects for the browser shell to run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cmd {
    /// Open socket number `conn` (dropping any other).
    Open {
        conn: u64,
        url: String,
        protocols: Vec<String>,
    },
    /// Send on the current socket; report `Sent` or `SendFailed`.
    Send {
        payload: Payload,
        origin: Origin,
    },
    /// Drop the closed socket: its listeners go with it.
    ReleaseSocket,
    /// Fire `ReconnectDue { token }` after `delay_ms` (replacing any reconnect timer).
    ScheduleReconnect {
        token: u64,
        delay_ms: u64,
    },
    CancelReconnect,
    /// Fire `HeartbeatDue` every `every_ms` (replacing any heartbeat).
    StartHeartbeat {
        every_ms: u64,
    },
    StopHeartbeat,
    /// Offer bytes as a download (always `application/octet-stream`: nothing a server sent is rendered).
    DownloadBytes {
        name: String,
        bytes: Vec<u8>,
    },
    /// Put text on the clipboard; report `CopyFailed` on failure.
    CopyText(String),
    /// Close the current socket.
    Close {
        code: u16,
        reason: String,
    },
    /// Write the log's entries numbered `first..=last` as a file in `format`, in steps (reporting
    /// `ExportProgress`, then `ExportFinished` or `ExportFailed`).
    Export {
        name: String,
        format: ExportFormat,
        first: u64,
        last: u64,
    },
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

/// The heartbeat's settings and counter.
#[derive(Clone, Debug, PartialEq)]
pub struct Heartbeat {
    pub enabled: bool,
    pub text: String,
    pub secs_input: String,
    pub every_ms: u64,
    /// Heartbeats sent since the page loaded.
    pub sent: u64,
}

impl Default for Heartbeat {
    fn default() -> Self {
        Heartbeat { enabled: false, text: "ping".into(), secs_input: "30".into(), every_ms: 30_000, sent: 0 }
    }
}

/// What keeps a session going: reconnecting, the outbox, heartbeat, auto-replies, round trips.
#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    pub policy: ReconnectPolicy,
    /// The reconnect settings as typed: initial ms, factor, max ms, attempts.
    pub policy_inputs: [String; 4],
    /// Attempts made since the connection last opened.
    pub attempt: u32,
    /// When the next attempt is due, while one is scheduled.
    pub reconnect_at: Option<u64>,
    token: u64,
    /// Whether the user's own Stop ended the connection (no reconnect then).
    pub user_closed: bool,
    prng: Prng,
    protocols: Vec<String>,
    pub outbox_enabled: bool,
    pub outbox: Outbox,
    pub heartbeat: Heartbeat,
    pub rules: Vec<AutoReply>,
    pub rule_pattern_input: String,
    pub rule_reply_input: String,
    replies_sent_at: VecDeque<u64>,
    replies_paused: bool,
    pub rtt_mode: RttMode,
    pub rtt_field_input: String,
    pub rtt: RttTracker,
}

impl Session {
    fn new(seed: u64) -> Session {
        let p = ReconnectPolicy::default();
        Session {
            policy: p,
            policy_inputs: [
                p.initial_ms.to_string(),
                p.factor.to_string(),
                p.max_ms.to_string(),
                p.max_attempts.to_string(),
            ],
            attempt: 0,
            reconnect_at: None,
            token: 0,
            user_closed: false,
            prng: Prng::new(seed),
            protocols: Vec::new(),
            outbox_enabled: false,
            outbox: Outbox::default(),
            heartbeat: Heartbeat::default(),
            rules: Vec::new(),
            rule_pattern_input: String::new(),
            rule_reply_input: String::new(),
            replies_sent_at: VecDeque::new(),
            replies_paused: false,
            rtt_mode: RttMode::Off,
            rtt_field_input: "id".into(),
            rtt: RttTracker::default(),
        }
    }
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
    pub session: Session,
    /// How binary payloads are decoded in the detail view.
    pub decode: DecodeChoice,
    /// Entries written of all, while an export is being written.
    pub exporting: Option<(usize, usize)>,
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
            session: Session::new(0x5eed),
            decode: DecodeChoice::Auto,
            exporting: None,
        }
    }

    /// Seeds the reconnect jitter (the browser passes a random number; tests a fixed one).
    pub fn with_seed(mut self, seed: u64) -> Model {
        self.session.prng = Prng::new(seed);
        self
    }

    /// The close reason's size in UTF-8 bytes and the limit, for the live counter.
    pub fn reason_bytes(&self) -> (usize, usize) {
        (self.close_reason_input.len(), MAX_REASON_BYTES)
    }

    /// The one transition function: applies `msg` at time `now_ms` and returns the effects to run.
    pub fn update(&mut self, msg: Msg, now_ms: u64) -> Vec<Cmd> {
        let cmds = self.apply(msg, now_ms);
        // An entry evicted by the cap cannot stay selected.
        if self.selected.is_some_and(|s| self.log.by_seq(s).is_none()) {
            self.selected = None;
        }
        cmds
    }

    fn apply(&mut self, msg: Msg, now_ms: u64) -> Vec<Cmd> {
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
            Msg::ReconnectToggled(on) => {
                self.reconnect = on;
                if !on && self.session.reconnect_at.is_some() {
                    return self.cancel_reconnect(now_ms, "reconnecting switched off");
                }
            }
            Msg::Connect => {
                let mut cmds = Vec::new();
                if self.session.reconnect_at.take().is_some() {
                    cmds.push(Cmd::CancelReconnect);
                }
                self.session.attempt = 0;
                self.session.user_closed = false;
                cmds.extend(self.connect(now_ms));
                return cmds;
            }
            Msg::Send => return self.send_draft(now_ms),
            Msg::SendFile { name, bytes } => return self.send_file(&name, bytes, now_ms),
            Msg::FileFailed { name, error } => {
                self.notice = format!("Could not read the file {name:?}: {error}.");
            }
            Msg::Close => {
                if self.session.reconnect_at.is_some() {
                    self.session.user_closed = true;
                    return self.cancel_reconnect(now_ms, "reconnect cancelled by Stop");
                }
                return self.close(now_ms);
            }
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
                if self.exporting.is_some() {
                    self.notice = "An export is already being written.".to_owned();
                    return Vec::new();
                }
                self.notice.clear();
                let format = self.export_format;
                let name = format!("sockpit-log-{now_ms}.{}", format.extension());
                let (first, last) = (self.log.first_seq(), self.log.next_seq() - 1);
                self.exporting = Some((0, self.log.len()));
                return vec![Cmd::Export { name, format, first, last }];
            }
            Msg::ExportProgress { done, total } => self.exporting = Some((done, total)),
            Msg::ExportFinished => self.exporting = None,
            Msg::ExportFailed { error } => {
                self.exporting = None;
                self.notice = format!("The export could not be saved: {error}");
            }
            Msg::Select(seq) => self.selected = self.log.by_seq(seq).map(|e| e.seq),
            Msg::Deselect => self.selected = None,
            Msg::Socket { conn, event } if conn == self.conn => return self.on_socket(event, now_ms),
            Msg::Socket { .. } => {}
            Msg::OpenFailed { conn, error } if conn == self.conn => {
                self.state = ConnState::Closed;
                self.notice = format!("The browser refused to open the connection: {error}");
                self.log.push(now_ms, EntryKind::Error(self.notice.clone()));
            }
            Msg::OpenFailed { .. } => {}
            Msg::Sent { payload, origin } => {
                self.stats.out_count += 1;
                self.stats.out_bytes += payload.len() as u64;
                if let Some(key) = rtt_key(&self.session.rtt_mode, &payload) {
                    self.session.rtt.sent(key, now_ms);
                }
                self.log.push(now_ms, EntryKind::Out(payload));
                match origin {
                    Origin::Draft => {
                        self.draft.clear();
                        self.notice.clear();
                    }
                    Origin::Heartbeat => self.session.heartbeat.sent += 1,
                    Origin::File | Origin::Outbox | Origin::AutoReply => {}
                }
            }
            Msg::SendFailed { error, payload, origin } => match origin {
                Origin::Outbox => {
                    self.session.outbox.push_back_uncapped(payload);
                    self.notice = format!("A queued message was not sent ({error}); it stays in the outbox.");
                }
                Origin::Draft => {
                    self.notice = format!("The message was not sent: {error}. It stays in the composer.")
                }
                Origin::File => self.notice = format!("The file was not sent: {error}."),
                Origin::Heartbeat => self.notice = format!("The heartbeat was not sent: {error}."),
                Origin::AutoReply => self.notice = format!("An auto-reply was not sent: {error}."),
            },
            Msg::CloseFailed { error } => {
                self.state = ConnState::Open;
                self.notice = format!("The browser refused to close: {error}");
            }
            other => return self.update_session(other, now_ms),
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
        self.session.protocols = protocols.clone();
        vec![Cmd::Open { conn: self.conn, url, protocols }]
    }

    /// Opens the last connection's URL and subprotocols again (a reconnect attempt).
    fn reopen(&mut self, now_ms: u64) -> Vec<Cmd> {
        let s = &self.session;
        let what = format!("reconnect attempt {} of {} to {}", s.attempt, s.policy.max_attempts, self.url);
        self.conn += 1;
        self.state = ConnState::Connecting;
        self.protocol.clear();
        self.extensions.clear();
        self.connect_started_ms = now_ms;
        self.opened_ms = None;
        self.meter.reset();
        self.log.push(now_ms, EntryKind::Info(what));
        vec![Cmd::Open { conn: self.conn, url: self.url.clone(), protocols: self.session.protocols.clone() }]
    }

    fn cancel_reconnect(&mut self, now_ms: u64, why: &str) -> Vec<Cmd> {
        self.session.reconnect_at = None;
        self.session.attempt = 0;
        self.log.push(now_ms, EntryKind::Info(why.to_owned()));
        vec![Cmd::CancelReconnect]
    }

    /// After an end the user did not ask for: schedules the next attempt, or says it gave up.
    fn maybe_reconnect(&mut self, now_ms: u64) -> Vec<Cmd> {
        let s = &mut self.session;
        if !self.reconnect || s.user_closed || self.url.is_empty() {
            return Vec::new();
        }
        if s.attempt >= s.policy.max_attempts {
            let n = s.attempt;
            s.attempt = 0;
            self.log.push(now_ms, EntryKind::Info(format!("gave up reconnecting after {n} attempts")));
            return Vec::new();
        }
        s.attempt += 1;
        let delay_ms = s.policy.delay_ms(s.attempt, s.prng.unit());
        s.token += 1;
        s.reconnect_at = Some(now_ms + delay_ms);
        let (attempt, max, token) = (s.attempt, s.policy.max_attempts, s.token);
        self.log.push(
            now_ms,
            EntryKind::Info(format!("reconnecting in {delay_ms} ms (attempt {attempt} of {max})")),
        );
        vec![Cmd::ScheduleReconnect { token, delay_ms }]
    }

    /// The session's messages: reconnect, outbox, heartbeat, auto-replies, round trips.
    fn update_session(&mut self, msg: Msg, now_ms: u64) -> Vec<Cmd> {
        let s = &mut self.session;
        match msg {
            Msg::ReconnectSettingEdited(i, v) => {
                if let Some(slot) = s.policy_inputs.get_mut(i) {
                    *slot = v;
                }
                let [a, b, c, d] = &s.policy_inputs;
                match ReconnectPolicy::parse(a, b, c, d) {
                    Ok(p) => s.policy = p,
                    Err(e) => self.notice = e,
                }
            }
            Msg::ReconnectDue { token } if token == s.token && s.reconnect_at.is_some() => {
                s.reconnect_at = None;
                if self.state == ConnState::Closed || self.state == ConnState::Idle {
                    return self.reopen(now_ms);
                }
            }
            Msg::ReconnectDue { .. } => {}
            Msg::CancelReconnect if s.reconnect_at.is_some() => {
                return self.cancel_reconnect(now_ms, "reconnect cancelled");
            }
            Msg::CancelReconnect => self.notice = "No reconnect is scheduled.".into(),
            Msg::RetryNow if s.reconnect_at.is_some() => {
                s.reconnect_at = None;
                let mut cmds = vec![Cmd::CancelReconnect];
                cmds.extend(self.reopen(now_ms));
                return cmds;
            }
            Msg::RetryNow => self.notice = "No reconnect is scheduled.".into(),
            Msg::OutboxToggled(on) => {
                s.outbox_enabled = on;
            }
            Msg::OutboxRemove(i) => {
                s.outbox.remove(i);
            }
            Msg::OutboxEdit(i) => {
                if !self.draft.is_empty() {
                    self.notice =
                        "Send or clear the composer first: editing a queued message puts it there.".into();
                } else if let Some(p) = s.outbox.remove(i) {
                    (self.draft, self.format) = match p {
                        Payload::Text(t) => (t, SendFormat::Text),
                        Payload::Binary(b) => {
                            (super::payload::hex_preview(&b.all(), usize::MAX), SendFormat::Hex)
                        }
                    };
                }
            }
            Msg::OutboxClear => {
                let n = s.outbox.len();
                s.outbox.clear();
                if n > 0 {
                    self.log
                        .push(now_ms, EntryKind::Info(format!("{n} queued messages discarded by the user")));
                }
            }
            Msg::HeartbeatToggled(on) => {
                s.heartbeat.enabled = on;
                if self.state == ConnState::Open {
                    return vec![if on {
                        Cmd::StartHeartbeat { every_ms: s.heartbeat.every_ms }
                    } else {
                        Cmd::StopHeartbeat
                    }];
                }
            }
            Msg::HeartbeatTextEdited(t) => s.heartbeat.text = t,
            Msg::HeartbeatSecsEdited(v) => {
                match v.trim().parse::<f64>() {
                    Ok(secs) if (0.1..=3600.0).contains(&secs) => {
                        s.heartbeat.every_ms = (secs * 1000.0).round() as u64;
                        s.heartbeat.secs_input = v;
                        if s.heartbeat.enabled && self.state == ConnState::Open {
                            return vec![Cmd::StartHeartbeat { every_ms: s.heartbeat.every_ms }];
                        }
                        return Vec::new();
                    }
                    _ => {
                        self.notice =
                            "The heartbeat interval must be a number of seconds from 0.1 to 3600.".into()
                    }
                }
                s.heartbeat.secs_input = v;
            }
            Msg::HeartbeatDue if self.state == ConnState::Open && s.heartbeat.enabled => {
                return vec![Cmd::Send {
                    payload: Payload::Text(s.heartbeat.text.clone()),
                    origin: Origin::Heartbeat,
                }];
            }
            Msg::RulePatternEdited(v) => s.rule_pattern_input = v,
            Msg::RuleReplyEdited(v) => s.rule_reply_input = v,
            Msg::AddRule => match AutoReply::new(&s.rule_pattern_input, &s.rule_reply_input) {
                Ok(rule) => {
                    s.rules.push(rule);
                    s.rule_pattern_input.clear();
                    s.rule_reply_input.clear();
                }
                Err(e) => self.notice = e,
            },
            Msg::RemoveRule(i) if i < s.rules.len() => {
                s.rules.remove(i);
            }
            Msg::RttModeChosen(mode) => {
                s.rtt_mode = match mode.as_str() {
                    "echo" => RttMode::Echo,
                    "json" => RttMode::JsonField(s.rtt_field_input.clone()),
                    _ => RttMode::Off,
                };
                s.rtt.forget_pending();
            }
            Msg::DownloadEntry(seq) => {
                let Some(p) = self.log.by_seq(seq).and_then(|e| e.kind.payload()) else {
                    self.notice = format!("Entry {seq} is no longer in the log.");
                    return Vec::new();
                };
                let (ext, bytes) = match p {
                    Payload::Text(t) => ("txt", t.as_bytes().to_vec()),
                    Payload::Binary(b) => {
                        (sniff_image(&b.head(32)).map_or("bin", |k| k.extension()), b.all().into_owned())
                    }
                };
                return vec![Cmd::DownloadBytes { name: format!("sockpit-entry-{seq}.{ext}"), bytes }];
            }
            Msg::CopyEntry(seq, how) => {
                let Some(p) = self.log.by_seq(seq).and_then(|e| e.kind.payload()) else {
                    self.notice = format!("Entry {seq} is no longer in the log.");
                    return Vec::new();
                };
                let bytes: std::borrow::Cow<'_, [u8]> = match p {
                    Payload::Text(t) => t.as_bytes().into(),
                    Payload::Binary(b) => b.all(),
                };
                let text = match how {
                    CopyAs::Text => String::from_utf8_lossy(&bytes).into_owned(),
                    CopyAs::Hex => super::payload::hex_preview(&bytes, usize::MAX),
                    CopyAs::Base64 => to_base64(&bytes),
                };
                return vec![Cmd::CopyText(text)];
            }
            Msg::CopyFailed { error } => self.notice = format!("Could not copy to the clipboard: {error}."),
            Msg::DecodeChosen(c) => self.decode = c,
            Msg::FormatDraft => match super::payload::check_json(&self.draft) {
                Ok(()) => {
                    if let Some(pretty) = pretty_json(&self.draft) {
                        self.draft = pretty;
                    }
                    self.notice.clear();
                }
                Err(e) => self.notice = e.to_string(),
            },
            Msg::RttFieldEdited(v) => {
                if matches!(s.rtt_mode, RttMode::JsonField(_)) {
                    s.rtt_mode = RttMode::JsonField(v.clone());
                    s.rtt.forget_pending();
                }
                s.rtt_field_input = v;
            }
            _ => {}
        }
        Vec::new()
    }

    /// Whether sending now would queue (the outbox is on and a connection is on its way).
    fn would_queue(&self) -> bool {
        self.session.outbox_enabled
            && (self.state == ConnState::Connecting || self.session.reconnect_at.is_some())
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

    fn send_draft(&mut self, now_ms: u64) -> Vec<Cmd> {
        if self.state != ConnState::Open && !self.would_queue() {
            self.notice = self.not_open_notice("send");
            return Vec::new();
        }
        let payload = match compose(&self.draft, self.format) {
            Ok(p) => p,
            Err(e) => {
                self.notice = e.to_string();
                return Vec::new();
            }
        };
        if self.state == ConnState::Open {
            return vec![Cmd::Send { payload, origin: Origin::Draft }];
        }
        match self.session.outbox.push(payload) {
            Ok(n) => {
                self.draft.clear();
                self.notice.clear();
                self.log.push(
                    now_ms,
                    EntryKind::Info(format!("queued in the outbox ({n} waiting); sent when open")),
                );
            }
            Err(_) => {
                self.notice = format!(
                    "The outbox is full ({} messages): the message stays in the composer.",
                    self.session.outbox.cap()
                );
            }
        }
        Vec::new()
    }

    fn send_file(&mut self, name: &str, bytes: Vec<u8>, now_ms: u64) -> Vec<Cmd> {
        if self.state != ConnState::Open {
            self.notice = self.not_open_notice(&format!("send the file {name:?}"));
            return Vec::new();
        }
        self.log
            .push(now_ms, EntryKind::Info(format!("sending the file {name:?} ({})", size_text(bytes.len()))));
        vec![Cmd::Send { payload: Payload::Binary(bytes.into()), origin: Origin::File }]
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
        self.session.user_closed = true;
        self.notice.clear();
        let said = if reason.is_empty() { String::new() } else { format!(" and reason {reason:?}") };
        self.log.push(now_ms, EntryKind::Info(format!("closing with code {code}{said}")));
        vec![Cmd::Close { code, reason }]
    }

    fn on_socket(&mut self, event: SocketEvent, now_ms: u64) -> Vec<Cmd> {
        match event {
            SocketEvent::Opened { protocol, extensions } => {
                self.state = ConnState::Open;
                self.opened_ms = Some(now_ms);
                self.protocol = protocol.clone();
                self.extensions = extensions.clone();
                let took_ms = now_ms.saturating_sub(self.connect_started_ms);
                self.log
                    .push(now_ms, EntryKind::Open { url: self.url.clone(), protocol, extensions, took_ms });
                let s = &mut self.session;
                if s.attempt > 0 {
                    let n = s.attempt;
                    self.log.push(now_ms, EntryKind::Info(format!("reconnected on attempt {n}")));
                    self.session.attempt = 0;
                }
                let mut cmds: Vec<Cmd> = self
                    .session
                    .outbox
                    .drain()
                    .into_iter()
                    .map(|payload| Cmd::Send { payload, origin: Origin::Outbox })
                    .collect();
                if self.session.heartbeat.enabled {
                    cmds.push(Cmd::StartHeartbeat { every_ms: self.session.heartbeat.every_ms });
                }
                cmds
            }
            SocketEvent::Message(payload) => {
                self.stats.in_count += 1;
                self.stats.in_bytes += payload.len() as u64;
                if let Some(key) = rtt_key(&self.session.rtt_mode, &payload) {
                    self.session.rtt.received(&key, now_ms);
                }
                let reply = match &payload {
                    Payload::Text(t) if !self.session.rules.is_empty() && self.state == ConnState::Open => {
                        auto_answer(&self.session.rules, t)
                    }
                    _ => None,
                };
                self.log.push(now_ms, EntryKind::In(payload));
                match reply {
                    Some(text) => self.auto_reply(text, now_ms),
                    None => Vec::new(),
                }
            }
            SocketEvent::Closed { code, reason, clean } => {
                self.state = ConnState::Closed;
                self.rates = Rates::default();
                self.session.rtt.forget_pending();
                let lasted_ms = self.opened_ms.map(|t| now_ms.saturating_sub(t));
                self.log.push(now_ms, EntryKind::Close { code, reason, clean, lasted_ms });
                let mut cmds = vec![Cmd::ReleaseSocket, Cmd::StopHeartbeat];
                cmds.extend(self.maybe_reconnect(now_ms));
                if self.session.reconnect_at.is_none() && !self.session.outbox.is_empty() {
                    self.notice = format!(
                        "The connection ended with {} queued messages unsent; they stay in the outbox.",
                        self.session.outbox.len()
                    );
                }
                cmds
            }
            SocketEvent::Errored => {
                self.log.push(now_ms, EntryKind::Error(ERROR_TEXT.to_owned()));
                Vec::new()
            }
        }
    }

    /// Sends an auto-reply unless more than `AUTO_REPLY_PER_SECOND` went out in the last second.
    fn auto_reply(&mut self, text: String, now_ms: u64) -> Vec<Cmd> {
        let s = &mut self.session;
        while s.replies_sent_at.front().is_some_and(|&t| now_ms.saturating_sub(t) >= 1000) {
            s.replies_sent_at.pop_front();
        }
        if s.replies_sent_at.len() >= AUTO_REPLY_PER_SECOND {
            if !s.replies_paused {
                s.replies_paused = true;
                self.log.push(
                    now_ms,
                    EntryKind::Info(format!(
                        "auto-replies paused: more than {AUTO_REPLY_PER_SECOND} in one second (a loop?)"
                    )),
                );
            }
            return Vec::new();
        }
        s.replies_paused = false;
        s.replies_sent_at.push_back(now_ms);
        vec![Cmd::Send { payload: Payload::Text(text), origin: Origin::AutoReply }]
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
        assert_eq!(cmds, vec![Cmd::Send { payload: Payload::Text("hello".into()), origin: Origin::Draft }]);
        assert_eq!(m.draft, "hello", "the draft stays until the socket took it");
        m.update(Msg::Sent { payload: Payload::Text("hello".into()), origin: Origin::Draft }, 4);
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
        m.update(
            Msg::SendFailed {
                error: "InvalidStateError".into(),
                payload: Payload::Text("x".into()),
                origin: Origin::Draft,
            },
            5,
        );
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
            vec![Cmd::Send { payload: Payload::Binary(vec![0xde, 0xad].into()), origin: Origin::Draft }]
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
        m.update(Msg::Socket { conn, event: SocketEvent::Message(Payload::Binary(vec![1, 2, 3].into())) }, 5);
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
        assert_eq!(
            cmds,
            vec![Cmd::Send { payload: Payload::Binary(vec![1, 2].into()), origin: Origin::File }]
        );
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
    fn export_needs_entries_and_names_the_range() {
        let mut m = model();
        assert!(m.update(Msg::Export, 5).is_empty());
        assert!(m.notice.contains("empty"));
        open(&mut m);
        match m.update(Msg::Export, 5).as_slice() {
            [Cmd::Export { name, format, first, last }] => {
                assert_eq!(name, "sockpit-log-5.ndjson");
                assert_eq!((*format, *first, *last), (ExportFormat::Ndjson, 1, 2));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(m.exporting, Some((0, 2)));
        assert!(m.update(Msg::Export, 6).is_empty(), "one export at a time");
        assert!(m.notice.contains("already"));
        m.update(Msg::ExportProgress { done: 1, total: 2 }, 7);
        assert_eq!(m.exporting, Some((1, 2)));
        m.update(Msg::ExportFinished, 8);
        assert_eq!(m.exporting, None);
        m.update(Msg::Export, 9);
        m.update(Msg::ExportFailed { error: "entries were evicted".into() }, 10);
        assert!(m.notice.contains("evicted"));
        assert_eq!(m.exporting, None);
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
        let saved = crate::core::export::export(&m.log, ExportFormat::Ndjson);
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

    fn closed(m: &mut Model, code: u16, at: u64) -> Vec<Cmd> {
        let conn = m.conn;
        m.update(
            Msg::Socket {
                conn,
                event: SocketEvent::Closed { code, reason: String::new(), clean: code != 1006 },
            },
            at,
        )
    }

    fn opened(m: &mut Model, at: u64) -> Vec<Cmd> {
        let conn = m.conn;
        m.update(
            Msg::Socket {
                conn,
                event: SocketEvent::Opened { protocol: String::new(), extensions: String::new() },
            },
            at,
        )
    }

    fn scheduled(cmds: &[Cmd]) -> Option<(u64, u64)> {
        cmds.iter().find_map(|c| match c {
            Cmd::ScheduleReconnect { token, delay_ms } => Some((*token, *delay_ms)),
            _ => None,
        })
    }

    #[test]
    fn reconnects_with_growing_jittered_delays_then_gives_up() {
        let mut m = model().with_seed(7);
        m.update(Msg::ReconnectToggled(true), 0);
        m.update(Msg::ReconnectSettingEdited(3, "3".into()), 0);
        open(&mut m);
        let mut now = 1000;
        let mut ceilings = Vec::new();
        for attempt in 1..=3u32 {
            let cmds = closed(&mut m, 1006, now);
            assert!(cmds.contains(&Cmd::ReleaseSocket));
            let (token, delay) = scheduled(&cmds).expect("a reconnect is scheduled");
            assert!(delay <= m.session.policy.ceiling_ms(attempt), "attempt {attempt}: {delay}");
            ceilings.push(m.session.policy.ceiling_ms(attempt));
            assert_eq!(m.session.reconnect_at, Some(now + delay));
            assert_eq!(m.session.attempt, attempt);
            // A stale timer does nothing.
            assert!(m.update(Msg::ReconnectDue { token: token - 1 }, now + delay).is_empty());
            now += delay;
            let cmds = m.update(Msg::ReconnectDue { token }, now);
            assert!(
                matches!(cmds.as_slice(), [Cmd::Open { url, .. }] if url == "ws://127.0.0.1:9001/echo"),
                "{cmds:?}"
            );
            assert_eq!(m.state, ConnState::Connecting);
            now += 10;
        }
        assert_eq!(ceilings, vec![500, 1000, 2000]);
        let cmds = closed(&mut m, 1006, now);
        assert_eq!(scheduled(&cmds), None);
        assert!(m.log.iter().last().unwrap().summary().contains("gave up reconnecting after 3 attempts"));
        let attempts = m.log.iter().filter(|e| e.summary().starts_with("reconnect attempt")).count();
        assert_eq!(attempts, 3, "each attempt is a log entry");
    }

    #[test]
    fn an_open_resets_the_attempts_and_says_so() {
        let mut m = model();
        m.update(Msg::ReconnectToggled(true), 0);
        open(&mut m);
        let (token, delay) = scheduled(&closed(&mut m, 1006, 100)).unwrap();
        m.update(Msg::ReconnectDue { token }, 100 + delay);
        opened(&mut m, 200 + delay);
        assert_eq!(m.session.attempt, 0);
        assert!(m.log.iter().any(|e| e.summary() == "reconnected on attempt 1"));
    }

    #[test]
    fn no_reconnect_after_the_users_own_stop_or_when_off() {
        let mut m = model();
        m.update(Msg::ReconnectToggled(true), 0);
        open(&mut m);
        m.update(Msg::Close, 10);
        assert_eq!(scheduled(&closed(&mut m, 1000, 20)), None);
        let mut off = model();
        open(&mut off);
        assert_eq!(scheduled(&closed(&mut off, 1006, 20)), None);
        // A server close is not the user's: it reconnects.
        let mut server = model();
        server.update(Msg::ReconnectToggled(true), 0);
        open(&mut server);
        assert!(scheduled(&closed(&mut server, 4001, 20)).is_some());
    }

    #[test]
    fn cancel_and_retry_now() {
        let mut m = model();
        m.update(Msg::ReconnectToggled(true), 0);
        open(&mut m);
        closed(&mut m, 1006, 10);
        assert_eq!(m.update(Msg::CancelReconnect, 20), vec![Cmd::CancelReconnect]);
        assert_eq!(m.session.reconnect_at, None);
        m.update(Msg::CancelReconnect, 21);
        assert!(m.notice.contains("No reconnect"));
        m.update(Msg::Connect, 30);
        opened(&mut m, 31);
        closed(&mut m, 1006, 40);
        let cmds = m.update(Msg::RetryNow, 41);
        assert_eq!(cmds[0], Cmd::CancelReconnect);
        assert!(matches!(cmds[1], Cmd::Open { .. }));
        // Stop while a reconnect waits cancels it.
        closed(&mut m, 1006, 50);
        assert_eq!(m.update(Msg::Close, 51), vec![Cmd::CancelReconnect]);
        // Switching reconnect off cancels too.
        m.update(Msg::Connect, 60);
        opened(&mut m, 61);
        closed(&mut m, 1006, 70);
        assert_eq!(m.update(Msg::ReconnectToggled(false), 71), vec![Cmd::CancelReconnect]);
    }

    #[test]
    fn the_outbox_queues_while_connecting_and_flushes_in_order() {
        let mut m = model();
        m.update(Msg::OutboxToggled(true), 0);
        m.update(Msg::Connect, 1);
        for text in ["one", "two", "three"] {
            m.update(Msg::DraftEdited(text.into()), 2);
            assert!(m.update(Msg::Send, 2).is_empty());
            assert_eq!(m.draft, "", "queued, so the composer is free");
        }
        assert_eq!(m.session.outbox.len(), 3);
        m.update(Msg::OutboxRemove(1), 3);
        let cmds = opened(&mut m, 4);
        assert_eq!(
            cmds,
            vec![
                Cmd::Send { payload: Payload::Text("one".into()), origin: Origin::Outbox },
                Cmd::Send { payload: Payload::Text("three".into()), origin: Origin::Outbox },
            ]
        );
        // A failed send goes back to the outbox and is said.
        m.update(
            Msg::SendFailed {
                error: "closed".into(),
                payload: Payload::Text("one".into()),
                origin: Origin::Outbox,
            },
            5,
        );
        assert_eq!(m.session.outbox.len(), 1);
        assert!(m.notice.contains("stays in the outbox"));
    }

    #[test]
    fn a_queued_message_can_be_taken_back_to_edit() {
        let mut m = model();
        m.update(Msg::OutboxToggled(true), 0);
        m.update(Msg::Connect, 1);
        m.update(Msg::FormatChosen(SendFormat::Hex), 1);
        m.update(Msg::DraftEdited("01 02".into()), 1);
        m.update(Msg::Send, 1);
        m.update(Msg::FormatChosen(SendFormat::Text), 1);
        m.update(Msg::DraftEdited("busy".into()), 1);
        m.update(Msg::OutboxEdit(0), 2);
        assert!(m.notice.contains("composer first"));
        assert_eq!(m.session.outbox.len(), 1);
        m.update(Msg::DraftEdited(String::new()), 3);
        m.update(Msg::OutboxEdit(0), 3);
        assert_eq!((m.draft.as_str(), m.format), ("01 02", SendFormat::Hex));
        assert!(m.session.outbox.is_empty());
    }

    #[test]
    fn the_outbox_is_bounded_and_never_drops_silently() {
        let mut m = model();
        m.update(Msg::OutboxToggled(true), 0);
        m.update(Msg::Connect, 1);
        for i in 0..m.session.outbox.cap() {
            m.update(Msg::DraftEdited(i.to_string()), 2);
            m.update(Msg::Send, 2);
        }
        m.update(Msg::DraftEdited("one too many".into()), 3);
        m.update(Msg::Send, 3);
        assert_eq!(m.draft, "one too many");
        assert!(m.notice.contains("outbox is full"));
        // Without the outbox, sending while connecting is refused as before.
        let mut plain = model();
        plain.update(Msg::Connect, 1);
        plain.update(Msg::DraftEdited("x".into()), 2);
        plain.update(Msg::Send, 2);
        assert!(plain.notice.contains("still opening"));
        // Ending with messages queued says so.
        closed(&mut m, 1006, 10);
        assert!(m.notice.contains("queued messages unsent"), "{}", m.notice);
    }

    #[test]
    fn heartbeat_starts_on_open_counts_and_stops_on_close() {
        let mut m = model();
        m.update(Msg::HeartbeatToggled(true), 0);
        m.update(Msg::HeartbeatSecsEdited("0.5".into()), 0);
        m.update(Msg::HeartbeatTextEdited("{\"op\":\"ping\"}".into()), 0);
        m.update(Msg::Connect, 1);
        assert_eq!(opened(&mut m, 2), vec![Cmd::StartHeartbeat { every_ms: 500 }]);
        let cmds = m.update(Msg::HeartbeatDue, 502);
        assert_eq!(
            cmds,
            vec![Cmd::Send { payload: Payload::Text("{\"op\":\"ping\"}".into()), origin: Origin::Heartbeat }]
        );
        m.update(Msg::Sent { payload: Payload::Text("x".into()), origin: Origin::Heartbeat }, 503);
        assert_eq!(m.session.heartbeat.sent, 1);
        assert!(closed(&mut m, 1000, 600).contains(&Cmd::StopHeartbeat));
        assert!(m.update(Msg::HeartbeatDue, 1002).is_empty(), "no heartbeat while closed");
        m.update(Msg::HeartbeatSecsEdited("0".into()), 1003);
        assert!(m.notice.contains("heartbeat interval"));
    }

    #[test]
    fn auto_replies_answer_and_stop_a_loop() {
        let mut m = model();
        m.update(Msg::RulePatternEdited("^ping (\\d+)$".into()), 0);
        m.update(Msg::RuleReplyEdited("pong $1".into()), 0);
        m.update(Msg::AddRule, 0);
        assert_eq!(m.session.rules.len(), 1);
        open(&mut m);
        let conn = m.conn;
        let cmds =
            m.update(Msg::Socket { conn, event: SocketEvent::Message(Payload::Text("ping 7".into())) }, 10);
        assert_eq!(
            cmds,
            vec![Cmd::Send { payload: Payload::Text("pong 7".into()), origin: Origin::AutoReply }]
        );
        let mut sent = 1;
        for i in 0..50 {
            let cmds = m.update(
                Msg::Socket { conn, event: SocketEvent::Message(Payload::Text(format!("ping {i}"))) },
                20,
            );
            sent += cmds.len();
        }
        assert_eq!(sent, AUTO_REPLY_PER_SECOND);
        assert_eq!(m.log.iter().filter(|e| e.summary().starts_with("auto-replies paused")).count(), 1);
        // A second later they flow again.
        let cmds =
            m.update(Msg::Socket { conn, event: SocketEvent::Message(Payload::Text("ping 1".into())) }, 1100);
        assert_eq!(cmds.len(), 1);
        m.update(Msg::RulePatternEdited("(".into()), 0);
        m.update(Msg::AddRule, 0);
        assert!(m.notice.contains("not a valid regular expression"));
        m.update(Msg::RemoveRule(0), 0);
        assert!(m.session.rules.is_empty());
    }

    #[test]
    fn round_trips_are_measured_by_echo_or_json_field() {
        let mut m = model();
        m.update(Msg::RttModeChosen("echo".into()), 0);
        open(&mut m);
        let conn = m.conn;
        m.update(Msg::Sent { payload: Payload::Text("hi".into()), origin: Origin::Draft }, 100);
        m.update(Msg::Socket { conn, event: SocketEvent::Message(Payload::Text("hi".into())) }, 112);
        assert_eq!(m.session.rtt.last, Some(12));
        m.update(Msg::RttModeChosen("json".into()), 200);
        assert_eq!(m.session.rtt_mode, RttMode::JsonField("id".into()));
        m.update(
            Msg::Sent { payload: Payload::Text(r#"{"id":1,"op":"sub"}"#.into()), origin: Origin::Draft },
            300,
        );
        m.update(
            Msg::Socket { conn, event: SocketEvent::Message(Payload::Text(r#"{"id":1,"ok":true}"#.into())) },
            340,
        );
        assert_eq!(m.session.rtt.last, Some(40));
        assert_eq!((m.session.rtt.min, m.session.rtt.max), (Some(12), Some(40)));
    }

    #[test]
    fn entries_download_as_octet_stream_files_and_copy_three_ways() {
        let mut m = model();
        open(&mut m);
        let conn = m.conn;
        let mut png = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
        png.extend([1, 2]);
        m.update(Msg::Socket { conn, event: SocketEvent::Message(Payload::Binary(png.clone().into())) }, 3);
        m.update(
            Msg::Socket { conn, event: SocketEvent::Message(Payload::Text("<svg onload=x>".into())) },
            4,
        );
        assert_eq!(
            m.update(Msg::DownloadEntry(3), 5),
            vec![Cmd::DownloadBytes { name: "sockpit-entry-3.png".into(), bytes: png }]
        );
        assert_eq!(
            m.update(Msg::DownloadEntry(4), 5),
            vec![Cmd::DownloadBytes {
                name: "sockpit-entry-4.txt".into(),
                bytes: b"<svg onload=x>".to_vec()
            }]
        );
        assert_eq!(
            m.update(Msg::CopyEntry(3, CopyAs::Hex), 5),
            vec![Cmd::CopyText("89 50 4e 47 0d 0a 1a 0a 01 02".into())]
        );
        assert_eq!(
            m.update(Msg::CopyEntry(3, CopyAs::Base64), 5),
            vec![Cmd::CopyText("iVBORw0KGgoBAg==".into())]
        );
        assert_eq!(
            m.update(Msg::CopyEntry(4, CopyAs::Text), 5),
            vec![Cmd::CopyText("<svg onload=x>".into())]
        );
        assert!(m.update(Msg::DownloadEntry(99), 5).is_empty());
        assert!(m.notice.contains("no longer"));
        m.update(Msg::CopyFailed { error: "NotAllowedError".into() }, 6);
        assert!(m.notice.contains("NotAllowedError"));
    }

    #[test]
    fn format_draft_indents_json_or_says_where_it_breaks() {
        let mut m = model();
        m.update(Msg::DraftEdited("{\"a\":[1,2]}".into()), 0);
        m.update(Msg::FormatDraft, 0);
        assert_eq!(m.draft, "{\n  \"a\": [\n    1,\n    2\n  ]\n}");
        m.update(Msg::DraftEdited("{\"a\":\n  nope}".into()), 0);
        m.update(Msg::FormatDraft, 0);
        assert!(m.notice.contains("line 2, column 4"), "{}", m.notice);
        assert_eq!(m.draft, "{\"a\":\n  nope}");
    }

    #[test]
    fn an_evicted_selection_is_dropped() {
        let mut m = model();
        m.update(Msg::CapEdited("2".into()), 0);
        open(&mut m);
        let first = m.log.first_seq();
        m.update(Msg::Select(first), 0);
        assert_eq!(m.selected, Some(first));
        let conn = m.conn;
        m.update(Msg::Socket { conn, event: SocketEvent::Message(Payload::Text("x".into())) }, 3);
        m.update(Msg::Socket { conn, event: SocketEvent::Message(Payload::Text("y".into())) }, 3);
        assert_eq!(m.selected, None);
    }

    #[test]
    fn open_and_close_entries_say_how_long() {
        let mut m = model();
        m.update(Msg::Connect, 1000);
        opened(&mut m, 1042);
        closed(&mut m, 1000, 4042);
        let texts: Vec<String> = m.log.iter().map(|e| e.summary()).collect();
        assert!(texts[1].contains("in 42 ms"), "{texts:?}");
        assert!(texts[2].contains("open for 3.0 s"), "{texts:?}");
    }
}
