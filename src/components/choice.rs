//! A single-answer question as a native radio group in a `fieldset`/`legend`.

use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use super::question_frame::Question;

/// Characters of an option label above which the options take one column on wide screens.
pub const LONG_LABEL: usize = 14;

/// One option: the answer value it records and its label.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    pub value: Value,
    pub label: AttrValue,
}

pub struct ChoiceGroupProps {
    /// The first radio is `{q.id}-0`.
    pub q: Question,
    pub options: Rc<Vec<Choice>>,
    pub selected: Option<Value>,
    /// A sub-item inside an item's group.
    pub nested: bool,
    /// Lay the options out in a row of large tiles (face/star scales).
    pub tiles: bool,
    pub on_select: Callback<Value>,
}

pub fn choice_group(p: &ChoiceGroupProps) -> Html {
    let q = &p.q;
    // Long labels get one column at any width: a grid of narrow boxes makes them unreadable.
    let long = p
        .options
        .iter()
        .any(|c| c.label.chars().count() > LONG_LABEL);
    let options_class = classes!(
        "pg-options",
        p.tiles.then_some("pg-tiles"),
        long.then_some("pg-long")
    );
    html! {
        <fieldset class={q.class(p.nested.then_some("pg-sub"))} aria-describedby={q.described_by(None, None)}>
            <legend class="pg-legend">{ q.title(p.nested) }</legend>
            { q.messages() }
            <div class={options_class}>
                { for p.options.iter().enumerate().map(|(k, c)| {
                    let checked = p.selected.as_ref() == Some(&c.value);
                    let value = c.value.clone();
                    let cb = p.on_select.clone();
                    let onchange = Callback::from(move |_: Event| cb.emit(value.clone()));
                    let id = format!("{}-{k}", q.id);
                    // Faces for the scale's own options (not for "not applicable").
                    let face = (p.tiles && !c.value.is_string()).then(|| face(k, p.options.iter().filter(|o| !o.value.is_string()).count()));
                    html! {
                        <label class={classes!("pg-opt", checked.then_some("pg-sel"))} for={id.clone()}>
                            <input type="radio" id={id} name={q.id.clone()} value={k.to_string()}
                                checked={checked} required={q.required.is_some()} {onchange} />
                            { face.unwrap_or_default() }
                            <span>{ c.label.clone() }</span>
                        </label>
                    }
                }) }
            </div>
        </fieldset>
    }
}

/// A face from frowning (first option) to smiling (last), drawn inline: no image requests, no
/// emoji font needed. Decorative; the label says the same.
pub fn face(k: usize, n: usize) -> Html {
    let t = if n > 1 {
        k as f64 / (n - 1) as f64
    } else {
        1.0
    };
    // Mouth corners at y=27; the control point goes from 21 (frown) to 35 (smile).
    // (Whole numbers: no float formatting in the wasm.)
    let mouth = format!(
        "M12 27 Q20 {} 28 27",
        (21.0 + 14.0 * t).round_ties_even() as i32
    );
    const COLOURS: [&str; 5] = ["#b3261e", "#c25400", "#8a6d00", "#2e7d32", "#146c2e"];
    let colour = COLOURS[((t * 4.0).round() as usize).min(4)];
    html! {
        <svg class="pg-face" viewBox="0 0 40 40" width="40" height="40" aria-hidden="true" focusable="false">
            <circle cx="20" cy="20" r="18" fill="none" stroke={colour} stroke-width="3" />
            <circle cx="14" cy="16" r="2.5" fill={colour} />
            <circle cx="26" cy="16" r="2.5" fill={colour} />
            <path d={mouth} fill="none" stroke={colour} stroke-width="3" stroke-linecap="round" />
        </svg>
    }
}
