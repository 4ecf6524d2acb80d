//! The release page's last word: when its WebAssembly traps (no Rust left to speak), `crash.js` says so
//! on the page in `#crash` (`role="alert"`), as text.

use sockpit_e2e::Browser;

#[tokio::test]
async fn a_trap_is_said_on_the_page() {
    let b = Browser::open("").await;
    assert_eq!(b.js("return document.getElementById('crash')").await, serde_json::Value::Null);
    b.js("window.dispatchEvent(new ErrorEvent('error', { error: new WebAssembly.RuntimeError('unreachable <i>x</i>') })); return 0").await;
    b.wait("a #crash banner", "return !!document.getElementById('crash')").await;
    let text = b.text("crash").await;
    assert!(text.contains("Sockpit stopped") && text.contains("unreachable <i>x</i>"), "{text}");
    assert!(text.contains("To report it"));
    assert_eq!(b.attr("crash", "role").await.as_deref(), Some("alert"));
    // An ordinary script error is not a crash of the app.
    b.js("document.getElementById('crash').remove(); window.dispatchEvent(new ErrorEvent('error', { error: new TypeError('x') })); return 0").await;
    assert_eq!(b.js("return document.getElementById('crash')").await, serde_json::Value::Null);
    b.close().await;
}
