//! Reading a picked file's bytes. Browser effect.

use js_sys::Uint8Array;
use wasm_bindgen_futures::JsFuture;

use super::socket::js_error_text;

/// All of `file`'s bytes.
pub async fn read_bytes(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| js_error_text(&e))?;
    Ok(Uint8Array::new(&buffer).to_vec())
}
