//! Draft autosave: an unfinished survey survives a reload. On the first run the stored draft
//! (if any) is read and offered; afterwards every change is saved. Never in kiosk mode, and
//! nothing is written while a draft is being offered.
//!
//! Storage is read in the effect, not while rendering: the first render is the same in the
//! browser and on the server (which has no storage), and the offer appears one frame later.

use yew::prelude::*;

use crate::services::draft::{self, Draft};
use crate::services::{platform, storage};
use crate::state::{Action, Screen, SurveyState};

#[hook]
pub fn use_draft_autosave(state: &UseReducerHandle<SurveyState>, key: &str, kiosk: bool) {
    let loaded = use_mut_ref(|| false);
    let deps = (
        state.answers.clone(),
        state.screen.clone(),
        state.resume.is_some(),
    );
    let (dispatcher, key) = (state.dispatcher(), key.to_string());
    use_effect_with(deps, move |(answers, screen, offering)| {
        if kiosk {
            return;
        }
        let store = storage::shared();
        if !std::mem::replace(&mut *loaded.borrow_mut(), true) {
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
        if answers.is_empty() {
            draft::clear(&*store.kv, &key);
        } else {
            let d = Draft {
                answers: answers.clone(),
                section,
                saved: platform::now_ms(),
            };
            draft::save(&*store.kv, &key, &d);
        }
    });
}
