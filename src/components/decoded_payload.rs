//! A binary payload decoded as MessagePack or CBOR in the detail view, with the choice of decoding; the
//! decoding itself is done once per entry and choice by the frame (`EntryDetail`), not at each draw.
//! Browser view: a plain function, no state of its own.

use yew::prelude::*;

use crate::components::choice_select::choice_select;
use crate::core::decode::{DecodeChoice, Encoding, Rendered, DECODE_MAX, RENDER_MAX};
use crate::core::payload::size_text;

/// A payload decoded for the view: nothing, too big to decode, or an encoding's text or error.
pub type Decoded = Option<Result<(Encoding, Result<Rendered, String>), usize>>;

/// What the view needs.
pub struct DecodedPayloadProps<'a> {
    /// The decoding, made by the frame.
    pub decoded: &'a Decoded,
    /// How to decode.
    pub decode: DecodeChoice,
    /// Another decoding was chosen.
    pub ondecode: Callback<DecodeChoice>,
}

/// The choice, and what it decoded to.
pub fn decoded_payload(props: &DecodedPayloadProps<'_>) -> Html {
    let body = match props.decoded {
        None => html! {},
        Some(Err(len)) => html! {
            <p class="muted">{ format!("{} is more than the {} decoded here: download it to decode it elsewhere.", size_text(*len), size_text(DECODE_MAX)) }</p>
        },
        Some(Ok((enc, Ok(r)))) => html! { <>
            <h3>{ format!("{} decoded", enc.name()) }</h3>
            <pre class="detail-decoded" id="detail-decoded">{ r.text.clone() }</pre>
            if r.cut {
                <p class="detail-cut">{ format!("Cut at {}: download the entry to see it all.", size_text(RENDER_MAX)) }</p>
            }
        </> },
        Some(Ok((enc, Err(e)))) => html! { <>
            <h3>{ enc.name() }</h3>
            <p class="muted">{ e.clone() }</p>
        </> },
    };
    html! { <>
        <label class="field-inline decode-choice">{ "Decode as" }
            { choice_select("detail-decode", props.decode, &props.ondecode) }
        </label>
        { body }
    </> }
}
