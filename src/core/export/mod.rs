//! The log as a file and back: NDJSON or a JSON array (binary payloads as base64), or plain text for
//! people; NDJSON and JSON files open again as a read-only log. Pure.

use super::choice::Choice;
use super::json::{self, Value};
use super::log::{Closed, EntryKind, Log, LogEntry, Opened};
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

/// One exported entry (a line of NDJSON, an element of the JSON array): written with its fields in this
/// order, the optional ones only when set; read back with every field checked and none unknown.
#[derive(Debug, PartialEq, Default)]
pub struct ExportedEntry {
    pub seq: u64,
    pub at_ms: u64,
    pub kind: String,
    pub format: Option<String>,
    pub text: Option<String>,
    pub base64: Option<String>,
    pub url: Option<String>,
    pub protocol: Option<String>,
    pub extensions: Option<String>,
    pub took_ms: Option<u64>,
    pub lasted_ms: Option<u64>,
    pub code: Option<u16>,
    pub reason: Option<String>,
    pub clean: Option<bool>,
}

impl ExportedEntry {
    /// The entry as compact JSON.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(64 + self.text.as_ref().map_or(0, String::len));
        out.push_str("{\"seq\":");
        out.push_str(&self.seq.to_string());
        out.push_str(",\"at_ms\":");
        out.push_str(&self.at_ms.to_string());
        out.push_str(",\"kind\":");
        json::quote_into(&mut out, &self.kind);
        let text = |out: &mut String, name: &str, t: &Option<String>| {
            if let Some(t) = t {
                out.push_str(",\"");
                out.push_str(name);
                out.push_str("\":");
                json::quote_into(out, t);
            }
        };
        let number = |out: &mut String, name: &str, n: Option<u64>| {
            if let Some(n) = n {
                out.push_str(",\"");
                out.push_str(name);
                out.push_str("\":");
                out.push_str(&n.to_string());
            }
        };
        text(&mut out, "format", &self.format);
        text(&mut out, "text", &self.text);
        text(&mut out, "base64", &self.base64);
        text(&mut out, "url", &self.url);
        text(&mut out, "protocol", &self.protocol);
        text(&mut out, "extensions", &self.extensions);
        number(&mut out, "took_ms", self.took_ms);
        number(&mut out, "lasted_ms", self.lasted_ms);
        number(&mut out, "code", self.code.map(u64::from));
        text(&mut out, "reason", &self.reason);
        if let Some(clean) = self.clean {
            out.push_str(if clean { ",\"clean\":true" } else { ",\"clean\":false" });
        }
        out.push('}');
        out
    }

    /// Reads an entry from a JSON object: `seq`, `at_ms` and `kind` required, every field of its type,
    /// none unknown or repeated (`null` counts as absent for the optional ones).
    pub fn from_json(v: &Value) -> Result<ExportedEntry, String> {
        let Value::Object(o) = v else { return Err("an entry is a JSON object".into()) };
        let mut fields = Fields::default();
        for (name, value) in o.iter() {
            // The name is checked before the value is copied: an unknown member costs no copy.
            let field = fields.claim(name)?;
            fields.assign(name, field, value.clone())?;
        }
        fields.finish()
    }

    /// `from_json` on JSON text, read member by member: the object is never built (a kept log's
    /// records are read back by the hundred thousand).
    pub fn from_json_text(text: &str) -> Result<ExportedEntry, String> {
        let mut fields = Fields::default();
        json::each_member(text, |name, value| fields.member(name, value)).map_err(|e| match e {
            json::MemberError::Json(e) => e.to_string(),
            json::MemberError::NotAnObject => "an entry is a JSON object".to_owned(),
            json::MemberError::Refused(e) => e,
        })?;
        fields.finish()
    }
}

/// An exported entry's fields, in the order `to_json` writes them.
#[derive(Clone, Copy)]
enum Field {
    Seq,
    AtMs,
    Kind,
    Format,
    Text,
    Base64,
    Url,
    Protocol,
    Extensions,
    TookMs,
    LastedMs,
    Code,
    Reason,
    Clean,
}

/// Each field's name, in the same order.
const FIELDS: [(&str, Field); 14] = [
    ("seq", Field::Seq),
    ("at_ms", Field::AtMs),
    ("kind", Field::Kind),
    ("format", Field::Format),
    ("text", Field::Text),
    ("base64", Field::Base64),
    ("url", Field::Url),
    ("protocol", Field::Protocol),
    ("extensions", Field::Extensions),
    ("took_ms", Field::TookMs),
    ("lasted_ms", Field::LastedMs),
    ("code", Field::Code),
    ("reason", Field::Reason),
    ("clean", Field::Clean),
];

/// An entry being read member by member: what was read, and which fields were seen.
#[derive(Default)]
struct Fields {
    x: ExportedEntry,
    seen: u16,
    seq: Option<u64>,
    at_ms: Option<u64>,
    kind: Option<String>,
}

impl Fields {
    fn member(&mut self, name: &str, value: Value) -> Result<(), String> {
        let field = self.claim(name)?;
        self.assign(name, field, value)
    }

    /// Marks the field `name` as read, and says which it is: an error if it is no field or was read
    /// already.
    fn claim(&mut self, name: &str) -> Result<Field, String> {
        let Some(i) = FIELDS.iter().position(|(f, _)| *f == name) else {
            return Err(format!("unknown field `{}`", cut_name(name)));
        };
        if self.seen & (1 << i) != 0 {
            return Err(format!("duplicate field `{name}`"));
        }
        self.seen |= 1 << i;
        Ok(FIELDS[i].1)
    }

    /// Reads the value of `field` (claimed first under `name`).
    fn assign(&mut self, name: &str, field: Field, value: Value) -> Result<(), String> {
        let wrong = |expected: &str| format!("invalid type for `{name}`: expected {expected}");
        let unsigned = |value: &Value| value.as_u64().ok_or_else(|| wrong("an unsigned integer"));
        let optional = |value: &Value| if value.is_null() { Ok(None) } else { unsigned(value).map(Some) };
        let text = |value: Value| match value {
            Value::Null => Ok(None),
            Value::String(s) => Ok(Some(s)),
            _ => Err(wrong("a string")),
        };
        let x = &mut self.x;
        match field {
            Field::Seq => self.seq = Some(unsigned(&value)?),
            Field::AtMs => self.at_ms = Some(unsigned(&value)?),
            Field::Kind => match value {
                Value::String(s) => self.kind = Some(s),
                _ => return Err(wrong("a string")),
            },
            Field::Format => x.format = text(value)?,
            Field::Text => x.text = text(value)?,
            Field::Base64 => x.base64 = text(value)?,
            Field::Url => x.url = text(value)?,
            Field::Protocol => x.protocol = text(value)?,
            Field::Extensions => x.extensions = text(value)?,
            Field::Reason => x.reason = text(value)?,
            Field::TookMs => x.took_ms = optional(&value)?,
            Field::LastedMs => x.lasted_ms = optional(&value)?,
            Field::Code => {
                x.code = optional(&value)?
                    .map(|c| {
                        u16::try_from(c).map_err(|_| format!("`code` {c} is not a close code (0-65535)"))
                    })
                    .transpose()?;
            }
            Field::Clean => {
                x.clean = match value {
                    Value::Null => None,
                    Value::Bool(b) => Some(b),
                    _ => return Err(wrong("true or false")),
                }
            }
        }
        Ok(())
    }

    fn finish(self) -> Result<ExportedEntry, String> {
        let mut x = self.x;
        x.seq = self.seq.ok_or("missing field `seq`")?;
        x.at_ms = self.at_ms.ok_or("missing field `at_ms`")?;
        x.kind = self.kind.ok_or("missing field `kind`")?;
        Ok(x)
    }
}

/// A field's name as an error shows it: at most 40 characters.
fn cut_name(name: &str) -> String {
    match name.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &name[..i]),
        None => name.to_owned(),
    }
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
        EntryKind::Open(open) => {
            let Opened { url, protocol, extensions, took_ms } = &**open;
            out.took_ms = Some(*took_ms);
            out.url = Some(url.clone());
            out.protocol = Some(protocol.clone());
            out.extensions = Some(extensions.clone());
        }
        EntryKind::Close(close) => {
            let Closed { code, reason, clean, lasted_ms } = &**close;
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
                s.push_str(&exported(e).to_json());
                s.push('\n');
            }
            ExportFormat::Json => {
                s.push_str(if opens && i == start { "\n  " } else { ",\n  " });
                s.push_str(&exported(e).to_json());
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
