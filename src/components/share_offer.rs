//! What a share link brings, listed before anything is imported, with `#share-import-button`. Browser
//! view.

use yew::prelude::*;

use crate::core::workspace::Msg;

pub struct ShareOfferProps {
    /// What the link brings, a line each.
    pub lines: Vec<AttrValue>,
    /// What could not be read from it.
    pub errors: Vec<AttrValue>,
    pub onmsg: Callback<Msg>,
}

/// The offer, shown first on a page opened from a share link.
pub fn share_offer(props: &ShareOfferProps) -> Html {
    let onimport = props.onmsg.reform(|_: MouseEvent| Msg::ShareImport);
    let ondismiss = props.onmsg.reform(|_: MouseEvent| Msg::ShareDismiss);
    html! {
        <div class="share-incoming" role="region" aria-label="A shared workspace">
            <p><strong>{ "This link brings a workspace:" }</strong></p>
            <ul>{ for props.lines.iter().map(|l| html! { <li>{ l.clone() }</li> }) }</ul>
            if !props.errors.is_empty() {
                <p class="muted">{ format!("Could not be read: {}", props.errors.iter().map(|e| e.as_str()).collect::<Vec<_>>().join(", ")) }</p>
            }
            <button id="share-import-button" type="button" class="button primary" onclick={onimport}>{ "Import it" }</button>
            <button type="button" class="button" onclick={ondismiss}>{ "Ignore" }</button>
        </div>
    }
}
