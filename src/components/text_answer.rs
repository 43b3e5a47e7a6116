//! A free-text answer with a character counter.

use prongsai_core::number::plain;
use serde_json::Value;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::question_frame::Question;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextKind {
    /// Multi-line text (`textarea`).
    Text,
    /// A number (`input type=number`).
    Number,
}

pub struct TextAnswerProps {
    /// `q.id` is the id of the input itself (the focus target).
    pub q: Question,
    pub kind: TextKind,
    pub value: Option<Value>,
    pub max_length: Option<u32>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// Counter text ("12/500 ตัวอักษร") for text answers.
    pub counter: Option<AttrValue>,
    /// The new answer, or `None` when the field was emptied.
    pub on_change: Callback<Option<Value>>,
}

/// A JSON number from user input: integral values stay integers.
pub fn number_value(raw: &str) -> Option<Value> {
    let t = raw.trim().replace(',', "");
    let v = crate::services::platform::parse_number(&t)?;
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        Some(Value::from(v as i64))
    } else {
        serde_json::Number::from_f64(v).map(Value::Number)
    }
}

pub fn text_answer(p: &TextAnswerProps) -> Html {
    let q = &p.q;
    let count_id = format!("{}-count", q.id);
    let described = q.described_by(None, p.counter.as_ref().map(|_| count_id.as_str()));
    let kind = p.kind;
    let oninput = {
        let cb = p.on_change.clone();
        Callback::from(move |e: InputEvent| {
            let Some(target) = e.target() else { return };
            let raw = match kind {
                TextKind::Text => target.dyn_into::<HtmlTextAreaElement>().map(|t| t.value()),
                TextKind::Number => target.dyn_into::<HtmlInputElement>().map(|t| t.value()),
            };
            let Ok(raw) = raw else { return };
            let value = match kind {
                TextKind::Text => (!raw.is_empty()).then_some(Value::String(raw)),
                TextKind::Number => number_value(&raw),
            };
            cb.emit(value);
        })
    };
    let invalid = q.error.is_some().then_some("true");
    let field = match p.kind {
        TextKind::Text => {
            let text = p
                .value
                .as_ref()
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string();
            html! {
                <textarea id={q.id.clone()} class="pg-text" rows="4" value={text} autocomplete="off"
                    maxlength={p.max_length.map(|m| m.to_string())}
                    aria-describedby={described} aria-invalid={invalid}
                    required={q.required.is_some()} {oninput} />
            }
        }
        TextKind::Number => {
            let text = match &p.value {
                Some(Value::Number(n)) => crate::services::json::number_text(n),
                _ => String::new(),
            };
            html! {
                <input id={q.id.clone()} class="pg-number" type="number" inputmode="decimal" step="any" autocomplete="off"
                    value={text} min={p.min.map(plain)} max={p.max.map(plain)}
                    aria-describedby={described} aria-invalid={invalid}
                    required={q.required.is_some()} {oninput} />
            }
        }
    };
    html! {
        <div class={q.class(None)}>
            <label class="pg-legend" for={q.id.clone()}>{ q.title(false) }</label>
            { q.messages() }
            { field }
            if let Some(c) = &p.counter { <p class="pg-count" id={count_id}>{ c.clone() }</p> }
        </div>
    }
}
