//! A binary payload decoded as MessagePack or CBOR in the detail view, with the choice of decoding.
//! Browser view: a plain function, no state of its own.

use yew::prelude::*;

use crate::components::choice_select::ChoiceSelect;
use crate::core::bytes::Bytes;
use crate::core::decode::{decode_as, render, DecodeChoice, RENDER_MAX};
use crate::core::inspector::PARSE_MAX;
use crate::core::payload::size_text;

/// What the view needs.
pub struct DecodedPayloadProps<'a> {
    /// The payload's bytes.
    pub bytes: &'a Bytes,
    /// How to decode.
    pub decode: DecodeChoice,
    /// Another decoding was chosen.
    pub ondecode: Callback<DecodeChoice>,
}

/// The choice, and what it decodes to (payloads up to `PARSE_MAX`; only then are the bytes read).
pub fn decoded_payload(props: &DecodedPayloadProps<'_>) -> Html {
    let len = props.bytes.len();
    let decoded = (props.decode != DecodeChoice::Off && len <= PARSE_MAX)
        .then(|| decode_as(&props.bytes.read(0, len), props.decode))
        .flatten()
        .map(|(enc, r)| match r {
            Ok(v) => {
                let r = render(&v, RENDER_MAX);
                html! { <>
                    <h3>{ format!("{} decoded", enc.name()) }</h3>
                    <pre class="detail-decoded" id="detail-decoded">{ r.text }</pre>
                    if r.cut {
                        <p class="detail-cut">{ format!("Cut at {}: download the entry to see it all.", size_text(RENDER_MAX)) }</p>
                    }
                </> }
            }
            Err(e) => html! { <>
                <h3>{ enc.name() }</h3>
                <p class="muted">{ e }</p>
            </> },
        });
    html! { <>
        <label class="field-inline decode-choice">{ "Decode as" }
            <ChoiceSelect<DecodeChoice> id="detail-decode" value={props.decode} onchange={props.ondecode.clone()} />
        </label>
        { decoded.unwrap_or_default() }
    </> }
}
