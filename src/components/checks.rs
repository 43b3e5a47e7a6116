//! A multiple-choice question: native checkboxes in a `fieldset`/`legend`.

use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use super::choice::{Choice, LONG_LABEL};
use super::question_frame::Question;

pub struct CheckGroupProps {
    /// The first checkbox is `{q.id}-0`.
    pub q: Question,
    /// "เลือกได้มากกว่า 1 ข้อ".
    pub hint: AttrValue,
    pub options: Rc<Vec<Choice>>,
    /// The current answer (an array of option values) or nothing.
    pub selected: Option<Value>,
    /// The new array, or `None` when nothing is ticked.
    pub on_change: Callback<Option<Value>>,
}

pub fn check_group(p: &CheckGroupProps) -> Html {
    let chosen: Vec<Value> = match &p.selected {
        Some(Value::Array(v)) => v.clone(),
        _ => Vec::new(),
    };
    let hint_id = format!("{}-hint", p.q.id);
    let q = &p.q;
    let long = p
        .options
        .iter()
        .any(|c| c.label.chars().count() > LONG_LABEL);
    html! {
        <fieldset class={q.class(None)} aria-describedby={q.described_by(Some(&hint_id), None)}>
            <legend class="pg-legend">{ q.title(false) }</legend>
            <p class="pg-note" id={hint_id}>{ p.hint.clone() }</p>
            { q.messages() }
            <div class={classes!("pg-options", long.then_some("pg-long"))}>
                { for p.options.iter().enumerate().map(|(k, c)| {
                    let checked = chosen.contains(&c.value);
                    let id = format!("{}-{k}", q.id);
                    let onchange = {
                        let cb = p.on_change.clone();
                        let value = c.value.clone();
                        let options = p.options.clone();
                        let chosen = chosen.clone();
                        Callback::from(move |_: Event| {
                            // In the instrument's option order: this option toggled, the others as
                            // they were.
                            let next: Vec<Value> = options
                                .iter()
                                .filter(|o| if o.value == value { !checked } else { chosen.contains(&o.value) })
                                .map(|o| o.value.clone())
                                .collect();
                            cb.emit((!next.is_empty()).then_some(Value::Array(next)));
                        })
                    };
                    html! {
                        <label class={classes!("pg-opt", checked.then_some("pg-sel"))} for={id.clone()}>
                            <input type="checkbox" id={id} name={q.id.clone()} value={k.to_string()}
                                checked={checked} {onchange} />
                            <span>{ c.label.clone() }</span>
                        </label>
                    }
                }) }
            </div>
        </fieldset>
    }
}
