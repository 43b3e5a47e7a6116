//! prongsai survey widget: Yew + WebAssembly.
//!
//! On load it mounts into `#prongsai` and into every `[data-prongsai]` element; a host page can
//! also call `mount(element, options)` from JavaScript. Settings come from the URL query,
//! `data-` attributes, a JSON config file (`config=` URL) and the `mount()` options.

pub mod app;
pub mod components;
pub mod error;
pub mod i18n;
pub mod prefill;
pub mod services;
pub mod state;

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use app::{App, AppProps};
use services::config::{Sources, KEYS};

const MOUNTED: &str = "data-prongsai-mounted";

fn data_pairs(el: &web_sys::Element) -> Vec<(String, String)> {
    KEYS.iter()
        .filter_map(|k| {
            el.get_attribute(&format!("data-{k}"))
                .map(|v| (k.to_string(), v))
        })
        .collect()
}

fn query_pairs() -> Vec<(String, String)> {
    let Some(search) = web_sys::window().and_then(|w| w.location().search().ok()) else {
        return Vec::new();
    };
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else {
        return Vec::new();
    };
    KEYS.iter()
        .filter_map(|k| params.get(k).map(|v| (k.to_string(), v)))
        .collect()
}

fn mount_element(el: web_sys::Element, js: Option<serde_json::Value>) {
    if el.has_attribute(MOUNTED) {
        return;
    }
    let _ = el.set_attribute(MOUNTED, "");
    let base = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("__prongsaiBase"))
        .ok()
        .and_then(|v| v.as_string());
    let sources = Sources {
        js,
        data: data_pairs(&el),
        query: query_pairs(),
        base,
    };
    let prefill = prefill::Prefill::capture(&el).map(Rc::new);
    app::clear(&el);
    let props = AppProps {
        sources: Rc::new(sources),
        prefix: app::next_prefix(),
        prefill,
    };
    yew::Renderer::<App>::with_root_and_props(el, props).render();
}

/// Entry point: mounts every widget placeholder on the page.
#[wasm_bindgen(start)]
pub fn start() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let mut targets: Vec<web_sys::Element> = Vec::new();
    if let Some(el) = doc.get_element_by_id("prongsai") {
        targets.push(el);
    }
    if let Ok(list) = doc.query_selector_all("[data-prongsai]") {
        for i in 0..list.length() {
            if let Some(el) = list
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            {
                if !targets.iter().any(|t| t == &el) {
                    targets.push(el);
                }
            }
        }
    }
    for el in targets {
        mount_element(el, None);
    }
}

/// Mounts a widget into `element` with options (the same keys as the JSON config file).
#[wasm_bindgen]
pub fn mount(element: web_sys::Element, options: JsValue) -> Result<(), JsValue> {
    let js = if options.is_undefined() || options.is_null() {
        None
    } else {
        let text = js_sys::JSON::stringify(&options)?;
        let text: String = text.into();
        Some(
            serde_json::from_str(&text)
                .map_err(|e| JsValue::from_str(&format!("prongsai: options: {e}")))?,
        )
    };
    mount_element(element, js);
    Ok(())
}

/// Bytes of WebAssembly linear memory (the benchmark reads it; Chrome's memory API does not count it).
#[wasm_bindgen]
pub fn memory_bytes() -> f64 {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .ok()
        .and_then(|m| m.buffer().dyn_into::<js_sys::ArrayBuffer>().ok())
        .map(|b| f64::from(b.byte_length()))
        .unwrap_or(0.0)
}
