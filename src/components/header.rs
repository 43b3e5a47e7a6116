//! Title, language switch (and the other screen tools), and what the respondent must know on every screen: that this is the
//! agency's own assessment (never the official ITA result) and, where true, that it is anonymous.

use prongsai_core::Locale;
use yew::prelude::*;

use super::lang_switch::{lang_switch, LangSwitchProps};
use crate::i18n::{t, Msg};

pub struct HeaderProps {
    /// The instrument's title in the current language.
    pub title: AttrValue,
    /// An ITA perception tool (IIT/EIT): show the "own assessment" notice.
    pub ita: bool,
    pub anonymous: bool,
    pub locale: Locale,
    pub on_locale: Callback<Locale>,
    /// After the first screen: a one-line title and small notices (the screen's questions
    /// come first on a phone).
    pub compact: bool,
    /// More buttons beside the language switch (larger text, full screen).
    pub children: Html,
}

pub fn header(p: &HeaderProps) -> Html {
    let l = p.locale;
    let ita = p.ita;
    html! {
        <header class={classes!("pg-head", p.compact.then_some("pg-compact"))}>
            <div class="pg-titlebar">
                <h1 class="pg-title">{ p.title.clone() }</h1>
                <div class="pg-tools">
                    { lang_switch(&LangSwitchProps { locale: l, on_change: p.on_locale.clone() }) }
                    { p.children.clone() }
                </div>
            </div>
            if ita { <p class="pg-own">{ t(l, Msg::OwnAssessment) }</p> }
            if p.anonymous { <p class="pg-anon">{ t(l, Msg::Anonymous) }</p> }
        </header>
    }
}
