//! A loaded instrument being filled: owns the reducer, wires the named hooks (focus, draft
//! autosave, submit queue, kiosk clock and lifecycle) and shows the current screen (one module
//! a screen, `screens/`) under the header.
//!
//! Renders the same first frame in the browser and natively on the server (`ssr` feature):
//! nothing here reads storage, clocks or the network state while rendering.

use std::rc::Rc;

use prongsai_core::Kind;
use serde_json::Value;
use yew::prelude::*;

use super::header::{header, HeaderProps};
use super::idle_warning::{idle_warning, IdleWarningProps};
use super::queue_status::{queue_status_view, QueueStatusViewProps};
use super::resume_banner::{resume_banner, ResumeBannerProps};
use super::screen_tools::{
    fullscreen_button, large_toggle, FullscreenButtonProps, LargeToggleProps,
};
use super::screens::{self, ScreenArgs};
use crate::hooks::draft::use_draft_autosave;
use crate::hooks::focus::use_screen_focus;
use crate::hooks::kiosk::{use_kiosk_clock, Activity};
use crate::hooks::kiosk_lifecycle::{use_fullscreen, use_kiosk_lifecycle};
use crate::hooks::page::use_page_language;
use crate::hooks::submit::{use_queue_status, use_submit_queue};
use crate::i18n::{lang_attr, t, Msg};
use crate::services::config::Config;
use crate::services::draft;
use crate::services::platform;
use crate::state::{
    tap_item, visible_sections, Action, Mode, Screen, SharedInstrument, SurveyState,
};

#[derive(Properties, PartialEq)]
pub struct SurveyProps {
    pub instrument: SharedInstrument,
    pub config: Rc<Config>,
    /// Unique per mounted widget; prefixes every element id.
    pub prefix: AttrValue,
    /// The one-time code a code survey is answered with (checked by `code_gate.rs`).
    #[prop_or_default]
    pub code: Option<AttrValue>,
}

#[function_component(Survey)]
pub fn survey(p: &SurveyProps) -> Html {
    let config = p.config.clone();
    let kiosk = config.kiosk;
    let draft_key = use_memo(p.instrument.clone(), {
        let unit = config.unit.clone();
        move |i| draft::key(i, unit.as_deref())
    });
    let state = use_reducer({
        let (instrument, config) = (p.instrument.clone(), config.clone());
        move || {
            let mode = Mode {
                tap: if config.kiosk {
                    tap_item(&instrument)
                } else {
                    None
                },
                follow_up: config.kiosk_times.reason_ms > 0,
            };
            SurveyState::new(instrument, config.lang, None).with(config.large, mode)
        }
    });
    let root = use_node_ref();
    let status = use_queue_status();
    let activity = use_memo((), |_| Activity::default());
    let clock = use_kiosk_clock(kiosk, config.kiosk_times, &state, &activity);
    let (fullscreen_available, fullscreen) = use_fullscreen(kiosk);

    use_screen_focus(&root, &p.prefix, &state);
    use_page_language(
        state.locale,
        state.instrument.title.get(state.locale).to_string(),
    );
    use_draft_autosave(&state, &draft_key, kiosk);
    use_submit_queue(&state, &config, &root, &draft_key, p.code.clone());
    use_kiosk_lifecycle(&state, &config);

    // Settings changed while running (an attribute of <prongsai-survey>): language and text
    // size follow, the answers stay.
    {
        let previous = use_mut_ref(|| (config.lang, config.large));
        let dispatcher = state.dispatcher();
        use_effect_with((config.lang, config.large), move |now| {
            if *previous.borrow() != *now {
                *previous.borrow_mut() = *now;
                dispatcher.dispatch(Action::SetDefaults(now.0, now.1));
            }
        });
    }

    let dispatcher = state.dispatcher();
    let on_answer = use_callback(
        dispatcher.clone(),
        |(code, v): (String, Option<Value>), d| {
            d.dispatch(match v {
                Some(v) => Action::Answer(code, v),
                None => Action::Clear(code),
            })
        },
    );
    let on_locale = use_callback(dispatcher.clone(), |l, d| d.dispatch(Action::SetLocale(l)));
    let on_large = use_callback(dispatcher.clone(), |on, d| d.dispatch(Action::SetLarge(on)));
    // Any touch, key or input inside the widget (the kiosk clock's idea of activity). Made once:
    // new closures on every render would re-register the listeners each time.
    let (onpointerdown, onkeydown, oninput) = (*use_memo((), {
        let a = (*activity).clone();
        move |_| {
            let (a1, a2, a3) = (a.clone(), a.clone(), a);
            (
                Callback::from(move |_: PointerEvent| a1.touch()),
                Callback::from(move |_: KeyboardEvent| a2.touch()),
                Callback::from(move |_: InputEvent| a3.touch()),
            )
        }
    }))
    .clone();

    let l = state.locale;
    let inst = &state.instrument;
    let first_visible = visible_sections(inst, &state.answers).first().copied();
    let args = ScreenArgs {
        state: &state,
        config: &config,
        prefix: &p.prefix,
        dispatch: dispatcher.to_callback(),
        on_answer,
        clock,
    };
    let content = match (&state.screen, &state.mode.tap) {
        (Screen::Section(i), Some(code)) if first_visible == Some(*i) => {
            screens::tap::view(&args, *i, code)
        }
        (Screen::Section(i), _) => screens::section::view(&args, *i, first_visible == Some(*i)),
        (Screen::Reason, _) => screens::reason::view(&args),
        (Screen::Review, _) => screens::review::view(&args),
        (Screen::Submitting, _) => html! { <p class="pg-intro">{ t(l, Msg::Sending) }</p> },
        (Screen::Done(done), _) => screens::done::view(&args, done, &status),
    };
    // After the first screen the header shrinks to one line (the survey's notices were read).
    let compact = !matches!(state.screen, Screen::Section(i) if first_visible == Some(i));

    let tools = {
        let fs = (kiosk && fullscreen_available).then(|| {
            let root = root.clone();
            let on_toggle = Callback::from(move |_| {
                if let Some(el) = root.cast::<web_sys::Element>() {
                    platform::toggle_fullscreen(&el);
                }
            });
            fullscreen_button(&FullscreenButtonProps {
                active: fullscreen,
                locale: l,
                on_toggle,
            })
        });
        html! {
            <>
                { large_toggle(&LargeToggleProps { large: state.large, locale: l, on_change: on_large }) }
                { fs.unwrap_or_default() }
            </>
        }
    };
    // "Continue" counts as a touch also when a screen reader activates it (no pointer or key event).
    let on_continue = {
        let a = (*activity).clone();
        Callback::from(move |_| a.touch())
    };

    html! {
        <div class={classes!("pg-app", kiosk.then_some("pg-kiosk"), state.large.then_some("pg-large"))}
            lang={lang_attr(l)} ref={root} {onpointerdown} {onkeydown} {oninput}>
            { header(&HeaderProps {
                title: AttrValue::from(inst.title.get(l).to_string()), compact,
                ita: matches!(inst.kind, Kind::Iit | Kind::Eit), anonymous: inst.anonymous, locale: l,
                on_locale, children: tools,
            }) }
            if state.resume.is_some() {
                { resume_banner(&ResumeBannerProps {
                    locale: l,
                    on_resume: dispatcher.to_callback().reform(|_| Action::Resume),
                    on_discard: dispatcher.to_callback().reform(|_| Action::Discard),
                }) }
            }
            if let Some(s) = clock.idle_left {
                { idle_warning(&IdleWarningProps { seconds: s, locale: l, on_continue }) }
            }
            if status.memory_only && !matches!(state.screen, Screen::Done(_)) {
                <p class="pg-warn">{ t(l, Msg::StorageBlocked) }</p>
            }
            <div class="pg-screen" key={state.restarts.to_string()}>{ content }</div>
            { queue_status_view(&QueueStatusViewProps {
                status, locale: l, submitted: state.submit_seq > 0,
                storage_warning: matches!(state.screen, Screen::Done(_)),
            }) }
        </div>
    }
}
