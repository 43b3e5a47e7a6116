//! A single-answer question shown as a drop-down (scales with `"display": "select"`).

use std::rc::Rc;

use serde_json::Value;
use wasm_bindgen::JsCast;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::choice::Choice;

#[derive(Properties, PartialEq)]
pub struct SelectAnswerProps {
    /// Id of the `select` (the focus target).
    pub id: AttrValue,
    pub label: AttrValue,
    #[prop_or_default]
    pub number: Option<AttrValue>,
    #[prop_or_default]
    pub note: Option<AttrValue>,
    /// Text of the empty first entry ("— เลือก —").
    pub placeholder: AttrValue,
    pub options: Rc<Vec<Choice>>,
    pub selected: Option<Value>,
    #[prop_or_default]
    pub required: Option<AttrValue>,
    #[prop_or_default]
    pub error: Option<AttrValue>,
    pub on_change: Callback<Option<Value>>,
}

#[function_component(SelectAnswer)]
pub fn select_answer(p: &SelectAnswerProps) -> Html {
    let note_id = format!("{}-note", p.id);
    let err_id = format!("{}-err", p.id);
    let mut described = Vec::new();
    if p.note.is_some() {
        described.push(note_id.clone());
    }
    if p.error.is_some() {
        described.push(err_id.clone());
    }
    let described = (!described.is_empty()).then(|| described.join(" "));
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
        <div class={classes!("pg-q", p.error.is_some().then_some("pg-invalid"))}>
            <label class="pg-legend" for={p.id.clone()}>
                if let Some(n) = &p.number { <span class="pg-no">{ n.clone() }</span>{" "} }
                { p.label.clone() }
                if let Some(r) = &p.required { {" "}<span class="pg-req">{ r.clone() }</span> }
            </label>
            if let Some(n) = &p.note { <p class="pg-note" id={note_id}>{ n.clone() }</p> }
            if let Some(e) = &p.error { <p class="pg-error" id={err_id}>{ e.clone() }</p> }
            <select id={p.id.clone()} class="pg-select" aria-describedby={described}
                aria-invalid={p.error.is_some().then_some("true")} required={p.required.is_some()} {onchange}>
                <option value="" selected={p.selected.is_none()}>{ p.placeholder.clone() }</option>
                { for p.options.iter().enumerate().map(|(k, c)| html! {
                    <option value={k.to_string()} selected={p.selected.as_ref() == Some(&c.value)}>{ c.label.clone() }</option>
                }) }
            </select>
        </div>
    }
}
