//! Custom hooks.

pub mod kiosk;
