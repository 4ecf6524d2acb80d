//! Connections that heal themselves, against the real companion server in headless Chromium: reconnect
//! after drops (and not after the user's Stop), the outbox flushing in order, heartbeats.

#![cfg(target_arch = "wasm32")]

mod support;

use sockpit::core::app::{Model, Msg};
use sockpit::core::choice::Choice;
use sockpit::core::composer::Msg as Comp;
use sockpit::core::connection::ConnState;
use sockpit::core::info::Info;
use sockpit::core::log::EntryKind;
use sockpit::core::payload::Payload;
use sockpit::core::protocol::PageOrigin;
use sockpit::core::query::QueryParams;
use sockpit::core::session::heartbeat::Msg as Hb;
use sockpit::core::session::outbox::Msg as Ob;
use sockpit::core::session::reconnect::{Field, Msg as Rec};
use sockpit::hooks::WorkbenchHandle;
use support::{wait_until, ws_url};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn workbench(path: &str) -> WorkbenchHandle {
    let page = PageOrigin { scheme: "http".into(), host: support::server().into() };
    let query = QueryParams { url: Some(ws_url(path)), ..QueryParams::default() };
    let wb = WorkbenchHandle::detached(Model::new(page, &query).with_seed(3));
    // Short waits so that the test is quick: 50 ms, doubling, at most 200 ms.
    for (&field, v) in Field::ALL.iter().zip(["50", "2", "200", "5"]) {
        wb.dispatch(Rec::SettingEdited(field, v.to_string()));
    }
    wb
}

fn count(wb: &WorkbenchHandle, f: impl Fn(&EntryKind) -> bool) -> usize {
    wb.model().log.iter().filter(|e| f(&e.kind)).count()
}

fn opens(wb: &WorkbenchHandle) -> usize {
    count(wb, |k| matches!(k, EntryKind::Open(_)))
}

#[wasm_bindgen_test]
async fn a_dropped_connection_is_opened_again() {
    let wb = workbench("/drop");
    wb.dispatch(Rec::Toggled(true));
    wb.dispatch(Msg::Connect);
    wait_until("three opens", 10_000, || opens(&wb) >= 3).await;
    let attempts = count(&wb, |k| matches!(k.as_info(), Some(Info::ReconnectAttempt { .. })));
    assert!(attempts >= 2, "each attempt is logged: {attempts}");
    let drops = count(&wb, |k| matches!(k, EntryKind::Close(c) if c.code == 1006));
    assert!(drops >= 2);
    wb.dispatch(Rec::Toggled(false));
    wb.shutdown();
}

#[wasm_bindgen_test]
async fn the_users_stop_is_not_healed() {
    let wb = workbench("/echo");
    wb.dispatch(Rec::Toggled(true));
    wb.dispatch(Msg::Connect);
    wait_until("open", 5000, || wb.model().connection.state == ConnState::Open).await;
    wb.dispatch(Msg::Close);
    wait_until("closed", 5000, || wb.model().connection.state == ConnState::Closed).await;
    assert_eq!(wb.model().session.reconnect.at, None);
    // Another connection's full round trip: time enough for a (wrong) reconnect to have been scheduled.
    let probe = workbench("/echo");
    probe.dispatch(Msg::Connect);
    wait_until("probe open", 5000, || probe.model().connection.state == ConnState::Open).await;
    assert_eq!(opens(&wb), 1);
    assert_eq!(wb.model().session.reconnect.at, None);
    probe.shutdown();
    wb.shutdown();
}

#[wasm_bindgen_test]
async fn the_outbox_flushes_in_order_after_a_reconnect() {
    let wb = workbench("/echodrop?ms=400");
    wb.dispatch(Rec::Toggled(true));
    wb.dispatch(Ob::Toggled(true));
    wb.dispatch(Msg::Connect);
    wait_until("a reconnect waiting", 10_000, || wb.model().session.reconnect.at.is_some()).await;
    for text in ["first", "second", "third"] {
        wb.dispatch(Comp::DraftEdited(text.into()));
        wb.dispatch(Msg::Send);
    }
    assert_eq!(wb.model().session.outbox.len(), 3, "queued while reconnecting");
    wait_until("three echoes", 10_000, || wb.model().stats.in_count >= 3).await;
    let m = wb.model();
    let texts = |pick: fn(&EntryKind) -> Option<&Payload>| -> Vec<String> {
        m.log
            .iter()
            .filter_map(|e| match pick(&e.kind) {
                Some(Payload::Text(t)) => Some(t.clone()),
                _ => None,
            })
            .collect()
    };
    let sent = texts(|k| if let EntryKind::Out(p) = k { Some(p) } else { None });
    let echoed = texts(|k| if let EntryKind::In(p) = k { Some(p) } else { None });
    assert_eq!(sent, vec!["first", "second", "third"]);
    assert_eq!(echoed, vec!["first", "second", "third"]);
    assert!(m.session.outbox.is_empty());
    drop(m);
    wb.dispatch(Rec::Toggled(false));
    wb.shutdown();
}

#[wasm_bindgen_test]
async fn heartbeats_go_out_and_are_counted() {
    let wb = workbench("/echo");
    wb.dispatch(Hb::TextEdited("♥".into()));
    wb.dispatch(Hb::SecsEdited("0.1".into()));
    wb.dispatch(Hb::Toggled(true));
    wb.dispatch(Msg::Connect);
    wait_until("three echoed heartbeats", 10_000, || wb.model().stats.in_count >= 3).await;
    {
        let m = wb.model();
        assert!(m.session.heartbeat.sent >= 3);
        assert!(m.log.iter().any(|e| e.kind == EntryKind::In(Payload::Text("♥".into()))));
    }
    wb.dispatch(Msg::Close);
    wait_until("closed", 5000, || wb.model().connection.state == ConnState::Closed).await;
    let sent = wb.model().session.heartbeat.sent;
    // A round trip elsewhere: heartbeats stopped with the connection.
    let probe = workbench("/echo");
    probe.dispatch(Msg::Connect);
    wait_until("probe open", 5000, || probe.model().connection.state == ConnState::Open).await;
    gloo_timers::future::TimeoutFuture::new(250).await;
    assert_eq!(wb.model().session.heartbeat.sent, sent, "no heartbeat after the close");
    probe.shutdown();
    wb.shutdown();
}
