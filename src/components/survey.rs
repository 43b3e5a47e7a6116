//! A loaded instrument being filled: owns the reducer and performs the side effects its state
//! asks for (focus, drafts, queueing the completed response, the `prongsai-submitted` event,
//! the kiosk clock and resets).

use std::rc::Rc;

use prongsai_core::{score_response, Envelope, Kind};
use serde_json::{json, Value};
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

use super::choice::Choice;
use super::header::Header;
use super::idle_warning::IdleWarning;
use super::item_view::{choices, focus_id};
use super::queue_status::QueueStatusView;
use super::quick_tap::QuickTap;
use super::resume_banner::ResumeBanner;
use super::review::Review;
use super::screen_tools::{FullscreenButton, LargeToggle};
use super::section_view::SectionView;
use super::thanks::Thanks;
use crate::hooks::kiosk::{use_kiosk_clock, Activity};
use crate::i18n::{self, lang_attr, t, Msg};
use crate::services::config::Config;
use crate::services::draft::{self, Draft};
use crate::services::platform::{self, Listener};
use crate::services::queue::Entry;
use crate::services::sender::sender;
use crate::services::storage;
use crate::state::{
    effective_answers, section_of, tap_item, visible_sections, Action, Done, Focus, Mode, Screen,
    SharedInstrument, SurveyState,
};

#[derive(Properties, PartialEq)]
pub struct SurveyProps {
    pub instrument: SharedInstrument,
    pub config: Rc<Config>,
    /// Unique per mounted widget; prefixes every element id.
    pub prefix: AttrValue,
}

fn focus_element(root: &NodeRef, id: &str) -> bool {
    let Some(root) = root.cast::<web_sys::Element>() else {
        return false;
    };
    let Ok(Some(el)) = root.query_selector(&format!("#{id}")) else {
        return false;
    };
    match el.dyn_into::<HtmlElement>() {
        Ok(el) => el.focus().is_ok(),
        Err(_) => false,
    }
}

/// Builds the envelope of the completed response in `state` and queues it (persisted before
/// any attempt to send). Returns what the `prongsai-submitted` event tells the host page, and
/// the respondent's own satisfaction percent.
fn queue_response(state: &SurveyState, config: &Config) -> (Value, Option<f64>) {
    let inst = &state.instrument;
    let answers = effective_answers(inst, &state.answers);
    let id = platform::new_id();
    let envelope = Envelope::new(
        inst,
        id.clone(),
        config.unit.clone(),
        config.point.clone(),
        platform::today(),
        state.locale,
        answers.clone(),
    );
    let rating = match inst.kind {
        Kind::Satisfaction | Kind::Quick => score_response(inst, &answers).overall_percent,
        _ => None,
    };
    match serde_json::to_string(&envelope) {
        Ok(body) => {
            sender().submit(Entry {
                id: id.clone(),
                endpoint: config.endpoint.clone(),
                body,
                queued: platform::now_ms(),
                attempts: 0,
                rejected: None,
            });
        }
        Err(e) => {
            web_sys::console::error_1(&format!("prongsai: cannot encode the response: {e}").into())
        }
    }
    let detail = json!({ "id": id, "instrument": inst.id, "scores": envelope.scores });
    (detail, rating)
}

#[function_component(Survey)]
pub fn survey(p: &SurveyProps) -> Html {
    let config = p.config.clone();
    let kiosk = config.kiosk;
    let store = use_memo((), |_| storage::shared());
    let draft_key = use_memo(p.instrument.clone(), {
        let unit = config.unit.clone();
        move |i| draft::key(i, unit.as_deref())
    });
    let state = use_reducer({
        let instrument = p.instrument.clone();
        let (store, key, config) = (store.clone(), draft_key.clone(), config.clone());
        move || {
            let resume = if config.kiosk {
                None
            } else {
                draft::load(&*store.kv, &key, platform::now_ms())
            };
            let mode = Mode {
                tap: if config.kiosk {
                    tap_item(&instrument)
                } else {
                    None
                },
                follow_up: config.kiosk_times.reason_ms > 0,
            };
            SurveyState::new(instrument, config.lang, resume).with(config.large, mode)
        }
    });
    let root = use_node_ref();
    let status = use_state(|| sender().status());
    let activity = use_memo((), |_| Activity::default());
    let clock = use_kiosk_clock(kiosk, config.kiosk_times, &state, &activity);
    let fullscreen = use_state_eq(platform::is_fullscreen);

    // Queue status line.
    {
        let setter = status.setter();
        use_effect_with((), move |_| {
            let s = sender();
            let id = s.subscribe(Callback::from(move |st| setter.set(st)));
            // The sender may have progressed since the first render.
            s.notify();
            move || s.unsubscribe(id)
        });
    }

    // Focus: the new screen's heading, or the first missing answer. Always inside this widget's
    // own root (which may be inside a shadow root): never `document.getElementById`.
    {
        let (root, prefix, focus, instrument) = (
            root.clone(),
            p.prefix.clone(),
            state.focus.clone(),
            state.instrument.clone(),
        );
        use_effect_with(state.focus_seq, move |_| {
            let heading = format!("{prefix}-h");
            match focus {
                Focus::None => {}
                Focus::Heading => {
                    focus_element(&root, &heading);
                }
                Focus::Field(code) => {
                    let scale = section_of(&instrument, &code)
                        .and_then(|s| {
                            instrument.sections[s].items.iter().find(|i| {
                                i.code == code
                                    || instrument.answer_codes(i).contains(&code.as_str())
                            })
                        })
                        .and_then(|i| instrument.scale(&i.scale));
                    if !focus_element(&root, &focus_id(&prefix, &code, scale)) {
                        focus_element(&root, &heading);
                    }
                }
            }
        });
    }

    // The page's language and title, when the page is ours.
    {
        let title = state.instrument.title.get(state.locale).to_string();
        use_effect_with(state.locale, move |l| {
            if let Some(html) = platform::own_page() {
                let _ = html.set_attribute("lang", lang_attr(*l));
                if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
                    doc.set_title(&title);
                }
            }
        });
    }

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

    // Drafts: saved on every change, never in kiosk mode, untouched while one is offered.
    {
        let (store, key) = (store.clone(), draft_key.clone());
        let deps = (
            state.answers.clone(),
            state.screen.clone(),
            state.resume.is_some(),
        );
        use_effect_with(deps, move |(answers, screen, offering)| {
            if kiosk || *offering {
                return;
            }
            let section = match screen {
                Screen::Section(i) => *i,
                Screen::Review => usize::MAX,
                _ => return,
            };
            if answers.is_empty() {
                draft::clear(&*store.kv, &key);
            } else {
                let draft = Draft {
                    answers: answers.clone(),
                    section,
                    saved: platform::now_ms(),
                };
                draft::save(&*store.kv, &key, &draft);
            }
        });
    }

    // Submitting: queue the envelope, clear the draft, tell the host page.
    {
        let (state2, store, key, config, root) = (
            state.clone(),
            store.clone(),
            draft_key.clone(),
            config.clone(),
            root.clone(),
        );
        use_effect_with(state.submit_seq, move |_| {
            if state2.screen != Screen::Submitting {
                return;
            }
            let (detail, rating) = queue_response(&state2, &config);
            draft::clear(&*store.kv, &key);
            state2.dispatch(Action::Submitted(Done { rating }));
            if let Some(el) = root.cast::<web_sys::Element>() {
                platform::emit_submitted(&el, &detail);
            }
        });
    }

    // Kiosk: a page leaving while a one-tap rating waits on its follow-up screen still counts
    // (queued, sent on the next visit); a page coming back from the back/forward cache starts
    // afresh; every fresh start replaces the history entry.
    {
        let state2 = state.clone();
        let config2 = config.clone();
        let deps = (kiosk, state.screen == Screen::Reason, state.restarts);
        use_effect_with(deps, move |(kiosk, on_reason, restarts)| {
            let mut listeners = Vec::new();
            if *kiosk {
                if *restarts > 0 {
                    platform::forget_history();
                }
                if let Some(w) = web_sys::window() {
                    let d = state2.dispatcher();
                    listeners.push(Listener::new(&w, "pageshow", move |e| {
                        if platform::restored_from_cache(&e) {
                            d.dispatch(Action::Restart);
                        }
                    }));
                    if *on_reason {
                        let (s, c) = (state2.clone(), config2.clone());
                        let sent = std::cell::Cell::new(false);
                        listeners.push(Listener::new(&w, "pagehide", move |_| {
                            if !sent.replace(true) {
                                let mut done = (*s).clone();
                                done.apply(Action::Finish);
                                if done.screen == Screen::Submitting {
                                    queue_response(&done, &c);
                                }
                            }
                        }));
                    }
                }
            }
            move || drop(listeners)
        });
    }

    // Kiosk: full-screen state (the browser's Esc key leaves it too).
    {
        let setter = fullscreen.setter();
        use_effect_with(kiosk, move |kiosk| {
            let listener = kiosk
                .then(|| web_sys::window().and_then(|w| w.document()))
                .flatten()
                .map(|d| {
                    Listener::new(&d, "fullscreenchange", move |_| {
                        setter.set(platform::is_fullscreen())
                    })
                });
            move || drop(listener)
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
    let send = |a: Action| {
        let d = dispatcher.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(a.clone()))
    };
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
    let tap_code = state.mode.tap.clone();
    let content = match &state.screen {
        Screen::Section(i) if tap_code.is_some() && first_visible == Some(*i) => {
            // Kiosk one-tap rating.
            let code = tap_code.clone().unwrap_or_default();
            let item = inst.sections[*i].items.iter().find(|it| it.code == code);
            let scale = item.and_then(|it| inst.scale(&it.scale));
            let options: Rc<Vec<Choice>> =
                Rc::new(scale.map(|s| choices(s, l)).unwrap_or_default());
            let legend = item
                .map(|it| it.text.get(l).to_string())
                .unwrap_or_default();
            let on_tap = {
                let d = dispatcher.clone();
                Callback::from(move |v: Value| d.dispatch(Action::Tap(code.clone(), v)))
            };
            html! {
                <section class="pg-section" aria-labelledby={format!("{}-h", p.prefix)}>
                    <h2 class="pg-h" id={format!("{}-h", p.prefix)} tabindex="-1">{ inst.sections[*i].title.get(l) }</h2>
                    if let Some(d) = &inst.description { <p class="pg-intro">{ d.get(l) }</p> }
                    <QuickTap id={AttrValue::from(crate::components::item_view::dom_id(&p.prefix, tap_code.as_deref().unwrap_or("")))}
                        legend={AttrValue::from(legend)} {options} {on_tap} />
                </section>
            }
        }
        Screen::Section(i) => {
            let i = *i;
            let onsubmit = {
                let d = dispatcher.clone();
                Callback::from(move |e: SubmitEvent| {
                    e.prevent_default();
                    d.dispatch(Action::Next);
                })
            };
            let next_label = if !state.is_last_section() {
                Msg::Next
            } else if inst.review {
                Msg::ToReview
            } else {
                Msg::Submit
            };
            let is_first = first_visible == Some(i);
            html! {
                <form class="pg-form" novalidate={true} autocomplete="off" {onsubmit}>
                    if is_first {
                        <div class="pg-about">
                            if let Some(d) = &inst.description { <p>{ d.get(l) }</p> }
                            if let Some(e) = &inst.eligibility {
                                <p><strong>{ t(l, Msg::Eligibility) }{ ": " }</strong>{ e.get(l) }</p>
                            }
                            if let Some(u) = &inst.unverified {
                                <details><summary>{ t(l, Msg::AboutItems) }</summary><p>{ u.get(l) }</p></details>
                            }
                        </div>
                    }
                    if !state.issues.is_empty() {
                        <p class="pg-summary" role="alert">{ i18n::missing(l, state.issues.len()) }</p>
                    }
                    <SectionView instrument={inst.clone()} section={i} answers={Rc::new(state.answers.clone())}
                        issues={Rc::new(state.issues.clone())} progress={state.progress().unwrap_or((1, 1))}
                        locale={l} prefix={p.prefix.clone()} on_answer={on_answer.clone()} />
                    <div class="pg-nav">
                        if !is_first {
                            <button type="button" class="pg-btn pg-secondary" onclick={send(Action::Back)}>{ t(l, Msg::Back) }</button>
                        }
                        <button type="submit" class="pg-btn pg-primary">{ t(l, next_label) }</button>
                    </div>
                </form>
            }
        }
        Screen::Reason => {
            let section = state.tap_section();
            let onsubmit = {
                let d = dispatcher.clone();
                Callback::from(move |e: SubmitEvent| {
                    e.prevent_default();
                    d.dispatch(Action::Finish);
                })
            };
            html! {
                <form class="pg-form pg-reason" novalidate={true} autocomplete="off" {onsubmit}
                    aria-labelledby={format!("{}-h", p.prefix)}>
                    <h2 class="pg-h" id={format!("{}-h", p.prefix)} tabindex="-1">{ t(l, Msg::ReasonTitle) }</h2>
                    <p class="pg-intro">{ t(l, Msg::ReasonIntro) }</p>
                    if !state.issues.is_empty() {
                        <p class="pg-summary" role="alert">{ i18n::missing(l, state.issues.len()) }</p>
                    }
                    <SectionView instrument={inst.clone()} {section} answers={Rc::new(state.answers.clone())}
                        issues={Rc::new(state.issues.clone())} progress={(1, 1)} heading={false}
                        skip={tap_code.clone().map(AttrValue::from)}
                        locale={l} prefix={p.prefix.clone()} on_answer={on_answer.clone()} />
                    if let Some(s) = clock.skip_left {
                        <p class="pg-note" role="timer">{ i18n::skip_left(l, s) }</p>
                    }
                    <div class="pg-nav">
                        <button type="button" class="pg-btn pg-secondary" onclick={send(Action::Skip)}>{ t(l, Msg::Skip) }</button>
                        <button type="submit" class="pg-btn pg-primary">{ t(l, Msg::Send) }</button>
                    </div>
                </form>
            }
        }
        Screen::Review => {
            let on_edit = {
                let d = dispatcher.clone();
                Callback::from(move |s: usize| d.dispatch(Action::Edit(s)))
            };
            html! {
                <>
                    <Review instrument={inst.clone()} answers={Rc::new(effective_answers(inst, &state.answers))}
                        locale={l} prefix={p.prefix.clone()} {on_edit} />
                    <div class="pg-nav">
                        <button type="button" class="pg-btn pg-secondary" onclick={send(Action::Back)}>{ t(l, Msg::Back) }</button>
                        <button type="button" class="pg-btn pg-primary" onclick={send(Action::Submit)}>{ t(l, Msg::Submit) }</button>
                    </div>
                </>
            }
        }
        Screen::Submitting => html! { <p class="pg-intro">{ t(l, Msg::Sending) }</p> },
        Screen::Done(done) => {
            let ita = matches!(inst.kind, Kind::Iit | Kind::Eit);
            let contact = config
                .contact
                .as_ref()
                .map(|c| AttrValue::from(c.get(l).to_string()));
            let complaint = config.complaint_url.clone().map(AttrValue::from);
            let on_restart = kiosk.then(|| {
                let d = dispatcher.clone();
                Callback::from(move |_| d.dispatch(Action::Restart))
            });
            // A kiosk shows nothing of one person's answers to the next one.
            let rating = if ita || kiosk { None } else { done.rating };
            html! {
                <Thanks locale={l} prefix={p.prefix.clone()} {rating}
                    {contact} complaint_url={complaint} {on_restart} restart_in={clock.restart_left} />
            }
        }
    };

    let tools = {
        let fs = (kiosk && platform::fullscreen_available()).then(|| {
            let root = root.clone();
            let on_toggle = Callback::from(move |_| {
                if let Some(el) = root.cast::<web_sys::Element>() {
                    platform::toggle_fullscreen(&el);
                }
            });
            html! { <FullscreenButton active={*fullscreen} locale={l} {on_toggle} /> }
        });
        html! {
            <>
                <LargeToggle large={state.large} locale={l} on_change={on_large} />
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
            <Header title={AttrValue::from(inst.title.get(l).to_string())}
                ita={matches!(inst.kind, Kind::Iit | Kind::Eit)} anonymous={inst.anonymous} locale={l} {on_locale}>
                { tools }
            </Header>
            if state.resume.is_some() {
                <ResumeBanner locale={l}
                    on_resume={dispatcher.to_callback().reform(|_| Action::Resume)}
                    on_discard={dispatcher.to_callback().reform(|_| Action::Discard)} />
            }
            if let Some(s) = clock.idle_left {
                <IdleWarning seconds={s} locale={l} {on_continue} />
            }
            if status.memory_only && !matches!(state.screen, Screen::Done(_)) {
                <p class="pg-warn">{ t(l, Msg::StorageBlocked) }</p>
            }
            <div class="pg-screen" key={state.restarts.to_string()}>{ content }</div>
            <QueueStatusView status={(*status).clone()} locale={l} submitted={state.submit_seq > 0}
                storage_warning={matches!(state.screen, Screen::Done(_))} />
        </div>
    }
}
