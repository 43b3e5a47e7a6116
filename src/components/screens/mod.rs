//! The survey's screens, one a file. Each is a plain function of what it shows ([`Screen`]'s
//! data, through [`ScreenArgs`]) returning its markup; the state and the effects stay in
//! [`super::survey::Survey`].

use serde_json::Value;
use yew::prelude::*;

use crate::hooks::kiosk::KioskClock;
use crate::services::config::Config;
use crate::state::{Action, SurveyState};

pub mod done;
pub mod reason;
pub mod review;
pub mod section;
pub mod tap;

/// What every screen may need.
pub struct ScreenArgs<'a> {
    pub state: &'a SurveyState,
    pub config: &'a Config,
    pub prefix: &'a AttrValue,
    pub dispatch: Callback<Action>,
    pub on_answer: Callback<(String, Option<Value>)>,
    pub clock: KioskClock,
}

impl ScreenArgs<'_> {
    /// The id of the screen's heading (focused when the screen changes).
    pub fn heading_id(&self) -> String {
        format!("{}-h", self.prefix)
    }

    /// A button's click sends `action`.
    pub fn on_click(&self, action: Action) -> Callback<MouseEvent> {
        self.dispatch.reform(move |_: MouseEvent| action.clone())
    }

    /// A form's submit (Enter key or the submit button) sends `action` instead of loading a page.
    pub fn on_submit(&self, action: Action) -> Callback<SubmitEvent> {
        self.dispatch.reform(move |e: SubmitEvent| {
            e.prevent_default();
            action.clone()
        })
    }
}
