//! `trunk serve` reloads the page again: its development build moves Trunk's autoreload script into a
//! file, so the page keeps the same strict Content-Security-Policy as the release build and still
//! reloads after a rebuild. The test command starts `trunk serve` and names it in `SOCKPIT_DEV_URL`.

use std::time::{Duration, Instant};

use serde_json::json;
use sockpit_e2e::{app_url, Browser};

fn dev_url() -> String {
    std::env::var("SOCKPIT_DEV_URL")
        .expect("SOCKPIT_DEV_URL: the address of `trunk serve` (scripts/test.sh starts it and sets this)")
}

/// The page's Content-Security-Policy, as its `<meta>` says.
const CSP: &str = "return document.querySelector('meta[http-equiv=Content-Security-Policy]').content";

#[tokio::test]
async fn the_development_build_reloads_itself_after_a_rebuild_under_the_strict_policy() {
    let b = Browser::start().await;
    b.client.goto(&dev_url()).await.unwrap();
    b.wait("the development app mounted", "return !!document.querySelector('main[data-settled]')").await;
    let dev_csp = b.js(CSP).await;
    assert_eq!(
        b.js("return [...document.scripts].filter(s => !s.src).length").await,
        json!(0),
        "no inline script: the policy forbids them"
    );
    assert_eq!(
        b.js("return performance.getEntriesByType('resource').filter(e => /autoreload-[0-9a-f]+\\.js$/.test(e.name)).length")
            .await,
        json!(1),
        "Trunk's reload script was loaded as a file (the app has since replaced the body it was in)"
    );
    assert_eq!(
        b.js("return !!document.querySelector('meta[name=sockpit-build]')").await,
        json!(false),
        "no offline shell in a development build"
    );
    b.js("window.__beforeReload = true; return true").await;

    // A change in the project: Trunk rebuilds and tells the page, which reloads.
    let probe = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../autoreload-probe.tmp");
    std::fs::write(&probe, "a change for trunk serve to see\n").unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    let reloaded = loop {
        tokio::time::sleep(Duration::from_millis(250)).await;
        let gone = b
            .client
            .execute(
                "return window.__beforeReload === undefined && !!document.querySelector('main[data-settled]')",
                vec![],
            )
            .await;
        if gone.ok() == Some(json!(true)) {
            break true;
        }
        if Instant::now() > deadline {
            break false;
        }
    };
    let _ = std::fs::remove_file(&probe);
    assert!(reloaded, "the page did not reload within 120 s of a change");

    // The release page has the very same policy, and no reload script.
    b.client.goto(&app_url()).await.unwrap();
    b.wait("the release app mounted", "return !!document.querySelector('main[data-settled]')").await;
    assert_eq!(b.js(CSP).await, dev_csp, "one policy for both builds");
    assert_eq!(
        b.js("return performance.getEntriesByType('resource').filter(e => /autoreload/.test(e.name)).length")
            .await,
        json!(0)
    );
    b.close().await;
}
