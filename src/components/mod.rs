//! One view per file; each takes a `<Name>Props` and reports every change through callbacks.
//!
//! Only views that hold state or effects (`App`, `Survey`, `CodeGate`, `ErrorScreen`) or that
//! gain from being skipped when their props are equal (`ItemView`, one per question) are Yew
//! components. The rest are plain functions returning `Html`, called with their props struct:
//! their parent re-renders them anyway, and every component costs ~0.4 KB of brotli'd wasm in
//! Yew's lifecycle code (measured: 16 views as functions saved 8.6 KB over the wire).

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
