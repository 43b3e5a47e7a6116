//! The Thai/English switch; answers are kept.

use prongsai_core::Locale;
use yew::prelude::*;

use crate::i18n::{lang_attr, other, t, Msg};

pub struct LangSwitchProps {
    pub locale: Locale,
    pub on_change: Callback<Locale>,
}

pub fn lang_switch(p: &LangSwitchProps) -> Html {
    let target = other(p.locale);
    let onclick = p.on_change.reform(move |_: MouseEvent| target);
    html! {
        <button type="button" class="pg-lang" lang={lang_attr(target)} {onclick}>
            { t(p.locale, Msg::SwitchLanguage) }
        </button>
    }
}
