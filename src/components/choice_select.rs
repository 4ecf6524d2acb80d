//! A `<select>` over a `Choice` (send format, export format, decoding, round-trip mode): its options and
//! its parsing in one place. Browser view.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::core::choice::Choice;

#[derive(Properties, PartialEq)]
pub struct ChoiceSelectProps<T: Choice> {
    /// The element's id (the page's contract names some of them).
    pub id: AttrValue,
    /// The option chosen now.
    pub value: T,
    /// Another option was chosen.
    pub onchange: Callback<T>,
}

/// The options of `T`, the current one selected.
#[component]
pub fn ChoiceSelect<T: Choice>(props: &ChoiceSelectProps<T>) -> Html {
    let onchange = {
        let cb = props.onchange.clone();
        Callback::from(move |e: Event| {
            if let Some(c) = T::from_value(&e.target_unchecked_into::<HtmlSelectElement>().value()) {
                cb.emit(c);
            }
        })
    };
    html! {
        <select id={props.id.clone()} {onchange}>
            { for T::ALL.iter().map(|c| html! {
                <option value={c.value()} selected={*c == props.value}>{ c.label() }</option>
            }) }
        </select>
    }
}
