//! The latest problem the user should know of (`#notice`, `role="alert"`). Browser view.

use yew::prelude::*;

pub struct NoticeProps {
    /// The message; empty shows nothing.
    pub text: AttrValue,
}

/// An alert region that is always present, so screen readers announce each new text.
pub fn notice(props: &NoticeProps) -> Html {
    let class = classes!("notice", (!props.text.is_empty()).then_some("notice-shown"));
    html! { <div id="notice" role="alert" {class}>{ props.text.clone() }</div> }
}
