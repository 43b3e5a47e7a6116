//! The kiosk clock: the thank-you screen starts the survey again after a few seconds, the
//! one-tap rating's follow-up screen skips itself, and a half-filled survey left alone is
//! cleared for the next person after a countdown.

use std::cell::Cell;
use std::rc::Rc;

use yew::prelude::*;

use crate::services::config::KioskTimes;
use crate::services::platform;
use crate::state::{Action, Screen, SurveyState};

/// How often the clock looks at the time.
const TICK_MS: u32 = 200;

/// What the kiosk clock shows, in whole seconds left.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KioskClock {
    /// The idle countdown (shown in the last seconds only).
    pub idle_left: Option<u32>,
    /// The follow-up screen skips itself in …
    pub skip_left: Option<u32>,
    /// The thank-you screen starts again in …
    pub restart_left: Option<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Watch {
    Nothing,
    /// Thank-you screen: back to the start.
    Thanks,
    /// Follow-up screen, nothing typed: skip.
    Skip,
    /// Something of a respondent on screen: clear it (or, on a typed follow-up, send it).
    Idle,
}

fn seconds(ms: f64) -> u32 {
    (ms.max(0.0) / 1000.0).ceil() as u32
}

/// Time of the last touch, key press or input inside the widget.
#[derive(Clone, Default)]
pub struct Activity(Rc<Cell<f64>>);

impl Activity {
    pub fn touch(&self) {
        self.0.set(platform::now_ms());
    }
    fn last(&self) -> f64 {
        self.0.get()
    }
}

impl PartialEq for Activity {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[hook]
pub fn use_kiosk_clock(
    enabled: bool,
    times: KioskTimes,
    state: &UseReducerHandle<SurveyState>,
    activity: &Activity,
) -> KioskClock {
    let clock = use_state_eq(KioskClock::default);
    let typed = state.screen == Screen::Reason
        && state
            .answers
            .keys()
            .any(|k| Some(k.as_str()) != state.mode.tap.as_deref());
    let watch = if !enabled {
        Watch::Nothing
    } else {
        match state.screen {
            Screen::Done(_) => Watch::Thanks,
            Screen::Reason if !typed => Watch::Skip,
            Screen::Reason | Screen::Section(_) | Screen::Review
                if times.idle_ms > 0 && state.is_dirty() =>
            {
                Watch::Idle
            }
            _ => Watch::Nothing,
        }
    };
    let deps = (watch, state.submit_seq, state.restarts, times);
    let (dispatcher, on_reason) = (state.dispatcher(), state.screen == Screen::Reason);
    let (setter, activity) = (clock.setter(), activity.clone());
    use_effect_with(deps, move |(watch, _, _, times)| {
        let alive = Rc::new(Cell::new(true));
        let (watch, times, flag) = (*watch, *times, alive.clone());
        let started = platform::now_ms();
        // Seconds left, what to show, and what to do at zero.
        let reading = move |now: f64| -> Option<(f64, KioskClock, Action)> {
            let since = started.max(activity.last());
            let none = KioskClock::default();
            Some(match watch {
                Watch::Nothing => return None,
                Watch::Thanks => {
                    let left = started + f64::from(times.thanks_ms) - now;
                    let c = KioskClock {
                        restart_left: Some(seconds(left)),
                        ..none
                    };
                    (left, c, Action::Restart)
                }
                Watch::Skip => {
                    let left = since + f64::from(times.reason_ms) - now;
                    let c = KioskClock {
                        skip_left: Some(seconds(left)),
                        ..none
                    };
                    (left, c, Action::Skip)
                }
                Watch::Idle => {
                    let left = since + f64::from(times.idle_ms) - now;
                    let c = KioskClock {
                        idle_left: (left <= f64::from(times.warn_ms())).then(|| seconds(left)),
                        ..none
                    };
                    let action = if on_reason {
                        Action::Finish
                    } else {
                        Action::Restart
                    };
                    (left, c, action)
                }
            })
        };
        match reading(started) {
            None => setter.set(KioskClock::default()),
            Some((_, shown, _)) => {
                setter.set(shown);
                wasm_bindgen_futures::spawn_local(async move {
                    loop {
                        platform::sleep(TICK_MS).await;
                        if !flag.get() {
                            return;
                        }
                        let Some((left, shown, action)) = reading(platform::now_ms()) else {
                            return;
                        };
                        if left <= 0.0 {
                            setter.set(KioskClock::default());
                            dispatcher.dispatch(action);
                            return;
                        }
                        setter.set(shown);
                    }
                });
            }
        }
        move || alive.set(false)
    });
    *clock
}
