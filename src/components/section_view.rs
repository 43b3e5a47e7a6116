//! One section of an instrument: heading (focused when the screen changes), progress, intro,
//! then its visible items.

use std::rc::Rc;

use prongsai_core::{Answers, Locale};
use serde_json::Value;
use yew::prelude::*;

use super::item_view::ItemView;
use crate::i18n;
use crate::state::{Issue, SharedInstrument};

pub struct SectionViewProps {
    pub instrument: SharedInstrument,
    pub section: usize,
    pub answers: Rc<Answers>,
    pub issues: Rc<Vec<Issue>>,
    /// (current, total) among visible sections.
    pub progress: (usize, usize),
    pub locale: Locale,
    pub prefix: AttrValue,
    pub on_answer: Callback<(String, Option<Value>)>,
    /// An item not to show (the kiosk one-tap item on the follow-up screen).
    pub skip: Option<AttrValue>,
    /// Show the progress line and the section's own title and intro (not on the kiosk
    /// follow-up screen, which has its own heading).
    pub heading: bool,
}

pub fn section_view(p: &SectionViewProps) -> Html {
    let l = p.locale;
    let inst = &p.instrument;
    let Some(section) = inst.sections.get(p.section) else {
        return html! {};
    };
    let first_number: usize = inst
        .sections
        .iter()
        .take(p.section)
        .map(|s| s.items.len())
        .sum::<usize>()
        + 1;
    let (current, total) = p.progress;
    let part = i18n::part_of(l, current, total);
    let skip = p.skip.as_deref();
    let items = html! {
        { for section.items.iter().enumerate()
            .filter(|(_, item)| Some(item.code.as_str()) != skip && inst.is_item_visible(item, &p.answers))
            .map(|(k, item)| {
            let codes = inst.answer_codes(item);
            let values: Vec<Option<Value>> = codes.iter().map(|c| p.answers.get(*c).cloned()).collect();
            let issues: Vec<Issue> = p.issues.iter().filter(|i| codes.contains(&i.code.as_str())).cloned().collect();
            html! {
                <ItemView key={item.code.clone()} instrument={inst.clone()} section={p.section} index={k}
                    {values} {issues} number={first_number + k} locale={l} prefix={p.prefix.clone()}
                    on_answer={p.on_answer.clone()} />
            }
        }) }
    };
    if !p.heading {
        return items;
    }
    html! {
        <section class="pg-section" aria-labelledby={format!("{}-h", p.prefix)}>
            <p class="pg-progress">
                <span>{ part }</span>
                <span class="pg-bar" aria-hidden="true">
                    { for (1..=total).map(|k| html! {
                        <span class={classes!("pg-step", (k <= current).then_some("pg-done"))}></span>
                    }) }
                </span>
            </p>
            <h2 class="pg-h" id={format!("{}-h", p.prefix)} tabindex="-1">{ i18n::respondent_title(section.title.get(l)) }</h2>
            if let Some(intro) = &section.intro { <p class="pg-intro">{ i18n::keep_numbers(intro.get(l)) }</p> }
            { items }
        </section>
    }
}
