//! Property tests over every core function that sees untrusted input — server frames, opened files,
//! typed patterns and fields, the query string — that it never panics, and that what it produces is
//! bounded by what it shows, not by what it was given. Pure (tests only).

use proptest::prelude::*;

use super::app::{Model, Msg};
use super::bounded_regex::{BoundedRegex, TEXT_NS};
use super::connection::SocketEvent;
use super::decode::{decode, render, Encoding, RENDER_MAX};
use super::export::{export, import, ExportFormat};
use super::filter::{FilterIndex, FilterSpec, Matcher};
use super::log::{payload_summary, EntryKind, Log, LogEntry};
use super::payload::{compose, hex_dump, sniff_image, utf8_attempt, Payload, SendFormat};
use super::pretty::reindent_json;
use super::protocol::{check_reason, check_url, parse_close_code, parse_protocols, PageOrigin};
use super::query::QueryParams;
use super::session::auto_reply;
use super::stats::{RateMeter, Stats};
use crate::core::choice::Choice;

/// Bytes that look like MessagePack or CBOR more often than noise does: container headers, lengths.
fn structured_bytes() -> impl Strategy<Value = Vec<u8>> {
    let token = prop_oneof![
        Just(vec![0x91]),
        Just(vec![0x81]),
        Just(vec![0xdd, 0x00, 0x1e, 0x84, 0x80]),
        Just(vec![0x9f]),
        Just(vec![0xbf]),
        Just(vec![0xff]),
        Just(vec![0xc0]),
        Just(vec![0xf6]),
        any::<u8>().prop_map(|b| vec![b]),
    ];
    prop::collection::vec(token, 0..400).prop_map(|v| v.concat())
}

fn page() -> PageOrigin {
    PageOrigin { scheme: "http".into(), host: "127.0.0.1:9001".into() }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn decoding_any_bytes_never_panics_and_renders_within_bounds(bytes in structured_bytes()) {
        for enc in [Encoding::MessagePack, Encoding::Cbor] {
            if let Ok(v) = decode(&bytes, enc) {
                let r = render(&v, 4096);
                prop_assert!(r.text.len() <= 4096);
                prop_assert!(render(&v, RENDER_MAX).text.len() <= RENDER_MAX);
            }
        }
        let _ = sniff_image(&bytes);
        let _ = utf8_attempt(&bytes);
        prop_assert!(hex_dump(&bytes, usize::MAX - bytes.len()).len() <= bytes.len().div_ceil(16) * 96);
    }

    #[test]
    fn reindenting_any_text_never_panics_and_stays_within_bounds(text in "[\\[\\]{}\",:\\\\ a0-9é\\n]{0,300}", max in 0usize..200) {
        let r = reindent_json(&text, max);
        prop_assert!(r.text.len() <= max);
    }

    #[test]
    fn any_pattern_is_refused_or_bounded(pattern in "[a-z.*+?()|\\[\\]{}0-9,\\\\^$]{0,40}", text in ".{0,200}") {
        if let Ok(re) = BoundedRegex::new(&pattern, true, "The filter") {
            prop_assert!(re.cost(usize::MAX) <= TEXT_NS);
            let _ = re.is_match(&text);
            let _ = re.captures(&text);
        }
        let spec = FilterSpec { text: pattern.clone(), regex: true, ..FilterSpec::default() };
        let _ = Matcher::compile(&spec);
    }

    #[test]
    fn opening_any_file_never_panics(lines in prop::collection::vec(prop_oneof![
        ".{0,80}",
        (any::<u64>(), any::<u64>(), prop_oneof![Just("in"), Just("out"), Just("info"), Just("close"), Just("x")])
            .prop_map(|(seq, at, kind)| format!("{{\"seq\":{seq},\"at_ms\":{at},\"kind\":\"{kind}\",\"text\":\"t\",\"code\":1000}}")),
    ], 0..30)) {
        if let Ok(got) = import(&lines.join("\n")) {
            prop_assert!(got.entries.windows(2).all(|w| w[0].seq < w[1].seq));
            let mut log = Log::with_cap(10);
            log.replace(got.entries);
            log.push(0, EntryKind::Error("after".into()));
            let _ = export(&log, ExportFormat::Ndjson);
        }
    }

    #[test]
    fn the_filter_index_finds_every_match_whatever_the_numbering(
        seqs in prop::collection::btree_set(any::<u64>(), 0..60),
        budget in 1u64..5000,
    ) {
        let entries: Vec<LogEntry> = seqs.iter().map(|&seq| LogEntry {
            seq, at_ms: 0, kind: EntryKind::In(Payload::Text(if seq % 3 == 0 { "hit".into() } else { "miss".into() })),
        }).collect();
        let mut log = Log::with_cap(1000);
        log.replace(entries);
        let spec = FilterSpec { text: "hit".into(), ..FilterSpec::default() };
        let matcher = Matcher::compile(&spec).unwrap();
        let mut index = FilterIndex::default();
        let mut steps = 0;
        while !index.refresh(&log, &spec, Some(&matcher), budget) {
            steps += 1;
            prop_assert!(steps <= seqs.len() + 1, "each step makes progress");
        }
        let want: Vec<u64> = seqs.iter().copied().filter(|s| s % 3 == 0).collect();
        let got: Vec<u64> = (0..index.len()).filter_map(|i| index.seq_at(i)).collect();
        prop_assert_eq!(got, want);
    }

    #[test]
    fn typed_fields_and_the_query_string_never_panic(s in ".{0,120}") {
        let _ = QueryParams::parse(&s);
        let _ = check_url(&s, &page());
        let _ = parse_protocols(&s);
        let _ = parse_close_code(&s);
        let _ = check_reason(&s);
        for &f in SendFormat::ALL {
            let _ = compose(&s, f);
        }
        let _ = Model::new(page(), &QueryParams::parse(&s));
    }

    #[test]
    fn any_clock_and_counters_keep_the_rate_meter_sane(times in prop::collection::vec(any::<u64>(), 1..20)) {
        let mut m = RateMeter::default();
        for (i, t) in times.into_iter().enumerate() {
            let r = m.sample(t, Stats { in_count: i as u64, ..Stats::default() });
            prop_assert!(r.in_count.is_finite() && r.in_count >= 0.0);
        }
    }

    #[test]
    fn any_server_frames_and_closes_keep_the_model_whole(events in prop::collection::vec(prop_oneof![
        ".{0,50}".prop_map(|t| SocketEvent::Message(Payload::Text(t))),
        prop::collection::vec(any::<u8>(), 0..64).prop_map(|b| SocketEvent::Message(Payload::Binary(b.into()))),
        (any::<u16>(), ".{0,30}", any::<bool>()).prop_map(|(code, reason, clean)| SocketEvent::Closed { code, reason, clean }),
        Just(SocketEvent::Errored),
        ".{0,20}".prop_map(|p| SocketEvent::Opened { protocol: p, extensions: String::new() }),
    ], 0..40), now in any::<u64>()) {
        let mut m = Model::new(page(), &QueryParams::default());
        m.update(Msg::Connect, now);
        for event in events {
            let conn = m.connection.conn;
            m.update(Msg::Socket { conn, event }, now);
            if let Some(e) = m.log.iter().last() {
                let _ = e.summary();
                if let Some(p) = e.kind.payload() {
                    prop_assert!(payload_summary(p).len() <= 2000);
                }
            }
        }
        let _ = m.subscriptions();
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn any_auto_reply_rule_and_text_never_panic(
        pattern in "[a-z()\\\\w\\\\d+*?|^$ ]{1,20}",
        reply in "[a-z$0-9{}\\\\ ]{0,20}",
        text in ".{0,300}",
    ) {
        let mut m = Model::new(page(), &QueryParams::default());
        m.update(Msg::Session(auto_reply::Msg::PatternEdited(pattern).into()), 0);
        m.update(Msg::Session(auto_reply::Msg::ReplyEdited(reply).into()), 0);
        m.update(Msg::Session(auto_reply::Msg::Add.into()), 0);
        m.update(Msg::Connect, 1);
        let conn = m.connection.conn;
        m.update(Msg::Socket { conn, event: SocketEvent::Opened { protocol: String::new(), extensions: String::new() } }, 2);
        for at in 0..30u64 {
            let cmds = m.update(Msg::Socket { conn, event: SocketEvent::Message(Payload::Text(text.clone())) }, 3 + at);
            prop_assert!(cmds.len() <= 1, "one reply at most per message");
        }
        let replies = m.log.iter().filter(|e| matches!(e.kind, EntryKind::Info(_))).count();
        prop_assert!(replies <= 3, "connecting, and at most one pause notice: {replies}");
    }

    #[test]
    fn any_user_and_server_sequence_keeps_the_model_consistent(steps in prop::collection::vec(prop_oneof![
        Just(Msg::Connect),
        Just(Msg::Close),
        Just(Msg::Send),
        Just(Msg::Tick),
        ".{0,20}".prop_map(|t| Msg::Composer(super::composer::Msg::DraftEdited(t))),
        "[0-9]{0,3}".prop_map(|c| Msg::Logbook(super::logbook::Msg::CapEdited(c))),
        (0u64..40).prop_map(|s| Msg::Inspector(super::inspector::Msg::Select(s))),
        Just(Msg::Logbook(super::logbook::Msg::Clear)),
        Just(Msg::Session(super::session::reconnect::Msg::Toggled(true).into())),
        Just(Msg::Session(super::session::outbox::Msg::Toggled(true).into())),
        (0u64..3, ".{0,10}").prop_map(|(c, t)| Msg::Socket { conn: c, event: SocketEvent::Message(Payload::Text(t)) }),
        (0u64..3).prop_map(|c| Msg::Socket { conn: c, event: SocketEvent::Opened { protocol: String::new(), extensions: String::new() } }),
        (0u64..3, any::<u16>()).prop_map(|(c, code)| Msg::Socket { conn: c, event: SocketEvent::Closed { code, reason: String::new(), clean: false } }),
    ], 0..60)) {
        let mut m = Model::new(page(), &QueryParams::default());
        for (at, msg) in steps.into_iter().enumerate() {
            m.update(msg, at as u64);
            prop_assert!(m.log.len() <= m.log.cap());
            if let Some(seq) = m.inspector.selected {
                prop_assert!(m.log.by_seq(seq).is_some(), "a selection is always of a kept entry");
            }
            let seqs: Vec<u64> = m.log.iter().map(|e| e.seq).collect();
            prop_assert!(seqs.windows(2).all(|w| w[0] < w[1]), "numbers ascend");
            let subs = m.subscriptions();
            prop_assert_eq!(subs.heartbeat.is_some(), false, "the heartbeat is off");
            prop_assert!(subs.reconnect.is_none() || m.session.reconnect.at.is_some());
        }
    }
}

/// Frames that look like the lenses' protocols more often than noise does.
fn protocol_frame() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("0{\"sid\":\"a\"".to_owned()),
        Just("4".to_owned()),
        Just("45".to_owned()),
        Just("-".to_owned()),
        Just("/admin,".to_owned()),
        Just("[\"ev\",".to_owned()),
        Just("{\"_placeholder\":true,\"num\":0}".to_owned()),
        Just("{\"type\":\"next\",\"id\":\"1\"".to_owned()),
        Just("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":".to_owned()),
        Just("\"method\":\"m\"".to_owned()),
        Just("[{".to_owned()),
        Just("}]".to_owned()),
        "[0-9\\[\\]{}\",:\\\\ a-zé/-]{1,8}".prop_map(String::from),
    ];
    prop::collection::vec(token, 0..30).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_frame_through_every_lens_never_panics_and_labels_stay_short(
        frames in prop::collection::vec((any::<bool>(), protocol_frame(), prop::collection::vec(any::<u8>(), 0..8)), 1..20),
        draft in protocol_frame(),
    ) {
        use super::lens::{self, Dir, Lens, LensId};
        for &id in LensId::ALL {
            let mut lens = Lens::default();
            lens.update(lens::Msg::Chosen(id));
            lens.connecting("ws://h/socket.io/?EIO=4");
            let _ = lens.opened("graphql-transport-ws");
            let mut log = Log::default();
            for (incoming, text, bytes) in &frames {
                let dir = if *incoming { Dir::In } else { Dir::Out };
                for p in [Payload::Text(text.clone()), Payload::Binary(bytes.clone().into())] {
                    let seq = log.next_seq();
                    let seen = lens.frame(dir, &p, seq);
                    prop_assert!(seen.replies.len() <= 1);
                    log.push(seq, if *incoming { EntryKind::In(p) } else { EntryKind::Out(p) });
                    if let Some(n) = seen.note {
                        log.set_note(seq, n);
                    }
                }
            }
            for e in log.iter() {
                if let Some(l) = lens::label(&log, e) {
                    prop_assert!(l.chars().count() <= 1200, "{}", l);
                }
                let _ = lens::row_text(&log, e);
                // A narrow row's text is no longer than a wide one's but for the words saying it is cut.
                let (narrow, wide) = (lens::row_text_within(&log, e, 40), lens::row_text_within(&log, e, 300));
                prop_assert!(narrow.chars().count() <= wide.chars().count() + 40, "{} / {}", narrow, wide);
                let _ = lens::detail(&log, e);
            }
            for &f in SendFormat::ALL {
                if f.is_protocol() {
                    let _ = lens.encode(f, &draft);
                }
            }
            let _ = lens.phase();
            let _ = lens.closed();
            let _ = lens.operations();
        }
    }
}

/// Text shaped like variables, JSON, links and rules more often than noise is.
fn workspace_text() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("{{".to_owned()),
        Just("}}".to_owned()),
        Just("\\{{".to_owned()),
        Just("{{random ".to_owned()),
        Just("{{counter}}".to_owned()),
        Just("= json $.".to_owned()),
        Just("= regex ".to_owned()),
        Just(" | wait ".to_owned()),
        Just(" up to ".to_owned()),
        Just("\n".to_owned()),
        Just("[0]".to_owned()),
        "[a-z0-9 .\\-\"{}:,\\[\\]é]{0,6}",
    ];
    prop::collection::vec(token, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_template_expands_or_names_its_problem(text in workspace_text(), vars in workspace_text()) {
        use super::workspace::Workspace;
        let mut ws = Workspace::default();
        ws.set_variables(vars);
        match ws.expand(&text, 1_700_000_000_000) {
            Ok(out) => prop_assert!(out.len() <= text.len() + 64 * 1024 * 1024),
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
        let _ = ws.preview(&text, 0);
    }

    #[test]
    fn any_capture_rules_and_message_never_panic(rules in workspace_text(), message in workspace_text()) {
        use super::workspace::capture::{apply, parse_rules, VALUE_MAX};
        let (parsed, _) = parse_rules(&rules);
        for (_, v) in apply(&parsed, &message) {
            prop_assert!(v.len() <= VALUE_MAX);
        }
    }

    #[test]
    fn any_sequence_text_runs_without_panicking(text in workspace_text(), messages in prop::collection::vec(workspace_text(), 0..6)) {
        use super::workspace::sequence::Sequence;
        let mut s = Sequence::default();
        s.set_text(text);
        let mut now = 0;
        let _ = s.opened(now);
        for m in &messages {
            now += 700;
            let _ = s.received(m, now);
            let _ = s.tick(now);
        }
        let _ = s.progress_text();
    }

    #[test]
    fn any_share_fragment_or_workspace_file_is_read_or_refused(fragment in "(#?share=)?[A-Za-z0-9_\\-]{0,200}", file in workspace_text()) {
        use super::workspace::library::Library;
        use super::workspace::share::Shared;
        // The fragment's bytes, and any bytes a browser could inflate them to.
        if let Some(Ok(bytes)) = Shared::deflated_of(&fragment) {
            prop_assert!(bytes.len() <= fragment.len());
            if let Ok((shared, _)) = Shared::from_inflated(&bytes) {
                prop_assert!(shared.url.len() <= 2048);
            }
        }
        if let Ok((shared, _)) = Shared::from_inflated(file.as_bytes()) {
            prop_assert!(shared.url.len() <= 2048);
        }
        let mut lib = Library::default();
        let _ = lib.import(&file);
        if let Ok(doc) = crate::core::json::from_str(&file) {
            let _ = Shared::from_json(&doc);
        }
    }

    #[test]
    fn any_stored_record_is_read_field_by_field_or_refused(text in workspace_text(), bytes in prop::option::of(prop::collection::vec(any::<u8>(), 0..64))) {
        use super::store::{entry_of, restore};
        if let Ok(doc) = crate::core::json::from_str(&text) {
            if let Ok(r) = restore(doc) {
                let mut m = Model::new(page(), &QueryParams::default());
                for msg in r.msgs {
                    m.update(msg, 1);
                }
            }
        }
        let _ = entry_of(&text, bytes);
    }
}
