//! The pure core: the workbench's state split by concern, the rules and data types they share. No
//! browser imports here.

/// `impl From<Sub> for Outer` for each wrapped message, so that a concern's message reads as what it
/// does wherever a wider one is wanted: `wb.dispatch(reconnect::Msg::Toggled(true))`.
macro_rules! wraps {
    ($outer:ty: $($sub:ty => $make:expr),* $(,)?) => {$(
        impl From<$sub> for $outer {
            fn from(m: $sub) -> $outer {
                $make(m)
            }
        }
    )*};
}

pub mod announce;
pub mod app;
pub mod bounded_regex;
pub mod bytes;
pub mod choice;
pub mod cmd;
pub mod composer;
pub mod connection;
pub mod context;
pub mod decode;
pub mod export;
pub mod filter;
pub mod fold;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod hostile;
pub mod info;
pub mod inspector;
pub mod json;
pub mod lens;
pub mod log;
pub mod logbook;
pub mod notice;
pub mod number;
pub mod offline;
pub mod pace;
pub mod payload;
pub mod pretty;
pub mod protocol;
pub mod query;
pub mod session;
pub mod stats;
pub mod store;
pub mod viewport;
pub mod workspace;
