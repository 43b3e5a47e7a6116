//! Draft autosave: an unfinished survey survives a reload. On the first run the stored draft
//! (if any) is read and offered; afterwards every change is saved. Never in kiosk mode, and
//! nothing is written while a draft is being offered.
//!
//! Writes are grouped: answers given in quick succession (the sub-items of one question are
//! often tapped within a second) are written once, [`QUIET_MS`] after the last of them. Leaving
//! a screen, emptying the answers, hiding or leaving the page (`visibilitychange`, `pagehide`:
//! a reload, a closed tab, a phone switching apps) and the widget being removed write at once,
//! so what can be lost is the last second of answers when the browser itself crashes.
//!
//! Storage is read in the effect, not while rendering: the first render is the same in the
//! browser and on the server (which has no storage), and the offer appears one frame later.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::services::draft::{self, Draft};
use crate::services::platform::{self, Listener, Timeout};
use crate::services::storage;
use crate::state::{Action, Screen, SurveyState};

/// How long answers may wait to be written after the last change.
pub const QUIET_MS: u32 = 1000;

/// A write waiting for a quiet moment.
enum Write {
    Save(String, Draft),
    Clear(String),
}

#[derive(Default)]
struct Pending {
    write: Option<Write>,
    timer: Timeout,
}

impl Pending {
    /// Writes what waits now, and cancels the timer.
    fn flush(&mut self) {
        self.timer.cancel();
        self.write_now();
    }

    /// Writes what waits (the timer's own callback: its closure is not dropped while running).
    fn write_now(&mut self) {
        let store = storage::shared();
        match self.write.take() {
            Some(Write::Save(key, d)) => draft::save(&*store.kv, &key, &d),
            Some(Write::Clear(key)) => draft::clear(&*store.kv, &key),
            None => {}
        }
    }
}

fn flush(pending: &Rc<RefCell<Pending>>) {
    pending.borrow_mut().flush();
}

#[hook]
pub fn use_draft_autosave(state: &UseReducerHandle<SurveyState>, key: &str, kiosk: bool) {
    let loaded = use_mut_ref(|| false);
    let pending = use_memo((), |_| Rc::new(RefCell::new(Pending::default())));
    let last_section = use_mut_ref(|| None::<usize>);

    // Hidden or left: write what waits. Removed with the widget, which writes it too.
    {
        let pending = (*pending).clone();
        use_effect_with(kiosk, move |kiosk| {
            let mut listeners = Vec::new();
            if !*kiosk {
                if let Some(w) = web_sys::window() {
                    let p = pending.clone();
                    listeners.push(Listener::new(&w, "pagehide", move |_| flush(&p)));
                    if let Some(d) = w.document() {
                        let p = pending.clone();
                        let doc = d.clone();
                        listeners.push(Listener::new(&d, "visibilitychange", move |_| {
                            if doc.hidden() {
                                flush(&p);
                            }
                        }));
                    }
                }
            }
            move || {
                drop(listeners);
                flush(&pending);
            }
        });
    }

    let deps = (
        state.answers.clone(),
        state.screen.clone(),
        state.resume.is_some(),
    );
    let (dispatcher, key) = (state.dispatcher(), key.to_string());
    let pending = (*pending).clone();
    use_effect_with(deps, move |(answers, screen, offering)| {
        if kiosk {
            return;
        }
        if !std::mem::replace(&mut *loaded.borrow_mut(), true) {
            let store = storage::shared();
            if let Some(d) = draft::load(&*store.kv, &key, platform::now_ms()) {
                dispatcher.dispatch(Action::Offer(d));
                return;
            }
        }
        if *offering {
            return;
        }
        let section = match screen {
            Screen::Section(i) => *i,
            Screen::Review => usize::MAX,
            _ => return,
        };
        let moved = last_section.borrow_mut().replace(section) != Some(section);
        let mut p = pending.borrow_mut();
        if answers.is_empty() {
            p.write = Some(Write::Clear(key));
        } else {
            let d = Draft {
                answers: (**answers).clone(),
                section,
                saved: platform::now_ms(),
            };
            p.write = Some(Write::Save(key, d));
        }
        if moved || answers.is_empty() {
            p.flush();
        } else {
            let later = pending.clone();
            p.timer
                .set(QUIET_MS, move || later.borrow_mut().write_now());
        }
    });
}
