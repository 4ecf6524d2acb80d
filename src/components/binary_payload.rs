//! A binary payload's raw views in the detail view: hex dump, base64 and a UTF-8 attempt of the window
//! the pager shows, read alone from the payload's bytes. Browser view: a plain function, no state of its own.

use yew::prelude::*;

use crate::components::pager::{pager, PagerProps};
use crate::core::bytes::Bytes;
use crate::core::inspector::{window, View};
use crate::core::payload::{hex_dump, to_base64, utf8_attempt};

/// What the view needs.
pub struct BinaryPayloadProps<'a> {
    /// The payload's bytes (in wasm memory or in the browser).
    pub bytes: &'a Bytes,
    /// The page drawn.
    pub view: View,
    /// Another page was asked for.
    pub onshow: Callback<View>,
}

/// Hex, base64 and UTF-8 of the bytes in view.
pub fn binary_payload(props: &BinaryPayloadProps<'_>) -> Html {
    let len = props.bytes.len();
    let (start, end) = window(len, props.view);
    // Hex rows and base64 quanta line up with the whole payload: read from the row's start.
    let aligned = start - start % 48;
    let read = props.bytes.read(aligned, end);
    let hex_from = start - start % 16;
    let hex = hex_dump(&read[hex_from - aligned..], hex_from);
    let b64_from = start - start % 3;
    let base64 = to_base64(&read[b64_from - aligned..]);
    let view = &read[start - aligned..];
    let utf8 = match utf8_attempt(view) {
        Ok(s) => html! { <pre class="detail-text">{ s.to_owned() }</pre> },
        // A character cut by the window's edge is not an error of the payload.
        Err(at) if end < len && view.len() - at < 4 => {
            html! { <pre class="detail-text">{ String::from_utf8_lossy(&view[..at]).into_owned() }</pre> }
        }
        Err(at) => html! { <p class="muted">
            { format!("Not valid UTF-8 from byte {} (offset 0x{:x}). The valid start: ", start + at, start + at) }
            <code>{ String::from_utf8_lossy(&view[..at.min(256)]).into_owned() }</code>
        </p> },
    };
    html! { <>
        <h3>{ "Hex" }</h3>
        <pre class="detail-hex">{ hex }</pre>
        { pager(&PagerProps { len, view: props.view, onshow: props.onshow.clone() }) }
        <h3>{ "Base64" }</h3>
        <pre class="detail-base64">{ base64 }</pre>
        <h3>{ "As UTF-8" }</h3>
        { utf8 }
    </> }
}
