//! The log as a file: one JSON object a line (NDJSON), binary payloads as base64. Pure.

use serde::Serialize;

use super::log::{EntryKind, Log, LogEntry};
use super::payload::{to_base64, Payload};

/// One exported line.
#[derive(Serialize, Debug, PartialEq)]
pub struct ExportedEntry<'a> {
    pub seq: u64,
    pub at_ms: u64,
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base64: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clean: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
}

fn exported(e: &LogEntry) -> ExportedEntry<'_> {
    let mut out = ExportedEntry {
        seq: e.seq,
        at_ms: e.at_ms,
        kind: e.kind.name(),
        format: None,
        text: None,
        base64: None,
        code: None,
        reason: None,
        clean: None,
        summary: None,
    };
    match &e.kind {
        EntryKind::In(p) | EntryKind::Out(p) => {
            out.format = Some(p.format_name());
            match p {
                Payload::Text(t) => out.text = Some(t),
                Payload::Binary(b) => out.base64 = Some(to_base64(b)),
            }
        }
        EntryKind::Close {
            code,
            reason,
            clean,
        } => {
            out.code = Some(*code);
            out.reason = Some(reason);
            out.clean = Some(*clean);
            out.summary = Some(e.summary());
        }
        _ => out.summary = Some(e.summary()),
    }
    out
}

/// The whole log, oldest first, one JSON object a line.
pub fn to_ndjson(log: &Log) -> String {
    let mut s = String::new();
    for e in log.iter() {
        if let Ok(line) = serde_json::to_string(&exported(e)) {
            s.push_str(&line);
            s.push('\n');
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_is_one_json_line() {
        let mut log = Log::with_cap(10);
        log.push(1, EntryKind::In(Payload::Text("héllo \"x\"\nline".into())));
        log.push(2, EntryKind::Out(Payload::Binary(vec![0, 255])));
        log.push(
            3,
            EntryKind::Close {
                code: 4001,
                reason: "bye".into(),
                clean: true,
            },
        );
        let out = to_ndjson(&log);
        let lines: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0]["text"], "héllo \"x\"\nline");
        assert_eq!(lines[0]["format"], "text");
        assert_eq!(lines[1]["base64"], "AP8=");
        assert_eq!(lines[1]["kind"], "out");
        assert_eq!(lines[2]["code"], 4001);
        assert_eq!(lines[2]["clean"], true);
        assert_eq!(lines[2]["seq"], 3);
    }
}
