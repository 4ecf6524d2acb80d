//! No listener or timer outlives its connection: 100 connect/close cycles with heartbeat and reconnect
//! switched on, then the owned sockets (four listeners each) and timers are counted.

#![cfg(target_arch = "wasm32")]

mod support;

use sockpit::core::app::{Model, Msg};
use sockpit::core::connection::ConnState;
use sockpit::core::protocol::PageOrigin;
use sockpit::core::query::QueryParams;
use sockpit::core::session::heartbeat::Msg as Hb;
use sockpit::core::session::reconnect::Msg as Rec;
use sockpit::hooks::WorkbenchHandle;
use sockpit::platform::socket::live_sockets;
use sockpit::platform::timer::live_timers;
use support::{wait_until, ws_url};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_hundred_cycles_leave_no_listener_or_timer() {
    let page = PageOrigin { scheme: "http".into(), host: support::server().into() };
    let query = QueryParams { url: Some(ws_url("/echo")), ..QueryParams::default() };
    let wb = WorkbenchHandle::detached(Model::new(page, &query));
    wb.dispatch(Rec::Toggled(true));
    wb.dispatch(Hb::SecsEdited("0.05".into()));
    wb.dispatch(Hb::Toggled(true));
    let mut peak = (0, 0);
    for cycle in 0..100 {
        wb.dispatch(Msg::Connect);
        wait_until(&format!("open #{cycle}"), 5000, || wb.model().connection.state == ConnState::Open).await;
        peak = (peak.0.max(live_sockets()), peak.1.max(live_timers()));
        wb.dispatch(Msg::Close);
        wait_until(&format!("closed #{cycle}"), 5000, || wb.model().connection.state == ConnState::Closed)
            .await;
    }
    // Let the last frame's flush run (a loaded machine may take its time: the wait ends as soon as
    // nothing is left, and a failure says what was).
    let mut waited = 0;
    while (live_sockets(), live_timers()) != (0, 0) {
        assert!(
            waited < 10_000,
            "after 10 s, sockets and timers left: {:?}",
            (live_sockets(), live_timers())
        );
        gloo_timers::future::TimeoutFuture::new(20).await;
        waited += 20;
    }
    assert_eq!(peak.0, 1, "one socket at a time");
    assert!(peak.1 >= 2, "while open, the heartbeat and the ticker ran: {peak:?}");
    assert_eq!(wb.model().session.reconnect.at, None);
    wb.shutdown();
    assert_eq!((live_sockets(), live_timers()), (0, 0));
}

#[wasm_bindgen_test]
fn the_workbench_rehearsal_counts_its_message_and_leaves_no_socket_or_timer() {
    let page = PageOrigin { scheme: "http".into(), host: support::server().into() };
    let (sockets, timers) = (live_sockets(), live_timers());
    let scratch = sockpit::core::app::rehearse(page);
    assert_eq!(sockpit::hooks::use_workbench::rehearse(scratch), 1);
    assert_eq!((live_sockets(), live_timers()), (sockets, timers));
}
