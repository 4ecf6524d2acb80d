//! Local wall-clock times for people. Browser effect.

/// `HH:MM:SS.mmm` in the browser's time zone.
pub fn local_time_text(at_ms: u64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at_ms as f64));
    format!("{:02}:{:02}:{:02}.{:03}", d.get_hours(), d.get_minutes(), d.get_seconds(), d.get_milliseconds())
}

/// Milliseconds since the page started, with sub-millisecond precision (`performance.now()`), for
/// measuring how long work took.
pub fn now_precise() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}
