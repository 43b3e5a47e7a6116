//! Small browser facilities: ids, today's date, timers, the network state.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Promise, Reflect, Uint8Array};
use prongsai_core::Date;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// A random (version 4) UUID: `crypto.randomUUID()` where available (secure contexts),
/// otherwise built from `crypto.getRandomValues()`, and as a last resort from `Math.random()`.
pub fn new_id() -> String {
    crypto_id().unwrap_or_else(|| {
        let mut b = [0u8; 16];
        for x in b.iter_mut() {
            *x = (js_sys::Math::random() * 256.0) as u8;
        }
        uuid_from_bytes(b)
    })
}

fn crypto_id() -> Option<String> {
    let window = web_sys::window()?;
    let crypto = window.crypto().ok()?;
    if let Ok(f) = Reflect::get(&crypto, &JsValue::from_str("randomUUID")) {
        if let Some(f) = f.dyn_ref::<Function>() {
            if let Ok(v) = f.call0(&crypto) {
                if let Some(s) = v.as_string() {
                    return Some(s);
                }
            }
        }
    }
    let bytes = Uint8Array::new_with_length(16);
    crypto.get_random_values_with_js_u8_array(&bytes).ok()?;
    let mut b = [0u8; 16];
    bytes.copy_to(&mut b);
    Some(uuid_from_bytes(b))
}

/// Formats 16 random bytes as a version-4, variant-1 UUID.
pub fn uuid_from_bytes(mut b: [u8; 16]) -> String {
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// Today in the browser's local time zone (the date only: anonymous envelopes carry no time).
pub fn today() -> Date {
    let d = js_sys::Date::new_0();
    Date {
        year: d.get_full_year() as i32,
        month: d.get_month() + 1,
        day: d.get_date(),
    }
}

/// A plain decimal number (`12`, `-0.5`, `1.2e3`, `.5`): read by the browser's `parseFloat`, so
/// the wasm carries no float-parsing tables. Anything else (hex, `Infinity`, `1,5`, words,
/// empty) is `None`; so is a number too large to be finite.
pub fn parse_number(text: &str) -> Option<f64> {
    let t = text.trim();
    let (mantissa, exponent) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    let unsigned = |s: &str| s.strip_prefix(['+', '-']).unwrap_or(s).to_owned();
    let m = unsigned(mantissa);
    let digits = m.bytes().filter(u8::is_ascii_digit).count();
    let mantissa_ok = digits > 0
        && m.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && m.bytes().filter(|b| *b == b'.').count() <= 1;
    let exponent_ok = exponent.is_none_or(|e| {
        let e = unsigned(e);
        !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit())
    });
    if !(mantissa_ok && exponent_ok) {
        return None;
    }
    // In the browser, JS's parser (no float tables in the wasm); natively (the server renders the
    // first screen from these components, `ssr`), Rust's: wasm-bindgen imports panic off wasm.
    #[cfg(target_arch = "wasm32")]
    let v = js_sys::Number::parse_float(t);
    #[cfg(not(target_arch = "wasm32"))]
    let v: f64 = t.parse().ok()?;
    v.is_finite().then_some(v)
}

/// Milliseconds since the epoch (ordering of queue entries only).
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// `navigator.onLine` (true when unknown).
pub fn online() -> bool {
    web_sys::window()
        .map(|w| w.navigator().on_line())
        .unwrap_or(true)
}

/// A timer that can be cut short: `wait(ms)` resolves after `ms` or when `wake()` is called.
#[derive(Clone, Default)]
pub struct Waker {
    resolve: Rc<RefCell<Option<Function>>>,
}

impl Waker {
    pub async fn wait(&self, ms: u32) {
        let slot = self.resolve.clone();
        let promise = Promise::new(&mut |resolve: Function, _reject: Function| {
            if let Some(w) = web_sys::window() {
                let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                    &resolve,
                    ms.min(i32::MAX as u32) as i32,
                );
            }
            *slot.borrow_mut() = Some(resolve);
        });
        let _ = JsFuture::from(promise).await;
        self.resolve.borrow_mut().take();
    }

    pub fn wake(&self) {
        if let Some(f) = self.resolve.borrow_mut().take() {
            let _ = f.call0(&JsValue::NULL);
        }
    }
}

/// A random fraction in [0, 1) for backoff jitter.
pub fn random() -> f64 {
    js_sys::Math::random()
}

/// Resolves after `ms` milliseconds.
pub async fn sleep(ms: u32) {
    Waker::default().wait(ms).await;
}

/// The page is prongsai's own (`<html data-prongsai-page>`), so the widget may set the
/// document's language and title; an embedding host page is never touched.
pub fn own_page() -> Option<web_sys::Element> {
    let root = web_sys::window()?.document()?.document_element()?;
    root.has_attribute("data-prongsai-page").then_some(root)
}

/// The element a full-screen request should take: the whole page when it is prongsai's own,
/// otherwise the widget.
fn fullscreen_target(widget: &web_sys::Element) -> web_sys::Element {
    own_page().unwrap_or_else(|| widget.clone())
}

/// Whether the browser lets this page go full screen (not in an iframe without
/// `allow="fullscreen"`, not on iPhone Safari).
pub fn fullscreen_available() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.fullscreen_enabled())
}

/// Whether something is shown full screen now.
pub fn is_fullscreen() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.fullscreen_element())
        .is_some()
}

/// Enters full screen (with the widget or the whole page), or leaves it.
pub fn toggle_fullscreen(widget: &web_sys::Element) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if doc.fullscreen_element().is_some() {
        doc.exit_fullscreen();
    } else {
        // Refused without a user gesture or by a permissions policy: nothing to do.
        let _ = fullscreen_target(widget).request_fullscreen();
    }
}

/// Replaces the current history entry with a plain one, so that "back" never leads into a
/// previous respondent's screens (own page only: a host page's history is its own business).
pub fn forget_history() {
    if own_page().is_none() {
        return;
    }
    if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = h.replace_state(&JsValue::NULL, "");
    }
}

/// A one-shot timer that is cancelled when dropped or set again (the last call wins).
#[derive(Default)]
pub struct Timeout {
    pending: Option<(i32, Closure<dyn FnMut()>)>,
}

impl Timeout {
    /// Runs `f` after `ms` milliseconds, cancelling what was set before.
    pub fn set(&mut self, ms: u32, f: impl FnMut() + 'static) {
        self.cancel();
        let Some(w) = web_sys::window() else {
            return;
        };
        let closure = Closure::<dyn FnMut()>::new(f);
        if let Ok(id) = w.set_timeout_with_callback_and_timeout_and_arguments_0(
            closure.as_ref().unchecked_ref(),
            ms.min(i32::MAX as u32) as i32,
        ) {
            self.pending = Some((id, closure));
        }
    }

    pub fn cancel(&mut self) {
        // Nothing to ask the browser when nothing is set (also: a native server-side render
        // drops its hooks, and has no window to ask).
        if let Some((id, _)) = self.pending.take() {
            if let Some(w) = web_sys::window() {
                w.clear_timeout_with_handle(id);
            }
        }
    }
}

impl Drop for Timeout {
    fn drop(&mut self) {
        self.cancel();
    }
}

/// A listener on a window or document event, removed when dropped.
pub struct Listener {
    target: web_sys::EventTarget,
    name: &'static str,
    closure: Closure<dyn FnMut(web_sys::Event)>,
}

impl Listener {
    pub fn new(
        target: &web_sys::EventTarget,
        name: &'static str,
        f: impl FnMut(web_sys::Event) + 'static,
    ) -> Listener {
        let closure = Closure::<dyn FnMut(web_sys::Event)>::new(f);
        let _ = target.add_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
        Listener {
            target: target.clone(),
            name,
            closure,
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self
            .target
            .remove_event_listener_with_callback(self.name, self.closure.as_ref().unchecked_ref());
    }
}

/// `event.persisted` of a `pageshow` event: the page came back from the back/forward cache.
pub fn restored_from_cache(e: &web_sys::Event) -> bool {
    Reflect::get(e, &JsValue::from_str("persisted"))
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// Dispatches `prongsai-submitted` (bubbles, composed: it crosses a shadow root) from `el`
/// with `detail` = the given JSON.
pub fn emit_submitted(el: &web_sys::Element, detail: &serde_json::Value) {
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&super::json::to_js(detail));
    if let Ok(ev) = web_sys::CustomEvent::new_with_event_init_dict("prongsai-submitted", &init) {
        let _ = el.dispatch_event(&ev);
    }
}
