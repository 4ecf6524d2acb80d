//! The release page under its own Content-Security-Policy: Chromium loads it, connects through
//! `?connect=1`, and reports no CSP violation on its console.

use sockpit_e2e::{app_url, CHROME_ARGS};

#[tokio::test]
async fn the_page_loads_and_connects_without_a_csp_violation() {
    let profile = std::env::temp_dir().join(format!("sockpit-csp-{}", std::process::id()));
    let url = format!("{}?connect=1", app_url());
    let out = tokio::process::Command::new("/usr/bin/chromium")
        .args(CHROME_ARGS)
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(["--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000", "--dump-dom", &url])
        .kill_on_drop(true)
        .output()
        .await
        .expect("chromium runs");
    let _ = std::fs::remove_dir_all(&profile);
    let dom = String::from_utf8_lossy(&out.stdout);
    let console = String::from_utf8_lossy(&out.stderr);
    assert!(dom.contains("data-state=\"open\""), "the app did not connect:\n{dom}\n{console}");
    let violations: Vec<&str> = console
        .lines()
        .filter(|l| l.contains("Content Security Policy") || l.contains("Refused to"))
        .collect();
    assert!(violations.is_empty(), "CSP violations:\n{}", violations.join("\n"));
}
