//! Kiosk: the countdown before a half-filled survey is cleared for the next person.

use prongsai_core::Locale;
use yew::prelude::*;

use crate::i18n::{self, t, Msg};

pub struct IdleWarningProps {
    /// Seconds left.
    pub seconds: u32,
    pub locale: Locale,
    pub on_continue: Callback<()>,
}

pub fn idle_warning(p: &IdleWarningProps) -> Html {
    let l = p.locale;
    html! {
        <div class="pg-idle">
            <p role="alert"><strong>{ t(l, Msg::IdleTitle) }</strong></p>
            <p role="timer">{ i18n::idle_left(l, p.seconds) }</p>
            <button type="button" class="pg-btn" onclick={p.on_continue.reform(|_: MouseEvent| ())}>
                { t(l, Msg::IdleContinue) }
            </button>
        </div>
    }
}
