//! The event log: numbered, timestamped entries in a bounded queue that counts what it evicts, and
//! the one-line text each entry shows. Pure.

use std::collections::VecDeque;

use super::info::Info;
use super::lens::Note;
use super::payload::{hex_preview, size_text, sniff_image, Payload};
use super::protocol::close_code_meaning;

/// What happened, for one log entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EntryKind {
    /// The connection opened (boxed, as are the other rare kinds: an entry is as small as a message's).
    Open(Box<Opened>),
    /// A message received.
    In(Payload),
    /// A message sent.
    Out(Payload),
    /// The connection closed.
    Close(Box<Closed>),
    /// The socket reported an error (browsers give no detail).
    Error(String),
    /// Something the app itself says: connecting, a user close, a file being sent, ...
    Info(Box<Info>),
}

/// An open: the URL, the negotiated subprotocol and extensions (empty when none), and how long the
/// handshake took.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Opened {
    pub url: String,
    pub protocol: String,
    pub extensions: String,
    pub took_ms: u64,
}

/// A close: its code, reason and cleanliness, after being open for `lasted_ms` (when it opened at all).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Closed {
    pub code: u16,
    pub reason: String,
    pub clean: bool,
    pub lasted_ms: Option<u64>,
}

impl EntryKind {
    /// What an entry of the app's own says.
    pub fn as_info(&self) -> Option<&Info> {
        match self {
            EntryKind::Info(info) => Some(info),
            _ => None,
        }
    }

    /// An entry of the app's own.
    pub fn info(info: Info) -> EntryKind {
        EntryKind::Info(Box::new(info))
    }

    /// The contract's `data-kind`.
    pub fn name(&self) -> &'static str {
        match self {
            EntryKind::Open(_) => "open",
            EntryKind::In(_) => "in",
            EntryKind::Out(_) => "out",
            EntryKind::Close(_) => "close",
            EntryKind::Error(_) => "error",
            EntryKind::Info(_) => "info",
        }
    }

    /// The payload of `in` and `out` entries.
    pub fn payload(&self) -> Option<&Payload> {
        match self {
            EntryKind::In(p) | EntryKind::Out(p) => Some(p),
            _ => None,
        }
    }
}

/// One numbered, timestamped event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogEntry {
    /// Number since the log was last cleared, from 1 (a saved log keeps its own, ascending); kept when
    /// older entries are evicted.
    pub seq: u64,
    /// Milliseconds since the Unix epoch.
    pub at_ms: u64,
    pub kind: EntryKind,
}

// A log holds up to a million entries, so an entry is no bigger than a message's needs (32 bytes in the
// browser, where it was 64 before the rare kinds were boxed): a new kind that would make it bigger is boxed too.
#[cfg(target_pointer_width = "32")]
const _: () = assert!(std::mem::size_of::<LogEntry>() <= 32);

/// How many characters of a text payload a one-line row shows.
pub(crate) const ROW_TEXT_CHARS: usize = 300;
/// How many bytes of a binary payload a one-line row shows in hex.
pub(crate) const ROW_HEX_BYTES: usize = 24;

impl LogEntry {
    /// The entry's one-line text as a row `max_chars` characters wide draws it: a message's text is cut
    /// there (saying so); every other entry is drawn whole, its meaning kept.
    pub fn row_summary(&self, max_chars: usize) -> String {
        match &self.kind {
            EntryKind::In(p) | EntryKind::Out(p) => payload_summary_within(p, max_chars),
            _ => self.summary(),
        }
    }

    /// The entry's one-line text, as drawn in the log and searched by the filter.
    pub fn summary(&self) -> String {
        match &self.kind {
            EntryKind::Open(open) => {
                let Opened { url, protocol, extensions, took_ms } = &**open;
                let mut s = format!("connected to {url} in {took_ms} ms");
                if !protocol.is_empty() {
                    s.push_str(&format!(" · subprotocol: {protocol}"));
                }
                if !extensions.is_empty() {
                    s.push_str(&format!(" · extensions: {extensions}"));
                }
                s
            }
            EntryKind::In(p) | EntryKind::Out(p) => payload_summary(p),
            EntryKind::Close(close) => {
                let Closed { code, reason, clean, lasted_ms } = &**close;
                let mut s = close_summary(*code, reason, *clean);
                if let Some(ms) = lasted_ms {
                    s.push_str(&format!(" · open for {}", duration_text(*ms)));
                }
                s
            }
            EntryKind::Error(text) => text.clone(),
            EntryKind::Info(info) => info.to_string(),
        }
    }
}

/// The one-line text of a payload: the text itself (cut, saying so), or size, image kind and hex.
pub fn payload_summary(p: &Payload) -> String {
    payload_summary_within(p, ROW_TEXT_CHARS)
}

/// `payload_summary`, with a text cut after `max_chars` characters (at most `ROW_TEXT_CHARS`): a row
/// need not carry more text than its width shows, and each character costs the browser's layout.
pub fn payload_summary_within(p: &Payload, max_chars: usize) -> String {
    match p {
        Payload::Text(t) => {
            let mut chars = t.char_indices();
            match chars.nth(max_chars.min(ROW_TEXT_CHARS)) {
                Some((cut, _)) => format!("{} … (cut: {} in all)", &t[..cut], size_text(t.len())),
                None => t.clone(),
            }
        }
        Payload::Binary(b) => {
            let head = b.head(32);
            let image = sniff_image(&head).map(|k| format!(" {} image ·", k.name())).unwrap_or_default();
            let hex = hex_preview(&head[..head.len().min(ROW_HEX_BYTES + 1)], ROW_HEX_BYTES);
            format!("{}:{image} {hex}", size_text(b.len()))
        }
    }
}

/// `850 ms`, `12.3 s`, `4 min 5 s`, `2 h 3 min`.
pub fn duration_text(ms: u64) -> String {
    match ms {
        0..=999 => format!("{ms} ms"),
        1000..=59_999 => format!("{} s", super::number::fixed(ms as f64 / 1000.0, 1)),
        60_000..=3_599_999 => format!("{} min {} s", ms / 60_000, ms / 1000 % 60),
        _ => format!("{} h {} min", ms / 3_600_000, ms / 60_000 % 60),
    }
}

/// `1000 normal closure · reason "bye" · clean`.
pub(crate) fn close_summary(code: u16, reason: &str, clean: bool) -> String {
    let reason = if reason.is_empty() { "no reason".to_owned() } else { format!("reason {reason:?}") };
    let clean = if clean { "clean" } else { "not clean" };
    format!("closed {code} ({}) · {reason} · {clean}", close_code_meaning(code))
}

/// The default most entries kept before the oldest are evicted.
pub(crate) const DEFAULT_CAP: usize = 1_000_000;

/// A bounded log: the newest `cap` entries, a count of the evicted ones, and the next number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Log {
    entries: VecDeque<LogEntry>,
    cap: usize,
    next_seq: u64,
    evicted: u64,
    epoch: u64,
    /// What a lens noted of some entries, by number, ascending: only entries a lens decoded have one.
    notes: VecDeque<(u64, Note)>,
}

impl Default for Log {
    fn default() -> Self {
        Log::with_cap(DEFAULT_CAP)
    }
}

impl Log {
    /// An empty log keeping at most `cap` entries (at least 1).
    pub(crate) fn with_cap(cap: usize) -> Self {
        Log {
            entries: VecDeque::new(),
            cap: cap.max(1),
            next_seq: 1,
            evicted: 0,
            epoch: 0,
            notes: VecDeque::new(),
        }
    }

    /// Appends an entry, evicting the oldest when full; returns its number.
    pub fn push(&mut self, at_ms: u64, kind: EntryKind) -> u64 {
        let seq = self.next_seq;
        // Numbers come from imports too: at the very end they stop growing rather than wrap.
        self.next_seq = self.next_seq.saturating_add(1);
        if self.entries.len() == self.cap {
            self.entries.pop_front();
            self.evicted += 1;
            self.forget_notes();
        }
        self.entries.push_back(LogEntry { seq, at_ms, kind });
        seq
    }

    /// Keeps what a lens noted of the entry numbered `seq` (the newest, normally).
    pub(crate) fn set_note(&mut self, seq: u64, note: Note) {
        if self.notes.back().is_some_and(|&(s, _)| s >= seq) {
            return;
        }
        self.notes.push_back((seq, note));
    }

    /// What a lens noted of the entry numbered `seq`.
    pub fn note(&self, seq: u64) -> Option<&Note> {
        let i = self.notes.binary_search_by_key(&seq, |&(s, _)| s).ok()?;
        self.notes.get(i).map(|(_, n)| n)
    }

    /// Whether any entry has a note (a lens decoded something).
    pub fn has_notes(&self) -> bool {
        !self.notes.is_empty()
    }

    fn forget_notes(&mut self) {
        let first = self.entries.front().map_or(self.next_seq, |e| e.seq);
        while self.notes.front().is_some_and(|&(s, _)| s < first) {
            self.notes.pop_front();
        }
    }

    /// Changes the cap (at least 1), evicting the oldest entries beyond it.
    pub(crate) fn set_cap(&mut self, cap: usize) {
        self.cap = cap.max(1);
        while self.entries.len() > self.cap {
            self.entries.pop_front();
            self.evicted += 1;
        }
        self.forget_notes();
    }

    /// Replaces the whole log with `entries` (an imported file), oldest first; later pushes number on
    /// from the last one.
    pub fn replace(&mut self, entries: Vec<LogEntry>) {
        self.clear();
        self.next_seq = entries.last().map_or(1, |e| e.seq.saturating_add(1));
        self.entries = entries.into();
        let excess = self.entries.len().saturating_sub(self.cap);
        self.entries.drain(..excess);
        self.evicted = excess as u64;
    }

    /// Appends entries read back from the browser's database, keeping their numbers; an entry not
    /// numbered after the newest one is left out (counted in the result).
    pub fn append_restored(&mut self, entries: Vec<LogEntry>) -> usize {
        let mut left_out = 0;
        for e in entries {
            if e.seq < self.next_seq && !(self.entries.is_empty() && self.next_seq == 1) {
                left_out += 1;
                continue;
            }
            if self.entries.len() == self.cap {
                self.entries.pop_front();
                self.evicted += 1;
            }
            self.next_seq = e.seq.saturating_add(1);
            self.entries.push_back(e);
        }
        self.forget_notes();
        left_out
    }

    /// Makes room for `more` entries (at most up to the cap) at once.
    pub fn reserve(&mut self, more: usize) {
        let room = self.cap.saturating_sub(self.entries.len()).min(more);
        self.entries.reserve(room);
    }

    /// The kept entries numbered `seq` or later, oldest first.
    pub fn since(&self, seq: u64) -> impl Iterator<Item = &LogEntry> {
        let start = self.entries.partition_point(|e| e.seq < seq);
        self.entries.range(start..)
    }

    /// Empties the log; numbering starts again from 1.
    pub fn clear(&mut self) {
        self.entries.clear();
        self.notes.clear();
        self.next_seq = 1;
        self.evicted = 0;
        self.epoch += 1;
    }

    /// How many times the log was cleared: numbers are reused after a clear, so (epoch, seq) names
    /// one entry for good.
    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    /// The number the next entry will get.
    pub fn next_seq(&self) -> u64 {
        self.next_seq
    }

    /// The number of the oldest kept entry (the next number when empty).
    pub fn first_seq(&self) -> u64 {
        self.entries.front().map_or(self.next_seq, |e| e.seq)
    }

    /// Entries kept now.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no entry is kept.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Entries evicted by the cap since the last clear.
    pub fn evicted(&self) -> u64 {
        self.evicted
    }

    /// The cap.
    pub fn cap(&self) -> usize {
        self.cap
    }

    /// The entry at position `i` (0 = oldest kept).
    pub fn get(&self, i: usize) -> Option<&LogEntry> {
        self.entries.get(i)
    }

    /// The position (0 = oldest kept) of the entry numbered `seq`, if it is still kept.
    pub(crate) fn position(&self, seq: u64) -> Option<usize> {
        let first = self.entries.front()?.seq;
        let i = usize::try_from(seq.checked_sub(first)?).ok()?;
        match self.entries.get(i) {
            Some(e) if e.seq == seq => Some(i),
            _ => self.entries.binary_search_by_key(&seq, |e| e.seq).ok(),
        }
    }

    /// The position of the first kept entry numbered `seq` or more (`len()` when none is).
    pub(crate) fn index_from(&self, seq: u64) -> usize {
        self.entries.partition_point(|e| e.seq < seq)
    }

    /// The entry numbered `seq`, if it is still kept.
    pub fn by_seq(&self, seq: u64) -> Option<&LogEntry> {
        self.position(seq).and_then(|i| self.entries.get(i))
    }

    /// Entries oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &LogEntry> + ExactSizeIterator {
        self.entries.iter()
    }
}

#[cfg(test)]
mod tests;
