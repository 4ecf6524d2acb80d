//! Reconnecting, the outbox, the heartbeat, auto-replies and round trips.

use super::*;

#[test]
fn reconnects_with_growing_jittered_delays_then_gives_up() {
    let mut m = model().with_seed(7);
    m.up(Rec::Toggled(true), 0);
    m.up(Rec::SettingEdited(Field::Attempts, "3".into()), 0);
    open(&mut m);
    let mut now = 1000;
    let mut ceilings = Vec::new();
    for attempt in 1..=3u32 {
        let cmds = closed(&mut m, 1006, now);
        assert!(cmds.contains(&Cmd::ReleaseSocket));
        let (token, delay) = scheduled(&m, now).expect("a reconnect is scheduled");
        assert!(delay <= m.session.reconnect.policy.ceiling_ms(attempt), "attempt {attempt}: {delay}");
        ceilings.push(m.session.reconnect.policy.ceiling_ms(attempt));
        assert_eq!(m.session.reconnect.at, Some(now + delay));
        assert_eq!(m.session.reconnect.attempt, attempt);
        // A stale timer does nothing.
        assert!(m.up(Rec::Due { token: token - 1 }, now + delay).is_empty());
        now += delay;
        let cmds = m.up(Rec::Due { token }, now);
        assert!(
            matches!(cmds.as_slice(), [Cmd::Open { url, .. }] if url == "ws://127.0.0.1:9001/echo"),
            "{cmds:?}"
        );
        assert_eq!(m.connection.state, ConnState::Connecting);
        now += 10;
    }
    assert_eq!(ceilings, vec![500, 1000, 2000]);
    closed(&mut m, 1006, now);
    assert_eq!(scheduled(&m, now), None);
    assert_eq!(m.log.iter().last().unwrap().kind, EntryKind::info(Info::GaveUp { attempts: 3 }));
    assert!(m.log.iter().last().unwrap().summary().contains("gave up reconnecting after 3 attempts"));
    let attempts =
        m.log.iter().filter(|e| matches!(e.kind.as_info(), Some(Info::ReconnectAttempt { .. }))).count();
    assert_eq!(attempts, 3, "each attempt is a log entry");
}

#[test]
fn an_open_resets_the_attempts_and_says_so() {
    let mut m = model();
    m.up(Rec::Toggled(true), 0);
    open(&mut m);
    closed(&mut m, 1006, 100);
    let (token, delay) = scheduled(&m, 100).unwrap();
    m.up(Rec::Due { token }, 100 + delay);
    opened(&mut m, 200 + delay);
    assert_eq!(m.session.reconnect.attempt, 0);
    assert!(m.log.iter().any(|e| e.kind == EntryKind::info(Info::Reconnected { attempt: 1 })));
}

#[test]
fn no_reconnect_after_the_users_own_stop_or_when_off() {
    let mut m = model();
    m.up(Rec::Toggled(true), 0);
    open(&mut m);
    m.up(Msg::Close, 10);
    closed(&mut m, 1000, 20);
    assert_eq!(scheduled(&m, 20), None);
    let mut off = model();
    open(&mut off);
    closed(&mut off, 1006, 20);
    assert_eq!(scheduled(&off, 20), None);
    // A server close is not the user's: it reconnects.
    let mut server = model();
    server.up(Rec::Toggled(true), 0);
    open(&mut server);
    closed(&mut server, 4001, 20);
    assert!(scheduled(&server, 20).is_some());
}

#[test]
fn cancel_and_retry_now() {
    let mut m = model();
    m.up(Rec::Toggled(true), 0);
    open(&mut m);
    closed(&mut m, 1006, 10);
    assert!(m.up(Rec::Cancel, 20).is_empty());
    assert_eq!(m.session.reconnect.at, None);
    assert_eq!(scheduled(&m, 20), None);
    assert_eq!(last_info(&m), Some(&Info::ReconnectCancelled(CancelCause::Asked)));
    m.up(Rec::Cancel, 21);
    assert!(m.notices.text().contains("No reconnect"));
    m.up(Msg::Connect, 30);
    opened(&mut m, 31);
    closed(&mut m, 1006, 40);
    let cmds = m.up(Rec::RetryNow, 41);
    assert_eq!(scheduled(&m, 41), None);
    assert!(matches!(cmds.as_slice(), [Cmd::Open { .. }]));
    // Stop while a reconnect waits cancels it.
    closed(&mut m, 1006, 50);
    assert!(m.up(Msg::Close, 51).is_empty());
    assert_eq!(scheduled(&m, 51), None);
    assert_eq!(last_info(&m), Some(&Info::ReconnectCancelled(CancelCause::Stop)));
    // Switching reconnect off cancels too.
    m.up(Msg::Connect, 60);
    opened(&mut m, 61);
    closed(&mut m, 1006, 70);
    assert!(m.up(Rec::Toggled(false), 71).is_empty());
    assert_eq!(scheduled(&m, 71), None);
    assert_eq!(last_info(&m), Some(&Info::ReconnectCancelled(CancelCause::SwitchedOff)));
}

#[test]
fn the_outbox_queues_while_connecting_and_flushes_in_order() {
    let mut m = model();
    m.up(Ob::Toggled(true), 0);
    m.up(Msg::Connect, 1);
    for text in ["one", "two", "three"] {
        m.up(Comp::DraftEdited(text.into()), 2);
        assert!(m.up(Msg::Send, 2).is_empty());
        assert_eq!(m.composer.draft, "", "queued, so the composer is free");
    }
    assert_eq!(m.session.outbox.len(), 3);
    m.up(Ob::Remove(1), 3);
    let cmds = opened(&mut m, 4);
    assert_eq!(
        cmds,
        vec![
            Cmd::Send { payload: Payload::Text("one".into()), origin: Origin::Outbox },
            Cmd::Send { payload: Payload::Text("three".into()), origin: Origin::Outbox },
        ]
    );
    // A failed send goes back to the outbox and is said.
    m.up(
        Outcome::SendFailed {
            error: "closed".into(),
            payload: Payload::Text("one".into()),
            origin: Origin::Outbox,
        },
        5,
    );
    assert_eq!(m.session.outbox.len(), 1);
    assert!(m.notices.text().contains("stays in the outbox"));
}

#[test]
fn a_queued_message_can_be_taken_back_to_edit() {
    let mut m = model();
    m.up(Ob::Toggled(true), 0);
    m.up(Msg::Connect, 1);
    m.up(Comp::FormatChosen(SendFormat::Hex), 1);
    m.up(Comp::DraftEdited("01 02".into()), 1);
    m.up(Msg::Send, 1);
    m.up(Comp::FormatChosen(SendFormat::Text), 1);
    m.up(Comp::DraftEdited("busy".into()), 1);
    m.up(Ob::Edit(0), 2);
    assert!(m.notices.text().contains("composer first"));
    assert_eq!(m.session.outbox.len(), 1);
    m.up(Comp::DraftEdited(String::new()), 3);
    m.up(Ob::Edit(0), 3);
    assert_eq!((m.composer.draft.as_str(), m.composer.format), ("01 02", SendFormat::Hex));
    assert!(m.session.outbox.is_empty());
}

#[test]
fn the_outbox_is_bounded_and_never_drops_silently() {
    let mut m = model();
    m.up(Ob::Toggled(true), 0);
    m.up(Msg::Connect, 1);
    for i in 0..m.session.outbox.cap() {
        m.up(Comp::DraftEdited(i.to_string()), 2);
        m.up(Msg::Send, 2);
    }
    m.up(Comp::DraftEdited("one too many".into()), 3);
    m.up(Msg::Send, 3);
    assert_eq!(m.composer.draft, "one too many");
    assert!(m.notices.text().contains("outbox is full"));
    // Without the outbox, sending while connecting is refused as before.
    let mut plain = model();
    plain.up(Msg::Connect, 1);
    plain.up(Comp::DraftEdited("x".into()), 2);
    plain.up(Msg::Send, 2);
    assert!(plain.notices.text().contains("still opening"));
    // Ending with messages queued says so.
    closed(&mut m, 1006, 10);
    assert!(m.notices.text().contains("queued messages unsent"), "{}", m.notices.text());
}

#[test]
fn heartbeat_starts_on_open_counts_and_stops_on_close() {
    let mut m = model();
    m.up(Hb::Toggled(true), 0);
    m.up(Hb::SecsEdited("0.5".into()), 0);
    m.up(Hb::TextEdited("{\"op\":\"ping\"}".into()), 0);
    m.up(Msg::Connect, 1);
    assert_eq!(m.subscriptions().heartbeat, None, "not before the open");
    assert!(opened(&mut m, 2).is_empty());
    assert_eq!(m.subscriptions().heartbeat, Some(500));
    let cmds = m.up(Hb::Due, 502);
    assert_eq!(
        cmds,
        vec![Cmd::Send { payload: Payload::Text("{\"op\":\"ping\"}".into()), origin: Origin::Heartbeat }]
    );
    m.up(Outcome::Sent { payload: Payload::Text("x".into()), origin: Origin::Heartbeat }, 503);
    assert_eq!(m.session.heartbeat.sent, 1);
    closed(&mut m, 1000, 600);
    assert_eq!(m.subscriptions().heartbeat, None);
    assert!(m.up(Hb::Due, 1002).is_empty(), "no heartbeat while closed");
    m.up(Hb::SecsEdited("0".into()), 1003);
    assert!(m.notices.text().contains("heartbeat interval"));
}

#[test]
fn auto_replies_answer_and_stop_a_loop() {
    let mut m = model();
    m.up(Rule::PatternEdited("^ping (\\d+)$".into()), 0);
    m.up(Rule::ReplyEdited("pong $1".into()), 0);
    m.up(Rule::Add, 0);
    assert_eq!(m.session.replies.rules.len(), 1);
    open(&mut m);
    let conn = m.connection.conn;
    let cmds = m.up(Msg::Socket { conn, event: SocketEvent::Message(Payload::Text("ping 7".into())) }, 10);
    assert_eq!(cmds, vec![Cmd::Send { payload: Payload::Text("pong 7".into()), origin: Origin::AutoReply }]);
    let mut sent = 1;
    for i in 0..50 {
        let cmds =
            m.up(Msg::Socket { conn, event: SocketEvent::Message(Payload::Text(format!("ping {i}"))) }, 20);
        sent += cmds.len();
    }
    assert_eq!(sent, AUTO_REPLY_PER_SECOND);
    let paused = m.log.iter().filter(|e| matches!(e.kind.as_info(), Some(Info::RepliesPaused { .. })));
    assert_eq!(paused.count(), 1);
    // A second later they flow again.
    let cmds = m.up(Msg::Socket { conn, event: SocketEvent::Message(Payload::Text("ping 1".into())) }, 1100);
    assert_eq!(cmds.len(), 1);
    m.up(Rule::PatternEdited("(".into()), 0);
    m.up(Rule::Add, 0);
    assert!(m.notices.text().contains("not a valid regular expression"));
    m.up(Rule::Remove(0), 0);
    assert!(m.session.replies.rules.is_empty());
}

#[test]
fn round_trips_are_measured_by_echo_or_json_field() {
    let mut m = model();
    m.up(Rtt::ModeChosen(RttChoice::Echo), 0);
    open(&mut m);
    let conn = m.connection.conn;
    m.up(Outcome::Sent { payload: Payload::Text("hi".into()), origin: Origin::Draft }, 100);
    m.up(Msg::Socket { conn, event: SocketEvent::Message(Payload::Text("hi".into())) }, 112);
    assert_eq!(m.session.rtt.last, Some(12));
    m.up(Rtt::ModeChosen(RttChoice::Json), 200);
    assert_eq!((m.session.rtt.mode, m.session.rtt.field.as_str()), (RttChoice::Json, "id"));
    m.up(
        Outcome::Sent { payload: Payload::Text(r#"{"id":1,"op":"sub"}"#.into()), origin: Origin::Draft },
        300,
    );
    m.up(
        Msg::Socket { conn, event: SocketEvent::Message(Payload::Text(r#"{"id":1,"ok":true}"#.into())) },
        340,
    );
    assert_eq!(m.session.rtt.last, Some(40));
    assert_eq!((m.session.rtt.min, m.session.rtt.max), (Some(12), Some(40)));
}
