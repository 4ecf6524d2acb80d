//! End-to-end harness: starts chromedriver, opens headless Chromium on the release `dist/` served by
//! the companion server (`SOCKPIT_E2E_URL`), and drives the page through the contract's ids.

use std::net::TcpListener;
use std::process::Stdio;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use tokio::process::{Child, Command};

/// The app's address, as started by the test command (default: the run command's address).
pub fn app_url() -> String {
    std::env::var("SOCKPIT_E2E_URL").unwrap_or_else(|_| "http://127.0.0.1:9001/".to_owned())
}

/// `ws://host:port<path>` of the same companion server.
pub fn ws_url(path: &str) -> String {
    let base = app_url();
    let host = base.trim_start_matches("http://").trim_end_matches('/');
    format!("ws://{host}{path}")
}

/// Chromium's flags on these machines (as root, offline).
pub const CHROME_ARGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--window-size=1280,900",
];

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// One browser session with its own chromedriver; both end when it is dropped or closed.
pub struct Browser {
    pub client: Client,
    driver: Child,
}

impl Browser {
    /// Starts chromedriver and a headless Chromium session (up to three tries: a port picked as free
    /// can be taken by a parallel test's chromedriver before ours binds it).
    pub async fn start() -> Browser {
        Browser::start_with(&[]).await
    }

    /// Like `start`, with extra Chromium flags.
    pub async fn start_with(extra_args: &[&str]) -> Browser {
        let mut last_error = String::new();
        for _ in 0..3 {
            match Browser::try_start(extra_args).await {
                Ok(b) => return b,
                Err(e) => last_error = e,
            }
        }
        panic!("no WebDriver session after 3 tries: {last_error}");
    }

    async fn try_start(extra_args: &[&str]) -> Result<Browser, String> {
        let port = free_port();
        let driver_bin = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".to_owned());
        let mut driver = Command::new(driver_bin)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("chromedriver starts (apt-get install chromium-driver)");
        let deadline = Instant::now() + Duration::from_secs(20);
        while tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_err() {
            if let Ok(Some(status)) = driver.try_wait() {
                return Err(format!("chromedriver exited: {status}"));
            }
            if Instant::now() > deadline {
                return Err("chromedriver did not listen within 20 s".into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        if let Ok(Some(status)) = driver.try_wait() {
            return Err(format!("chromedriver exited (port {port} taken?): {status}"));
        }
        let mut caps = serde_json::Map::new();
        // SOCKPIT_CHROME_FLAGS: more flags, space-separated (for experiments with the benchmark).
        let more = std::env::var("SOCKPIT_CHROME_FLAGS").unwrap_or_default();
        let more: Vec<&str> = more.split_whitespace().collect();
        let mut options =
            json!({ "binary": "/usr/bin/chromium", "args": ([CHROME_ARGS, extra_args, &more].concat()) });
        // BENCH_TRACE: chromedriver records a trace (the DevTools timeline and WebAssembly compiles) that
        // `Browser::trace_events` hands back.
        if std::env::var("BENCH_TRACE").is_ok() {
            // BENCH_TRACE_CATEGORIES: other trace categories (e.g. `fonts` or `blink` to see inside a task).
            let categories = std::env::var("BENCH_TRACE_CATEGORIES")
                .unwrap_or_else(|_| "toplevel,devtools.timeline,v8.wasm,blink.user_timing".into());
            options["perfLoggingPrefs"] = json!({
                "enableNetwork": false, "enablePage": false, "traceCategories": categories
            });
            caps.insert("goog:loggingPrefs".into(), json!({ "performance": "ALL" }));
        }
        caps.insert("goog:chromeOptions".into(), options);
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .map_err(|e| format!("session: {e}"))?;
        Ok(Browser { client, driver })
    }

    /// Starts a browser on the app with `query` (e.g. `?url=...`) and waits for the page to mount.
    pub async fn open(query: &str) -> Browser {
        let b = Browser::start().await;
        b.client.goto(&format!("{}{query}", app_url())).await.unwrap();
        b.wait("the app mounted", "return !!document.querySelector('main[data-settled]')").await;
        b
    }

    /// Runs `script` (a function body) in the page and returns its value.
    pub async fn js(&self, script: &str) -> Value {
        self.client.execute(script, vec![]).await.unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Polls `script` every 50 ms until it returns true; fails after 10 s naming `what`.
    pub async fn wait(&self, what: &str, script: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if self.js(script).await == Value::Bool(true) {
                return;
            }
            assert!(Instant::now() < deadline, "timed out after 10 s waiting for {what}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The text content of `#id`.
    pub async fn text(&self, id: &str) -> String {
        self.client.find(Locator::Id(id)).await.unwrap().text().await.unwrap()
    }

    /// The value of attribute `attr` on `#id`.
    pub async fn attr(&self, id: &str, attr: &str) -> Option<String> {
        self.client.find(Locator::Id(id)).await.unwrap().attr(attr).await.unwrap()
    }

    /// The `value` property of the form control `#id`.
    pub async fn value(&self, id: &str) -> String {
        self.client.find(Locator::Id(id)).await.unwrap().prop("value").await.unwrap().unwrap_or_default()
    }

    /// Replaces the text of `#id` as a user would (select all, delete, type): the deletion is an input
    /// event, so the page's own state follows even if it redraws the field in between.
    pub async fn fill(&self, id: &str, text: &str) {
        let el = self.client.find(Locator::Id(id)).await.unwrap();
        // Not `clear()`: it empties the field without an input event, and a redraw in between would
        // put the page's old value back. Deleting a selection is an input event.
        el.send_keys("\u{E009}a\u{E000}\u{E003}").await.unwrap();
        if !text.is_empty() {
            el.send_keys(text).await.unwrap();
        }
    }

    /// Clicks `#id`.
    pub async fn click(&self, id: &str) {
        self.client.find(Locator::Id(id)).await.unwrap().click().await.unwrap();
    }

    /// Picks `value` in the select `#id`.
    pub async fn choose(&self, id: &str, value: &str) {
        let el = self.client.find(Locator::Id(id)).await.unwrap();
        el.select_by_value(value).await.unwrap();
    }

    /// `data-state` of `#status`.
    pub async fn state(&self) -> String {
        self.attr("status", "data-state").await.unwrap_or_default()
    }

    /// Waits until `#status` has `data-state` = `state`.
    pub async fn wait_state(&self, state: &str) {
        self.wait(
            &format!("data-state={state}"),
            &format!("return document.getElementById('status').dataset.state === '{state}'"),
        )
        .await;
    }

    /// Types a URL and presses Connect, then waits for `open`.
    pub async fn connect(&self, path: &str) {
        self.fill("url-input", &ws_url(path)).await;
        self.click("connect-button").await;
        self.wait_state("open").await;
    }

    /// The text of every drawn entry of `kind`, oldest first.
    pub async fn entries(&self, kind: &str) -> Vec<String> {
        let v = self
            .js(&format!(
                "return [...document.querySelectorAll('#message-log .log-entry[data-kind={kind}]')].map(e => e.textContent)"
            ))
            .await;
        v.as_array().unwrap().iter().map(|s| s.as_str().unwrap_or_default().to_owned()).collect()
    }

    /// Waits until at least `n` entries of `kind` are drawn.
    pub async fn wait_entries(&self, kind: &str, n: usize) {
        self.wait(
            &format!("{n} '{kind}' entries"),
            &format!(
                "return document.querySelectorAll('#message-log .log-entry[data-kind={kind}]').length >= {n}"
            ),
        )
        .await;
    }

    /// Ends the session and chromedriver.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill().await;
    }
}

/// A Chrome DevTools Protocol command sent through chromedriver (`goog/cdp/execute`).
#[derive(Debug)]
struct Cdp {
    cmd: String,
    params: Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/goog/cdp/execute", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({ "cmd": self.cmd, "params": self.params }).to_string()))
    }
}

/// chromedriver's log of one type (`performance`: the trace events recorded under `BENCH_TRACE`).
#[derive(Debug)]
struct Log(&'static str);

impl fantoccini::wd::WebDriverCompatibleCommand for Log {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/se/log", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({ "type": self.0 }).to_string()))
    }
}

impl Browser {
    /// The trace events chromedriver has recorded (only under `BENCH_TRACE`); it records no more after.
    pub async fn trace_events(&self) -> Vec<Value> {
        let Ok(Value::Array(entries)) = self.client.issue_cmd(Log("performance")).await else {
            return Vec::new();
        };
        let mut events = Vec::new();
        for entry in entries {
            let Ok(mut message) = serde_json::from_str::<Value>(entry["message"].as_str().unwrap_or(""))
            else {
                continue;
            };
            if message["message"]["method"] == "Tracing.dataCollected" {
                events.push(message["message"]["params"].take());
            }
        }
        events
    }

    /// Runs a DevTools Protocol command (e.g. `Profiler.start`) and returns its result.
    pub async fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.client
            .issue_cmd(Cdp { cmd: cmd.to_owned(), params })
            .await
            .unwrap_or_else(|e| panic!("CDP {cmd} failed: {e}"))
    }
}

/// The stretches of a DevTools profile in which the page never went idle for longer than `ms`
/// milliseconds (a long task, found without aligning clocks): each stretch's length and its `top`
/// functions by self time.
pub fn profile_busy_stretches(profile: &Value, ms: f64, top: usize) -> Vec<(f64, Vec<(f64, String)>)> {
    let p = &profile["profile"];
    let nodes = p["nodes"].as_array().cloned().unwrap_or_default();
    let samples = p["samples"].as_array().cloned().unwrap_or_default();
    let deltas = p["timeDeltas"].as_array().cloned().unwrap_or_default();
    let name_of: std::collections::HashMap<i64, String> = nodes
        .iter()
        .map(|n| {
            let f = &n["callFrame"];
            let name = format!(
                "{} ({})",
                f["functionName"].as_str().unwrap_or(""),
                f["url"].as_str().unwrap_or("").rsplit('/').next().unwrap_or("")
            );
            (n["id"].as_i64().unwrap_or(0), name)
        })
        .collect();
    let mut out = Vec::new();
    let mut current: Vec<(f64, String)> = Vec::new();
    let mut flush = |current: &mut Vec<(f64, String)>| {
        let total: f64 = current.iter().map(|c| c.0).sum::<f64>() / 1000.0;
        if total > ms {
            let mut by: std::collections::HashMap<String, f64> = std::collections::HashMap::new();
            for (us, n) in current.iter() {
                *by.entry(n.clone()).or_default() += us / 1000.0;
            }
            let mut v: Vec<(f64, String)> = by.into_iter().map(|(k, v)| (v, k)).collect();
            v.sort_by(|a, b| b.0.total_cmp(&a.0));
            v.truncate(top);
            out.push((total, v));
        }
        current.clear();
    };
    // A sample's delta is the time since the previous sample: it belongs to the previous sample.
    for (i, s) in samples.iter().enumerate() {
        let dt = deltas.get(i + 1).and_then(|d| d.as_f64()).unwrap_or(0.0);
        let name = name_of.get(&s.as_i64().unwrap_or(0)).cloned().unwrap_or_default();
        if name.starts_with("(idle)") {
            flush(&mut current);
        } else {
            current.push((dt, name));
        }
    }
    flush(&mut current);
    out
}

/// The functions that took the most CPU in a DevTools `Profiler.stop` profile: (self ms, name).
pub fn profile_top(profile: &Value, top: usize) -> Vec<(f64, String)> {
    let p = &profile["profile"];
    let nodes = p["nodes"].as_array().cloned().unwrap_or_default();
    let samples = p["samples"].as_array().cloned().unwrap_or_default();
    let deltas = p["timeDeltas"].as_array().cloned().unwrap_or_default();
    let mut self_us: std::collections::HashMap<i64, f64> = std::collections::HashMap::new();
    for (s, d) in samples.iter().zip(deltas.iter()) {
        *self_us.entry(s.as_i64().unwrap_or(0)).or_default() += d.as_f64().unwrap_or(0.0);
    }
    let mut by_name: std::collections::HashMap<String, f64> = std::collections::HashMap::new();
    for n in &nodes {
        let id = n["id"].as_i64().unwrap_or(0);
        let f = &n["callFrame"];
        let name = format!(
            "{} ({})",
            f["functionName"].as_str().unwrap_or(""),
            f["url"].as_str().unwrap_or("").rsplit('/').next().unwrap_or("")
        );
        *by_name.entry(name).or_default() += self_us.get(&id).copied().unwrap_or(0.0);
    }
    let mut v: Vec<(f64, String)> = by_name.into_iter().map(|(k, us)| (us / 1000.0, k)).collect();
    v.sort_by(|a, b| b.0.total_cmp(&a.0));
    v.truncate(top);
    v
}

impl Browser {
    /// Presses `export-button` and returns the file's text, caught as the page hands it to the browser
    /// (also left in `window.__exported`).
    pub async fn export(&self) -> String {
        self.js("window.__exported = undefined; const orig = URL.createObjectURL; URL.createObjectURL = blob => { blob.text().then(t => window.__exported = t); URL.createObjectURL = orig; return orig(blob); }; return true").await;
        self.click("export-button").await;
        self.wait("the exported text", "return typeof window.__exported === 'string'").await;
        self.js("return window.__exported").await.as_str().unwrap_or_default().to_owned()
    }

    /// Runs `script` (a function body that may `await`) in the page and returns what it resolves to.
    pub async fn js_async(&self, script: &str) -> Value {
        let wrapped = format!(
            "const done = arguments[arguments.length - 1];\n\
             (async () => {{ {script} }})().then(done, e => done({{ error: String(e) }}));"
        );
        self.client
            .execute_async(&wrapped, vec![])
            .await
            .unwrap_or_else(|e| panic!("async script failed: {e}\n{script}"))
    }
}

/// A plain static file server (Python's `http.server`) over a folder, on a free port of 127.0.0.1;
/// it stops when dropped or `stop`ped.
pub struct StaticServer {
    pub port: u16,
    child: Child,
}

impl StaticServer {
    /// Serves `root` and waits until it answers.
    pub async fn start(root: &std::path::Path) -> StaticServer {
        let port = free_port();
        let child = Command::new("python3")
            .args(["-m", "http.server", &port.to_string(), "--bind", "127.0.0.1", "--directory"])
            .arg(root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("python3 runs");
        let deadline = Instant::now() + Duration::from_secs(10);
        while tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_err() {
            assert!(Instant::now() < deadline, "the static server did not listen within 10 s");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        StaticServer { port, child }
    }

    /// Stops serving: its files become unreachable.
    pub async fn stop(mut self) {
        let _ = self.child.kill().await;
        let _ = self.child.wait().await;
    }
}

/// Copies the folder `from` into `to` (created), recursively.
pub fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
