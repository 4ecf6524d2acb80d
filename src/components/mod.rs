//! The page's components, one a file: they draw and dispatch, nothing more.

pub mod choice_select;
pub mod close_controls;
pub mod composer;
pub mod connection_bar;
pub mod entry_detail;
pub mod image_preview;
pub mod json_tree;
pub mod log_row;
pub mod log_toolbar;
pub mod log_view;
pub mod notice;
pub mod reconnect_status;
pub mod session_panel;
pub mod stats_bar;
pub mod status_badge;
