//! End to end, the socket's worker (`platform::remote`): once the page has settled, a connection's
//! WebSocket lives in the worker, not on the page, and the page shows what it receives as before.

use sockpit_e2e::{ws_url, Browser};

/// Counts the page's own WebSocket constructions from here on.
const COUNT_PAGE_SOCKETS: &str = "window.__pageSockets = 0; const W = window.WebSocket; \
    window.WebSocket = class extends W { constructor(...a) { super(...a); window.__pageSockets++; } }; return true";

#[tokio::test]
async fn a_connection_after_the_page_settles_lives_in_the_worker_and_shows_every_message_in_order() {
    let b = Browser::open("").await;
    // The worker is started after the first paint, and says when it is ready.
    b.wait("the socket's worker ready", "return document.documentElement.dataset.socketWorker === 'ready'")
        .await;
    b.js(COUNT_PAGE_SOCKETS).await;
    b.fill("url-input", &ws_url("/flood?n=3000&size=30")).await;
    b.click("connect-button").await;
    b.wait(
        "the 3,000th message drawn",
        "return [...document.querySelectorAll('#message-log .log-entry[data-kind=in]')].some(e => e.textContent.includes('↓00003000 '))",
    )
    .await;
    assert_eq!(b.js("return window.__pageSockets").await, 0, "the page made no WebSocket of its own");
    // The newest rows are drawn, in the flood's order.
    let seqs = b
        .js("return [...document.querySelectorAll('#message-log .log-entry[data-kind=in]')].map(e => e.textContent)")
        .await;
    let texts: Vec<&str> = seqs.as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert!(texts.len() > 10, "{texts:?}");
    let numbers: Vec<u64> = texts
        .iter()
        .map(|t| t.split('↓').nth(1).and_then(|m| m.split(' ').next()).and_then(|n| n.parse().ok()).unwrap())
        .collect();
    assert!(numbers.windows(2).all(|w| w[1] == w[0] + 1), "in order: {numbers:?}");
    assert_eq!(*numbers.last().unwrap(), 3000);

    // Sending goes through the worker too.
    b.click("stop-button").await;
    b.wait_state("closed").await;
    b.connect("/echo").await;
    b.fill("text-view", "through the worker").await;
    b.click("tsend-button").await;
    b.wait(
        "the echo",
        "return [...document.querySelectorAll('#message-log .log-entry[data-kind=in]')].some(e => e.textContent.endsWith('↓through the worker'))",
    )
    .await;
    assert_eq!(b.js("return window.__pageSockets").await, 0);
    b.close().await;
}
