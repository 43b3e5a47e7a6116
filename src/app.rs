//! The root component: resolves the configuration (fetching the JSON config file and the
//! instrument when the page does not carry it), applies the theme, then shows the survey or an error screen.
//!
//! Its props may change while it runs (an attribute of `<prongsai-survey>` changed): the
//! configuration is resolved again; a different survey is loaded; a different unit, service
//! point or kiosk setting starts a fresh survey; a different language, theme or text size
//! keeps the answers.

use std::rc::Rc;

use prongsai_core::Locale;
use serde_json::Value;
use yew::prelude::*;

use crate::components::code_gate::CodeGate;
use crate::components::error_screen::ErrorScreen;
use crate::error::LoadError;
use crate::i18n::{lang_attr, t, Msg};
use crate::prefill::Prefill;
use crate::services::config::{Config, Sources};
use crate::services::instrument::{self, Source};
use crate::state::SharedInstrument;

#[derive(Properties, PartialEq)]
pub struct AppProps {
    pub sources: Rc<Sources>,
    /// Unique per mounted widget (`pg1`, `pg2`, …).
    pub prefix: AttrValue,
    /// What the respondent did on the pre-rendered first screen, to replay once mounted.
    #[prop_or_default]
    pub prefill: Option<Rc<Prefill>>,
}

/// A document fetched for a URL: the URL it belongs to and the outcome.
type Fetched<T> = Option<(String, Result<T, LoadError>)>;

#[derive(Clone, PartialEq)]
enum Phase {
    Loading(Locale),
    Ready(SharedInstrument, Rc<Config>),
    Failed(LoadError, Rc<Config>),
}

/// The configuration with its theme checked; warnings go to the console.
fn finish_config(mut config: Config) -> Rc<Config> {
    config.theme = config.checked_theme();
    for w in &config.warnings {
        web_sys::console::warn_1(&format!("prongsai: {w}").into());
    }
    Rc::new(config)
}

fn apply_theme(root: &NodeRef, config: &Config) {
    let Some(el) = root.cast::<web_sys::HtmlElement>() else {
        return;
    };
    // CSSOM, not a style attribute: allowed under a CSP without 'unsafe-inline'.
    let style = el.style();
    for (var, value) in config.theme.properties() {
        let _ = match value {
            Some(v) => style.set_property(var, &v),
            None => style.remove_property(var).map(|_| ()),
        };
    }
}

/// What makes a survey a different one: a change of any of these starts afresh.
fn identity(config: &Config) -> String {
    format!(
        "{}\u{1f}{}\u{1f}{}\u{1f}{}",
        config.survey.as_deref().unwrap_or(""),
        config.unit.as_deref().unwrap_or(""),
        config.point.as_deref().unwrap_or(""),
        config.kiosk
    )
}

#[function_component(App)]
pub fn app(p: &AppProps) -> Html {
    let root = use_node_ref();
    let error_locale = use_state(|| None::<Locale>);

    // 1. The JSON config file, when a source names one.
    let config_url = p.sources.config_url();
    let file = use_state(|| None as Fetched<Rc<Value>>);
    {
        let file = file.clone();
        use_effect_with(config_url.clone(), move |url| {
            if let Some(url) = url.clone() {
                if file.as_ref().map(|(u, _)| u) != Some(&url) {
                    wasm_bindgen_futures::spawn_local(async move {
                        let r = instrument::load_config(&url).await.map(Rc::new);
                        file.set(Some((url, r)));
                    });
                }
            }
        });
    }
    let file_now: Option<Result<Option<Rc<Value>>, LoadError>> = match &config_url {
        None => Some(Ok(None)),
        Some(url) => match &*file {
            Some((u, r)) if u == url => Some(r.clone().map(Some)),
            _ => None,
        },
    };

    // 2. The configuration: the sources merged over the file.
    let config = use_memo(
        (p.sources.clone(), file_now.clone()),
        |(sources, file)| match file {
            Some(Ok(f)) => Some(finish_config(sources.resolve(f.as_deref()))),
            Some(Err(_)) => Some(finish_config(sources.resolve(None))),
            None => None,
        },
    );

    // 3. The instrument: from the page at once (first frame), or else fetched (an id from the
    //    widget's server, a URL as given).
    let survey = config.as_ref().as_ref().and_then(|c| c.survey.clone());
    let source = use_memo(survey, |s| instrument::source(s.as_deref()));
    let from_page = use_memo(source.clone(), |source| match &**source {
        Ok(Source::Id(id)) => instrument::from_page(id).map(|r| r.map(SharedInstrument::new)),
        Ok(Source::Url(_)) => None,
        Err(e) => Some(Err(e.clone())),
    });
    let wanted: Option<(Source, String)> = match (&*from_page, &*source) {
        (None, Ok(src)) => Some((src.clone(), instrument::url(src, p.sources.base.as_deref()))),
        _ => None,
    };
    let remote = use_state(|| None as Fetched<SharedInstrument>);
    {
        let remote = remote.clone();
        use_effect_with(wanted.clone(), move |wanted| {
            if let Some((src, url)) = wanted.clone() {
                if remote.as_ref().map(|(u, _)| u) != Some(&url) {
                    wasm_bindgen_futures::spawn_local(async move {
                        let r = instrument::fetch(&src, &url)
                            .await
                            .map(SharedInstrument::new);
                        remote.set(Some((url, r)));
                    });
                }
            }
        });
    }

    let phase = match (&file_now, &*config) {
        (Some(Err(e)), Some(c)) => Phase::Failed(e.clone(), c.clone()),
        (_, None) => Phase::Loading(p.sources.resolve(None).lang),
        (_, Some(c)) => match &*from_page {
            Some(Ok(i)) => Phase::Ready(i.clone(), c.clone()),
            Some(Err(e)) => Phase::Failed(e.clone(), c.clone()),
            None => match (&*remote, &wanted) {
                (Some((u, r)), Some((_, w))) if u == w => match r {
                    Ok(i) => Phase::Ready(i.clone(), c.clone()),
                    Err(e) => Phase::Failed(e.clone(), c.clone()),
                },
                _ => Phase::Loading(c.lang),
            },
        },
    };

    {
        let root = root.clone();
        let config = match &phase {
            Phase::Ready(_, c) | Phase::Failed(_, c) => Some(c.clone()),
            Phase::Loading(_) => None,
        };
        use_effect_with(config, move |c| {
            if let Some(c) = c {
                apply_theme(&root, c);
            }
        });
    }
    {
        let (root, prefill) = (root.clone(), p.prefill.clone());
        let ready = matches!(phase, Phase::Ready(..));
        use_effect_with(ready, move |ready| {
            // Children's effects have run: the survey's markup is in place.
            if let (true, Some(prefill), Some(el)) =
                (*ready, prefill, root.cast::<web_sys::Element>())
            {
                prefill.replay(&el);
            }
        });
    }

    let body = match &phase {
        Phase::Loading(l) => html! {
            <p class="pg-loading" lang={lang_attr(*l)} role="status">{ t(*l, Msg::Loading) }</p>
        },
        Phase::Ready(instrument, config) => html! {
            <CodeGate key={identity(config)} instrument={instrument.clone()} config={config.clone()}
                prefix={p.prefix.clone()} />
        },
        Phase::Failed(error, config) => {
            let l = (*error_locale).unwrap_or(config.lang);
            let on_locale = {
                let s = error_locale.clone();
                Callback::from(move |l| s.set(Some(l)))
            };
            let contact = config
                .contact
                .as_ref()
                .map(|c| AttrValue::from(c.get(l).to_string()));
            html! {
                <div class="pg-app" lang={lang_attr(l)}>
                    <ErrorScreen error={error.clone()} locale={l} {on_locale} {contact} />
                </div>
            }
        }
    };
    html! { <div class="prongsai-root" ref={root}>{ body }</div> }
}

/// The prefix of the first widget mounted on a page (the one at `#prongsai`, whose first screen
/// the server renders with the same element ids).
pub const FIRST_PREFIX: &str = "pg1";

/// Element ids of one widget: unique even when a page embeds several.
pub fn next_prefix() -> AttrValue {
    thread_local! {
        static N: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    }
    let n = N.with(|n| {
        n.set(n.get() + 1);
        n.get()
    });
    if n == 1 {
        AttrValue::from(FIRST_PREFIX)
    } else {
        AttrValue::from(format!("pg{n}"))
    }
}

/// Removes whatever the host page put into the mount point (the pre-wasm placeholder).
pub fn clear(el: &web_sys::Element) {
    while let Some(child) = el.first_child() {
        if el.remove_child(&child).is_err() {
            break;
        }
    }
}
