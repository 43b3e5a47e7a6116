//! Kiosk lifecycle: a page leaving while a one-tap rating waits on its follow-up screen still
//! counts (queued, sent on the next visit); a page coming back from the back/forward cache
//! starts afresh; every fresh start replaces the history entry. And the full-screen state
//! (the browser's Esc key leaves it too).

use std::rc::Rc;

use yew::prelude::*;

use super::submit::queue_response;
use crate::services::config::Config;
use crate::services::platform::{self, Listener};
use crate::state::{Action, Screen, SurveyState};

#[hook]
pub fn use_kiosk_lifecycle(state: &UseReducerHandle<SurveyState>, config: &Rc<Config>) {
    let (state2, config2) = (state.clone(), config.clone());
    let deps = (config.kiosk, state.screen == Screen::Reason, state.restarts);
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
                                queue_response(&done, &c, None);
                            }
                        }
                    }));
                }
            }
        }
        move || drop(listeners)
    });
}

/// Full screen in kiosk mode: (whether the browser allows it here, whether it is on). Both
/// "no" until known (the server has no browser to ask).
#[hook]
pub fn use_fullscreen(kiosk: bool) -> (bool, bool) {
    let available = use_state_eq(|| false);
    let active = use_state_eq(|| false);
    {
        let (available, active) = (available.setter(), active.setter());
        use_effect_with(kiosk, move |kiosk| {
            available.set(*kiosk && platform::fullscreen_available());
            active.set(platform::is_fullscreen());
            let listener = kiosk
                .then(|| web_sys::window().and_then(|w| w.document()))
                .flatten()
                .map(|d| {
                    Listener::new(&d, "fullscreenchange", move |_| {
                        active.set(platform::is_fullscreen())
                    })
                });
            move || drop(listener)
        });
    }
    (*available, *active)
}
