//! The thin browser shell: the only modules that touch `web_sys`. Browser effects.

pub mod clock;
pub mod crash;
pub mod download;
pub mod file;
pub mod object_url;
pub mod page;
pub mod socket;
pub mod timer;
