//! The submit queue: a completed response becomes an envelope in the page's queue (persisted
//! before any attempt to send), the draft is cleared and the host page is told; the queue's
//! status line follows the sender.

use prongsai_core::{score_response, Envelope, Kind};
use serde_json::{Map, Value};
use yew::prelude::*;

use crate::services::config::Config;
use crate::services::queue::{Entry, QueueStatus};
use crate::services::sender::sender;
use crate::services::{draft, json, platform, storage};
use crate::state::{effective_answers, Action, Done, Screen, SurveyState};

/// Builds the envelope of the completed response in `state` and queues it. Returns what the
/// `prongsai-submitted` event tells the host page, and the respondent's own satisfaction percent.
/// `code`: the one-time code of a code survey, sent with the response (never in the envelope).
pub fn queue_response(
    state: &SurveyState,
    config: &Config,
    code: Option<&str>,
) -> (Value, Option<f64>) {
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
    sender().submit(Entry {
        id: id.clone(),
        endpoint: config.endpoint.clone(),
        body: json::stringify(&envelope.to_value()),
        queued: platform::now_ms(),
        attempts: 0,
        rejected: None,
        rejected_code: None,
        code: code.map(str::to_string),
    });
    let mut detail = Map::new();
    detail.insert("id".into(), Value::from(id));
    detail.insert("instrument".into(), Value::from(inst.id.as_str()));
    detail.insert("scores".into(), envelope.scores.unwrap_or(Value::Null));
    (Value::Object(detail), rating)
}

/// On every transition to [`Screen::Submitting`]: queue the envelope, clear the draft, tell the
/// host page (`prongsai-submitted` from the widget's root).
#[hook]
pub fn use_submit_queue(
    state: &UseReducerHandle<SurveyState>,
    config: &std::rc::Rc<Config>,
    root: &NodeRef,
    draft_key: &str,
    code: Option<AttrValue>,
) {
    let (state2, config, root, key) = (
        state.clone(),
        config.clone(),
        root.clone(),
        draft_key.to_string(),
    );
    use_effect_with(state.submit_seq, move |_| {
        if state2.screen != Screen::Submitting {
            return;
        }
        let (detail, rating) = queue_response(&state2, &config, code.as_deref());
        let id = detail.get("id").and_then(Value::as_str).map(str::to_string);
        draft::clear(&*storage::shared().kv, &key);
        state2.dispatch(Action::Submitted(Done { rating, id }));
        if let Some(el) = root.cast::<web_sys::Element>() {
            platform::emit_submitted(&el, &detail);
        }
    });
}

/// The queue's status for the status line: "nothing known yet" (empty, online) until the
/// sender is reached in an effect.
#[hook]
pub fn use_queue_status() -> QueueStatus {
    let status = use_state(|| QueueStatus {
        online: true,
        ..QueueStatus::default()
    });
    {
        let setter = status.setter();
        use_effect_with((), move |_| {
            let s = sender();
            let id = s.subscribe(Callback::from(move |st| setter.set(st)));
            s.notify();
            move || s.unsubscribe(id)
        });
    }
    (*status).clone()
}
