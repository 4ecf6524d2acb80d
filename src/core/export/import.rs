//! Reading a saved log back, in steps: NDJSON a line at a time, a JSON array an element at a time, every
//! field checked, what cannot be read left out, counted and named. Pure.

use super::ExportedEntry;
use crate::core::info::Info;
use crate::core::log::{Closed, EntryKind, LogEntry, Opened};
use crate::core::payload::{parse_base64, Payload};
use crate::core::protocol::MAX_REASON_BYTES;

/// Why a file could not be opened as a log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    /// 1-based line (NDJSON) or element (JSON array) number; 0 for the file as a whole.
    pub at: usize,
    pub message: String,
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.at == 0 {
            write!(f, "{}", self.message)
        } else {
            write!(f, "entry {}: {}", self.at, self.message)
        }
    }
}

fn err(at: usize, message: impl Into<String>) -> ImportError {
    ImportError { at, message: message.into() }
}

/// The longest URL, subprotocol, extensions, error or info text a saved entry may hold: these are drawn
/// whole in a row, unlike payloads (which rows cut).
pub(crate) const MAX_FIELD: usize = 8 * 1024;

/// `field`'s text, if it is not longer than `max` bytes.
fn bounded(field: Option<String>, name: &str, max: usize, at: usize) -> Result<String, ImportError> {
    match field {
        Some(t) if t.len() > max => Err(err(at, format!("\"{name}\" is longer than {max} bytes"))),
        t => Ok(t.unwrap_or_default()),
    }
}

/// A stored entry read back: its fields, and a binary payload's bytes kept beside them.
pub(crate) fn entry_from_stored(x: ExportedEntry, bytes: Option<Vec<u8>>) -> Result<LogEntry, ImportError> {
    entry_with(x, 0, bytes)
}

fn entry_of(x: ExportedEntry, at: usize) -> Result<LogEntry, ImportError> {
    entry_with(x, at, None)
}

fn entry_with(x: ExportedEntry, at: usize, bytes: Option<Vec<u8>>) -> Result<LogEntry, ImportError> {
    let mut bytes = bytes;
    let mut payload = |x: &ExportedEntry| -> Result<Payload, ImportError> {
        if let (Some("binary"), None, None, Some(b)) = (x.format.as_deref(), &x.text, &x.base64, bytes.take())
        {
            return Ok(Payload::Binary(b.into()));
        }
        match (x.format.as_deref(), &x.text, &x.base64) {
            (Some("text") | None, Some(t), None) => Ok(Payload::Text(t.clone())),
            (Some("binary") | None, None, Some(b)) => {
                parse_base64(b).map(|v| Payload::Binary(v.into())).map_err(|e| err(at, e.to_string()))
            }
            _ => Err(err(at, "a message needs \"text\" (format text) or \"base64\" (format binary)")),
        }
    };
    let kind = match x.kind.as_str() {
        "in" => EntryKind::In(payload(&x)?),
        "out" => EntryKind::Out(payload(&x)?),
        "open" => EntryKind::Open(Box::new(Opened {
            url: bounded(x.url, "url", MAX_FIELD, at)?,
            protocol: bounded(x.protocol, "protocol", MAX_FIELD, at)?,
            extensions: bounded(x.extensions, "extensions", MAX_FIELD, at)?,
            took_ms: x.took_ms.unwrap_or_default(),
        })),
        "close" => EntryKind::Close(Box::new(Closed {
            code: x.code.ok_or_else(|| err(at, "a close entry needs \"code\""))?,
            reason: bounded(x.reason, "reason", MAX_REASON_BYTES, at)?,
            clean: x.clean.unwrap_or(false),
            lasted_ms: x.lasted_ms,
        })),
        "error" => EntryKind::Error(bounded(x.text, "text", MAX_FIELD, at)?),
        "info" => EntryKind::info(Info::Note(bounded(x.text, "text", MAX_FIELD, at)?)),
        other => return Err(err(at, format!("unknown kind {other:?}"))),
    };
    if x.seq > MAX_SEQ {
        return Err(err(at, format!("seq {} is beyond {MAX_SEQ}", x.seq)));
    }
    if x.at_ms > MAX_TIME_MS {
        return Err(err(at, format!("at_ms {} is not a time a browser can show", x.at_ms)));
    }
    Ok(LogEntry { seq: x.seq, at_ms: x.at_ms, kind })
}

/// The largest entry number a saved log may hold: numbers stay exact in JavaScript (2^53 − 1).
pub(crate) const MAX_SEQ: u64 = (1 << 53) - 1;
/// The latest time a browser's `Date` can hold (year 275760), in ms since the epoch.
pub(crate) const MAX_TIME_MS: u64 = 8_640_000_000_000_000;

/// A saved log read back: the entries that could be read, and what could not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Imported {
    pub entries: Vec<LogEntry>,
    /// Entries left out, and why the first of them was.
    pub skipped: usize,
    pub first_problem: Option<ImportError>,
}

/// Reads an exported NDJSON or JSON file back, all at once. Every field is checked; an entry that fails
/// (bad JSON, an unknown kind, a number that does not ascend or is out of range, a time no browser can
/// show) is left out and counted, never guessed at. A file with no readable entry is an error.
pub fn import(text: &str) -> Result<Imported, ImportError> {
    let mut importer = Importer::new(text.to_owned());
    while !importer.step(usize::MAX) {}
    importer.finish()
}

/// A saved log being read in steps, so that a big file never freezes the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Importer {
    text: String,
    /// Where the next line (NDJSON) or element (a JSON array) starts.
    pos: usize,
    array: bool,
    /// The number of the next line or element, from 1.
    item: usize,
    imported: Imported,
    /// The file as a whole is not a log (a JSON array that is not well formed).
    fatal: Option<ImportError>,
    done: bool,
}

impl Importer {
    /// Starts reading `text` (NDJSON, or a JSON array).
    pub fn new(text: String) -> Importer {
        let start = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
        let first = start + (text[start..].len() - text[start..].trim_start().len());
        let array = text[first..].starts_with('[');
        Importer {
            pos: if array { first + 1 } else { start },
            text,
            array,
            item: 1,
            imported: Imported { entries: Vec::new(), skipped: 0, first_problem: None },
            fatal: None,
            done: false,
        }
    }

    /// Bytes read, of all.
    pub fn progress(&self) -> (usize, usize) {
        (self.pos, self.text.len())
    }

    /// Reads on for about `budget` bytes (at least one entry); whether the whole file is read.
    pub fn step(&mut self, budget: usize) -> bool {
        let stop = self.pos.saturating_add(budget.max(1));
        while !self.done && self.pos < stop {
            if self.array {
                self.next_element();
            } else {
                self.next_line();
            }
        }
        self.done |= self.pos >= self.text.len() && !self.array;
        self.done
    }

    fn next_line(&mut self) {
        let rest = &self.text[self.pos..];
        let (line, advance) = match rest.find('\n') {
            Some(i) => (&rest[..i], i + 1),
            None => (rest, rest.len()),
        };
        let at = self.item;
        self.pos += advance;
        self.item += 1;
        if !line.trim().is_empty() {
            let x = crate::core::json::from_str(line)
                .map_err(|e| e.to_string())
                .and_then(|v| ExportedEntry::from_json(&v))
                .map_err(|e| err(at, e));
            self.accept(x, at);
        }
        if self.pos >= self.text.len() {
            self.done = true;
        }
    }

    fn next_element(&mut self) {
        let rest = &self.text[self.pos..];
        let trimmed = rest.trim_start();
        self.pos += rest.len() - trimmed.len();
        let at = self.item;
        match trimmed.as_bytes().first() {
            None => self.fail(err(0, "not a Sockpit JSON log: the array is not closed")),
            Some(b']') => {
                self.pos += 1;
                self.done = true;
            }
            Some(b',') if at > 1 => self.pos += 1,
            Some(_) => match crate::core::json::from_str_prefix(trimmed) {
                Ok((v, end)) => {
                    self.pos += end;
                    self.item += 1;
                    self.accept(ExportedEntry::from_json(&v).map_err(|e| err(at, e)), at);
                }
                Err(e) => self.fail(err(0, format!("not a Sockpit JSON log: {e}"))),
            },
        }
    }

    fn fail(&mut self, problem: ImportError) {
        self.fatal = Some(problem);
        self.done = true;
    }

    fn accept(&mut self, x: Result<ExportedEntry, ImportError>, at: usize) {
        let entry = x.and_then(|x| entry_of(x, at)).and_then(|e| match self.imported.entries.last() {
            Some(prev) if prev.seq >= e.seq => Err(err(at, "entry numbers (seq) must ascend")),
            _ => Ok(e),
        });
        match entry {
            Ok(e) => self.imported.entries.push(e),
            Err(problem) => {
                self.imported.skipped += 1;
                self.imported.first_problem.get_or_insert(problem);
            }
        }
    }

    /// What was read: the entries, or why the file is not a log.
    pub fn finish(self) -> Result<Imported, ImportError> {
        if let Some(fatal) = self.fatal {
            return Err(fatal);
        }
        let mut imported = self.imported;
        match (imported.entries.is_empty(), imported.first_problem.take()) {
            (true, problem) => Err(problem.unwrap_or_else(|| err(0, "the file holds no log entries"))),
            (false, problem) => Ok(Imported { first_problem: problem, ..imported }),
        }
    }
}
