//! Sockpit: a WebSocket workbench in a browser tab. `core` is pure Rust (tested natively); the rest is
//! the browser app, compiled only for wasm32.

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod hooks;
#[cfg(target_arch = "wasm32")]
pub mod platform;

/// The module's memory grown by half again at a time (`platform::heap`: why).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static HEAP: platform::heap::Heap = platform::heap::Heap::new();
