//! The review step before submitting: every answer at a glance, "back" or "submit".

use std::rc::Rc;

use yew::prelude::*;

use super::ScreenArgs;
use crate::components::review::{review, ReviewProps};
use crate::i18n::{t, Msg};
use crate::state::{effective_answers, Action};

pub fn view(a: &ScreenArgs) -> Html {
    let (s, l) = (a.state, a.state.locale);
    let inst = &s.instrument;
    let on_edit = a.dispatch.reform(Action::Edit);
    html! {
        <>
            { review(&ReviewProps {
                instrument: inst.clone(), answers: Rc::new(effective_answers(inst, &s.answers)),
                locale: l, prefix: a.prefix.clone(), on_edit,
            }) }
            <div class="pg-nav">
                <button type="button" class="pg-btn pg-secondary" onclick={a.on_click(Action::Back)}>{ t(l, Msg::Back) }</button>
                <button type="button" class="pg-btn pg-primary" onclick={a.on_click(Action::Submit)}>{ t(l, Msg::Submit) }</button>
            </div>
        </>
    }
}
