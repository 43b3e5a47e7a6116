//! prongsai survey widget: Yew + WebAssembly.
//!
//! On load it mounts into `#prongsai` (prongsai's own page) and into every `[data-prongsai]`
//! element (inside the shadow root the boot code gave it, unless `data-shadow="off"`). The
//! `<prongsai-survey>` custom element (defined by the boot code, see `js/`) drives a [`Widget`]
//! per element. A host page can also call `mount(element, options)` from JavaScript. Settings
//! come from the URL query, `data-` attributes (element attributes for the custom element), a
//! JSON config file (`config=` URL) and the `mount()` options.
//!
//! Features: `csr` (default; the wasm build) mounts in the browser; `ssr` renders the same
//! components natively (`ssr.rs`: the first screen `prongsai serve` sends).

// A smaller allocator than the default dlmalloc (≈ 4 KB less wasm); the widget is
// single-threaded wasm.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

pub mod app;
pub mod components;
pub mod error;
pub mod hooks;
pub mod i18n;
pub mod prefill;
pub mod services;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod state;

/// The browser entry points (`csr`): mounting, `mount()`, `<prongsai-survey>`'s `Widget`.
#[cfg(feature = "csr")]
mod browser;
#[cfg(feature = "csr")]
pub use browser::*;
