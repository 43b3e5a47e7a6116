//! The root component: resolves the configuration (fetching the JSON config file and the
//! instrument when they are URLs), applies the theme, then shows the survey or an error screen.

use std::rc::Rc;

use prongsai_core::Locale;
use yew::prelude::*;

use crate::components::error_screen::ErrorScreen;
use crate::components::survey::Survey;
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

#[derive(Clone, PartialEq)]
enum Phase {
    Loading(Locale),
    Ready(SharedInstrument, Rc<Config>),
    Failed(LoadError, Rc<Config>),
}

fn finish(mut config: Config, result: Result<prongsai_core::Instrument, LoadError>) -> Phase {
    for w in &config.warnings {
        web_sys::console::warn_1(&format!("prongsai: {w}").into());
    }
    config.theme = config.checked_theme();
    for w in config.warnings.iter().filter(|w| w.starts_with("theme")) {
        web_sys::console::warn_1(&format!("prongsai: {w}").into());
    }
    let config = Rc::new(config);
    match result {
        Ok(i) => Phase::Ready(SharedInstrument::new(i), config),
        Err(e) => Phase::Failed(e, config),
    }
}

/// What can be decided without the network (built-in surveys render on the first frame).
fn initial(sources: &Sources) -> Phase {
    let config = sources.resolve(None);
    if sources.config_url().is_some() {
        return Phase::Loading(config.lang);
    }
    match instrument::source(config.survey.as_deref()) {
        Err(e) => finish(config, Err(e)),
        Ok(Source::Builtin(id)) => {
            let r = instrument::builtin(&id);
            finish(config, r)
        }
        Ok(Source::Url(_)) => Phase::Loading(config.lang),
    }
}

async fn load(sources: &Sources) -> Phase {
    let file = match sources.config_url() {
        Some(url) => match instrument::load_config(&url).await {
            Ok(v) => Some(v),
            Err(e) => return finish(sources.resolve(None), Err(e)),
        },
        None => None,
    };
    let config = sources.resolve(file.as_ref());
    let result = instrument::load(config.survey.as_deref()).await;
    finish(config, result)
}

fn apply_theme(root: &NodeRef, config: &Config) {
    let Some(el) = root.cast::<web_sys::HtmlElement>() else {
        return;
    };
    let style = el.style();
    let t = &config.theme;
    for (var, value) in [
        ("--pg-primary", &t.primary),
        ("--pg-bg", &t.background),
        ("--pg-text", &t.text),
    ] {
        if let Some(v) = value {
            let _ = style.set_property(var, v);
        }
    }
}

#[function_component(App)]
pub fn app(p: &AppProps) -> Html {
    let phase = use_state({
        let s = p.sources.clone();
        move || initial(&s)
    });
    let error_locale = use_state(|| None::<Locale>);
    let root = use_node_ref();

    {
        let (phase, sources) = (phase.clone(), p.sources.clone());
        use_effect_with((), move |_| {
            if matches!(*phase, Phase::Loading(_)) {
                wasm_bindgen_futures::spawn_local(async move {
                    let next = load(&sources).await;
                    phase.set(next);
                });
            }
        });
    }
    {
        let (root, prefill) = (root.clone(), p.prefill.clone());
        use_effect_with((*phase).clone(), move |phase| {
            if let Phase::Ready(_, c) | Phase::Failed(_, c) = phase {
                apply_theme(&root, c);
            }
            // Children's effects have run: the survey's markup is in place.
            if let (Phase::Ready(..), Some(prefill), Some(el)) =
                (phase, prefill, root.cast::<web_sys::Element>())
            {
                prefill.replay(&el);
            }
        });
    }

    let body = match &*phase {
        Phase::Loading(l) => html! {
            <p class="pg-loading" lang={lang_attr(*l)} role="status">{ t(*l, Msg::Loading) }</p>
        },
        Phase::Ready(instrument, config) => html! {
            <Survey instrument={instrument.clone()} config={config.clone()} prefix={p.prefix.clone()} />
        },
        Phase::Failed(error, config) => {
            let l = (*error_locale).unwrap_or(config.lang);
            let on_locale = {
                let s = error_locale.clone();
                Callback::from(move |l| s.set(Some(l)))
            };
            html! {
                <div class="pg-app" lang={lang_attr(l)}>
                    <ErrorScreen error={error.clone()} locale={l} {on_locale} />
                </div>
            }
        }
    };
    html! { <div class="prongsai-root" ref={root}>{ body }</div> }
}

/// Element ids of one widget: unique even when a page embeds several.
pub fn next_prefix() -> AttrValue {
    thread_local! {
        static N: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    }
    let n = N.with(|n| {
        n.set(n.get() + 1);
        n.get()
    });
    AttrValue::from(format!("pg{n}"))
}

/// Removes whatever the host page put into the mount point (the pre-wasm placeholder).
pub fn clear(el: &web_sys::Element) {
    while let Some(child) = el.first_child() {
        if el.remove_child(&child).is_err() {
            break;
        }
    }
}
