//! Hooks that join the pure core and the browser shell.

mod timers;
pub mod use_object_url;
pub mod use_store;
pub mod use_workbench;

pub use use_object_url::use_object_url;
pub use use_store::use_store;
pub use use_workbench::{use_workbench, WorkbenchHandle};
