//! The module's allocator (`platform::heap`), in headless Chromium: memory grows by half again at a time.

#![cfg(target_arch = "wasm32")]

// The app's crate, linked for its global allocator (without it this test runs on the standard one: 1,025
// grows, measured).
extern crate sockpit;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The module memory's size in bytes, as the browser sees it.
fn memory_bytes() -> u32 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    memory.buffer().unchecked_into::<js_sys::ArrayBuffer>().byte_length()
}

#[wasm_bindgen_test]
fn the_memory_grows_a_handful_of_times_by_half_again_at_most_64_mib_and_keeps_every_byte() {
    let start = memory_bytes();
    let (mut grows, mut last) = (0, start);
    let mut pieces: Vec<Vec<u8>> = Vec::new();
    // 16,384 pieces of 4 KiB, each filled with its own byte (a log's entries arrive like this).
    for i in 0..16_384u32 {
        pieces.push(vec![(i % 251) as u8; 4096]);
        let now = memory_bytes();
        if now != last {
            grows += 1;
            last = now;
        }
    }
    assert!(last - start >= 64 << 20, "the memory grew by {} bytes", last - start);
    // Grown by what each request needs, this takes about a thousand grows of 64 KiB; by half of what
    // there is, from a few MiB, about ten.
    assert!(grows <= 12, "{grows} grows for 64 MiB");
    for (i, p) in pieces.iter().enumerate() {
        assert!(p.iter().all(|&b| b == (i % 251) as u8), "piece {i} changed");
    }
    // Freed memory is used again: the same again after freeing grows nothing.
    drop(pieces);
    let before = memory_bytes();
    let again: Vec<Vec<u8>> = (0..16_384).map(|_| vec![1u8; 4096]).collect();
    assert_eq!(memory_bytes(), before, "memory freed was not used again");
    assert_eq!(again.len(), 16_384);
    drop(again);

    // Past 128 MiB, 64 MiB at most a grow (in one test with the above: both read how the one memory of
    // this module grows).
    let mut last = memory_bytes();
    let (mut largest, mut capped) = (0, false);
    let mut pieces: Vec<Vec<u8>> = Vec::new();
    // Up to 256 MiB of memory in 64 KiB pieces; every step past 128 MiB would be more than 64 MiB if
    // it were half of what there is.
    while memory_bytes() < 256 << 20 {
        pieces.push(vec![7u8; 64 << 10]);
        let now = memory_bytes();
        if now != last {
            largest = largest.max(now - last);
            capped |= last >= 128 << 20;
            last = now;
        }
    }
    assert!(capped, "no grow past 128 MiB");
    assert!(largest <= 64 << 20, "a grow of {largest} bytes");
    assert!(pieces.iter().all(|p| p.iter().all(|&b| b == 7)));
}
