//! A `<select>` over a `Choice` (send format, export format, decoding, round-trip mode): its options and
//! its parsing in one place. A plain function, not a component: it draws a few options, and a component
//! for each `Choice` type was a kilobyte and a half of the download apiece. Browser view.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::core::choice::Choice;

/// The options of `T`, `value` selected; another option chosen goes to `onchange`.
pub fn choice_select<T: Choice>(id: &'static str, value: T, onchange: &Callback<T>) -> Html {
    let onchange = onchange.clone();
    let options = T::ALL.iter().map(|c| (c.value(), c.label(), *c == value)).collect();
    select(
        id,
        options,
        Callback::from(move |v: String| T::from_value(&v).into_iter().for_each(|c| onchange.emit(c))),
    )
}

/// The `<select>` itself, the same code for every `Choice`: (value, label, selected) of each option.
fn select(
    id: &'static str,
    options: Vec<(&'static str, &'static str, bool)>,
    onchange: Callback<String>,
) -> Html {
    let onchange = onchange.reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value());
    html! {
        <select {id} {onchange}>
            { for options.into_iter().map(|(value, label, selected)| html! {
                <option {value} {selected}>{ label }</option>
            }) }
        </select>
    }
}
