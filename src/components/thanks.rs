//! After submitting: thanks; for satisfaction/quick surveys the respondent's own rating; for
//! IIT/EIT the agency's contact channels and its separate corruption-complaint channel (the survey
//! itself never collects complaints); in kiosk mode a reset for the next person.

use prongsai_core::Locale;
use yew::prelude::*;

use crate::i18n::{self, t, Msg};

pub struct ThanksProps {
    pub locale: Locale,
    pub prefix: AttrValue,
    /// The respondent's own satisfaction percent (satisfaction/quick only).
    pub rating: Option<f64>,
    pub contact: Option<AttrValue>,
    pub complaint_url: Option<AttrValue>,
    /// Kiosk mode: a button to start again.
    pub on_restart: Option<Callback<()>>,
    /// Kiosk mode: seconds until the survey starts again by itself.
    pub restart_in: Option<u32>,
}

pub fn thanks(p: &ThanksProps) -> Html {
    let l = p.locale;
    html! {
        <section class="pg-thanks" aria-labelledby={format!("{}-h", p.prefix)}>
            <h2 class="pg-h" id={format!("{}-h", p.prefix)} tabindex="-1">{ t(l, Msg::ThanksTitle) }</h2>
            <p>{ t(l, Msg::ThanksBody) }</p>
            if let Some(r) = p.rating {
                <p class="pg-rating">{ t(l, Msg::YourRating) }{ ": " }<strong>{ i18n::percent(r) }</strong></p>
            }
            if let Some(c) = &p.contact {
                <div class="pg-contact">
                    <h3>{ t(l, Msg::Contact) }</h3>
                    <p class="pg-pre">{ c.clone() }</p>
                </div>
            }
            if let Some(u) = &p.complaint_url {
                <div class="pg-complaint">
                    <p>{ t(l, Msg::ComplaintIntro) }</p>
                    <p><a href={u.clone()} rel="noopener noreferrer" target="_blank">{ t(l, Msg::ComplaintLink) }</a></p>
                </div>
            }
            if let Some(s) = p.restart_in {
                <p class="pg-note">{ i18n::restart_left(l, s) }</p>
            }
            if let Some(cb) = &p.on_restart {
                <button type="button" class="pg-btn" onclick={cb.reform(|_: MouseEvent| ())}>{ t(l, Msg::NextPerson) }</button>
            }
        </section>
    }
}
