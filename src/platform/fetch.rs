//! Reading a file from an address with the browser's `fetch` (through web-sys): a saved log named by
//! `?log=`. The size is checked before the body is read. Browser effect.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::core::payload::size_text;
use crate::platform::socket::js_error_text;

/// The file's name for the page: the address's last path segment (the whole address without one).
pub fn name_of(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let last = path.rsplit('/').next().unwrap_or(path);
    if last.is_empty() {
        url.to_owned()
    } else {
        crate::core::query::percent_decode(last)
    }
}

/// The text at `url` (relative to the page), if the server says it is at most `max` bytes.
pub async fn text(url: &str, max: usize) -> Result<String, String> {
    let unreachable = "the request failed: the server is unreachable, or the page's policy \
                       (connect-src 'self') refuses another host";
    let window = web_sys::window().ok_or_else(|| unreachable.to_owned())?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .ok()
        .and_then(|r| r.dyn_into().ok())
        .ok_or_else(|| unreachable.to_owned())?;
    if !response.ok() {
        return Err(format!("the server answered HTTP {} {}", response.status(), response.status_text()));
    }
    let length = response.headers().get("content-length").ok().flatten();
    let Some(length) = length.and_then(|l| l.trim().parse::<u64>().ok()) else {
        return Err("the server did not say its size (no Content-Length), so it was not read".to_owned());
    };
    if length > max as u64 {
        let size = usize::try_from(length).map(size_text).unwrap_or_else(|_| format!("{length} bytes"));
        return Err(format!("it is {size}; the most is {}", size_text(max)));
    }
    let body = response.text().map_err(|e| format!("its text could not be read: {}", js_error_text(&e)))?;
    let text = JsFuture::from(body)
        .await
        .map_err(|e| format!("its text could not be read: {}", js_error_text(&e)))?;
    text.as_string().ok_or_else(|| "its text could not be read".to_owned())
}
