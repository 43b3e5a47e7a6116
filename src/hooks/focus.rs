//! Focus after a screen change: the new screen's heading, or the first missing answer.

use prongsai_core::Instrument;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::item_view::focus_id;
use crate::state::{section_of, Focus, SurveyState};

/// Focuses the element `#id` inside `root` (never `document.getElementById`: the widget may live
/// in a shadow root, and a page may hold several widgets).
fn focus_element(root: &NodeRef, id: &str) -> bool {
    let Some(root) = root.cast::<web_sys::Element>() else {
        return false;
    };
    let Ok(Some(el)) = root.query_selector(&format!("#{id}")) else {
        return false;
    };
    match el.dyn_into::<web_sys::HtmlElement>() {
        Ok(el) => el.focus().is_ok(),
        Err(_) => false,
    }
}

/// The element id of the control that takes the focus for answer `code`.
fn field_id(instrument: &Instrument, prefix: &str, code: &str) -> String {
    let scale = section_of(instrument, code)
        .and_then(|s| {
            instrument.sections[s]
                .items
                .iter()
                .find(|i| i.code == code || instrument.answer_codes(i).contains(&code))
        })
        .and_then(|i| instrument.scale(&i.scale));
    focus_id(prefix, code, scale)
}

/// Applies `state.focus` whenever `state.focus_seq` changes.
#[hook]
pub fn use_screen_focus(root: &NodeRef, prefix: &AttrValue, state: &SurveyState) {
    let (root, prefix, focus, instrument) = (
        root.clone(),
        prefix.clone(),
        state.focus.clone(),
        state.instrument.clone(),
    );
    use_effect_with(state.focus_seq, move |_| {
        let heading = format!("{prefix}-h");
        match focus {
            Focus::None => {}
            Focus::Heading => {
                focus_element(&root, &heading);
            }
            Focus::Field(code) => {
                if !focus_element(&root, &field_id(&instrument, &prefix, &code)) {
                    focus_element(&root, &heading);
                }
            }
        }
    });
}
