//! The release page under its own Content-Security-Policy: Chromium loads it, connects through
//! `?connect=1`, and reports no CSP violation: a `securitypolicyviolation` listener is installed before
//! any of the page's scripts runs, and every violation it hears is reported.

use serde_json::json;
use sockpit_e2e::{app_url, Browser};

#[tokio::test]
async fn the_page_loads_and_connects_without_a_csp_violation() {
    let b = Browser::start().await;
    b.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": "window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));" }),
    )
    .await;
    b.client.goto(&format!("{}?connect=1", app_url())).await.unwrap();
    b.wait("the app mounted", "return !!document.querySelector('main[data-settled]')").await;
    b.wait_state("open").await;
    // The service worker registers and the workspace is written in the next second or so.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(b.js("return window.__csp").await, json!([]), "CSP violations");
    assert_eq!(b.js("return typeof window.__csp").await, json!("object"), "the listener ran before the page");
    b.close().await;
}
