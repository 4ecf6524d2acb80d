//! The workspace end to end, in headless Chromium against the real IndexedDB: a reload brings back the
//! settings, the library and the log (binary entries byte for byte); a failing store leaves the app
//! working with a notice; the library sends with variables; the on-connect sequence runs again after an
//! automatic reconnect; a share link round-trips into a fresh browser.

use serde_json::{json, Value};
use sockpit_e2e::{app_url, ws_url, Browser};

/// Sets a field by id as typing would (for fields inside a closed `<details>`).
async fn set_field(b: &Browser, id: &str, value: &str) {
    b.js(&format!(
        "const e = document.getElementById({id:?}); e.value = {value:?}; e.dispatchEvent(new Event('input', {{ bubbles: true }})); return true"
    ))
    .await;
}

/// How many log records and whether the settings record mentions `word`, as the database holds them.
const STORED: &str = "const done = arguments[arguments.length - 1];
    const r = indexedDB.open('sockpit');
    r.onsuccess = () => {
      const db = r.result; const tx = db.transaction(['kv', 'log']);
      const c = tx.objectStore('log').count(); const s = tx.objectStore('kv').get('settings');
      tx.oncomplete = () => { done([c.result, s.result || '']); db.close(); };
    };
    r.onerror = () => done([-1, '']);";

async fn stored(b: &Browser) -> (u64, String) {
    let v = b.client.execute_async(STORED, vec![]).await.unwrap();
    (v[0].as_u64().unwrap_or(0), v[1].as_str().unwrap_or_default().to_owned())
}

async fn save_item(b: &Browser, name: &str, format: &str, body: &str) {
    b.choose("send-format", format).await;
    b.fill("text-view", body).await;
    b.fill("library-name-input", name).await;
    b.click("library-save-button").await;
    b.wait(
        &format!("{name} in the library"),
        &format!("return !!document.querySelector('#library .library-item[data-name={name:?}]')"),
    )
    .await;
}

#[tokio::test]
async fn a_reload_brings_back_settings_library_and_log_byte_for_byte() {
    let b = Browser::open("").await;
    b.connect("/binary").await;
    b.wait_entries("in", 2).await;
    b.fill("text-view", "kept text ✓").await;
    b.click("tsend-button").await;
    b.wait_entries("in", 3).await;
    save_item(&b, "greeting", "text", "hello {{name}} #{{counter}}").await;
    b.fill("variables-input", "name = Ada\nsecret token = xyz").await;
    b.fill("close-code", "4001").await;
    b.fill("protocols-input", "chat, v2").await;
    b.choose("send-format", "json").await;
    b.fill("text-view", "{\"draft\": true}").await;
    let before = b.export().await;
    let count: u64 = b.text("log-count").await.parse().unwrap();

    // Written within about a second.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let (records, settings) = stored(&b).await;
        if records == count && settings.contains("greeting") && settings.contains("{\\\"draft\\\": true}") {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "not kept within 10 s: {records} of {count} records");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }

    b.client.goto(&app_url()).await.unwrap();
    b.wait("the app mounted", "return !!document.querySelector('main[data-settled]')").await;
    b.wait("the restore said", "return [...document.querySelectorAll('#message-log .log-entry[data-kind=info]')].some(e => /Restored \\d+ log entries/.test(e.textContent))").await;
    assert_eq!(b.state().await, "idle", "an open connection is not reopened by itself");
    let infos = b.entries("info").await.join("\n");
    assert!(infos.contains(&format!("Restored {count} log entries")), "{infos}");
    assert!(infos.contains("was open when this page was left"), "{infos}");
    assert_eq!(b.value("text-view").await, "{\"draft\": true}");
    assert_eq!(b.value("send-format").await, "json");
    assert_eq!(b.value("close-code").await, "4001");
    assert_eq!(b.value("protocols-input").await, "chat, v2");
    assert_eq!(b.value("variables-input").await, "name = Ada\nsecret token = xyz");
    assert!(
        b.js("return !!document.querySelector('#library .library-item[data-name=greeting]')").await
            == json!(true)
    );

    let after = b.export().await;
    let (before, after): (Vec<&str>, Vec<&str>) = (before.lines().collect(), after.lines().collect());
    assert_eq!(&after[..before.len()], &before[..], "every entry back, binary payloads byte for byte");
    let binary: Vec<Value> = after[..before.len()]
        .iter()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|v| v["format"] == "binary")
        .collect();
    assert!(binary.len() >= 2, "the PNG and the 256 bytes came back: {binary:?}");
    b.close().await;
}

#[tokio::test]
async fn with_no_database_the_app_works_in_memory_and_says_so() {
    let b = Browser::start().await;
    b.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": "Object.defineProperty(window, 'indexedDB', { get() { return undefined; } });" }),
    )
    .await;
    b.client.goto(&app_url()).await.unwrap();
    b.wait("the notice", "return /cannot keep/.test(document.getElementById('notice').textContent)").await;
    assert!(b.text("notice").await.contains("in memory"));
    b.connect("/echo").await;
    b.fill("text-view", "still works").await;
    b.click("tsend-button").await;
    b.wait_entries("in", 1).await;
    b.close().await;
}

#[tokio::test]
async fn a_full_disk_stops_keeping_with_one_notice_and_loses_nothing_on_screen() {
    let b = Browser::start().await;
    b.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": "IDBObjectStore.prototype.put = function () { throw new DOMException('the disk is full', 'QuotaExceededError'); };" }),
    )
    .await;
    b.client.goto(&app_url()).await.unwrap();
    b.wait("the app mounted", "return !!document.querySelector('main[data-settled]')").await;
    b.connect("/echo").await;
    b.fill("text-view", "typed while the disk was full").await;
    b.click("tsend-button").await;
    b.wait("the notice", "return /storage is full/.test(document.getElementById('notice').textContent)")
        .await;
    assert!(b.text("notice").await.contains("in memory"));
    b.wait_entries("in", 1).await;
    b.fill("text-view", "and after").await;
    b.click("tsend-button").await;
    b.wait_entries("in", 2).await;
    assert!(b.entries("in").await[1].contains("and after"));
    b.close().await;
}

#[tokio::test]
async fn library_items_send_with_variables_and_a_bad_one_stays_with_a_notice() {
    let b = Browser::open("").await;
    b.connect("/echo").await;
    b.fill("variables-input", "name = Ada").await;
    save_item(&b, "hello", "text", "hi {{name}} #{{counter}}").await;
    save_item(&b, "json", "json", "{\"n\": {{counter}}, \"at\": {{now}}}").await;
    b.js("document.querySelector('#library .library-item[data-name=hello] .library-send').click(); return true").await;
    b.js(
        "document.querySelector('#library .library-item[data-name=json] .library-send').click(); return true",
    )
    .await;
    b.wait_entries("in", 2).await;
    let got = b.entries("in").await;
    assert!(got[0].contains("hi Ada #1"), "{got:?}");
    assert!(got[1].contains("{\"n\": 2, \"at\": 1"), "{got:?}");

    b.choose("send-format", "text").await;
    b.fill("text-view", "who is {{nobody}}?").await;
    b.click("tsend-button").await;
    b.wait("the notice", "return document.getElementById('notice').textContent.includes('nobody')").await;
    assert_eq!(b.value("text-view").await, "who is {{nobody}}?", "the draft stays");
    b.js("document.querySelector('#library .library-item[data-name=hello] .library-load').click(); return true").await;
    b.wait("loaded", "return document.getElementById('text-view').value === 'hi {{name}} #{{counter}}'")
        .await;
    assert!(b.text("draft-preview").await.contains("hi Ada #3"));
    b.close().await;
}

#[tokio::test]
async fn the_on_connect_sequence_runs_again_after_an_automatic_reconnect() {
    let b = Browser::open("").await;
    save_item(&b, "hello", "text", "from the sequence #{{counter}}").await;
    set_field(&b, "sequence-input", "hello | wait from the sequence up to 2000 ms").await;
    b.click("reconnect-toggle").await;
    b.fill("url-input", &ws_url("/echodrop?ms=400")).await;
    b.click("connect-button").await;
    b.wait(
        "two runs of the sequence",
        "return [...document.querySelectorAll('#message-log .log-entry[data-kind=in]')].filter(e => e.textContent.includes('from the sequence #1')).length >= 2",
    )
    .await;
    let progress = b.js("return document.getElementById('sequence-progress').textContent").await;
    assert!(progress.as_str().unwrap().contains("run "), "{progress}");
    b.click("reconnect-toggle").await;
    b.close().await;
}

#[tokio::test]
async fn a_share_link_round_trips_into_a_fresh_browser_without_secrets() {
    let a = Browser::open("").await;
    a.fill("url-input", &ws_url("/echo")).await;
    a.fill("protocols-input", "chat").await;
    save_item(&a, "one", "text", "first").await;
    save_item(&a, "two", "hex", "00 ff").await;
    a.fill("variables-input", "name = Ada\nsecret token = hunter2").await;
    a.click("share-button").await;
    a.wait("a link", "return document.getElementById('share-link').value.includes('#share=')").await;
    let link = a.value("share-link").await;
    a.close().await;

    let b = Browser::start().await;
    b.client.goto(&link).await.unwrap();
    b.wait("the offer", "return !!document.getElementById('share-import-button')").await;
    let offer = b.js("return document.querySelector('.share-incoming').textContent").await;
    assert!(offer.as_str().unwrap().contains("2 library messages"), "{offer}");
    assert_eq!(
        b.js("return document.querySelectorAll('#library .library-item').length").await,
        json!(0),
        "nothing before the press"
    );
    b.click("share-import-button").await;
    b.wait("imported", "return document.querySelectorAll('#library .library-item').length === 2").await;
    assert_eq!(b.value("url-input").await, ws_url("/echo"));
    assert_eq!(b.value("protocols-input").await, "chat");
    let vars = b.value("variables-input").await;
    assert!(vars.contains("name = Ada") && !vars.contains("hunter2") && !vars.contains("token"), "{vars}");
    b.close().await;
}
