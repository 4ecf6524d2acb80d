//! An image payload shown through an object URL that is revoked when the preview goes (entry closed,
//! another chosen, log cleared or entry evicted). Browser view.

use yew::prelude::*;

use crate::hooks::{use_object_url, WorkbenchHandle};

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
    match use_object_url(&props.wb, props.seq, props.epoch, props.mime) {
        Some(src) => {
            html! { <img class="image-preview" {src} alt={format!("received {} image", props.mime)} /> }
        }
        None => html! { <p class="muted">{ "Preparing the image…" }</p> },
    }
}
