//! After submitting: thanks (and, in kiosk mode, the way to the next person).

use prongsai_core::Kind;
use yew::prelude::*;

use super::ScreenArgs;
use crate::components::thanks::Thanks;
use crate::state::{Action, Done};

pub fn view(a: &ScreenArgs, done: &Done) -> Html {
    let (l, inst, config) = (a.state.locale, &a.state.instrument, a.config);
    let ita = matches!(inst.kind, Kind::Iit | Kind::Eit);
    let contact = config
        .contact
        .as_ref()
        .map(|c| AttrValue::from(c.get(l).to_string()));
    let complaint = config.complaint_url.clone().map(AttrValue::from);
    let on_restart = config.kiosk.then(|| a.dispatch.reform(|_| Action::Restart));
    // A kiosk shows nothing of one person's answers to the next one.
    let rating = if ita || config.kiosk {
        None
    } else {
        done.rating
    };
    html! {
        <Thanks locale={l} prefix={a.prefix.clone()} {rating}
            {contact} complaint_url={complaint} {on_restart} restart_in={a.clock.restart_left} />
    }
}
