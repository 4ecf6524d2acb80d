//! Tests of `export`: every format round trips, and what cannot be read is said.

use super::import::MAX_SEQ;
use super::*;
use crate::core::info::Info;

fn sample() -> Log {
    let mut log = Log::with_cap(10);
    log.push(1, EntryKind::info(Info::Note("connecting to ws://x/".into())));
    log.push(
        2,
        EntryKind::Open(Box::new(Opened {
            url: "ws://x/".into(),
            protocol: "chat".into(),
            extensions: String::new(),
            took_ms: 3,
        })),
    );
    log.push(3, EntryKind::In(Payload::Text("héllo \"x\"\nline".into())));
    log.push(4, EntryKind::Out(Payload::Binary(vec![0, 255].into())));
    log.push(5, EntryKind::Error("boom".into()));
    log.push(
        6,
        EntryKind::Close(Box::new(Closed {
            code: 4001,
            reason: "bye".into(),
            clean: true,
            lasted_ms: Some(4),
        })),
    );
    log
}

#[test]
fn ndjson_is_one_object_a_line() {
    let out = export(&sample(), ExportFormat::Ndjson);
    let lines: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 6);
    assert_eq!(lines[2]["text"], "héllo \"x\"\nline");
    assert_eq!(lines[2]["format"], "text");
    assert_eq!(lines[3]["base64"], "AP8=");
    assert_eq!(lines[5]["code"], 4001);
    assert_eq!(lines[5]["seq"], 6);
}

#[test]
fn ndjson_and_json_round_trip() {
    let log = sample();
    for format in [ExportFormat::Ndjson, ExportFormat::Json] {
        let back = import(&export(&log, format)).unwrap().entries;
        let original: Vec<LogEntry> = log.iter().cloned().collect();
        assert_eq!(back, original, "{format:?}");
    }
}

#[test]
fn pieces_concatenate_to_the_whole_export() {
    let log = sample();
    for &format in ExportFormat::ALL {
        let whole = export(&log, format);
        for step in 1..=4 {
            let pieces: String = (0..log.len())
                .step_by(step)
                .map(|s| export_part(&log, format, s..s + step, s == 0, s + step >= log.len()))
                .collect();
            assert_eq!(pieces, whole, "{format:?} in steps of {step}");
        }
    }
    let empty = Log::with_cap(5);
    assert_eq!(export(&empty, ExportFormat::Json), "[\n]\n");
    assert!(serde_json::from_str::<serde_json::Value>(&export(&log, ExportFormat::Json)).unwrap().is_array());
}

#[test]
fn text_export_is_for_people() {
    let out = export(&sample(), ExportFormat::Text);
    let first = out.lines().next().unwrap();
    assert_eq!(first, "1\t1970-01-01T00:00:00.001Z\tinfo\tconnecting to ws://x/");
    assert!(out.contains("\tin\théllo \"x\"\nline\n"));
    assert!(out.contains("closed 4001"));
}

#[test]
fn utc_times() {
    assert_eq!(utc_text(0), "1970-01-01T00:00:00.000Z");
    assert_eq!(utc_text(1_795_652_483_967), "2026-11-26T00:21:23.967Z");
    assert_eq!(utc_text(951_782_400_000), "2000-02-29T00:00:00.000Z");
}

#[test]
fn bad_files_say_where() {
    assert_eq!(import("").unwrap_err().message, "the file holds no log entries");
    assert_eq!(import("{\"seq\":1}\nnot json").unwrap_err().at, 1);
    let e = import("{\"seq\":1,\"at_ms\":0,\"kind\":\"in\",\"base64\":\"!!\"}").unwrap_err();
    assert!(e.message.contains("base64"), "{e}");
    let e = import("{\"seq\":1,\"at_ms\":0,\"kind\":\"weird\"}").unwrap_err();
    assert!(e.to_string().contains("unknown kind"));
    assert!(import("[1, 2]").unwrap_err().to_string().contains("entry 1"));
    assert!(import("{").unwrap_err().to_string().contains("entry 1"));
}

fn line(seq: u64, at_ms: u64, text: &str) -> String {
    format!("{{\"seq\":{seq},\"at_ms\":{at_ms},\"kind\":\"in\",\"text\":\"{text}\"}}\n")
}

#[test]
fn entries_that_cannot_be_read_are_left_out_counted_and_named() {
    let file = [
        line(1, 0, "a"),
        line(1, 0, "same number"),
        "not json\n".into(),
        line(u64::MAX, 0, "too far"),
        line(4, u64::MAX, "no such time"),
        line(5, 0, "b"),
        format!("{{\"seq\":6,\"at_ms\":0,\"kind\":\"info\",\"text\":\"{}\"}}\n", "x".repeat(9000)),
    ]
    .concat();
    let got = import(&file).unwrap();
    let texts: Vec<String> = got.entries.iter().map(|e| e.summary()).collect();
    assert_eq!(texts, vec!["a", "b"]);
    assert_eq!(got.skipped, 5, "the 9,000-byte info line too");
    let first = got.first_problem.unwrap();
    assert_eq!((first.at, first.message.as_str()), (2, "entry numbers (seq) must ascend"));
}

#[test]
fn numbers_may_start_at_zero_and_have_gaps_but_never_overflow() {
    let got = import(&[line(0, 0, "zero"), line(MAX_SEQ, 1, "last")].concat()).unwrap();
    assert_eq!(got.skipped, 0);
    let mut log = Log::with_cap(10);
    log.replace(got.entries);
    assert_eq!(log.next_seq(), MAX_SEQ + 1);
    assert!(log.by_seq(MAX_SEQ).is_some());
    let mut far = Log::with_cap(10);
    far.replace(vec![LogEntry { seq: u64::MAX, at_ms: 0, kind: EntryKind::Error("x".into()) }]);
    far.push(1, EntryKind::Error("after".into()));
    assert_eq!(far.next_seq(), u64::MAX, "saturates, never wraps to 0");
}

#[test]
fn a_big_file_is_read_in_steps_to_the_same_entries() {
    let mut log = Log::with_cap(100_000);
    for i in 0..20_000u64 {
        log.push(i, EntryKind::In(Payload::Text(format!("message {i}"))));
    }
    for format in [ExportFormat::Ndjson, ExportFormat::Json] {
        let text = export(&log, format);
        let mut importer = Importer::new(text.clone());
        let mut steps = 1;
        while !importer.step(64 * 1024) {
            steps += 1;
            let (read, of) = importer.progress();
            assert!(read < of, "{format:?}: progress moves and stays below the end until done");
        }
        assert!(steps > 10, "{format:?}: {} bytes in {steps} steps", text.len());
        let got = importer.finish().unwrap();
        assert_eq!(got.entries.len(), 20_000);
        assert_eq!(got.entries, log.iter().cloned().collect::<Vec<_>>());
    }
    let unclosed = import("[{\"seq\":1,\"at_ms\":0,\"kind\":\"in\",\"text\":\"a\"}").unwrap_err();
    assert!(unclosed.message.contains("not closed"), "{unclosed}");
    let broken = import("[{\"seq\":1,}]").unwrap_err();
    assert!(broken.message.contains("not a Sockpit JSON log"), "{broken}");
}

#[test]
fn an_entry_is_written_as_serde_json_wrote_it_and_read_with_every_field_checked() {
    let full = ExportedEntry {
        seq: 7,
        at_ms: 1,
        kind: "close".into(),
        format: Some("text".into()),
        text: Some("a\"\n\u{1}é".into()),
        base64: Some("AA==".into()),
        url: Some("ws://h/".into()),
        protocol: Some(String::new()),
        extensions: Some("x".into()),
        took_ms: Some(3),
        lasted_ms: Some(4),
        code: Some(1000),
        reason: Some("bye".into()),
        clean: Some(false),
    };
    // The field order and the escapes of the derived serializer this replaced.
    let expected = serde_json::json!({
        "seq": 7, "at_ms": 1, "kind": "close", "format": "text", "text": "a\"\n\u{1}é", "base64": "AA==",
        "url": "ws://h/", "protocol": "", "extensions": "x", "took_ms": 3, "lasted_ms": 4, "code": 1000,
        "reason": "bye", "clean": false,
    });
    assert_eq!(full.to_json(), expected.to_string());
    let full_json = full.to_json();
    let back = crate::core::json::from_str(&full_json).unwrap();
    assert_eq!(ExportedEntry::from_json(&back), Ok(full));
    let bare = ExportedEntry { seq: 1, at_ms: 2, kind: "in".into(), ..Default::default() };
    assert_eq!(bare.to_json(), r#"{"seq":1,"at_ms":2,"kind":"in"}"#);

    let read = |t: &str| ExportedEntry::from_json(&crate::core::json::from_str(t).unwrap());
    assert_eq!(read(r#"{"seq":1,"at_ms":2,"kind":"in","text":null}"#), Ok(bare));
    for (text, problem) in [
        (r#"{"seq":1,"at_ms":2}"#, "missing field `kind`"),
        (r#"{"seq":1,"at_ms":2,"kind":"in","colour":1}"#, "unknown field `colour`"),
        (r#"{"seq":1,"seq":1,"at_ms":2,"kind":"in"}"#, "duplicate field `seq`"),
        (r#"{"seq":-1,"at_ms":2,"kind":"in"}"#, "invalid type for `seq`: expected an unsigned integer"),
        (r#"{"seq":1,"at_ms":2,"kind":"in","text":5}"#, "invalid type for `text`: expected a string"),
        (r#"{"seq":1,"at_ms":2,"kind":"close","code":70000}"#, "`code` 70000 is not a close code (0-65535)"),
        (
            r#"{"seq":1,"at_ms":2,"kind":"close","clean":1}"#,
            "invalid type for `clean`: expected true or false",
        ),
        ("[1]", "an entry is a JSON object"),
    ] {
        assert_eq!(read(text), Err(problem.to_owned()), "{text}");
        // Read from the text member by member (a kept record), the same answer.
        assert_eq!(ExportedEntry::from_json_text(text), Err(problem.to_owned()), "{text}");
    }
    assert_eq!(ExportedEntry::from_json_text(&full_json), read(&full_json));
    assert_eq!(
        ExportedEntry::from_json_text(" {\"seq\":1,\"at_ms\":2,\"k\\u0069nd\":\"in\"} "),
        read(r#"{"seq":1,"at_ms":2,"kind":"in"}"#)
    );
    assert_eq!(
        ExportedEntry::from_json_text(r#"{"seq":1,"at_ms":2,"kind":"in"} x"#),
        Err("trailing characters at line 1 column 33".to_owned())
    );
    assert_eq!(
        ExportedEntry::from_json_text("[1"),
        Err("EOF while parsing a list at line 1 column 2".to_owned())
    );
}
