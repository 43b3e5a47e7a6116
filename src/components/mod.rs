//! One component per file; each takes a `<Name>Props` and reports every change through callbacks.

pub mod checks;
pub mod choice;
pub mod code_gate;
pub mod error_screen;
pub mod header;
pub mod idle_warning;
pub mod item_view;
pub mod lang_switch;
pub mod question_frame;
pub mod queue_status;
pub mod quick_tap;
pub mod resume_banner;
pub mod review;
pub mod screen_tools;
pub mod screens;
pub mod section_view;
pub mod select;
pub mod survey;
pub mod text_answer;
pub mod thanks;
