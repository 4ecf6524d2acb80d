//! The browser entry point: mounts the app. Browser effect.

#[cfg(target_arch = "wasm32")]
fn main() {
    // The socket's worker runs this module too (platform/remote.rs): there is no page to mount there.
    if web_sys::window().is_none() {
        return;
    }
    sockpit::platform::page::mark("sockpit-start");
    sockpit::platform::crash::install();
    sockpit::platform::page::expose_memory();
    yew::Renderer::<sockpit::app::App>::with_props(sockpit::app::AppProps { keep: true }).render();
    sockpit::platform::page::reveal();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Sockpit runs in a browser: build it with `trunk build --release` (see README.md).");
}
