//! The plain-HTML first screen: index.html carries the first screen of every built-in survey,
//! pre-rendered at build time from this widget's own output, and shows it before the wasm has
//! arrived (native radios work without script). When the widget mounts it replaces that markup
//! with identical markup of its own and replays what the respondent already did there: ticked
//! options, typed text, chosen drop-down entries, focus, and a press of "next".

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

/// Marks a mount point that shows pre-rendered markup (set by the boot code in the glue).
pub const PRERENDERED: &str = "data-pg-prerendered";
/// Set by the boot code when "next" was pressed before the widget was ready.
pub const NEXT_PRESSED: &str = "data-pg-next";

/// What the respondent did on the pre-rendered screen.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Prefill {
    /// Ids of ticked radios and checkboxes.
    pub checked: Vec<String>,
    /// Ids and values of text areas and text/number inputs that are not empty.
    pub texts: Vec<(String, String)>,
    /// Ids and selected index of drop-downs.
    pub selects: Vec<(String, i32)>,
    pub focus: Option<String>,
    pub next: bool,
}

fn each(root: &Element, selector: &str, mut f: impl FnMut(Element)) {
    if let Ok(list) = root.query_selector_all(selector) {
        for i in 0..list.length() {
            if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                f(el);
            }
        }
    }
}

impl Prefill {
    /// Reads the pre-rendered form inside `root` (None when `root` shows no pre-rendered markup).
    pub fn capture(root: &Element) -> Option<Prefill> {
        if !root.has_attribute(PRERENDERED) {
            return None;
        }
        let mut p = Prefill {
            next: root.has_attribute(NEXT_PRESSED),
            ..Prefill::default()
        };
        each(root, "input", |el| {
            let Ok(input) = el.dyn_into::<HtmlInputElement>() else {
                return;
            };
            match input.type_().as_str() {
                "radio" | "checkbox" if input.checked() => p.checked.push(input.id()),
                "radio" | "checkbox" => {}
                _ if !input.value().is_empty() => p.texts.push((input.id(), input.value())),
                _ => {}
            }
        });
        each(root, "textarea", |el| {
            if let Ok(t) = el.dyn_into::<HtmlTextAreaElement>() {
                if !t.value().is_empty() {
                    p.texts.push((t.id(), t.value()));
                }
            }
        });
        each(root, "select", |el| {
            if let Ok(s) = el.dyn_into::<HtmlSelectElement>() {
                if s.selected_index() > 0 {
                    p.selects.push((s.id(), s.selected_index()));
                }
            }
        });
        let active = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.active_element());
        p.focus = active
            .filter(|a| root.contains(Some(a)))
            .map(|a| a.id())
            .filter(|id| !id.is_empty());
        let _ = root.remove_attribute(PRERENDERED);
        let _ = root.remove_attribute(NEXT_PRESSED);
        Some(p)
    }

    /// Repeats it on the widget's own markup, through the ordinary events.
    pub fn replay(&self, root: &Element) {
        let by_id = |id: &str| -> Option<Element> {
            if id.is_empty()
                || !id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            {
                return None;
            }
            root.query_selector(&format!("#{id}")).ok().flatten()
        };
        let fire = |el: &Element, name: &str| {
            if let Ok(ev) = web_sys::Event::new_with_event_init_dict(name, &{
                let init = web_sys::EventInit::new();
                init.set_bubbles(true);
                init
            }) {
                let _ = el.dispatch_event(&ev);
            }
        };
        for id in &self.checked {
            if let Some(input) = by_id(id).and_then(|e| e.dyn_into::<HtmlInputElement>().ok()) {
                if !input.checked() {
                    input.click();
                }
            }
        }
        for (id, value) in &self.texts {
            if let Some(el) = by_id(id) {
                if let Some(t) = el.dyn_ref::<HtmlTextAreaElement>() {
                    t.set_value(value);
                } else if let Some(i) = el.dyn_ref::<HtmlInputElement>() {
                    i.set_value(value);
                }
                fire(&el, "input");
            }
        }
        for (id, index) in &self.selects {
            if let Some(el) = by_id(id) {
                if let Some(s) = el.dyn_ref::<HtmlSelectElement>() {
                    s.set_selected_index(*index);
                }
                fire(&el, "change");
            }
        }
        if let Some(el) = self
            .focus
            .as_deref()
            .and_then(by_id)
            .and_then(|e| e.dyn_into::<HtmlElement>().ok())
        {
            let _ = el.focus();
        }
        if self.next {
            if let Ok(Some(b)) = root.query_selector(".pg-nav .pg-primary") {
                if let Ok(b) = b.dyn_into::<HtmlElement>() {
                    b.click();
                }
            }
        }
    }
}
