//! Says that a new build of Sockpit was picked up since this browser's last visit. Browser view.

use yew::prelude::*;

pub struct UpdateNoteProps {
    /// What to say; nothing is drawn without it.
    pub text: Option<AttrValue>,
    pub ondismiss: Callback<()>,
}

/// A status line with a button that puts it away.
pub fn update_note(props: &UpdateNoteProps) -> Html {
    let Some(text) = props.text.clone() else { return html! {} };
    let ondismiss = props.ondismiss.reform(|_: MouseEvent| ());
    html! {
        <p id="app-update" class="app-update" role="status">
            { text }
            <button type="button" class="app-update-dismiss" onclick={ondismiss}>{ "Dismiss" }</button>
        </p>
    }
}
