//! The receive path at volume, against the real companion server in headless Chromium: the same
//! socket, queue and per-frame batching as the app, without the view.

#![cfg(target_arch = "wasm32")]

mod support;

use sockpit::core::app::{Model, Msg};
use sockpit::core::connection::ConnState;
use sockpit::core::log::EntryKind;
use sockpit::core::logbook::Msg as Book;
use sockpit::core::payload::Payload;
use sockpit::core::protocol::PageOrigin;
use sockpit::core::query::QueryParams;
use sockpit::core::session::reconnect::Msg as Rec;
use sockpit::hooks::WorkbenchHandle;
use support::{wait_until, ws_url};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn workbench(path: &str) -> WorkbenchHandle {
    let page = PageOrigin { scheme: "http".into(), host: support::server().into() };
    let query = QueryParams { url: Some(ws_url(path)), ..QueryParams::default() };
    WorkbenchHandle::detached(Model::new(page, &query))
}

fn flood_number(p: &Payload) -> u64 {
    match p {
        Payload::Text(t) => t[..8].parse().expect("each flood message starts with its number"),
        Payload::Binary(b) => std::str::from_utf8(&b.head(8)).unwrap().parse().unwrap(),
    }
}

/// The flood numbers of the received entries, in log order.
fn flood_numbers(m: &Model) -> Vec<u64> {
    m.log
        .iter()
        .filter_map(|e| match &e.kind {
            EntryKind::In(p) => Some(flood_number(p)),
            _ => None,
        })
        .collect()
}

#[wasm_bindgen_test]
async fn no_entry_is_lost_or_duplicated_across_20000_flood_messages() {
    let wb = workbench("/flood?n=20000&size=64");
    wb.dispatch(Msg::Connect);
    wait_until("20,000 messages", 60_000, || wb.model().stats.in_count >= 20_000).await;
    let m = wb.model();
    let numbers = flood_numbers(&m);
    assert_eq!(numbers.len(), 20_000);
    assert!(numbers.iter().copied().eq(1..=20_000), "every number once, in order");
    // Log numbers are consecutive too: connecting, open, then the messages.
    assert!(m.log.iter().map(|e| e.seq).eq(1..=20_002));
    assert_eq!(m.stats.in_bytes, 20_000 * 64);
    drop(m);
    wb.shutdown();
}

#[wasm_bindgen_test]
async fn a_close_behind_a_backlog_comes_after_every_message_before_it() {
    // The page is kept busy while the flood and its close arrive, so the close finds a backlog waiting
    // in the inbox; the workbench applies it in steps, and the close last.
    let n = 50_000u64;
    let wb = workbench(&format!("/flood?n={n}&size=64&close=4001"));
    wb.dispatch(Msg::Connect);
    wait_until("open", 10_000, || wb.model().connection.state == ConnState::Open).await;
    let busy_until = js_sys::Date::now() + 400.0;
    while js_sys::Date::now() < busy_until {}
    wait_until("closed", 60_000, || wb.model().connection.state == ConnState::Closed).await;
    let m = wb.model();
    let numbers = flood_numbers(&m);
    assert!(numbers.iter().copied().eq(1..=n), "every number once, in order ({} of {n})", numbers.len());
    let last = m.log.iter().last().expect("entries");
    assert!(
        matches!(&last.kind, EntryKind::Close(c) if c.code == 4001 && c.reason == "flood done"),
        "the close comes last: {:?}",
        last.kind.name()
    );
    drop(m);
    wb.shutdown();
}

#[wasm_bindgen_test]
async fn the_cap_evicts_the_oldest_and_counts_them() {
    let wb = workbench("/flood?n=5000&size=32&binary=1");
    wb.dispatch(Book::CapEdited("1000".into()));
    wb.dispatch(Msg::Connect);
    wait_until("5,000 messages", 60_000, || wb.model().stats.in_count >= 5_000).await;
    let m = wb.model();
    assert_eq!(m.log.len(), 1000);
    assert_eq!(m.log.evicted(), 5_002 - 1000);
    assert_eq!(m.log.first_seq(), 4_003, "numbers are kept, so the gap shows");
    let last = m.log.iter().last().unwrap();
    assert!(matches!(&last.kind, EntryKind::In(p) if flood_number(p) == 5000));
    assert_eq!(m.connection.state, ConnState::Open);
    drop(m);
    wb.shutdown();
}

#[wasm_bindgen_test]
async fn large_binary_messages_stay_in_the_browser_and_read_back_whole() {
    let wb = workbench("/flood?n=20&size=100000&binary=1");
    wb.dispatch(Msg::Connect);
    wait_until("20 large messages", 20_000, || wb.model().stats.in_count >= 20).await;
    let m = wb.model();
    let ins: Vec<&Payload> =
        m.log.iter().filter_map(|e| if let EntryKind::In(p) = &e.kind { Some(p) } else { None }).collect();
    assert_eq!(ins.len(), 20);
    for (i, p) in ins.iter().enumerate() {
        assert_eq!(flood_number(p), i as u64 + 1);
        let Payload::Binary(b) = p else { panic!("binary expected") };
        assert_eq!(b.len(), 100_000);
        let all = b.all();
        assert_eq!(all.len(), 100_000);
        assert_eq!(all[8], b' ');
        assert!(all[9..].iter().all(|&x| x == b'x'), "filler after the number and its space");
        assert_eq!(&b.read(99_990, 100_010)[..], &[b'x'; 10]);
    }
    drop(m);
    wb.shutdown();
}

#[wasm_bindgen_test]
async fn a_big_log_exports_in_steps_to_one_whole_file() {
    use wasm_bindgen::JsCast;
    // Catch the file as the page hands it to the browser.
    js_sys::eval(
        "window.__blobs = []; const o = URL.createObjectURL; URL.createObjectURL = b => { window.__blobs.push(b); return o(b); }",
    )
    .unwrap();
    let wb = workbench("/flood?n=45000&size=20");
    wb.dispatch(Msg::Connect);
    wait_until("45,000 messages", 60_000, || wb.model().stats.in_count >= 45_000).await;
    wb.dispatch(Rec::Toggled(false));
    wb.dispatch(Msg::Close);
    wait_until("closed", 5000, || wb.model().connection.state == ConnState::Closed).await;
    wb.dispatch(Book::Export);
    assert!(wb.model().logbook.exporting().is_some());
    wait_until("the export written", 30_000, || wb.model().logbook.exporting().is_none()).await;
    assert!(wb.model().notices.is_empty(), "{}", wb.model().notices.text());
    let blobs = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__blobs".into()).unwrap();
    let blob: web_sys::Blob = js_sys::Array::from(&blobs).get(0).dyn_into().unwrap();
    let text = wasm_bindgen_futures::JsFuture::from(blob.text()).await.unwrap().as_string().unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let kept = wb.model().log.len();
    assert_eq!(lines.len(), kept, "one line per entry, across several steps");
    assert!(kept > 45_000);
    for (i, line) in lines.iter().enumerate() {
        let v = sockpit::core::json::from_str(line).unwrap();
        assert_eq!(v["seq"].as_u64(), Some(i as u64 + 1));
    }
    wb.shutdown();
}
