//! Raw DEFLATE (RFC 1951) by the browser's own `CompressionStream` and `DecompressionStream`
//! (`deflate-raw`): share links are made and read with them, not with a compressor compiled into the
//! page. Inflating stops at a cap, so a small link cannot make the page hold more. Browser effect.

use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStream, ReadableStreamDefaultReader, ReadableWritablePair, WritableStream};

use super::socket::js_error_text;

#[wasm_bindgen]
extern "C" {
    /// `CompressionStream` or `DecompressionStream`: a transform with a readable and a writable side.
    type Transform;
    #[wasm_bindgen(catch, constructor, js_class = "CompressionStream")]
    fn compression(format: &str) -> Result<Transform, JsValue>;
    #[wasm_bindgen(catch, constructor, js_class = "DecompressionStream")]
    fn decompression(format: &str) -> Result<Transform, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn readable(this: &Transform) -> ReadableStream;
    #[wasm_bindgen(method, getter)]
    fn writable(this: &Transform) -> WritableStream;
}

const FORMAT: &str = "deflate-raw";

/// `bytes` deflated (raw DEFLATE).
pub async fn deflate(bytes: &[u8]) -> Result<Vec<u8>, String> {
    through(Transform::compression(FORMAT).map_err(|e| js_error_text(&e))?, bytes, usize::MAX).await
}

/// Raw DEFLATE `bytes` inflated, if they are DEFLATE and inflate to at most `max` bytes.
pub async fn inflate(bytes: &[u8], max: usize) -> Result<Vec<u8>, String> {
    through(Transform::decompression(FORMAT).map_err(|e| js_error_text(&e))?, bytes, max).await
}

/// `bytes` through `transform`, read chunk by chunk; more than `max` bytes out is an error (and the rest
/// is not made).
async fn through(transform: Transform, bytes: &[u8], max: usize) -> Result<Vec<u8>, String> {
    let parts = js_sys::Array::of1(&Uint8Array::from(bytes));
    let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).map_err(|e| js_error_text(&e))?;
    let pair = ReadableWritablePair::new(&transform.readable(), &transform.writable());
    let reader: ReadableStreamDefaultReader = blob.stream().pipe_through(&pair).get_reader().unchecked_into();
    let mut out = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(|e| js_error_text(&e))?;
        if Reflect::get(&chunk, &"done".into()).ok().and_then(|d| d.as_bool()).unwrap_or(true) {
            return Ok(out);
        }
        let value: Uint8Array =
            Reflect::get(&chunk, &"value".into()).map_err(|e| js_error_text(&e))?.unchecked_into();
        let n = value.length() as usize;
        if n > max.saturating_sub(out.len()) {
            let _ = reader.cancel();
            return Err(format!("it inflates to over {max} bytes"));
        }
        let at = out.len();
        out.resize(at + n, 0);
        value.copy_to(&mut out[at..]);
    }
}
