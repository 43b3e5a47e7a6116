//! Kiosk one-tap rating: the faces as large buttons, one tap answers.

use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use super::ScreenArgs;
use crate::components::choice::Choice;
use crate::components::item_view::{choices, dom_id};
use crate::components::quick_tap::{quick_tap, QuickTapProps};
use crate::i18n::respondent_title;
use crate::state::Action;

pub fn view(a: &ScreenArgs, section: usize, code: &str) -> Html {
    let (l, inst) = (a.state.locale, &a.state.instrument);
    let item = inst.sections[section]
        .items
        .iter()
        .find(|it| it.code == code);
    let scale = item.and_then(|it| inst.scale(&it.scale));
    let options: Rc<Vec<Choice>> = Rc::new(scale.map(|s| choices(s, l)).unwrap_or_default());
    let legend = item
        .map(|it| it.text.get(l).to_string())
        .unwrap_or_default();
    let on_tap = {
        let code = code.to_string();
        a.dispatch
            .reform(move |v: Value| Action::Tap(code.clone(), v))
    };
    let h = a.heading_id();
    // The kiosk's title is the survey's, shown once in the header: the heading here is the
    // question itself, visually hidden but named for screen readers.
    html! {
        <section class="pg-section pg-tap-screen" aria-labelledby={h.clone()}>
            <h2 class="pg-h pg-sr" id={h} tabindex="-1">{ respondent_title(inst.sections[section].title.get(l)) }</h2>
            { quick_tap(&QuickTapProps {
                id: AttrValue::from(dom_id(a.prefix, code)), legend: AttrValue::from(legend),
                options, on_tap,
            }) }
        </section>
    }
}
