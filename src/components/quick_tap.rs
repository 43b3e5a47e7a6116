//! Kiosk one-tap rating: the faces of a `quick` instrument as large buttons; one tap answers
//! (and, without a follow-up screen, submits). Only in kiosk mode: everywhere else a choice is
//! a radio group and submitting takes a separate button.

use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use super::choice::{face, Choice};

pub struct QuickTapProps {
    /// Base of the element ids; the first button is `{id}-0`.
    pub id: AttrValue,
    pub legend: AttrValue,
    pub options: Rc<Vec<Choice>>,
    pub on_tap: Callback<Value>,
}

pub fn quick_tap(p: &QuickTapProps) -> Html {
    let legend_id = format!("{}-legend", p.id);
    let faces = p.options.iter().filter(|o| !o.value.is_string()).count();
    html! {
        <div class="pg-q pg-tapq" role="group" aria-labelledby={legend_id.clone()}>
            <p class="pg-legend" id={legend_id}>{ p.legend.clone() }</p>
            <div class="pg-taps">
                { for p.options.iter().enumerate().filter(|(_, c)| !c.value.is_string()).map(|(k, c)| {
                    let value = c.value.clone();
                    let onclick = p.on_tap.reform(move |_: MouseEvent| value.clone());
                    html! {
                        <button type="button" class="pg-tap" id={format!("{}-{k}", p.id)} {onclick}>
                            { face(k, faces) }
                            <span>{ c.label.clone() }</span>
                        </button>
                    }
                }) }
            </div>
        </div>
    }
}
