//! End to end, the log at work: following and pausing, regex and kind filters, export then import.

use sockpit_e2e::{ws_url, Browser};

const LAST_DRAWN: &str =
    "const r = [...document.querySelectorAll('#message-log .log-entry')]; return r.length ? Number(r[r.length - 1].dataset.seq) : 0";
const FIRST_DRAWN: &str =
    "const r = document.querySelector('#message-log .log-entry'); return r ? Number(r.dataset.seq) : 0";

#[tokio::test]
async fn follows_new_entries_pauses_when_scrolled_up_and_jumps_back() {
    let b = Browser::open("").await;
    // 6,000 messages at 1,000 a second: time to scroll while they arrive, even on a busy machine.
    b.fill("url-input", &ws_url("/flood?n=6000&size=40&rate=1000")).await;
    b.click("connect-button").await;
    b.wait(
        "some hundreds of entries",
        "return Number(document.getElementById('log-count').textContent) > 400",
    )
    .await;
    let count: u64 = b.text("log-count").await.parse().unwrap();
    let last = b.js(LAST_DRAWN).await.as_u64().unwrap();
    assert!(last + 50 >= count, "following: the newest entries are drawn ({last} of {count})");
    let drawn = b.js("return document.querySelectorAll('#message-log .log-entry').length").await;
    assert!(drawn.as_u64().unwrap() <= 200, "only the rows in view are drawn: {drawn}");

    // As a user does: the wheel turns up, the view scrolls to the top.
    b.js("const l = document.getElementById('message-log'); l.dispatchEvent(new WheelEvent('wheel', { deltaY: -400, bubbles: true })); l.scrollTop = 0").await;
    b.wait("the jump button", "return !!document.getElementById('jump-latest')").await;
    b.wait("the first rows drawn", &format!("return ({FIRST_DRAWN_FN})() === 1")).await;
    let count_before: u64 = b.text("log-count").await.parse().unwrap();
    b.wait(
        "more entries while paused",
        &format!("return Number(document.getElementById('log-count').textContent) > {count_before} + 300"),
    )
    .await;
    assert_eq!(b.js(FIRST_DRAWN).await, 1, "paused: the view stays where the user put it");
    assert!(b.text("jump-latest").await.contains("new"));

    b.click("jump-latest").await;
    b.wait(
        "following again",
        &format!(
            "return ({LAST_DRAWN_FN})() + 50 >= Number(document.getElementById('log-count').textContent)"
        ),
    )
    .await;
    b.wait("all 6,000", "return document.getElementById('stats').dataset.inCount === '6000'").await;
    b.wait("the last entry drawn", &format!("return ({LAST_DRAWN_FN})() === 6002")).await;
    b.close().await;
}

const FIRST_DRAWN_FN: &str =
    "() => { const r = document.querySelector('#message-log .log-entry'); return r ? Number(r.dataset.seq) : 0 }";
const LAST_DRAWN_FN: &str = "() => { const r = [...document.querySelectorAll('#message-log .log-entry')]; return r.length ? Number(r[r.length - 1].dataset.seq) : 0 }";

#[tokio::test]
async fn regex_and_kind_filters() {
    let b = Browser::open("").await;
    b.connect("/echo").await;
    for msg in ["{\"id\":17}", "{\"id\":\"x\"}", "ID=2", "nothing"] {
        b.fill("text-view", msg).await;
        b.click("tsend-button").await;
    }
    b.wait_entries("in", 4).await;
    b.click("filter-regex").await;
    b.fill("log-filter", r#"id"?[:=]\d"#).await;
    b.wait(
        "regex matches",
        "return document.getElementById('log-matches')?.textContent.includes('4 matching')",
    )
    .await;
    b.click("kind-out").await;
    b.wait("in only", "return document.getElementById('log-matches')?.textContent.includes('2 matching')")
        .await;
    let kinds = b
        .js("return [...document.querySelectorAll('#message-log .log-entry')].map(e => e.dataset.kind)")
        .await;
    assert_eq!(kinds, serde_json::json!(["in", "in"]));
    assert_eq!(b.text("log-count").await, "10", "log-count counts every entry");
    b.fill("log-filter", "(").await;
    assert!(b.text("notice").await.contains("not a valid regular expression"));
    let drawn = b.js("return document.querySelectorAll('#message-log .log-entry').length").await;
    assert_eq!(drawn, 6, "a bad regex hides nothing: the kind toggle still hides the 4 out entries");
    // A pattern that would take minutes over a long message is refused before it runs.
    b.fill("log-filter", "a{65535}").await;
    assert!(b.text("notice").await.contains("too slow"), "{}", b.text("notice").await);
    b.fill("log-filter", r"\d").await;
    assert!(b.text("log-window").await.contains("of each message"));
    assert_eq!(b.text("notice").await, "", "a fixed pattern clears the filter's notice");
    b.close().await;
}

#[tokio::test]
async fn export_then_import_gives_the_same_log_read_only() {
    let b = Browser::open("").await;
    b.connect("/binary").await;
    b.wait_entries("in", 2).await;
    b.fill("text-view", "text → ünïcode").await;
    b.click("tsend-button").await;
    b.wait_entries("in", 3).await;
    b.fill("close-reason", "done").await;
    b.click("stop-button").await;
    b.wait_state("closed").await;
    let before = b.js("return [...document.querySelectorAll('#message-log .log-entry')].map(e => [e.dataset.seq, e.dataset.kind, e.textContent.replace(/^\\d+\\s*\\d\\d:\\d\\d:\\d\\d\\.\\d+/, '')])").await;
    let exported = b.export().await;
    assert_eq!(exported.trim().lines().count().to_string(), b.text("log-count").await);

    b.click("clear-log-button").await;
    assert_eq!(b.text("log-count").await, "0");
    b.js("const f = new File([window.__exported], 'saved.ndjson'); const dt = new DataTransfer(); dt.items.add(f); const i = document.getElementById('import-input'); i.files = dt.files; i.dispatchEvent(new Event('change', { bubbles: true }))").await;
    b.wait("the imported log", "return !!document.getElementById('close-import-button')").await;
    let after = b.js("return [...document.querySelectorAll('#message-log .log-entry')].map(e => [e.dataset.seq, e.dataset.kind, e.textContent.replace(/^\\d+\\s*\\d\\d:\\d\\d:\\d\\d\\.\\d+/, '')])").await;
    assert_eq!(before, after);
    b.click("connect-button").await;
    assert!(b.text("notice").await.contains("read-only"));
    b.click("close-import-button").await;
    assert_eq!(b.text("log-count").await, "0");
    b.close().await;
}

#[tokio::test]
async fn a_saved_log_opens_from_an_address_given_by_the_query() {
    let b = Browser::open("").await;
    b.connect("/binary").await;
    b.wait_entries("in", 2).await;
    b.fill("text-view", "kept → in a file").await;
    b.click("tsend-button").await;
    b.wait_entries("in", 3).await;
    b.click("stop-button").await;
    b.wait_state("closed").await;
    let rows = "return [...document.querySelectorAll('#message-log .log-entry')].map(e => [e.dataset.seq, e.dataset.kind, e.textContent.replace(/^\\d+\\s*\\d\\d:\\d\\d:\\d\\d\\.\\d+/, '')])";
    let before = b.js(rows).await;
    let saved = serde_json::Value::String(b.export().await);

    // The saved file sits next to the app on a plain static server.
    let dist = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../dist");
    let root = std::env::temp_dir().join(format!("sockpit-logurl-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    sockpit_e2e::copy_dir(&dist, &root.join("app"));
    std::fs::create_dir_all(root.join("logs")).unwrap();
    std::fs::write(root.join("logs/saved session.ndjson"), saved.as_str().unwrap()).unwrap();
    let server = sockpit_e2e::StaticServer::start(&root).await;

    let base = format!("http://127.0.0.1:{}/app/", server.port);
    b.client.goto(&format!("{base}?log=../logs/saved%20session.ndjson")).await.unwrap();
    b.wait("the log opened from its address", "return !!document.getElementById('close-import-button')")
        .await;
    assert_eq!(b.js(rows).await, before);
    assert!(
        b.js("return document.body.textContent.includes('saved session.ndjson')").await
            == serde_json::json!(true)
    );

    b.client.goto(&format!("{base}?log=../logs/missing.ndjson")).await.unwrap();
    b.wait("a notice", "return document.getElementById('notice').textContent.includes('404')").await;
    assert_eq!(b.text("log-count").await, "0", "nothing opened");
    b.close().await;
    server.stop().await;
    let _ = std::fs::remove_dir_all(root);
}

#[tokio::test]
async fn a_long_message_row_carries_the_text_its_width_shows_and_says_it_is_cut() {
    let b = Browser::open("").await;
    b.connect("/echo").await;
    b.fill("text-view", &"a".repeat(1000)).await;
    b.click("tsend-button").await;
    b.wait_entries("in", 1).await;
    let wide = b.js(&format!("return ({ROW_TEXT_FN})()")).await;
    let wide_chars = wide[0].as_u64().unwrap();
    // Cut (and saying so), yet still running past the row's edge: the row is full.
    assert!(wide_chars < 300, "cut to the log's width: {wide}");
    assert_eq!((wide[1].as_bool(), wide[2].as_bool()), (Some(true), Some(true)), "{wide}");
    // A narrower window: the rows carry less text, and still fill their width.
    b.client.set_window_size(640, 900).await.unwrap();
    b.wait(
        "a shorter row",
        &format!("const r = ({ROW_TEXT_FN})(); return r && r[0] < {wide_chars} && r[1] && r[2]"),
    )
    .await;
    b.close().await;
}

/// The received row's text: its `a`s, whether it says it is cut, and whether it overflows its box (fills
/// the row to its edge).
const ROW_TEXT_FN: &str = "() => { const t = document.querySelector('#message-log .log-entry[data-kind=in] .entry-text'); return t ? [t.textContent.split('a').length - 1, t.textContent.includes('(cut: '), t.scrollWidth > t.clientWidth] : null }";

#[tokio::test]
async fn the_rows_fonts_are_laid_out_unseen_while_the_log_is_empty_and_go_with_the_first_entry() {
    let b = Browser::open("").await;
    b.wait("the log drawn", "return !!document.querySelector('#message-log .log-empty')").await;
    // Laid out (it has a width, so its fonts were matched and measured) but neither seen nor read.
    let warm = b
        .js("const w = document.querySelector('#message-log .log-warm'); if (!w) return null;
             const s = getComputedStyle(w), k = getComputedStyle(w.querySelector('.entry-kind'));
             return [w.getBoundingClientRect().width > 0, s.visibility, w.getAttribute('aria-hidden'),
                     s.fontFamily === getComputedStyle(document.getElementById('message-log')).fontFamily, k.fontWeight]")
        .await;
    assert_eq!(warm, serde_json::json!([true, "hidden", "true", true, "700"]), "the warm-up block: {warm}");
    assert_eq!(b.js("return document.querySelectorAll('#message-log .log-entry').length").await, 0);
    b.connect("/echo").await;
    b.wait("the open entry", "return !!document.querySelector('#message-log .log-entry[data-kind=open]')")
        .await;
    assert_eq!(
        b.js("return document.querySelectorAll('#message-log .log-warm').length").await,
        0,
        "gone with the first entry"
    );
    b.close().await;
}
