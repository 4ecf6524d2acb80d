//! Accessibility of the release page: axe-core (the npm package's script, injected into the page) scans
//! the idle page, an open connection with entries, an open entry detail and a shown notice, in the light
//! and in the dark scheme; a keyboard-only walk goes from connect to stop; the log's announcements to
//! screen readers stay bounded during a flood.

use serde_json::{json, Value};
use sockpit_e2e::{ws_url, Browser};

/// axe-core's script, from `node_modules` (installed by `scripts/tools.sh`).
fn axe_source() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run scripts/tools.sh)", path.display()))
}

/// Runs axe over the whole page; returns each serious or critical violation as `rule: targets`.
async fn serious_violations(b: &Browser, axe: &str) -> Vec<String> {
    if b.js("return typeof window.axe").await != json!("object") {
        b.js(&format!("{axe}\nwindow.axe = axe; return true;")).await;
    }
    let result = b
        .js_async(
            "const r = await axe.run(document, { resultTypes: ['violations'] });
             return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
               .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' — ' +
                    v.nodes.map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').replace(/\\s+/g, ' ')).join(' | '));",
        )
        .await;
    match result {
        Value::Array(list) => list.into_iter().map(|v| v.as_str().unwrap_or_default().to_owned()).collect(),
        other => panic!("axe did not run: {other}"),
    }
}

/// Switches the page's `prefers-color-scheme`.
async fn scheme(b: &Browser, dark: bool) {
    let value = if dark { "dark" } else { "light" };
    b.cdp(
        "Emulation.setEmulatedMedia",
        json!({ "features": [{ "name": "prefers-color-scheme", "value": value }] }),
    )
    .await;
    let matches = b.js("return matchMedia('(prefers-color-scheme: dark)').matches").await;
    assert_eq!(matches, json!(dark));
}

async fn scan_every_state(dark: bool) {
    let axe = axe_source();
    let b = Browser::open("").await;
    scheme(&b, dark).await;
    let mut found = Vec::new();
    let mut scan = |state: &'static str, list: Vec<String>| {
        found.extend(list.into_iter().map(move |v| format!("[{state}] {v}")));
    };

    scan("idle", serious_violations(&b, &axe).await);

    b.connect("/echo").await;
    for text in ["hello", "{\"price\": 42.5, \"sym\": \"ABC\"}"] {
        b.fill("text-view", text).await;
        b.click("tsend-button").await;
    }
    b.choose("send-format", "hex").await;
    b.fill("text-view", "00 01 fe ff").await;
    b.click("tsend-button").await;
    b.wait_entries("in", 3).await;
    scan("open with entries", serious_violations(&b, &axe).await);

    b.js("document.querySelector('#message-log .log-entry[data-kind=in]').click(); return true").await;
    b.wait("the detail", "return !!document.querySelector('#entry-detail .detail-size, #entry-detail')")
        .await;
    scan("detail open", serious_violations(&b, &axe).await);

    b.choose("send-format", "json").await;
    b.fill("text-view", "{not json").await;
    b.click("tsend-button").await;
    b.wait("a notice", "return document.getElementById('notice').textContent.length > 0").await;
    scan("notice shown", serious_violations(&b, &axe).await);
    b.close().await;
    assert!(
        found.is_empty(),
        "serious or critical violations ({} scheme):\n{}",
        if dark { "dark" } else { "light" },
        found.join("\n")
    );
}

#[tokio::test]
async fn axe_finds_no_serious_violation_in_the_light_scheme() {
    scan_every_state(false).await;
}

#[tokio::test]
async fn axe_finds_no_serious_violation_in_the_dark_scheme() {
    scan_every_state(true).await;
}

const TAB: &[char] = &['\u{E004}'];
const SHIFT_TAB: &[char] = &['\u{E008}', '\u{E004}'];
const ENTER: &[char] = &['\u{E007}'];
const ESCAPE: &[char] = &['\u{E00C}'];

/// Presses the chord `keys` (all down in order, then up in reverse), as a keyboard would: the page
/// gets it wherever its focus is.
async fn press(b: &Browser, keys: &[char]) {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    let mut actions = KeyActions::new("keyboard".into());
    for &value in keys {
        actions = actions.then(KeyAction::Down { value });
    }
    for &value in keys.iter().rev() {
        actions = actions.then(KeyAction::Up { value });
    }
    b.client.perform_actions(actions).await.unwrap();
}

/// Types `text` into the focused field.
async fn type_text(b: &Browser, text: &str) {
    b.client.active_element().await.unwrap().send_keys(text).await.unwrap();
}

/// What has the focus, and whether that is visible (an outline on it, or on the label that stands for
/// a visually hidden file input).
async fn focus(b: &Browser) -> Value {
    b.js("const e = document.activeElement;
         const shown = e.classList.contains('visually-hidden') ? e.parentElement : e;
         const s = getComputedStyle(shown);
         const visible = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1;
         return { what: e.id || e.className || e.tagName, visible };")
        .await
}

/// Presses Tab (or Shift+Tab) until the focused element matches `selector`; every stop on the way
/// must show its focus.
async fn tab_to(b: &Browser, selector: &str, keys: &[char]) {
    for _ in 0..120 {
        press(b, keys).await;
        let f = focus(b).await;
        if f["what"] != "BODY" {
            assert_eq!(f["visible"], json!(true), "the focus is not visible on {}", f["what"]);
        }
        if b.js(&format!("return document.activeElement.matches({selector:?})")).await == json!(true) {
            return;
        }
    }
    panic!("Tab never reached {selector}");
}

#[tokio::test]
async fn connect_send_open_an_entry_close_it_and_stop_with_the_keyboard_alone() {
    let b = Browser::open(&format!("?url={}", ws_url("/echo"))).await;
    tab_to(&b, "#connect-button", TAB).await;
    press(&b, ENTER).await;
    b.wait_state("open").await;

    tab_to(&b, "#text-view", TAB).await;
    type_text(&b, "typed, not clicked").await;
    press(&b, ENTER).await;
    b.wait_entries("in", 1).await;
    assert!(b.entries("in").await[0].contains("typed, not clicked"));

    tab_to(&b, "#message-log .log-entry[data-kind=in]", TAB).await;
    press(&b, ENTER).await;
    b.wait(
        "the detail of the received entry",
        "return document.getElementById('entry-detail')?.dataset.kind === 'in'",
    )
    .await;
    assert!(b.text("entry-detail").await.contains("typed, not clicked"));
    press(&b, ESCAPE).await;
    b.wait("the detail closed", "return !document.getElementById('entry-detail')?.dataset.seq").await;

    // From the detail too: Tab into it, Escape, and the focus is back on the log.
    press(&b, ENTER).await;
    b.wait("the detail again", "return !!document.getElementById('entry-detail')?.dataset.seq").await;
    tab_to(&b, "#detail-close", TAB).await;
    press(&b, ESCAPE).await;
    b.wait("the detail closed", "return !document.getElementById('entry-detail')?.dataset.seq").await;
    assert_eq!(focus(&b).await["what"], json!("message-log"));

    tab_to(&b, "#stop-button", SHIFT_TAB).await;
    press(&b, ENTER).await;
    b.wait_state("closed").await;
    assert!(b.entries("close").await[0].contains("1000"));
    b.close().await;
}

#[tokio::test]
async fn a_flood_is_announced_to_screen_readers_a_few_times_not_per_message() {
    let b = Browser::open("").await;
    assert_eq!(
        b.attr("message-log", "aria-live").await.as_deref(),
        Some("off"),
        "rows are not read one by one"
    );
    assert_eq!(b.attr("log-announcer", "aria-live").await.as_deref(), Some("polite"));
    b.js(
        "window.__said = [];
         new MutationObserver(() => window.__said.push([performance.now(), document.getElementById('log-announcer').textContent]))
           .observe(document.getElementById('log-announcer'), { childList: true, characterData: true, subtree: true });
         window.__from = performance.now(); return true;",
    )
    .await;
    b.connect("/flood?n=40000&size=64&rate=10000").await;
    b.wait("the whole flood", "return Number(document.getElementById('log-count').textContent) >= 40001")
        .await;
    // The last entries are told within one announcement interval (2 s) and a tick.
    tokio::time::sleep(std::time::Duration::from_millis(2600)).await;
    let said = b.js("return [window.__said.length, performance.now() - window.__from, window.__said.at(-1)?.[1] ?? '']").await;
    let (count, ms, last) = (said[0].as_u64().unwrap(), said[1].as_f64().unwrap(), said[2].as_str().unwrap());
    assert!(count >= 2, "a 4 s flood is announced more than once: {said}");
    assert!(count as f64 <= ms / 2000.0 + 2.0, "{count} announcements in {ms} ms: {said}");
    assert!(last.contains("new log entries. Latest, received: 00040000"), "{last}");
    b.close().await;
}
