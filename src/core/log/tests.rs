//! The log's entries, their one-line text and the bounded log: unit tests.
use super::*;

fn text(s: &str) -> EntryKind {
    EntryKind::In(Payload::Text(s.into()))
}

#[test]
fn numbers_from_one_and_restarts_after_clear() {
    let mut log = Log::with_cap(10);
    assert_eq!(log.push(5, text("a")), 1);
    assert_eq!(log.push(6, text("b")), 2);
    assert_eq!(log.len(), 2);
    log.clear();
    assert!(log.is_empty());
    assert_eq!(log.push(7, text("c")), 1);
}

#[test]
fn cap_evicts_oldest_keeps_numbers_and_counts() {
    let mut log = Log::with_cap(3);
    for i in 0..5 {
        log.push(i, text(&i.to_string()));
    }
    assert_eq!(log.len(), 3);
    assert_eq!(log.evicted(), 2);
    let seqs: Vec<u64> = log.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, vec![3, 4, 5]);
    assert_eq!(log.by_seq(4).unwrap().kind, text("3"));
    assert_eq!(log.by_seq(2), None);
    assert_eq!(log.by_seq(6), None);
    log.set_cap(1);
    assert_eq!(log.len(), 1);
    assert_eq!(log.evicted(), 4);
    assert_eq!(log.first_seq(), 5);
    log.set_cap(0);
    assert_eq!(log.cap(), 1);
}

#[test]
fn replace_keeps_the_given_numbers() {
    let mut log = Log::with_cap(10);
    log.push(0, text("old"));
    let epoch = log.epoch();
    let e = |seq| LogEntry { seq, at_ms: seq, kind: text("x") };
    log.replace(vec![e(5), e(6), e(9)]);
    assert_eq!(log.len(), 3);
    assert_eq!(log.by_seq(9).unwrap().at_ms, 9);
    assert_eq!(log.next_seq(), 10);
    assert_ne!(log.epoch(), epoch);
    assert_eq!(log.push(0, text("new")), 10);
}

#[test]
fn summaries_say_what_the_contract_asks() {
    let e = |kind| LogEntry { seq: 1, at_ms: 0, kind };
    let bin = e(EntryKind::In(Payload::Binary(vec![0xde, 0xad, 0xbe, 0xef].into())));
    assert_eq!(bin.summary(), "4 bytes: de ad be ef");
    let close = e(EntryKind::Close(Box::new(Closed {
        code: 1006,
        reason: String::new(),
        clean: false,
        lasted_ms: None,
    })));
    let s = close.summary();
    assert!(s.contains("1006") && s.contains("not clean") && s.contains("without a close frame"), "{s}");
    let close = e(EntryKind::Close(Box::new(Closed {
        code: 1000,
        reason: "Deliberate Connection".into(),
        clean: true,
        lasted_ms: Some(12_345),
    })));
    assert!(
        close.summary().contains("\"Deliberate Connection\" · clean · open for 12.3 s"),
        "{}",
        close.summary()
    );
    let open = e(EntryKind::Open(Box::new(Opened {
        url: "ws://x/".into(),
        protocol: "chat".into(),
        extensions: String::new(),
        took_ms: 7,
    })));
    assert_eq!(open.summary(), "connected to ws://x/ in 7 ms · subprotocol: chat");
    assert_eq!(duration_text(125_000), "2 min 5 s");
    assert_eq!(duration_text(7_380_000), "2 h 3 min");
    let mut png = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    png.extend([0u8; 30]);
    assert!(e(EntryKind::In(Payload::Binary(png.into())))
        .summary()
        .starts_with("38 bytes: PNG image · 89 50"));
}

#[test]
fn long_text_is_cut_saying_so() {
    let long = "é".repeat(ROW_TEXT_CHARS + 10);
    let s = payload_summary(&Payload::Text(long.clone()));
    assert!(s.ends_with(&format!("(cut: {} bytes in all)", long.len())), "{s}");
    assert_eq!(payload_summary(&Payload::Text("short".into())), "short");
}

#[test]
fn a_row_cuts_a_message_at_its_width_and_keeps_every_other_entry_whole() {
    let e = |kind| LogEntry { seq: 1, at_ms: 0, kind };
    let text = "é".repeat(100);
    let row = e(EntryKind::In(Payload::Text(text.clone()))).row_summary(40);
    assert!(row.starts_with(&"é".repeat(40)) && !row.starts_with(&"é".repeat(41)), "{row}");
    assert!(row.ends_with(&format!("(cut: {} bytes in all)", text.len())), "{row}");
    // Never more than a summary: a wide row still stops at ROW_TEXT_CHARS.
    let long = e(EntryKind::Out(Payload::Text("x".repeat(ROW_TEXT_CHARS * 2))));
    assert_eq!(long.row_summary(usize::MAX), long.summary());
    // A text that fits is whole, and a close keeps its meaning however narrow the row.
    assert_eq!(e(EntryKind::In(Payload::Text("short".into()))).row_summary(40), "short");
    let close = e(EntryKind::Close(Box::new(Closed {
        code: 1001,
        reason: "x".repeat(200),
        clean: true,
        lasted_ms: None,
    })));
    assert_eq!(close.row_summary(10), close.summary());
}
