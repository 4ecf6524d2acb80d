//! The pager under a big payload's views (`#detail-pager`): which bytes are drawn, previous/next, and
//! "Show all" when small enough. Browser view: a plain function, no state of its own.

use yew::prelude::*;

use crate::core::inspector::{window, View, PAGE, SHOW_ALL_MAX};
use crate::core::payload::size_text;

/// What the view needs.
pub struct PagerProps {
    /// The payload's size in bytes.
    pub len: usize,
    /// What is drawn now.
    pub view: View,
    /// Another page (or all) was asked for.
    pub onshow: Callback<View>,
}

/// Paging controls; nothing for payloads of one page.
pub fn pager(props: &PagerProps) -> Html {
    let len = props.len;
    if len <= PAGE {
        return html! {};
    }
    let (start, end) = window(len, props.view);
    let set = |v: View| props.onshow.reform(move |_: MouseEvent| v);
    let last = (len - 1) / PAGE;
    html! {
        <p class="detail-cut" id="detail-pager">
            { format!("Showing bytes {start}–{end} of {}. ", size_text(len)) }
            if let View::Page(p) = props.view {
                if p > 0 { <button type="button" class="button small" onclick={set(View::Page(p - 1))}>{ "← Previous" }</button> }
                if p < last { <button type="button" class="button small" onclick={set(View::Page(p + 1))}>{ "Next →" }</button> }
                if len <= SHOW_ALL_MAX {
                    <button id="detail-show-all" type="button" class="button small" onclick={set(View::All)}>{ "Show all" }</button>
                } else {
                    <span class="muted">{ " (too big to draw at once: page through it, or download it)" }</span>
                }
            }
        </p>
    }
}
