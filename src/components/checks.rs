//! A multiple-choice question: native checkboxes in a `fieldset`/`legend`.

use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use super::choice::Choice;

#[derive(Properties, PartialEq)]
pub struct CheckGroupProps {
    pub id: AttrValue,
    pub legend: AttrValue,
    #[prop_or_default]
    pub number: Option<AttrValue>,
    #[prop_or_default]
    pub note: Option<AttrValue>,
    /// "เลือกได้มากกว่า 1 ข้อ".
    pub hint: AttrValue,
    pub options: Rc<Vec<Choice>>,
    /// The current answer (an array of option values) or nothing.
    pub selected: Option<Value>,
    #[prop_or_default]
    pub required: Option<AttrValue>,
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// The new array, or `None` when nothing is ticked.
    pub on_change: Callback<Option<Value>>,
}

#[function_component(CheckGroup)]
pub fn check_group(p: &CheckGroupProps) -> Html {
    let chosen: Vec<Value> = match &p.selected {
        Some(Value::Array(v)) => v.clone(),
        _ => Vec::new(),
    };
    let hint_id = format!("{}-hint", p.id);
    let note_id = format!("{}-note", p.id);
    let err_id = format!("{}-err", p.id);
    let mut described = vec![hint_id.clone()];
    if p.note.is_some() {
        described.push(note_id.clone());
    }
    if p.error.is_some() {
        described.push(err_id.clone());
    }
    html! {
        <fieldset class={classes!("pg-q", p.error.is_some().then_some("pg-invalid"))}
            aria-describedby={described.join(" ")}>
            <legend class="pg-legend">
                if let Some(n) = &p.number { <span class="pg-no">{ n.clone() }</span>{" "} }
                { p.legend.clone() }
                if let Some(r) = &p.required { {" "}<span class="pg-req">{ r.clone() }</span> }
            </legend>
            <p class="pg-note" id={hint_id}>{ p.hint.clone() }</p>
            if let Some(n) = &p.note { <p class="pg-note" id={note_id}>{ n.clone() }</p> }
            if let Some(e) = &p.error { <p class="pg-error" id={err_id}>{ e.clone() }</p> }
            <div class="pg-options">
                { for p.options.iter().enumerate().map(|(k, c)| {
                    let checked = chosen.contains(&c.value);
                    let id = format!("{}-{k}", p.id);
                    let onchange = {
                        let cb = p.on_change.clone();
                        let value = c.value.clone();
                        let options = p.options.clone();
                        let chosen = chosen.clone();
                        Callback::from(move |_: Event| {
                            let mut next: Vec<Value> = chosen.iter().filter(|v| **v != value).cloned().collect();
                            if !checked {
                                next.push(value.clone());
                            }
                            // Keep the instrument's option order.
                            next.sort_unstable_by_key(|v| options.iter().position(|o| o.value == *v));
                            cb.emit((!next.is_empty()).then_some(Value::Array(next)));
                        })
                    };
                    html! {
                        <label class={classes!("pg-opt", checked.then_some("pg-sel"))} for={id.clone()}>
                            <input type="checkbox" id={id} name={p.id.clone()} value={k.to_string()}
                                checked={checked} {onchange} />
                            <span>{ c.label.clone() }</span>
                        </label>
                    }
                }) }
            </div>
        </fieldset>
    }
}
