//! A single-answer question shown as a drop-down (scales with `"display": "select"`).

use std::rc::Rc;

use serde_json::Value;
use wasm_bindgen::JsCast;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::choice::Choice;
use super::question_frame::Question;

pub struct SelectAnswerProps {
    /// `q.id` is the id of the `select` (the focus target).
    pub q: Question,
    /// Text of the empty first entry ("— เลือก —").
    pub placeholder: AttrValue,
    pub options: Rc<Vec<Choice>>,
    pub selected: Option<Value>,
    pub on_change: Callback<Option<Value>>,
}

pub fn select_answer(p: &SelectAnswerProps) -> Html {
    let q = &p.q;
    let onchange = {
        let (cb, options) = (p.on_change.clone(), p.options.clone());
        Callback::from(move |e: Event| {
            let Some(sel) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
            else {
                return;
            };
            let index = sel.selected_index();
            // Entry 0 is the placeholder.
            let value = usize::try_from(index - 1)
                .ok()
                .and_then(|i| options.get(i))
                .map(|c| c.value.clone());
            cb.emit(value);
        })
    };
    html! {
        <div class={q.class(None)}>
            <label class="pg-legend" for={q.id.clone()}>{ q.title(false) }</label>
            { q.messages() }
            <select id={q.id.clone()} class="pg-select" aria-describedby={q.described_by(None, None)}
                aria-invalid={q.error.is_some().then_some("true")} required={q.required.is_some()} {onchange}>
                <option value="" selected={p.selected.is_none()}>{ p.placeholder.clone() }</option>
                { for p.options.iter().enumerate().map(|(k, c)| html! {
                    <option value={k.to_string()} selected={p.selected.as_ref() == Some(&c.value)}>{ c.label.clone() }</option>
                }) }
            </select>
        </div>
    }
}
