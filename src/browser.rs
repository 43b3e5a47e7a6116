//! The browser entry points: what the glue (js/) and host pages call.

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::{self, App, AppProps};
use crate::prefill;
use crate::services::config::{Sources, KEYS};

const MOUNTED: &str = "data-prongsai-mounted";
/// The element inside a shadow root that the widget renders into (made by the boot code).
const BOX: &str = "[data-pg-box]";

fn attribute_pairs(el: &web_sys::Element, prefix: &str) -> Vec<(String, String)> {
    KEYS.iter()
        .filter_map(|k| {
            el.get_attribute(&format!("{prefix}{k}"))
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

/// A global string set by the boot code (`__prongsaiBase`, `__prongsaiCss`).
fn global(name: &str) -> Option<String> {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str(name))
        .ok()
        .and_then(|v| v.as_string())
}

/// A widget rendered into the page itself (not a shadow root) needs the stylesheet in the
/// document; the boot code never adds it there on its own.
fn ensure_document_css() {
    let (Some(href), Some(doc)) = (
        global("__prongsaiCss"),
        web_sys::window().and_then(|w| w.document()),
    ) else {
        return;
    };
    let links = doc.query_selector_all("link[rel=stylesheet]");
    let present = links.is_ok_and(|l| {
        (0..l.length()).any(|i| {
            l.item(i)
                .and_then(|n| n.dyn_into::<web_sys::HtmlLinkElement>().ok())
                .is_some_and(|link| link.href() == href)
        })
    });
    if present {
        return;
    }
    if let (Ok(link), Some(head)) = (doc.create_element("link"), doc.head()) {
        let _ = link.set_attribute("rel", "stylesheet");
        let _ = link.set_attribute("href", &href);
        let _ = head.append_child(&link);
    }
}

fn props(js: Option<serde_json::Value>, data: Vec<(String, String)>, query: bool) -> AppProps {
    AppProps {
        sources: Rc::new(Sources {
            js,
            data,
            query: if query { query_pairs() } else { Vec::new() },
            base: global("__prongsaiBase"),
        }),
        prefix: app::next_prefix(),
        prefill: None,
    }
}

fn mount_element(el: web_sys::Element, js: Option<serde_json::Value>) {
    if el.has_attribute(MOUNTED) {
        return;
    }
    let _ = el.set_attribute(MOUNTED, "");
    let mut props = props(js, attribute_pairs(&el, "data-"), true);
    // Inside the shadow root the boot code attached, or else in the element itself.
    let target = el
        .shadow_root()
        .and_then(|r| r.query_selector(BOX).ok().flatten());
    let target = match target {
        Some(t) => t,
        None => {
            ensure_document_css();
            props.prefill = prefill::Prefill::capture(&el).map(Rc::new);
            el.clone()
        }
    };
    app::clear(&target);
    yew::Renderer::<App>::with_root_and_props(target, props).render();
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

fn options_json(options: &JsValue) -> Result<Option<serde_json::Value>, JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok(None);
    }
    // Through JSON text, as documented: what JSON cannot carry (functions, cycles) is refused.
    let text: String = js_sys::JSON::stringify(options)?.into();
    crate::services::json::parse(&text)
        .map(Some)
        .map_err(|e| JsValue::from_str(&format!("prongsai: options: {e}")))
}

/// Mounts a widget into `element` with options (the same keys as the JSON config file). It
/// renders into the element itself; `<prongsai-survey>` is the isolated (shadow DOM) way.
#[wasm_bindgen]
pub fn mount(element: web_sys::Element, options: JsValue) -> Result<(), JsValue> {
    mount_element(element, options_json(&options)?);
    Ok(())
}

/// One `<prongsai-survey>` element: settings from its attributes (never from the host page's
/// URL), rendered into `target` inside its shadow root.
#[wasm_bindgen]
pub struct Widget {
    host: web_sys::Element,
    prefix: yew::AttrValue,
    handle: Option<yew::AppHandle<App>>,
}

#[wasm_bindgen]
impl Widget {
    #[wasm_bindgen(constructor)]
    pub fn new(host: web_sys::Element, target: web_sys::Element) -> Widget {
        let props = props(None, attribute_pairs(&host, ""), false);
        let prefix = props.prefix.clone();
        app::clear(&target);
        let handle = yew::Renderer::<App>::with_root_and_props(target, props).render();
        let _ = host.set_attribute(MOUNTED, "");
        Widget {
            host,
            prefix,
            handle: Some(handle),
        }
    }

    /// The attributes changed: a new language, theme or text size keeps the answers; a new
    /// survey, unit, point or kiosk setting starts afresh.
    pub fn update(&mut self) {
        let mut props = props(None, attribute_pairs(&self.host, ""), false);
        props.prefix = self.prefix.clone();
        if let Some(h) = self.handle.as_mut() {
            h.update(props);
        }
    }

    /// The element left the page: the app is torn down (timers, listeners, DOM).
    pub fn destroy(&mut self) {
        if let Some(h) = self.handle.take() {
            h.destroy();
        }
        let _ = self.host.remove_attribute(MOUNTED);
    }
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
