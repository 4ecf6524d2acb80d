//! The thin browser shell: the only modules that act on the browser (sockets, timers, files, downloads,
//! the clipboard, object URLs, the page); components only read their events. Browser effects.

pub mod clock;
pub mod crash;
pub mod deflate;
pub mod download;
pub mod fetch;
pub mod file;
pub mod heap;
pub mod idb;
pub mod object_url;
pub mod offline;
pub mod page;
pub mod remote;
pub mod socket;
pub mod socket_host;
pub mod tab_lock;
pub mod timer;
