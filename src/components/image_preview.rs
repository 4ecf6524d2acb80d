//! An image payload shown through an object URL that is revoked when the preview goes (entry closed,
//! another chosen, log cleared or entry evicted). Browser effect and view.

use yew::prelude::*;

use crate::core::payload::Payload;
use crate::hooks::WorkbenchHandle;
use crate::platform::object_url::ObjectUrl;

#[derive(Properties)]
pub struct ImagePreviewProps {
    /// The running workbench, whose log holds the bytes.
    pub wb: WorkbenchHandle,
    /// The entry holding the image.
    pub seq: u64,
    /// The log's epoch, so that a reused number after a clear is a new image.
    pub epoch: u64,
    /// The sniffed MIME type.
    pub mime: &'static str,
}

impl PartialEq for ImagePreviewProps {
    fn eq(&self, other: &Self) -> bool {
        self.wb.same_workbench(&other.wb)
            && self.seq == other.seq
            && self.epoch == other.epoch
            && self.mime == other.mime
    }
}

/// An `img` of the entry's bytes.
#[component]
pub fn ImagePreview(props: &ImagePreviewProps) -> Html {
    let src = use_state(|| None::<String>);
    let owned = use_mut_ref(|| None::<ObjectUrl>);
    {
        let (src, owned, wb, mime) = (src.clone(), owned.clone(), props.wb.clone(), props.mime);
        use_effect_with((props.seq, props.epoch), move |&(seq, _)| {
            let url = {
                let model = wb.model();
                match model.log.by_seq(seq).and_then(|e| e.kind.payload()) {
                    Some(Payload::Binary(b)) => ObjectUrl::new(&b.all(), mime),
                    _ => None,
                }
            };
            src.set(url.as_ref().map(|u| u.as_str().to_owned()));
            *owned.borrow_mut() = url;
            move || {
                owned.borrow_mut().take();
            }
        });
    }
    match &*src {
        Some(s) => {
            html! { <img class="image-preview" src={s.clone()} alt={format!("received {} image", props.mime)} /> }
        }
        None => html! { <p class="muted">{ "Preparing the image…" }</p> },
    }
}
