//! The pure core: protocol rules, payloads, the log and the state machine. No browser imports here.

pub mod bytes;
pub mod choice;
pub mod decode;
pub mod export;
pub mod filter;
pub mod log;
pub mod model;
pub mod payload;
pub mod protocol;
pub mod session;
pub mod stats;
pub mod viewport;
