//! Custom hooks. Everything that touches the browser (storage, clocks, listeners, focus,
//! full screen) runs inside an effect, so that the components also render natively (the
//! server's first screen, `ssr` feature) where no browser exists.

pub mod draft;
pub mod focus;
pub mod kiosk;
pub mod kiosk_lifecycle;
pub mod page;
pub mod submit;
