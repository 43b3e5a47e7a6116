//! Kiosk follow-up after a one-tap rating: "why?" with the rest of the quick survey's
//! questions, "send" or "skip" (which also happens by itself after a few seconds).

use std::rc::Rc;

use yew::prelude::*;

use super::ScreenArgs;
use crate::components::section_view::{section_view, SectionViewProps};
use crate::i18n::{self, t, Msg};
use crate::state::Action;

pub fn view(a: &ScreenArgs) -> Html {
    let (s, l) = (a.state, a.state.locale);
    let h = a.heading_id();
    html! {
        <form class="pg-form pg-reason" method="post" novalidate={true} autocomplete="off"
            onsubmit={a.on_submit(Action::Finish)} aria-labelledby={h.clone()}>
            <h2 class="pg-h" id={h} tabindex="-1">{ t(l, Msg::ReasonTitle) }</h2>
            <p class="pg-intro">{ t(l, Msg::ReasonIntro) }</p>
            if !s.issues.is_empty() {
                <p class="pg-summary" role="alert">{ i18n::missing(l, s.issues.len()) }</p>
            }
            { section_view(&SectionViewProps {
                instrument: s.instrument.clone(), section: s.tap_section(),
                answers: s.answers.clone(),
                issues: Rc::new(s.issues.clone()), progress: (1, 1), heading: false,
                skip: s.mode.tap.clone().map(AttrValue::from),
                locale: l, prefix: a.prefix.clone(), on_answer: a.on_answer.clone(),
            }) }
            if let Some(left) = a.clock.skip_left {
                <p class="pg-note" role="timer">{ i18n::skip_left(l, left) }</p>
            }
            <div class="pg-nav">
                <button type="button" class="pg-btn pg-secondary" onclick={a.on_click(Action::Skip)}>{ t(l, Msg::Skip) }</button>
                <button type="submit" class="pg-btn pg-primary">{ t(l, Msg::Send) }</button>
            </div>
        </form>
    }
}
