//! The screen shown instead of a survey that cannot be opened: a friendly message in Thai or
//! English and how to reach the agency (never a blank page). The technical detail (the value
//! given, the URL, every JSON path of an invalid instrument) goes to the browser console for
//! the webmaster; the server's own error page (same component) logs it on the server.

use prongsai_core::Locale;
use yew::prelude::*;

use super::lang_switch::{lang_switch, LangSwitchProps};
use crate::error::LoadError;
use crate::i18n::{t, Msg};

#[derive(Properties, PartialEq)]
pub struct ErrorScreenProps {
    pub error: LoadError,
    pub locale: Locale,
    pub on_locale: Callback<Locale>,
    /// The agency's contact channels (settings), if known.
    #[prop_or_default]
    pub contact: Option<AttrValue>,
}

#[function_component(ErrorScreen)]
pub fn error_screen(p: &ErrorScreenProps) -> Html {
    let l = p.locale;
    {
        let error = p.error.clone();
        use_effect_with(error, |error| {
            let mut text = format!("prongsai: {}", error.headline(Locale::En));
            for d in error.details(Locale::En) {
                text.push_str("\n  ");
                text.push_str(&d);
            }
            web_sys::console::error_1(&text.into());
        });
    }
    html! {
        <div class="pg-error-screen" role="alert">
            <div class="pg-titlebar">
                <h1 class="pg-title">{ p.error.title(l) }</h1>
                { lang_switch(&LangSwitchProps { locale: l, on_change: p.on_locale.clone() }) }
            </div>
            <p class="pg-error-head">{ p.error.headline(l) }</p>
            <p>{ p.error.advice(l) }</p>
            if let Some(c) = &p.contact {
                <div class="pg-contact">
                    <h2>{ t(l, Msg::Contact) }</h2>
                    <p class="pg-pre">{ c.clone() }</p>
                </div>
            } else {
                <p class="pg-note">{ t(l, Msg::ErrorHelp) }</p>
            }
        </div>
    }
}
