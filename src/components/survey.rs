//! A loaded instrument being filled: owns the reducer and performs the side effects its state
//! asks for (focus, drafts, queueing the completed response, the kiosk reset).

use std::rc::Rc;

use prongsai_core::{score_response, Envelope, Kind};
use serde_json::Value;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

use super::header::Header;
use super::item_view::focus_id;
use super::queue_status::QueueStatusView;
use super::resume_banner::ResumeBanner;
use super::review::Review;
use super::section_view::SectionView;
use super::thanks::Thanks;
use crate::i18n::{self, lang_attr, t, Msg};
use crate::services::config::Config;
use crate::services::draft::{self, Draft};
use crate::services::platform;
use crate::services::queue::Entry;
use crate::services::sender::sender;
use crate::services::storage;
use crate::state::{
    effective_answers, section_of, visible_sections, Action, Done, Focus, Screen, SharedInstrument,
    SurveyState,
};

/// Kiosk: the thank-you screen resets itself for the next person after this long.
const KIOSK_RESET_MS: u32 = 20_000;

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

#[function_component(Survey)]
pub fn survey(p: &SurveyProps) -> Html {
    let config = p.config.clone();
    let store = use_memo((), |_| storage::shared());
    let draft_key = use_memo(p.instrument.clone(), {
        let unit = config.unit.clone();
        move |i| draft::key(i, unit.as_deref())
    });
    let state = use_reducer({
        let instrument = p.instrument.clone();
        let (store, key, kiosk, lang) =
            (store.clone(), draft_key.clone(), config.kiosk, config.lang);
        move || {
            let resume = if kiosk {
                None
            } else {
                draft::load(&*store.kv, &key, platform::now_ms())
            };
            SurveyState::new(instrument, lang, resume)
        }
    });
    let root = use_node_ref();
    let status = use_state(|| sender().status());

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

    // Focus: the new screen's heading, or the first missing answer.
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

    // Drafts: saved on every change, never in kiosk mode, untouched while one is offered.
    {
        let (store, key, kiosk) = (store.clone(), draft_key.clone(), config.kiosk);
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

    // Submitting: build the envelope, queue it (persisted before any attempt), clear the draft.
    {
        let (state2, store, key, config) = (
            state.clone(),
            store.clone(),
            draft_key.clone(),
            config.clone(),
        );
        use_effect_with(state.submit_seq, move |_| {
            if state2.screen != Screen::Submitting {
                return;
            }
            let inst = &state2.instrument;
            let answers = effective_answers(inst, &state2.answers);
            let id = platform::new_id();
            let envelope = Envelope::new(
                inst,
                id.clone(),
                config.unit.clone(),
                config.point.clone(),
                platform::today(),
                state2.locale,
                answers.clone(),
            );
            let rating = match inst.kind {
                Kind::Satisfaction | Kind::Quick => score_response(inst, &answers).overall_percent,
                _ => None,
            };
            match serde_json::to_string(&envelope) {
                Ok(body) => {
                    sender().submit(Entry {
                        id,
                        endpoint: config.endpoint.clone(),
                        body,
                        queued: platform::now_ms(),
                        attempts: 0,
                        rejected: None,
                    });
                }
                Err(e) => web_sys::console::error_1(
                    &format!("prongsai: cannot encode the response: {e}").into(),
                ),
            }
            draft::clear(&*store.kv, &key);
            state2.dispatch(Action::Submitted(Done { rating }));
        });
    }

    // Kiosk: reset for the next person after a while.
    {
        let generation = use_mut_ref(|| 0u32);
        let done = matches!(state.screen, Screen::Done(_));
        let (dispatcher, kiosk) = (state.dispatcher(), config.kiosk);
        use_effect_with((done, state.submit_seq), move |(done, _)| {
            *generation.borrow_mut() += 1;
            let mine = *generation.borrow();
            if kiosk && *done {
                wasm_bindgen_futures::spawn_local(async move {
                    platform::sleep(KIOSK_RESET_MS).await;
                    if *generation.borrow() == mine {
                        dispatcher.dispatch(Action::Restart);
                    }
                });
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
    let send = |a: Action| {
        let d = dispatcher.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(a.clone()))
    };

    let l = state.locale;
    let inst = &state.instrument;
    let first_visible = visible_sections(inst, &state.answers).first().copied();
    let content = match &state.screen {
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
                <form class="pg-form" novalidate={true} {onsubmit}>
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
            let on_restart = config.kiosk.then(|| {
                let d = dispatcher.clone();
                Callback::from(move |_| d.dispatch(Action::Restart))
            });
            html! {
                <Thanks locale={l} prefix={p.prefix.clone()} rating={if ita { None } else { done.rating }}
                    {contact} complaint_url={complaint} {on_restart} />
            }
        }
    };

    html! {
        <div class={classes!("pg-app", config.kiosk.then_some("pg-kiosk"))} lang={lang_attr(l)} ref={root}>
            <Header title={AttrValue::from(inst.title.get(l).to_string())}
                ita={matches!(inst.kind, Kind::Iit | Kind::Eit)} anonymous={inst.anonymous} locale={l} {on_locale} />
            if state.resume.is_some() {
                <ResumeBanner locale={l}
                    on_resume={dispatcher.to_callback().reform(|_| Action::Resume)}
                    on_discard={dispatcher.to_callback().reform(|_| Action::Discard)} />
            }
            if status.memory_only && !matches!(state.screen, Screen::Done(_)) {
                <p class="pg-warn">{ t(l, Msg::StorageBlocked) }</p>
            }
            { content }
            <QueueStatusView status={(*status).clone()} locale={l}
                storage_warning={matches!(state.screen, Screen::Done(_))} />
        </div>
    }
}
