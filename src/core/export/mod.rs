//! The log as a file and back: NDJSON or a JSON array (binary payloads as base64), or plain text for
//! people; NDJSON and JSON files open again as a read-only log. Pure.

use super::choice::Choice;
use serde::{Deserialize, Serialize};

use super::info::Info;
use super::log::{EntryKind, Log, LogEntry};
use super::payload::{parse_base64, to_base64, Payload};

/// The file formats of an export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ExportFormat {
    #[default]
    Ndjson,
    Json,
    Text,
}

impl Choice for ExportFormat {
    const ALL: &'static [Self] = &[ExportFormat::Ndjson, ExportFormat::Json, ExportFormat::Text];

    /// The option's value.
    fn value(self) -> &'static str {
        match self {
            ExportFormat::Ndjson => "ndjson",
            ExportFormat::Json => "json",
            ExportFormat::Text => "text",
        }
    }

    /// What the option says to a person.
    fn label(self) -> &'static str {
        match self {
            ExportFormat::Ndjson => "NDJSON",
            ExportFormat::Json => "JSON",
            ExportFormat::Text => "Plain text",
        }
    }
}

impl ExportFormat {
    /// File name extension.
    pub(crate) fn extension(self) -> &'static str {
        match self {
            ExportFormat::Ndjson => "ndjson",
            ExportFormat::Json => "json",
            ExportFormat::Text => "txt",
        }
    }

    /// MIME type of the download.
    pub fn mime(self) -> &'static str {
        match self {
            ExportFormat::Ndjson => "application/x-ndjson",
            ExportFormat::Json => "application/json",
            ExportFormat::Text => "text/plain;charset=utf-8",
        }
    }
}

/// One exported entry (a line of NDJSON, an element of the JSON array).
#[derive(Serialize, Deserialize, Debug, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct ExportedEntry {
    pub seq: u64,
    pub at_ms: u64,
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base64: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extensions: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub took_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lasted_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clean: Option<bool>,
}

fn exported(e: &LogEntry) -> ExportedEntry {
    let mut out =
        ExportedEntry { seq: e.seq, at_ms: e.at_ms, kind: e.kind.name().to_owned(), ..Default::default() };
    match &e.kind {
        EntryKind::In(p) | EntryKind::Out(p) => {
            out.format = Some(p.format_name().to_owned());
            match p {
                Payload::Text(t) => out.text = Some(t.clone()),
                Payload::Binary(b) => out.base64 = Some(to_base64(&b.all())),
            }
        }
        EntryKind::Open { url, protocol, extensions, took_ms } => {
            out.took_ms = Some(*took_ms);
            out.url = Some(url.clone());
            out.protocol = Some(protocol.clone());
            out.extensions = Some(extensions.clone());
        }
        EntryKind::Close { code, reason, clean, lasted_ms } => {
            out.lasted_ms = *lasted_ms;
            out.code = Some(*code);
            out.reason = Some(reason.clone());
            out.clean = Some(*clean);
        }
        EntryKind::Error(t) => out.text = Some(t.clone()),
        EntryKind::Info(i) => out.text = Some(i.to_string()),
    }
    out
}

/// The whole log in `format`, oldest first.
pub fn export(log: &Log, format: ExportFormat) -> String {
    export_part(log, format, 0..log.len(), true, true)
}

/// The piece of an export holding the entries at positions `range` of the log (oldest is 0), opening
/// the file when `opens` and closing it when `closes`: the pieces of consecutive ranges concatenate to the
/// whole export, so a big log can be written in steps.
pub(crate) fn export_part(
    log: &Log,
    format: ExportFormat,
    range: std::ops::Range<usize>,
    opens: bool,
    closes: bool,
) -> String {
    let (start, end) = (range.start, range.end.min(log.len()));
    let mut s = String::new();
    if format == ExportFormat::Json && opens {
        s.push('[');
    }
    for (i, e) in log.iter().enumerate().skip(start).take(end.saturating_sub(start)) {
        match format {
            ExportFormat::Ndjson => {
                if let Ok(line) = serde_json::to_string(&exported(e)) {
                    s.push_str(&line);
                    s.push('\n');
                }
            }
            ExportFormat::Json => {
                if let Ok(item) = serde_json::to_string(&exported(e)) {
                    s.push_str(if opens && i == start { "\n  " } else { ",\n  " });
                    s.push_str(&item);
                }
            }
            ExportFormat::Text => {
                let text = match &e.kind {
                    // The whole text, not the cut row.
                    EntryKind::In(Payload::Text(t)) | EntryKind::Out(Payload::Text(t)) => t.clone(),
                    _ => e.summary(),
                };
                s.push_str(&format!("{}\t{}\t{}\t{}\n", e.seq, utc_text(e.at_ms), e.kind.name(), text));
            }
        }
    }
    if format == ExportFormat::Json && closes {
        s.push_str("\n]\n");
    }
    s
}

/// `2026-11-26T00:31:23.967Z` for milliseconds since the epoch.
pub(crate) fn utc_text(at_ms: u64) -> String {
    let (days, ms) = (at_ms / 86_400_000, at_ms % 86_400_000);
    // Howard Hinnant's civil-from-days.
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

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

fn entry_of(x: ExportedEntry, at: usize) -> Result<LogEntry, ImportError> {
    let payload = |x: &ExportedEntry| -> Result<Payload, ImportError> {
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
        "open" => EntryKind::Open {
            url: x.url.unwrap_or_default(),
            protocol: x.protocol.unwrap_or_default(),
            extensions: x.extensions.unwrap_or_default(),
            took_ms: x.took_ms.unwrap_or_default(),
        },
        "close" => EntryKind::Close {
            code: x.code.ok_or_else(|| err(at, "a close entry needs \"code\""))?,
            reason: x.reason.unwrap_or_default(),
            clean: x.clean.unwrap_or(false),
            lasted_ms: x.lasted_ms,
        },
        "error" => EntryKind::Error(x.text.unwrap_or_default()),
        "info" => EntryKind::Info(Info::Note(x.text.unwrap_or_default())),
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

/// Reads an exported NDJSON or JSON file back. Every field is checked; an entry that fails (bad JSON,
/// an unknown kind, a number that does not ascend or is out of range, a time no browser can show) is
/// left out and counted, never guessed at. A file with no readable entry is an error.
pub fn import(text: &str) -> Result<Imported, ImportError> {
    let text = text.trim_start_matches('\u{feff}');
    let raw: Vec<(usize, Result<ExportedEntry, String>)> = if text.trim_start().starts_with('[') {
        let all: Vec<serde_json::Value> =
            serde_json::from_str(text).map_err(|e| err(0, format!("not a Sockpit JSON log: {e}")))?;
        let read = |v| serde_json::from_value::<ExportedEntry>(v).map_err(|e| e.to_string());
        all.into_iter().enumerate().map(|(i, v)| (i + 1, read(v))).collect()
    } else {
        let lines = text.lines().enumerate().filter(|(_, line)| !line.trim().is_empty());
        lines.map(|(i, line)| (i + 1, serde_json::from_str(line).map_err(|e| e.to_string()))).collect()
    };
    if raw.is_empty() {
        return Err(err(0, "the file holds no log entries"));
    }
    let mut imported = Imported { entries: Vec::with_capacity(raw.len()), skipped: 0, first_problem: None };
    for (at, x) in raw {
        let entry = x.map_err(|e| err(at, e)).and_then(|x| entry_of(x, at)).and_then(|e| {
            match imported.entries.last() {
                Some(prev) if prev.seq >= e.seq => Err(err(at, "entry numbers (seq) must ascend")),
                _ => Ok(e),
            }
        });
        match entry {
            Ok(e) => imported.entries.push(e),
            Err(problem) => {
                imported.skipped += 1;
                imported.first_problem.get_or_insert(problem);
            }
        }
    }
    match (imported.entries.is_empty(), imported.first_problem.take()) {
        (true, problem) => Err(problem.unwrap_or_else(|| err(0, "the file holds no log entries"))),
        (false, problem) => Ok(Imported { first_problem: problem, ..imported }),
    }
}

#[cfg(test)]
mod tests;
