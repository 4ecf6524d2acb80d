//! The page's components and views, one a file: they take data and a callback typed to their concern,
//! draw, and dispatch; none imports `platform`.

use yew::prelude::Event;

pub mod binary_payload;
pub mod choice_select;
pub mod close_controls;
pub mod composer;
pub mod connection_bar;
pub mod decoded_payload;
pub mod entry_detail;
pub mod image_preview;
pub mod json_tree;
pub mod lens_panel;
pub mod library_panel;
pub mod log_announcer;
pub mod log_row;
pub mod log_toolbar;
pub mod log_view;
pub mod notice;
pub mod pager;
pub mod reconnect_status;
pub mod session_panel;
pub mod share_offer;
pub mod shortcuts_help;
pub mod stats_bar;
pub mod status_badge;
pub mod text_payload;
pub mod update_note;
pub mod workspace_panel;

/// A button that picks a file (`<label class="button small file-button">` around a hidden input) and hands
/// it to `onfile`.
pub(crate) fn file_button(
    label: &'static str,
    id: &'static str,
    accept: &'static str,
    onfile: &yew::Callback<web_sys::File>,
) -> yew::Html {
    let onfile = onfile.clone();
    let onchange =
        yew::Callback::from(move |e: Event| picked_file(&e).into_iter().for_each(|f| onfile.emit(f)));
    yew::html! {
        <label class="button small file-button">
            { label }
            <input {id} type="file" {accept} class="visually-hidden" {onchange} />
        </label>
    }
}

/// The file picked in a file input's `change` event, resetting the input so that picking the same file
/// again fires again.
pub(crate) fn picked_file(e: &Event) -> Option<web_sys::File> {
    use wasm_bindgen::JsCast;
    let input = e.target()?.dyn_into::<web_sys::HtmlInputElement>().ok()?;
    let file = input.files().and_then(|list| list.get(0));
    input.set_value("");
    file
}
