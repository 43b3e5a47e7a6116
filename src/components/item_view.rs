//! One item of an instrument, rendered according to its scale: radios (ordinal, yes/no, single,
//! with "not applicable" where the scale has it), checkboxes, free text or a number. Sub-items
//! share the item's scale and are nested groups under the item's own legend.

use std::rc::Rc;

use prongsai_core::{Display, Locale, OptionValue, Scale, ScaleKind};
use serde_json::Value;
use yew::prelude::*;

use super::checks::{check_group, CheckGroupProps};
use super::choice::{choice_group, Choice, ChoiceGroupProps};
use super::question_frame::Question;
use super::select::{select_answer, SelectAnswerProps};
use super::text_answer::{text_answer, TextAnswerProps, TextKind};
use crate::i18n::{self, t, Msg};
use crate::state::{Issue, SharedInstrument};

/// The JSON value an option records.
pub fn option_value(v: &OptionValue) -> Value {
    v.to_json()
}

/// The answer value of "not applicable".
pub use prongsai_core::NOT_APPLICABLE as NA;

/// The options of a scale as radio/checkbox choices, "not applicable" last.
pub fn choices(scale: &Scale, locale: Locale) -> Vec<Choice> {
    let mut out: Vec<Choice> = scale
        .options
        .iter()
        .map(|o| Choice {
            value: option_value(&o.value),
            label: AttrValue::from(crate::i18n::keep_numbers(o.label.get(locale))),
        })
        .collect();
    if let Some(na) = &scale.not_applicable {
        out.push(Choice {
            value: Value::String(NA.into()),
            label: AttrValue::from(na.get(locale).to_string()),
        });
    }
    out
}

/// The text of an answer for the review screen.
pub fn answer_label(scale: Option<&Scale>, value: &Value, locale: Locale) -> String {
    let label_of = |v: &Value| -> String {
        if let Some(scale) = scale {
            if let Some(o) = scale.options.iter().find(|o| option_value(&o.value) == *v) {
                return o.label.get(locale).to_string();
            }
            if v.as_str() == Some(NA) {
                return scale
                    .not_applicable
                    .as_ref()
                    .map(|t| t.get(locale).to_string())
                    .unwrap_or_else(|| t(locale, Msg::NotApplicable).to_string());
            }
        }
        match v {
            Value::String(s) => s.clone(),
            Value::Number(n) => i18n::format_number(n.as_f64().unwrap_or(0.0)),
            other => prongsai_core::answers::shown(other, 80),
        }
    };
    match value {
        Value::Array(vs) => vs.iter().map(label_of).collect::<Vec<_>>().join(", "),
        v => label_of(v),
    }
}

/// Element id for an answer code inside widget instance `prefix` (ids must be unique on a page
/// that embeds the widget twice, and safe in CSS selectors).
pub fn dom_id(prefix: &str, code: &str) -> String {
    let safe: String = code
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format!("{prefix}-{safe}")
}

/// The id of the element that takes focus for an answer code (first radio, or the field).
pub fn focus_id(prefix: &str, code: &str, scale: Option<&Scale>) -> String {
    match scale.map(|s| (s.kind, s.display)) {
        Some((ScaleKind::Text | ScaleKind::Number, _)) | Some((_, Some(Display::Select))) => {
            dom_id(prefix, code)
        }
        _ => format!("{}-0", dom_id(prefix, code)),
    }
}

#[derive(Properties, PartialEq)]
pub struct ItemViewProps {
    pub instrument: SharedInstrument,
    /// Section index and item index within it.
    pub section: usize,
    pub index: usize,
    /// Current answers of the item's codes (sub-items in order, or the item's own code).
    pub values: Vec<Option<Value>>,
    /// Problems of this item's codes.
    pub issues: Vec<Issue>,
    /// Running question number.
    pub number: usize,
    pub locale: Locale,
    pub prefix: AttrValue,
    pub on_answer: Callback<(String, Option<Value>)>,
}

fn issue_text(
    issue: Option<&Issue>,
    value: Option<&Value>,
    scale: Option<&Scale>,
    l: Locale,
) -> Option<AttrValue> {
    let issue = issue?;
    let missing = match value {
        None => true,
        Some(Value::String(s)) => s.trim().is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        _ => false,
    };
    let text = if missing {
        t(l, Msg::Required).to_string()
    } else {
        match scale.map(|s| (s.kind, s)) {
            Some((ScaleKind::Number, s)) => i18n::number_range(l, s.min, s.max),
            Some((ScaleKind::Text, s)) if s.max_length.is_some() => {
                i18n::too_long(l, s.max_length.unwrap_or_default())
            }
            _ => issue.message.clone(),
        }
    };
    Some(AttrValue::from(text))
}

#[function_component(ItemView)]
pub fn item_view(p: &ItemViewProps) -> Html {
    let l = p.locale;
    let Some(item) = p
        .instrument
        .sections
        .get(p.section)
        .and_then(|s| s.items.get(p.index))
    else {
        return html! {};
    };
    let scale = p.instrument.scale(&item.scale);
    let number = Some(AttrValue::from(i18n::question_no(l, p.number)));
    let note = item
        .note
        .as_ref()
        .map(|n| AttrValue::from(n.get(l).to_string()));
    let required = item
        .required
        .then(|| AttrValue::from(t(l, Msg::RequiredMark)));
    let legend = AttrValue::from(crate::i18n::keep_numbers(item.text.get(l)));
    let codes: Vec<String> = if item.sub_items.is_empty() {
        vec![item.code.clone()]
    } else {
        item.sub_items.iter().map(|s| s.code.clone()).collect()
    };
    let value_of = |i: usize| p.values.get(i).cloned().flatten();
    let issue_of = |code: &str| p.issues.iter().find(|i| i.code == code);
    let emit = |code: String| {
        let cb = p.on_answer.clone();
        Callback::from(move |v: Option<Value>| cb.emit((code.clone(), v)))
    };

    // The frame of a question answered under `code` (the item's, or a sub-item's).
    let question = |code: &str, error: Option<AttrValue>| Question {
        id: AttrValue::from(dom_id(&p.prefix, code)),
        text: legend.clone(),
        number: number.clone(),
        note: note.clone(),
        required: required.clone(),
        error,
    };
    let Some(scale) = scale else {
        // An invalid instrument never gets here (validation names unknown scales).
        return html! {};
    };
    match scale.kind {
        ScaleKind::Text | ScaleKind::Number => {
            let code = codes[0].clone();
            let value = value_of(0);
            let kind = if scale.kind == ScaleKind::Text {
                TextKind::Text
            } else {
                TextKind::Number
            };
            let counter = (kind == TextKind::Text).then(|| {
                let used = value
                    .as_ref()
                    .and_then(|v| v.as_str())
                    .map(|s| s.chars().count())
                    .unwrap_or(0);
                AttrValue::from(i18n::chars(l, used, scale.max_length))
            });
            let error = issue_text(issue_of(&code), value.as_ref(), Some(scale), l);
            text_answer(&TextAnswerProps {
                q: question(&code, error),
                kind,
                value,
                max_length: scale.max_length,
                min: scale.min,
                max: scale.max,
                counter,
                on_change: emit(code),
            })
        }
        ScaleKind::Multiple => {
            let code = codes[0].clone();
            let value = value_of(0);
            let error = issue_text(issue_of(&code), value.as_ref(), Some(scale), l);
            check_group(&CheckGroupProps {
                q: question(&code, error),
                hint: AttrValue::from(t(l, Msg::ChooseAny)),
                options: Rc::new(choices(scale, l)),
                selected: value,
                on_change: emit(code),
            })
        }
        ScaleKind::Ordinal | ScaleKind::YesNo | ScaleKind::Single => {
            let options = Rc::new(choices(scale, l));
            let tiles = scale.display == Some(Display::Faces);
            if item.sub_items.is_empty() && scale.display == Some(Display::Select) {
                let code = codes[0].clone();
                let value = value_of(0);
                let error = issue_text(issue_of(&code), value.as_ref(), Some(scale), l);
                select_answer(&SelectAnswerProps {
                    q: question(&code, error),
                    placeholder: AttrValue::from(t(l, Msg::Choose)),
                    options,
                    selected: value,
                    on_change: emit(code),
                })
            } else if item.sub_items.is_empty() {
                let code = codes[0].clone();
                let value = value_of(0);
                let error = issue_text(issue_of(&code), value.as_ref(), Some(scale), l);
                let cb = emit(code.clone());
                choice_group(&ChoiceGroupProps {
                    q: question(&code, error),
                    options,
                    selected: value,
                    nested: false,
                    tiles,
                    on_select: Callback::from(move |v: Value| cb.emit(Some(v))),
                })
            } else {
                let group_id = dom_id(&p.prefix, &item.code);
                let note_id = format!("{group_id}-note");
                let any_issue = codes.iter().any(|c| issue_of(c).is_some());
                html! {
                    <fieldset class={classes!("pg-q", "pg-group", any_issue.then_some("pg-invalid"))}
                        aria-describedby={note.as_ref().map(|_| note_id.clone())}>
                        <legend class="pg-legend">
                            <span class="pg-no">{ number.clone() }</span>{" "}{ legend.clone() }
                            if let Some(r) = &required { {" "}<span class="pg-req">{ r.clone() }</span> }
                        </legend>
                        if let Some(n) = &note { <p class="pg-note" id={note_id}>{ n.clone() }</p> }
                        { for item.sub_items.iter().enumerate().map(|(k, sub)| {
                            let value = value_of(k);
                            let error = issue_text(issue_of(&sub.code), value.as_ref(), Some(scale), l);
                            let cb = emit(sub.code.clone());
                            // A sub-item: its own text, no number or note (the group has them).
                            let q = Question {
                                text: AttrValue::from(sub.text.get(l).to_string()),
                                number: None,
                                note: None,
                                ..question(&sub.code, error)
                            };
                            choice_group(&ChoiceGroupProps {
                                q, options: options.clone(), selected: value, nested: true, tiles,
                                on_select: Callback::from(move |v: Value| cb.emit(Some(v))),
                            })
                        }) }
                    </fieldset>
                }
            }
        }
    }
}
