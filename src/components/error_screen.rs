//! The screen shown instead of a survey that cannot be opened: what is wrong, precisely, in
//! Thai or English (never a blank page).

use prongsai_core::{builtin, Locale};
use yew::prelude::*;

use super::lang_switch::LangSwitch;
use crate::error::LoadError;
use crate::i18n::{t, Msg};

#[derive(Properties, PartialEq)]
pub struct ErrorScreenProps {
    pub error: LoadError,
    pub locale: Locale,
    pub on_locale: Callback<Locale>,
}

#[function_component(ErrorScreen)]
pub fn error_screen(p: &ErrorScreenProps) -> Html {
    let l = p.locale;
    let details = p.error.details(l);
    html! {
        <div class="pg-error-screen" role="alert">
            <div class="pg-titlebar">
                <h1 class="pg-title">{ t(l, Msg::ErrorTitle) }</h1>
                <LangSwitch locale={l} on_change={p.on_locale.clone()} />
            </div>
            <p class="pg-error-head">{ p.error.headline(l) }</p>
            if !details.is_empty() {
                <ul class="pg-details">
                    { for details.into_iter().map(|d| html! { <li><code>{ d }</code></li> }) }
                </ul>
            }
            if p.error.lists_builtins() {
                <p>{ t(l, Msg::BuiltinIds) }</p>
                <ul class="pg-details">
                    { for builtin::IDS.iter().map(|id| html! { <li><code>{ format!("survey={id}") }</code></li> }) }
                </ul>
            }
            <p class="pg-note">{ t(l, Msg::ErrorHelp) }</p>
        </div>
    }
}
