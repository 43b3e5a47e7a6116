//! A section of questions in a form: "next" checks it (Enter works too), "back" goes to the
//! previous visible section. The first section also says what the survey is about.

use std::rc::Rc;

use yew::prelude::*;

use super::ScreenArgs;
use crate::components::section_view::{section_view, SectionViewProps};
use crate::i18n::{self, t, Msg};
use crate::state::Action;

pub fn view(a: &ScreenArgs, section: usize, is_first: bool) -> Html {
    let (s, l) = (a.state, a.state.locale);
    let inst = &s.instrument;
    let next_label = if !s.is_last_section() {
        Msg::Next
    } else if inst.review {
        Msg::ToReview
    } else {
        Msg::Submit
    };
    html! {
        // POST: a form submitted without script (the server-rendered first screen) must never
        // put answers into a URL; the server answers such a POST with the page again.
        <form class="pg-form" method="post" novalidate={true} autocomplete="off" onsubmit={a.on_submit(Action::Next)}>
            if is_first {
                <div class="pg-about">
                    if let Some(d) = &inst.description { <p>{ i18n::keep_numbers(d.get(l)) }</p> }
                    if let Some(e) = &inst.eligibility {
                        <p><strong>{ t(l, Msg::Eligibility) }{ ": " }</strong>{ i18n::keep_numbers(e.get(l)) }</p>
                    }
                    if let Some(u) = &inst.unverified {
                        <details><summary>{ t(l, Msg::AboutItems) }</summary><p>{ u.get(l) }</p></details>
                    }
                </div>
            }
            if !s.issues.is_empty() {
                <p class="pg-summary" role="alert">{ i18n::missing(l, s.issues.len()) }</p>
            }
            { section_view(&SectionViewProps {
                instrument: inst.clone(), section, answers: s.answers.clone(),
                issues: Rc::new(s.issues.clone()), progress: s.progress().unwrap_or((1, 1)),
                locale: l, prefix: a.prefix.clone(), on_answer: a.on_answer.clone(),
                skip: None, heading: true,
            }) }
            <div class="pg-nav">
                if !is_first {
                    <button type="button" class="pg-btn pg-secondary" onclick={a.on_click(Action::Back)}>{ t(l, Msg::Back) }</button>
                }
                <button type="submit" class="pg-btn pg-primary">{ t(l, next_label) }</button>
            </div>
        </form>
    }
}
