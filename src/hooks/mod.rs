//! Hooks that join the pure core and the browser shell.

pub mod use_workbench;

pub use use_workbench::{use_workbench, WorkbenchHandle};
