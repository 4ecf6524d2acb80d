//! Reading a picked file's bytes or text. Browser effect.

use js_sys::Uint8Array;
use wasm_bindgen_futures::JsFuture;

use super::socket::js_error_text;

/// All of `file`'s bytes.
pub async fn read_bytes(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = JsFuture::from(file.array_buffer()).await.map_err(|e| js_error_text(&e))?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// The file's bytes decoded as UTF-8 text.
pub async fn read_text(file: &web_sys::File) -> Result<String, String> {
    let text = JsFuture::from(file.text()).await.map_err(|e| js_error_text(&e))?;
    text.as_string().ok_or_else(|| "the file is not text".to_owned())
}
