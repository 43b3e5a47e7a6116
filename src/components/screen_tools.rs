//! Buttons every screen offers next to the language switch: larger text and, in kiosk mode,
//! full screen.

use prongsai_core::Locale;
use yew::prelude::*;

use crate::i18n::{t, Msg};

pub struct LargeToggleProps {
    pub large: bool,
    pub locale: Locale,
    pub on_change: Callback<bool>,
}

/// "ตัวอักษรใหญ่ / Larger text", a toggle button (aria-pressed).
pub fn large_toggle(p: &LargeToggleProps) -> Html {
    let on = p.large;
    let onclick = p.on_change.reform(move |_: MouseEvent| !on);
    html! {
        <button type="button" class="pg-tool" aria-pressed={if on { "true" } else { "false" }} {onclick}>
            <span class="pg-aa" aria-hidden="true">{ "ก" }<span>{ "ก" }</span></span>
            { t(p.locale, Msg::LargerText) }
        </button>
    }
}

pub struct FullscreenButtonProps {
    pub active: bool,
    pub locale: Locale,
    pub on_toggle: Callback<()>,
}

/// Kiosk: enter or leave full screen.
pub fn fullscreen_button(p: &FullscreenButtonProps) -> Html {
    let label = if p.active {
        Msg::ExitFullscreen
    } else {
        Msg::Fullscreen
    };
    html! {
        <button type="button" class="pg-tool" onclick={p.on_toggle.reform(|_: MouseEvent| ())}>
            { t(p.locale, label) }
        </button>
    }
}
