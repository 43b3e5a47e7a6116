//! The page's language and title follow the survey's, when the page is prongsai's own.

use prongsai_core::Locale;
use yew::prelude::*;

use crate::i18n::lang_attr;
use crate::services::platform;

#[hook]
pub fn use_page_language(locale: Locale, title: String) {
    use_effect_with(locale, move |l| {
        if let Some(html) = platform::own_page() {
            let _ = html.set_attribute("lang", lang_attr(*l));
            if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
                doc.set_title(&title);
            }
        }
    });
}
