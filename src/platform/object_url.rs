//! Object URLs for bytes the page shows (images), revoked when their owner drops them, and counted so
//! tests can prove it. Browser effect.

use std::cell::Cell;

use js_sys::{Array, Uint8Array};
use web_sys::{Blob, BlobPropertyBag, Url};

thread_local! {
    static LIVE_URLS: Cell<usize> = const { Cell::new(0) };
}

/// How many `ObjectUrl`s are alive (created and not yet revoked).
pub fn live_object_urls() -> usize {
    LIVE_URLS.with(Cell::get)
}

/// A `blob:` URL of some bytes; revoked on drop.
#[derive(Debug)]
pub struct ObjectUrl(String);

impl ObjectUrl {
    /// A URL for `bytes` typed `mime`.
    pub fn new(bytes: &[u8], mime: &str) -> Option<ObjectUrl> {
        let parts = Array::of1(&Uint8Array::from(bytes));
        let options = BlobPropertyBag::new();
        options.set_type(mime);
        let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
        let url = Url::create_object_url_with_blob(&blob).ok()?;
        LIVE_URLS.with(|c| c.set(c.get() + 1));
        Some(ObjectUrl(url))
    }

    /// The `blob:` URL.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Drop for ObjectUrl {
    fn drop(&mut self) {
        let _ = Url::revoke_object_url(&self.0);
        LIVE_URLS.with(|c| c.set(c.get() - 1));
    }
}
