//! The log as a file and back: NDJSON or a JSON array (binary payloads as base64), or plain text for
//! people; NDJSON and JSON files open again as a read-only log. Pure.

use super::choice::Choice;
use serde::{Deserialize, Serialize};

use super::log::{EntryKind, Log, LogEntry};
use super::payload::{to_base64, Payload};

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

/// An entry's fields as the browser's database keeps them: like an export's, but a binary payload's
/// bytes stay beside the fields (to be kept as a Blob), not in base64.
pub(crate) fn stored_fields(e: &LogEntry) -> (ExportedEntry, Option<Vec<u8>>) {
    match &e.kind {
        EntryKind::In(Payload::Binary(b)) | EntryKind::Out(Payload::Binary(b)) => {
            let fields = ExportedEntry {
                seq: e.seq,
                at_ms: e.at_ms,
                kind: e.kind.name().to_owned(),
                format: Some("binary".to_owned()),
                ..Default::default()
            };
            (fields, Some(b.all().into_owned()))
        }
        _ => (exported(e), None),
    }
}

pub(crate) use import::entry_from_stored;

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
pub fn utc_text(at_ms: u64) -> String {
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

mod import;

pub use import::{import, ImportError, Imported, Importer};

#[cfg(test)]
mod tests;
