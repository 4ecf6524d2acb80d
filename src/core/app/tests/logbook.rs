//! The log, its filter, cap, export and saved logs; the inspector; the composer.

use super::*;

/// Opens a saved log as the shell does: the file, then its reading steps while the subscription asks.
fn open_saved(m: &mut Model, name: &str, text: String, at: u64) {
    m.up(Book::ImportLoaded { name: name.into(), text }, at);
    for _ in 0..1000 {
        if m.subscriptions().import_step.is_none() {
            return;
        }
        m.up(Book::ImportStepDue, at);
    }
    panic!("opening {name} never ended");
}

#[test]
fn select_only_kept_entries() {
    let mut m = model();
    open(&mut m);
    m.up(Insp::Select(2), 0);
    assert_eq!(m.inspector.selected, Some(2));
    m.up(Insp::Select(50), 0);
    assert_eq!(m.inspector.selected, None);
    m.up(Insp::Select(1), 0);
    m.up(Book::Clear, 0);
    assert_eq!(m.inspector.selected, None);
    assert_eq!(m.log.len(), 0);
}

#[test]
fn export_needs_entries_and_is_written_in_steps() {
    let mut m = model();
    assert!(m.up(Book::Export, 5).is_empty());
    assert!(m.notices.text().contains("empty"));
    open(&mut m);
    assert!(m.up(Book::Export, 5).is_empty(), "its steps follow from the subscription");
    assert_eq!(m.logbook.exporting(), Some((0, 2)));
    assert!(m.subscriptions().export_step.is_some());
    assert!(m.up(Book::Export, 6).is_empty(), "one export at a time");
    assert!(m.notices.text().contains("already"));
    match m.up(Book::ExportStepDue, 7).as_slice() {
        [Cmd::ExportPiece { text, first: true }, Cmd::ExportSave { name, format }] => {
            assert_eq!(name, "sockpit-log-5.ndjson");
            assert_eq!(*format, ExportFormat::Ndjson);
            assert_eq!(text.lines().count(), 2, "entries 1 and 2");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(m.logbook.exporting(), Some((2, 2)));
    assert_eq!(m.subscriptions().export_step, None, "written: it is being offered");
    m.up(Outcome::ExportSaved, 8);
    assert_eq!(m.logbook.exporting(), None);
    m.up(Book::Export, 9);
    m.up(Outcome::ExportFailed { error: "entries were evicted".into() }, 10);
    assert!(m.notices.text().contains("evicted"));
    assert_eq!(m.logbook.exporting(), None);
}

#[test]
fn a_bad_regex_is_named_and_fixing_it_clears_the_notice() {
    let mut m = model();
    m.up(Book::FilterEdited("(a".into()), 0);
    assert!(m.notices.is_empty(), "as plain text it is fine");
    m.up(Book::FilterRegexToggled(true), 0);
    assert!(m.notices.text().contains("not a valid regular expression"), "{}", m.notices.text());
    m.up(Book::FilterEdited("(a)".into()), 0);
    assert!(m.notices.is_empty());
}

#[test]
fn cap_is_checked_and_applied() {
    let mut m = model();
    open(&mut m);
    m.up(Book::CapEdited("1".into()), 0);
    assert_eq!(m.log.len(), 1);
    assert_eq!(m.log.evicted(), 1);
    m.up(Book::CapEdited("0".into()), 0);
    assert!(m.notices.text().contains("from 1 to"));
    assert_eq!(m.log.cap(), 1);
    m.up(Book::CapEdited("lots".into()), 0);
    assert!(m.notices.text().contains("stays 1"));
}

#[test]
fn a_saved_log_opens_read_only() {
    let mut m = model();
    open(&mut m);
    let conn = m.connection.conn;
    m.up(Msg::Socket { conn, event: SocketEvent::Message(Payload::Text("kept".into())) }, 3);
    let saved = crate::core::export::export(&m.log, ExportFormat::Ndjson);
    open_saved(&mut m, "a.ndjson", saved.clone(), 4);
    assert!(m.notices.text().contains("Stop the connection"), "not while connected");
    m.up(
        Msg::Socket { conn, event: SocketEvent::Closed { code: 1000, reason: String::new(), clean: true } },
        5,
    );
    m.up(Book::Clear, 5);
    open_saved(&mut m, "a.ndjson", saved, 6);
    assert_eq!(m.logbook.imported.as_deref(), Some("a.ndjson"));
    assert_eq!(kinds(&m), vec!["info", "open", "in"]);
    assert!(m.up(Msg::Connect, 7).is_empty());
    assert!(m.notices.text().contains("read-only"));
    m.up(Book::CloseImport, 8);
    assert!(m.log.is_empty());
    assert_eq!(m.up(Msg::Connect, 9).len(), 1);
    m.up(Insp::Deselect, 9);
    let mut other = model();
    open_saved(&mut other, "b.txt", "hello".into(), 1);
    assert!(other.notices.text().contains("Could not open \"b.txt\""), "{}", other.notices.text());
    assert_eq!(other.logbook.imported, None);
}

#[test]
fn rates_tick_and_reset_on_close() {
    let mut m = model();
    open(&mut m);
    let conn = m.connection.conn;
    m.up(Msg::Tick, 1000);
    for _ in 0..10 {
        m.up(Msg::Socket { conn, event: SocketEvent::Message(Payload::Text("0123456789".into())) }, 1500);
    }
    m.up(Msg::Tick, 2000);
    assert_eq!(m.rates.in_count, 10.0);
    assert_eq!(m.rates.in_bytes, 100.0);
    m.up(
        Msg::Socket { conn, event: SocketEvent::Closed { code: 1000, reason: String::new(), clean: true } },
        2100,
    );
    assert_eq!(m.rates, Rates::default());
}

#[test]
fn entries_download_as_octet_stream_files_and_copy_three_ways() {
    let mut m = model();
    open(&mut m);
    let conn = m.connection.conn;
    let mut png = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    png.extend([1, 2]);
    m.up(Msg::Socket { conn, event: SocketEvent::Message(Payload::Binary(png.clone().into())) }, 3);
    m.up(Msg::Socket { conn, event: SocketEvent::Message(Payload::Text("<svg onload=x>".into())) }, 4);
    assert_eq!(
        m.up(Insp::Download(3), 5),
        vec![Cmd::DownloadBytes { name: "sockpit-entry-3.png".into(), bytes: png }]
    );
    assert_eq!(
        m.up(Insp::Download(4), 5),
        vec![Cmd::DownloadBytes { name: "sockpit-entry-4.txt".into(), bytes: b"<svg onload=x>".to_vec() }]
    );
    assert_eq!(
        m.up(Insp::Copy(3, CopyAs::Hex), 5),
        vec![Cmd::CopyText("89 50 4e 47 0d 0a 1a 0a 01 02".into())]
    );
    assert_eq!(m.up(Insp::Copy(3, CopyAs::Base64), 5), vec![Cmd::CopyText("iVBORw0KGgoBAg==".into())]);
    assert_eq!(m.up(Insp::Copy(4, CopyAs::Text), 5), vec![Cmd::CopyText("<svg onload=x>".into())]);
    assert!(m.up(Insp::Download(99), 5).is_empty());
    assert!(m.notices.text().contains("no longer"));
    m.up(Outcome::CopyFailed { error: "NotAllowedError".into() }, 6);
    assert!(m.notices.text().contains("NotAllowedError"));
}

#[test]
fn format_draft_indents_json_or_says_where_it_breaks() {
    let mut m = model();
    m.up(Comp::DraftEdited("{\"a\":[1,2]}".into()), 0);
    m.up(Comp::FormatDraft, 0);
    assert_eq!(m.composer.draft, "{\n  \"a\": [\n    1,\n    2\n  ]\n}");
    m.up(Comp::DraftEdited("{\"a\":\n  nope}".into()), 0);
    m.up(Comp::FormatDraft, 0);
    assert!(m.notices.text().contains("line 2, column 4"), "{}", m.notices.text());
    assert_eq!(m.composer.draft, "{\"a\":\n  nope}");
}

#[test]
fn an_evicted_selection_is_dropped() {
    let mut m = model();
    m.up(Book::CapEdited("2".into()), 0);
    open(&mut m);
    let first = m.log.first_seq();
    m.up(Insp::Select(first), 0);
    assert_eq!(m.inspector.selected, Some(first));
    let conn = m.connection.conn;
    m.up(Msg::Socket { conn, event: SocketEvent::Message(Payload::Text("x".into())) }, 3);
    m.up(Msg::Socket { conn, event: SocketEvent::Message(Payload::Text("y".into())) }, 3);
    assert_eq!(m.inspector.selected, None);
}

#[test]
fn the_filter_index_follows_the_log_in_budgeted_steps() {
    let mut m = model();
    open(&mut m);
    let conn = m.connection.conn;
    for t in ["apple", "pear", "apricot"] {
        m.up(Msg::Socket { conn, event: SocketEvent::Message(Payload::Text(t.into())) }, 3);
    }
    m.up(Book::FilterEdited("AP".into()), 4);
    for step in 1..5 {
        assert!(!m.refresh_filter(1), "five entries, one per step: step {step}");
    }
    assert!(m.refresh_filter(1));
    let index = m.logbook.index();
    let hits: Vec<u64> = (0..index.len()).filter_map(|i| index.seq_at(i)).collect();
    assert_eq!(hits, vec![3, 5]);
    m.up(Book::FilterRegexToggled(true), 5);
    m.up(Book::FilterEdited("(".into()), 5);
    assert!(m.refresh_filter(100));
    assert!(!m.logbook.index().is_filtering(), "a bad regex hides nothing");
}

#[test]
fn opening_a_saved_log_cancels_a_waiting_reconnect() {
    let mut m = model();
    m.up(Rec::Toggled(true), 0);
    open(&mut m);
    let saved = crate::core::export::export(&m.log, ExportFormat::Ndjson);
    closed(&mut m, 1006, 10);
    assert!(m.subscriptions().reconnect.is_some(), "a reconnect waits");
    m.up(Book::ImportLoaded { name: "a.ndjson".into(), text: saved }, 11);
    assert!(m.logbook.opening().is_some());
    assert_eq!(m.subscriptions().reconnect, None, "cancelled as soon as the file is being read");
    m.up(Book::ImportStepDue, 12);
    assert_eq!(m.logbook.imported.as_deref(), Some("a.ndjson"));
    assert!(m.subscriptions().ticker.is_some(), "one tick, to tell screen readers what was opened");
    m.up(Msg::Tick, 13);
    assert!(m.announcer.text().starts_with("2 new log entries"), "{}", m.announcer.text());
    assert_eq!(m.subscriptions(), Subscriptions::default(), "then the read-only view owns no timer");
    assert!(m.up(Rec::Due { token: 1 }, 5000).is_empty(), "a late timer connects nothing");
    assert_eq!(m.log.len(), 2, "nothing is appended to the saved log");
}

#[test]
fn a_big_saved_log_opens_in_steps_and_says_how_far() {
    let mut m = model();
    let lines: String = (1..=30_000)
        .map(|i| format!("{{\"seq\":{i},\"at_ms\":0,\"kind\":\"in\",\"text\":\"message {i}\"}}\n"))
        .collect();
    m.up(Book::ImportLoaded { name: "big.ndjson".into(), text: lines }, 1);
    let mut steps = 0;
    while m.subscriptions().import_step.is_some() {
        let (read, of) = m.logbook.opening().unwrap();
        assert!(read < of);
        m.up(Book::ImportStepDue, 2);
        steps += 1;
        assert!(steps < 100, "bounded");
    }
    assert!(steps >= 4, "~1.8 MB in steps of 256 KB: {steps}");
    assert_eq!(m.log.len(), 30_000);
    assert_eq!(m.logbook.imported.as_deref(), Some("big.ndjson"));
    assert_eq!(m.logbook.opening(), None);
    // Connecting while a file is being read: it is not opened over the live log.
    let mut live = model();
    live.up(
        Book::ImportLoaded {
            name: "late.ndjson".into(),
            text: "{\"seq\":1,\"at_ms\":0,\"kind\":\"info\"}".into(),
        },
        1,
    );
    open(&mut live);
    live.up(Book::ImportStepDue, 3);
    assert_eq!(live.logbook.imported, None);
    assert!(live.notices.text().contains("Stop the connection"), "{}", live.notices.text());
}
