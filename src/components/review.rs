//! The review step: every visible answer, grouped by section, each section editable. Compact
//! enough to scan: a question with sub-items shows its stem once and a row per sub-item.

use std::rc::Rc;

use prongsai_core::{Answers, Locale};
use yew::prelude::*;

use super::item_view::answer_label;
use crate::i18n::{respondent_title, t, Msg};
use crate::state::{visible_sections, SharedInstrument};

pub struct ReviewProps {
    pub instrument: SharedInstrument,
    pub answers: Rc<Answers>,
    pub locale: Locale,
    pub prefix: AttrValue,
    /// Go back to a section.
    pub on_edit: Callback<usize>,
}

pub fn review(p: &ReviewProps) -> Html {
    let l = p.locale;
    let inst = &p.instrument;
    html! {
        <section class="pg-review" aria-labelledby={format!("{}-h", p.prefix)}>
            <h2 class="pg-h" id={format!("{}-h", p.prefix)} tabindex="-1">{ t(l, Msg::ReviewTitle) }</h2>
            <p class="pg-intro">{ t(l, Msg::ReviewIntro) }</p>
            { for visible_sections(inst, &p.answers).into_iter().map(|si| {
                let section = &inst.sections[si];
                let title = respondent_title(section.title.get(l)).to_string();
                let on_edit = p.on_edit.clone();
                let onclick = Callback::from(move |_: MouseEvent| on_edit.emit(si));
                html! {
                    <div class="pg-review-part">
                        <h3>{ title.clone() }</h3>
                        <dl>
                        { for section.items.iter().filter(|item| inst.is_item_visible(item, &p.answers)).map(|item| {
                            let scale = inst.scale(&item.scale);
                            let answer = |code: &str| p.answers.get(code).map(|v| answer_label(scale, v, l));
                            let shown = |a: Option<String>| html! {
                                <span class={classes!("pg-ans", a.is_none().then_some("pg-none"))}>
                                    { a.unwrap_or_else(|| t(l, Msg::NoAnswer).to_string()) }
                                </span>
                            };
                            if item.sub_items.is_empty() {
                                html! {
                                    <>
                                        <dt>{ item.text.get(l) }</dt>
                                        <dd>{ shown(answer(&item.code)) }</dd>
                                    </>
                                }
                            } else {
                                // The stem once, then each sub-item with its answer on one row.
                                html! {
                                    <>
                                        <dt>{ item.text.get(l) }</dt>
                                        <dd>
                                            <ul class="pg-subanswers">
                                                { for item.sub_items.iter().map(|s| html! {
                                                    <li><span class="pg-subq">{ s.text.get(l) }</span>{ shown(answer(&s.code)) }</li>
                                                }) }
                                            </ul>
                                        </dd>
                                    </>
                                }
                            }
                        }) }
                        </dl>
                        <button type="button" class="pg-btn pg-secondary" {onclick}
                            aria-label={format!("{} {}", t(l, Msg::Edit), title)}>{ t(l, Msg::Edit) }</button>
                    </div>
                }
            }) }
        </section>
    }
}
