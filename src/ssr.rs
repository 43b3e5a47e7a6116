//! The widget rendered natively (`ssr` feature): `prongsai serve` sends the first screen of a
//! survey, made by these very components, in the page's first response. Native radios, selects
//! and text fields work before the wasm arrives; when it does, it replaces this markup with its
//! own and replays what was done meanwhile (`prefill.rs`, the carry-over).
//!
//! Carry-over, not Yew hydration. Measured on this widget (wasm after wasm-opt -Oz, Dec 2026):
//! the `hydration` feature adds 37,435 B raw / 12,747 B brotli-11 (767,948 → 805,383 B raw,
//! 237,398 → 250,145 B brotli-11, +5.4 %), and hydration only works when the markup is exactly
//! what the wasm would render itself, which a respondent's ticks before the takeover (and a
//! stored draft offered one frame later) change. The carry-over adds nothing to the wasm beyond
//! `prefill.rs` and keeps every answer; its takeover, EIT on an emulated phone (slow 4G, 4× CPU,
//! a busy 2-core machine, debug server): 0.74–0.88 s from the wasm's arrival to the widget
//! running with the answers replayed (`e2e/takeover.mjs`).

use std::rc::Rc;

use prongsai_core::{Instrument, Locale};
use yew::prelude::*;

use crate::app::FIRST_PREFIX;
use crate::components::code_gate::{code_screen, CodeScreenProps};
use crate::components::error_screen::ErrorScreen;
use crate::components::survey::Survey;
use crate::error::LoadError;
use crate::i18n::lang_attr;
use crate::services::config::{Config, Sources, KEYS};
use crate::state::SharedInstrument;

/// The settings a page URL's query gives the widget at `#prongsai` (what the wasm will read too).
pub fn page_config(query: &[(String, String)]) -> Config {
    let sources = Sources {
        query: query
            .iter()
            .filter(|(k, _)| KEYS.contains(&k.as_str()))
            .cloned()
            .collect(),
        ..Sources::default()
    };
    let mut config = sources.resolve(None);
    config.theme = config.checked_theme();
    config
}

#[derive(Properties, PartialEq)]
struct FirstScreenProps {
    instrument: SharedInstrument,
    config: Rc<Config>,
}

#[function_component(FirstScreen)]
fn first_screen(p: &FirstScreenProps) -> Html {
    html! {
        <div class="prongsai-root">
            <Survey instrument={p.instrument.clone()} config={p.config.clone()}
                prefix={AttrValue::from(FIRST_PREFIX)} />
        </div>
    }
}

/// The first screen of `instrument` with `config` (language, kiosk, larger text), as HTML.
pub async fn render_first_screen(instrument: Instrument, config: Config) -> String {
    yew::ServerRenderer::<FirstScreen>::with_props(move || FirstScreenProps {
        instrument: SharedInstrument::new(instrument),
        config: Rc::new(config),
    })
    .hydratable(false)
    .render()
    .await
}

#[derive(Properties, PartialEq)]
struct CodePageProps {
    title: AttrValue,
    locale: Locale,
    code: AttrValue,
}

#[function_component(CodePage)]
fn code_page(p: &CodePageProps) -> Html {
    html! {
        <div class="prongsai-root">
            { code_screen(&CodeScreenProps {
                title: p.title.clone(), locale: p.locale,
                prefix: AttrValue::from(FIRST_PREFIX), value: p.code.clone(),
                ..CodeScreenProps::default()
            }) }
        </div>
    }
}

/// The first screen of a survey that needs a one-time code: the code screen (the code from
/// the link's `code=` already in the field), never a question; the wasm checks the code.
pub async fn render_code_screen(instrument: &Instrument, config: &Config) -> String {
    let (title, locale) = (instrument.title.get(config.lang).to_string(), config.lang);
    let code = config.code.clone().unwrap_or_default();
    yew::ServerRenderer::<CodePage>::with_props(move || CodePageProps {
        title: AttrValue::from(title),
        locale,
        code: AttrValue::from(code),
    })
    .hydratable(false)
    .render()
    .await
}

#[derive(Properties, PartialEq)]
struct ErrorPageProps {
    error: LoadError,
    locale: Locale,
    contact: Option<AttrValue>,
}

#[function_component(ErrorPage)]
fn error_page(p: &ErrorPageProps) -> Html {
    html! {
        <div class="prongsai-root">
            <div class="pg-app" lang={lang_attr(p.locale)}>
                <ErrorScreen error={p.error.clone()} locale={p.locale}
                    on_locale={Callback::noop()} contact={p.contact.clone()} />
            </div>
        </div>
    }
}

/// Why a survey page cannot be shown.
pub enum PageError {
    /// No `survey` in the query.
    NoSurvey,
    /// A `survey` id the server does not serve.
    Unknown(String),
}

/// The error screen for a page that cannot show a survey, as HTML (the same screen the wasm
/// shows); `contact` is the agency's contact text from the server's settings.
pub async fn render_error(error: PageError, locale: Locale, contact: Option<String>) -> String {
    let error = match error {
        PageError::NoSurvey => LoadError::NoSurvey,
        PageError::Unknown(id) => LoadError::UnknownSurvey(id),
    };
    yew::ServerRenderer::<ErrorPage>::with_props(move || ErrorPageProps {
        error,
        locale,
        contact: contact.map(AttrValue::from),
    })
    .hydratable(false)
    .render()
    .await
}
