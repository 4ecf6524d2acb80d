//! An image payload shown through an object URL that is revoked when the preview goes. Browser effect
//! and view.

use js_sys::{Array, Uint8Array};
use web_sys::{Blob, BlobPropertyBag, Url};
use yew::prelude::*;

use crate::hooks::WorkbenchHandle;

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

fn object_url(bytes: &[u8], mime: &str) -> Option<String> {
    let parts = Array::of1(&Uint8Array::from(bytes));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
    Url::create_object_url_with_blob(&blob).ok()
}

/// An `img` of the entry's bytes.
#[component]
pub fn ImagePreview(props: &ImagePreviewProps) -> Html {
    let url = use_state(|| None::<String>);
    {
        let (url, wb, mime) = (url.clone(), props.wb.clone(), props.mime);
        use_effect_with((props.seq, props.epoch), move |&(seq, _)| {
            let made = {
                let model = wb.model();
                model.log.by_seq(seq).and_then(|e| e.kind.payload()).and_then(|p| match p {
                    crate::core::payload::Payload::Binary(b) => object_url(b, mime),
                    crate::core::payload::Payload::Text(_) => None,
                })
            };
            url.set(made.clone());
            move || {
                if let Some(u) = made {
                    let _ = Url::revoke_object_url(&u);
                }
            }
        });
    }
    match &*url {
        Some(src) => {
            html! { <img class="image-preview" src={src.clone()} alt={format!("received {} image", props.mime)} /> }
        }
        None => html! { <p class="muted">{ "Preparing the image…" }</p> },
    }
}
