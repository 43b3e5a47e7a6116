//! Plain unit tests of the widget's logic (no DOM): the reducer, the submit queue over a fake
//! storage, configuration merging (theme, kiosk, text size), survey sources, the kiosk one-tap
//! rating. Run by wasm-bindgen-test-runner.
#![cfg(target_arch = "wasm32")]

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

use prongsai_core::{Answers, Instrument, Locale};
use prongsai_widget::error::{LoadError, StorageError};
use prongsai_widget::services::config::{contrast, origin, KioskTimes, Sources, DEFAULT_ENDPOINT};
use prongsai_widget::services::draft::{self, Draft};
use prongsai_widget::services::instrument::{self, Source};
use prongsai_widget::services::platform::uuid_from_bytes;
use prongsai_widget::services::queue::{
    backoff_ms, classify, server_message, Entry, Outcome, Persisted, Queue, MAX_BACKOFF_MS,
};
use prongsai_widget::services::storage::{KeyValue, MemoryStorage};
use prongsai_widget::state::{
    effective_answers, tap_item, Action, Focus, Mode, Screen, SharedInstrument, SurveyState,
};
use serde_json::{json, Value};
use wasm_bindgen_test::wasm_bindgen_test;

const CUSTOM: &str = include_str!("fixtures/custom.json");

fn custom() -> SharedInstrument {
    match Instrument::from_json(CUSTOM) {
        Ok(i) => SharedInstrument::new(i),
        Err(p) => panic!("fixture invalid: {p:?}"),
    }
}

fn state() -> SurveyState {
    SurveyState::new(custom(), Locale::Th, None)
}

// ---------------------------------------------------------------- reducer

#[wasm_bindgen_test]
fn starts_on_the_first_section_without_stealing_focus() {
    let s = state();
    assert_eq!(s.screen, Screen::Section(0));
    assert_eq!(s.focus, Focus::None);
    // The "service" section is hidden until `contacted` is "yes".
    assert_eq!(s.progress(), Some((1, 2)));
}

#[wasm_bindgen_test]
fn next_with_a_missing_required_answer_stays_and_focuses_it() {
    let mut s = state();
    s.apply(Action::Next);
    assert_eq!(s.screen, Screen::Section(0));
    assert_eq!(s.issues.len(), 1);
    assert_eq!(s.issues[0].code, "contacted");
    assert_eq!(s.focus, Focus::Field("contacted".into()));
    let seq = s.focus_seq;
    s.apply(Action::Next);
    assert!(s.focus_seq > seq, "focus is applied again on every attempt");
    s.apply(Action::Answer("contacted".into(), json!("yes")));
    assert!(s.issues.is_empty(), "answering clears the message");
}

#[wasm_bindgen_test]
fn conditions_show_and_skip_sections() {
    let mut s = state();
    s.apply(Action::Answer("contacted".into(), json!("no")));
    assert_eq!(s.progress(), Some((1, 2)));
    s.apply(Action::Next);
    assert_eq!(
        s.screen,
        Screen::Section(2),
        "the hidden service section is skipped"
    );
    assert_eq!(s.focus, Focus::Heading);
    s.apply(Action::Back);
    assert_eq!(s.screen, Screen::Section(0));
    s.apply(Action::Answer("contacted".into(), json!("yes")));
    assert_eq!(s.progress(), Some((1, 3)));
    s.apply(Action::Next);
    assert_eq!(s.screen, Screen::Section(1));
}

#[wasm_bindgen_test]
fn every_required_sub_item_is_checked() {
    let mut s = state();
    s.apply(Action::Answer("contacted".into(), json!("yes")));
    s.apply(Action::Next);
    s.apply(Action::Answer("q1.1".into(), json!(4)));
    s.apply(Action::Next);
    let codes: Vec<&str> = s.issues.iter().map(|i| i.code.as_str()).collect();
    assert_eq!(codes, ["q1.2", "q2"]);
    assert_eq!(s.focus, Focus::Field("q1.2".into()));
}

#[wasm_bindgen_test]
fn review_then_submit() {
    let mut s = state();
    s.apply(Action::Answer("contacted".into(), json!("no")));
    s.apply(Action::Next);
    assert!(s.is_last_section());
    s.apply(Action::Next);
    assert_eq!(s.screen, Screen::Review, "the instrument asks for a review");
    s.apply(Action::Edit(0));
    assert_eq!(s.screen, Screen::Section(0));
    s.apply(Action::Next);
    s.apply(Action::Next);
    assert_eq!(s.screen, Screen::Review);
    s.apply(Action::Back);
    assert_eq!(s.screen, Screen::Section(2));
    s.apply(Action::Next);
    let seq = s.submit_seq;
    s.apply(Action::Submit);
    assert_eq!(s.screen, Screen::Submitting);
    assert_eq!(s.submit_seq, seq + 1);
    s.apply(Action::Submit);
    assert_eq!(
        s.submit_seq,
        seq + 1,
        "a second click does not submit twice"
    );
    s.apply(Action::Submitted(Default::default()));
    assert!(matches!(s.screen, Screen::Done(_)));
    assert!(
        s.answers.is_empty(),
        "nothing of the response stays in memory"
    );
}

#[wasm_bindgen_test]
fn without_review_the_last_next_submits() {
    let quick = match prongsai_core::builtin::json("quick").map(Instrument::from_json) {
        Some(Ok(i)) => SharedInstrument::new(i),
        _ => panic!("built-in quick"),
    };
    assert!(!quick.review);
    let mut s = SurveyState::new(quick, Locale::Th, None);
    s.apply(Action::Answer("rating".into(), json!(5)));
    s.apply(Action::Next);
    assert_eq!(s.screen, Screen::Submitting);
}

#[wasm_bindgen_test]
fn submit_from_review_goes_back_to_a_missing_answer() {
    let mut s = state();
    s.apply(Action::Answer("contacted".into(), json!("no")));
    s.apply(Action::Next);
    s.apply(Action::Next);
    assert_eq!(s.screen, Screen::Review);
    // An answer changed behind the review's back (e.g. a resumed draft): contacted now "yes",
    // so the service section's required answers are missing.
    std::rc::Rc::make_mut(&mut s.answers).insert("contacted".into(), json!("yes"));
    s.apply(Action::Submit);
    assert_eq!(s.screen, Screen::Section(1));
    assert_eq!(s.focus, Focus::Field("q1.1".into()));
}

#[wasm_bindgen_test]
fn hidden_answers_are_dropped_before_submitting() {
    let mut s = state();
    s.apply(Action::Answer("contacted".into(), json!("yes")));
    s.apply(Action::Answer("q2".into(), json!(1)));
    s.apply(Action::Answer("visits".into(), json!(3)));
    s.apply(Action::Answer("contacted".into(), json!("no")));
    let eff = effective_answers(&s.instrument, &s.answers);
    assert_eq!(eff.keys().collect::<Vec<_>>(), ["contacted"]);
    assert!(s.instrument.check_answers(&eff).is_empty());
}

#[wasm_bindgen_test]
fn language_switch_keeps_answers() {
    let mut s = state();
    s.apply(Action::Answer("age".into(), json!("30-59")));
    s.apply(Action::SetLocale(Locale::En));
    assert_eq!(s.locale, Locale::En);
    assert_eq!(s.answers.get("age"), Some(&json!("30-59")));
}

#[wasm_bindgen_test]
fn resume_discard_restart() {
    let mut answers = Answers::new();
    answers.insert("contacted".into(), json!("yes"));
    answers.insert("q2".into(), json!("na"));
    let d = Draft {
        answers: answers.clone(),
        section: 1,
        saved: 0.0,
    };
    let mut s = SurveyState::new(custom(), Locale::Th, Some(d.clone()));
    s.apply(Action::Resume);
    assert_eq!(s.screen, Screen::Section(1));
    assert_eq!(*s.answers, answers);
    assert!(s.resume.is_none());

    let mut s = SurveyState::new(custom(), Locale::Th, Some(d.clone()));
    s.apply(Action::Discard);
    assert!(s.resume.is_none() && s.answers.is_empty());

    // A draft whose section is hidden by its own answers resumes on an earlier visible one.
    let mut hidden = d;
    hidden.answers.insert("contacted".into(), json!("no"));
    let mut s = SurveyState::new(custom(), Locale::En, Some(hidden));
    s.apply(Action::Resume);
    assert_eq!(s.screen, Screen::Section(0));

    s.apply(Action::Restart);
    assert!(s.answers.is_empty());
    assert_eq!(s.locale, Locale::En);
    assert_eq!(s.focus, Focus::Heading);
}

fn quick(follow_up: bool) -> SurveyState {
    let i = match instrument::parse("quick", prongsai_core::builtin::json("quick").unwrap_or("")) {
        Ok(i) => SharedInstrument::new(i),
        Err(e) => panic!("{e:?}"),
    };
    let mode = Mode {
        tap: tap_item(&i),
        follow_up,
    };
    SurveyState::new(i, Locale::Th, None).with(false, mode)
}

#[wasm_bindgen_test]
fn kiosk_one_tap_submits_at_once_without_a_follow_up() {
    let mut s = quick(false);
    assert_eq!(s.mode.tap.as_deref(), Some("rating"));
    assert!(!s.is_dirty());
    s.apply(Action::Tap("rating".into(), json!(5)));
    assert_eq!(s.screen, Screen::Submitting);
    assert_eq!(s.submit_seq, 1);
    // A second tap before the screen changed (double tap) is ignored.
    s.apply(Action::Tap("rating".into(), json!(1)));
    assert_eq!(s.submit_seq, 1);
    assert_eq!(s.answers.get("rating"), Some(&json!(5)));
    // Only a quick instrument has a one-tap item.
    assert_eq!(tap_item(&custom()), None);
}

#[wasm_bindgen_test]
fn kiosk_follow_up_is_skipped_or_sent() {
    let mut s = quick(true);
    s.apply(Action::Tap("rating".into(), json!(2)));
    assert_eq!(s.screen, Screen::Reason);
    assert_eq!(s.focus, Focus::Heading);
    s.apply(Action::Answer("reason".into(), json!("ช้า")));
    s.apply(Action::Skip);
    assert_eq!(s.screen, Screen::Submitting);
    assert_eq!(s.answers.len(), 1, "skip drops the reason: {:?}", s.answers);

    let mut s = quick(true);
    s.apply(Action::Tap("rating".into(), json!(1)));
    s.apply(Action::Answer("reason".into(), json!("รอนาน")));
    s.apply(Action::Finish);
    assert_eq!(s.screen, Screen::Submitting);
    assert_eq!(s.answers.get("reason"), Some(&json!("รอนาน")));
    // Tapping a code that is not the one-tap item does nothing.
    let mut s = quick(true);
    s.apply(Action::Tap("reason".into(), json!(1)));
    assert_eq!(s.screen, Screen::Section(0));
}

#[wasm_bindgen_test]
fn restart_returns_to_the_default_language_and_text_size() {
    let mut s = quick(false).with(true, Mode::default());
    assert!(s.large && !s.is_dirty());
    s.apply(Action::SetLocale(Locale::En));
    s.apply(Action::SetLarge(false));
    assert!(
        s.is_dirty(),
        "a changed language or text size is something to clear"
    );
    s.apply(Action::Answer("rating".into(), json!(3)));
    s.apply(Action::Restart);
    assert_eq!((s.locale, s.large), (Locale::Th, true));
    assert!(s.answers.is_empty() && !s.is_dirty());
    assert_eq!(s.restarts, 1);
    // New settings (an attribute changed) become the defaults and keep the answers.
    s.apply(Action::Answer("rating".into(), json!(4)));
    s.apply(Action::SetDefaults(Locale::En, false));
    assert_eq!((s.locale, s.large), (Locale::En, false));
    assert_eq!(s.answers.get("rating"), Some(&json!(4)));
}

// ---------------------------------------------------------------- queue with a fake storage

/// A storage that can be told to refuse writes (full quota, blocked).
#[derive(Default)]
struct FakeStorage {
    map: RefCell<BTreeMap<String, String>>,
    refuse_writes: Cell<bool>,
    writes: Cell<u32>,
}

impl KeyValue for FakeStorage {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        Ok(self.map.borrow().get(key).cloned())
    }
    fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        if self.refuse_writes.get() {
            return Err(StorageError::WriteFailed);
        }
        self.writes.set(self.writes.get() + 1);
        self.map.borrow_mut().insert(key.into(), value.into());
        Ok(())
    }
    fn remove(&self, key: &str) -> Result<(), StorageError> {
        self.map.borrow_mut().remove(key);
        Ok(())
    }
    fn keys(&self, prefix: &str) -> Result<Vec<String>, StorageError> {
        Ok(self
            .map
            .borrow()
            .keys()
            .filter(|k| k.starts_with(prefix))
            .cloned()
            .collect())
    }
}

fn entry(id: &str, queued: f64) -> Entry {
    Entry {
        id: id.into(),
        endpoint: DEFAULT_ENDPOINT.into(),
        body: format!("{{\"id\":\"{id}\"}}"),
        queued,
        attempts: 0,
        rejected: None,
        rejected_code: None,
        code: None,
    }
}

#[wasm_bindgen_test]
fn queue_persists_before_sending_and_removes_on_delivery() {
    let fake = Rc::new(FakeStorage::default());
    let q = Queue::new(fake.clone(), true);
    assert_eq!(q.put(&entry("b", 2.0)), Persisted::Stored);
    assert_eq!(q.put(&entry("a", 1.0)), Persisted::Stored);
    assert_eq!(fake.writes.get(), 2);
    let ids: Vec<String> = q.entries().into_iter().map(|e| e.id).collect();
    assert_eq!(ids, ["a", "b"], "oldest first");
    // A second queue over the same storage (a reload, another tab) sees them.
    let again = Queue::new(fake.clone(), true);
    assert_eq!(again.status().pending, 2);
    q.remove("a");
    assert_eq!(again.entries().len(), 1);
    assert!(!again.status().memory_only);
}

#[wasm_bindgen_test]
fn queue_keeps_entries_in_memory_when_storage_refuses() {
    let fake = Rc::new(FakeStorage::default());
    fake.refuse_writes.set(true);
    let q = Queue::new(fake.clone(), true);
    assert_eq!(q.put(&entry("x", 1.0)), Persisted::MemoryOnly);
    let st = q.status();
    assert_eq!(st.pending, 1);
    assert!(st.memory_only, "shown as a warning");
    // Storage works again: the next write moves it back.
    fake.refuse_writes.set(false);
    let mut e = entry("x", 1.0);
    e.attempts = 1;
    assert_eq!(q.put(&e), Persisted::Stored);
    assert_eq!(q.entries().len(), 1);
    assert!(!q.status().memory_only);
    q.remove("x");
    assert_eq!(q.status().pending, 0);
}

#[wasm_bindgen_test]
fn memory_only_store_is_reported() {
    let q = Queue::new(Rc::new(MemoryStorage::default()), false);
    assert_eq!(q.put(&entry("m", 1.0)), Persisted::MemoryOnly);
    assert!(q.status().memory_only);
}

#[wasm_bindgen_test]
fn rejected_entries_are_kept_but_not_resent_automatically() {
    let q = Queue::new(Rc::new(FakeStorage::default()), true);
    let mut e = entry("r", 1.0);
    e.rejected = Some("HTTP 422: bad".into());
    q.put(&e);
    q.put(&entry("ok", 2.0));
    assert_eq!(q.sendable(false).len(), 1);
    assert_eq!(q.sendable(true).len(), 2, "tried again once per page load");
    let st = q.status();
    assert_eq!(st.pending, 1);
    let messages: Vec<&str> = st.rejections.iter().map(|(_, _, m)| m.as_str()).collect();
    assert_eq!(messages, ["HTTP 422: bad"]);
}

#[wasm_bindgen_test]
fn unreadable_entries_are_skipped() {
    let fake = Rc::new(FakeStorage::default());
    let _ = fake.set("prongsai:q:broken", "{not json");
    let q = Queue::new(fake, true);
    assert!(q.entries().is_empty());
    let e = entry("round-trip", 3.5);
    assert_eq!(Entry::from_json(&e.to_json()), Some(e));
}

#[wasm_bindgen_test]
fn http_outcomes() {
    assert_eq!(classify(201, "", None), Outcome::Delivered);
    assert_eq!(
        classify(200, "", None),
        Outcome::Delivered,
        "already stored"
    );
    for s in [408, 429, 500, 502, 503] {
        assert_eq!(
            classify(s, "", None),
            Outcome::Retry { after_ms: None },
            "{s}"
        );
    }
    assert_eq!(
        classify(429, "", Some("7")),
        Outcome::Retry {
            after_ms: Some(7000)
        }
    );
    assert_eq!(
        classify(503, "", Some("99999")),
        Outcome::Retry {
            after_ms: Some(MAX_BACKOFF_MS)
        }
    );
    match classify(422, r#"{"error":"edition 2567 is not served here"}"#, None) {
        Outcome::Rejected(m) => assert_eq!(m, "HTTP 422: edition 2567 is not served here"),
        o => panic!("{o:?}"),
    }
    assert!(matches!(classify(404, "", None), Outcome::Rejected(_)));
    // The same id stored with another body: kept and shown, not retried.
    match classify(
        409,
        r#"{"error":{"code":"id_conflict","field":"id","message":"another response was already stored under this id; a new response needs a new id"}}"#,
        None,
    ) {
        Outcome::Rejected(m) => assert_eq!(
            m,
            "HTTP 409: another response was already stored under this id; a new response needs a new id"
        ),
        o => panic!("{o:?}"),
    }
}

#[wasm_bindgen_test]
fn server_messages() {
    assert_eq!(
        server_message(
            400,
            r#"{"problems":[{"path":"answers.e1","message":"unknown item code"}]}"#
        ),
        "HTTP 400: answers.e1: unknown item code"
    );
    assert_eq!(
        server_message(400, r#"{"error":{"message":"too big"}}"#),
        "HTTP 400: too big"
    );
    // The prongsai server's shape.
    assert_eq!(
        server_message(
            422,
            r#"{"error":{"code":"invalid_answer","message":"an answer is outside its scale","field":"answers.e1.1",
                "problems":[{"path":"answers.e1.1","message":"7 is not an answer of this scale"}]}}"#
        ),
        "HTTP 422: an answer is outside its scale; answers.e1.1: 7 is not an answer of this scale"
    );
    assert_eq!(server_message(413, "<html>Too large</html>"), "HTTP 413");
    assert_eq!(server_message(400, "plain words"), "HTTP 400: plain words");
}

#[wasm_bindgen_test]
fn backoff_grows_and_is_capped() {
    assert_eq!(backoff_ms(0), 1_000);
    assert_eq!(backoff_ms(1), 2_000);
    assert_eq!(backoff_ms(2), 4_000);
    assert_eq!(backoff_ms(10), MAX_BACKOFF_MS);
    assert_eq!(backoff_ms(u32::MAX), MAX_BACKOFF_MS);
}

// ---------------------------------------------------------------- drafts

#[wasm_bindgen_test]
fn drafts_round_trip_and_expire() {
    let kv = MemoryStorage::default();
    let ins = custom();
    let key = draft::key(&ins, Some("unit-1"));
    assert_eq!(key, "prongsai:draft:khamlai-service:2569:unit-1");
    let mut answers = Answers::new();
    answers.insert("q1.1".into(), json!(4));
    answers.insert("how".into(), json!(["phone", "line"]));
    let d = Draft {
        answers,
        section: 1,
        saved: 1_000.0,
    };
    draft::save(&kv, &key, &d);
    assert_eq!(draft::load(&kv, &key, 2_000.0), Some(d.clone()));
    assert_eq!(
        draft::load(&kv, &key, 1_000.0 + 31.0 * 86_400_000.0),
        None,
        "older than 30 days"
    );
    draft::clear(&kv, &key);
    assert_eq!(draft::load(&kv, &key, 2_000.0), None);
    let _ = kv.set(&key, "garbage");
    assert_eq!(draft::load(&kv, &key, 2_000.0), None);
}

// ---------------------------------------------------------------- configuration

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[wasm_bindgen_test]
fn config_sources_override_in_order() {
    let sources = Sources {
        js: Some(json!({"unit": "js-unit", "point": "js-point", "lang": "en"})),
        data: pairs(&[("survey", "ita-iit"), ("unit", "data-unit"), ("kiosk", "")]),
        query: pairs(&[("survey", "ita-eit"), ("point", "p-7")]),
        base: None,
    };
    let file = json!({"survey": "quick", "endpoint": "https://collect.example.go.th/api/v1/responses",
                      "unit": "file-unit", "contact": ["โทร 02", "LINE @x"], "theme": {"primary": "#5b2a86"}});
    let c = sources.resolve(Some(&file));
    assert_eq!(c.survey.as_deref(), Some("ita-eit"), "query wins");
    assert_eq!(
        c.unit.as_deref(),
        Some("data-unit"),
        "data attribute over mount() and file"
    );
    assert_eq!(c.point.as_deref(), Some("p-7"));
    assert_eq!(c.lang, Locale::En);
    assert!(c.kiosk, "a bare data-kiosk attribute means true");
    assert_eq!(c.endpoint, "https://collect.example.go.th/api/v1/responses");
    assert_eq!(
        c.contact.as_ref().map(|t| t.th.as_str()),
        Some("โทร 02\nLINE @x")
    );
    assert_eq!(c.theme.primary.as_deref(), Some("#5b2a86"));
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
}

#[wasm_bindgen_test]
fn bad_settings_are_ignored_with_a_warning() {
    let sources = Sources {
        query: pairs(&[
            ("lang", "fr"),
            ("kiosk", "maybe"),
            ("endpoint", "javascript:alert(1)"),
            ("complaint_url", "javascript:alert(1)"),
            ("theme-primary", "red; background: url(x)"),
        ]),
        ..Sources::default()
    };
    let c = sources.resolve(None);
    assert_eq!(c.lang, Locale::Th);
    assert!(!c.kiosk);
    assert_eq!(c.endpoint, DEFAULT_ENDPOINT);
    assert_eq!(c.complaint_url, None);
    assert_eq!(c.theme.primary, None);
    assert_eq!(c.warnings.len(), 5);
    assert_eq!(Sources::default().resolve(None).survey, None);
}

#[wasm_bindgen_test]
fn theme_colours_must_keep_contrast() {
    let mut c = Sources {
        query: pairs(&[("theme-primary", "#ffff00")]),
        ..Sources::default()
    }
    .resolve(None);
    assert_eq!(
        c.checked_theme().primary,
        None,
        "yellow buttons with white text fail AA"
    );
    let mut c2 = Sources {
        query: pairs(&[("theme-primary", "#004d40")]),
        ..Sources::default()
    }
    .resolve(None);
    assert_eq!(c2.checked_theme().primary.as_deref(), Some("#004d40"));
    assert!(c.warnings.iter().any(|w| w.contains("contrast")));
    let white_on_white = contrast("#fff", "#ffffff").unwrap_or(0.0);
    assert!((white_on_white - 1.0).abs() < 1e-9);
}

#[wasm_bindgen_test]
fn the_default_endpoint_is_on_the_server_the_widget_came_from() {
    let embedded = Sources {
        base: Some("https://survey.example.go.th/widget/".into()),
        ..Sources::default()
    };
    assert_eq!(
        embedded.resolve(None).endpoint,
        "https://survey.example.go.th/api/v1/responses"
    );
    let explicit = Sources {
        base: Some("http://127.0.0.1:8080/".into()),
        data: pairs(&[("endpoint", "/collect")]),
        ..Sources::default()
    };
    assert_eq!(explicit.resolve(None).endpoint, "/collect");
    assert_eq!(Sources::default().resolve(None).endpoint, DEFAULT_ENDPOINT);
    assert_eq!(origin("http://127.0.0.1:9/x?y"), Some("http://127.0.0.1:9"));
    assert_eq!(origin("file:///x"), None);
}

#[wasm_bindgen_test]
fn theme_kiosk_and_text_size_settings() {
    let c = Sources {
        data: pairs(&[
            (
                "theme",
                "accent: #8a1538; radius: 4; font-scale: 1.2; --prongsai-bg=#fffdf5",
            ),
            ("kiosk", "1"),
            ("kiosk-thanks", "2.5"),
            ("kiosk-idle", "30s"),
            ("kiosk-reason", "0"),
            ("large", ""),
        ]),
        ..Sources::default()
    }
    .resolve(None);
    assert_eq!(c.theme.primary.as_deref(), Some("#8a1538"));
    assert_eq!(c.theme.radius.as_deref(), Some("4px"));
    assert_eq!(c.theme.font_scale, Some(1.2));
    assert_eq!(c.theme.background.as_deref(), Some("#fffdf5"));
    assert!(c.kiosk && c.large);
    assert_eq!(
        c.kiosk_times,
        KioskTimes {
            thanks_ms: 2_500,
            idle_ms: 30_000,
            reason_ms: 0
        }
    );
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    let props = c.theme.properties();
    assert!(props.contains(&("--prongsai-accent", Some("#8a1538".into()))));
    assert!(props.contains(&("--prongsai-font-scale", Some("1.2".into()))));
    assert!(props.contains(&("--prongsai-text", None)));

    let d = KioskTimes::default();
    assert_eq!(
        (d.thanks_ms, d.idle_ms, d.reason_ms),
        (5_000, 60_000, 8_000)
    );
    assert_eq!(d.warn_ms(), 10_000, "countdown in the last 10 s");

    // JSON (config file, mount()) with numbers and the old names.
    let j = Sources {
        js: Some(
            json!({"theme": {"primary": "#004d40", "font_scale": 1.5, "radius": "0.5em"},
                        "kiosk_idle": 90, "large": true}),
        ),
        ..Sources::default()
    }
    .resolve(None);
    assert_eq!(j.theme.primary.as_deref(), Some("#004d40"));
    assert_eq!(j.theme.font_scale, Some(1.5));
    assert_eq!(j.theme.radius.as_deref(), Some("0.5em"));
    assert_eq!(j.kiosk_times.idle_ms, 90_000);
    assert!(j.large);

    let bad = Sources {
        query: pairs(&[
            ("theme", "radius: 1e9px; font-scale: 9; colour: red"),
            ("kiosk-idle", "-1"),
            ("kiosk-thanks", "soon"),
            ("large", "maybe"),
            ("theme-radius", "calc(1px)"),
            ("theme", "nonsense"),
        ]),
        ..Sources::default()
    }
    .resolve(None);
    assert_eq!(bad.theme.radius, None);
    assert_eq!(bad.theme.font_scale, None);
    assert_eq!(bad.kiosk_times, KioskTimes::default());
    assert!(!bad.large);
    assert_eq!(bad.warnings.len(), 8, "{:?}", bad.warnings);
}

#[wasm_bindgen_test]
fn theme_accent_must_contrast_with_the_background_too() {
    let mut c = Sources {
        query: pairs(&[("theme", "accent: #0b57d0; bg: #0b57d0; text: #ffffff")]),
        ..Sources::default()
    }
    .resolve(None);
    let t = c.checked_theme();
    assert_eq!(t.background.as_deref(), Some("#0b57d0"));
    assert_eq!(t.primary, None, "blue links on a blue background");
}

#[wasm_bindgen_test]
fn config_file_url() {
    let s = Sources {
        data: pairs(&[("config", "/a.json")]),
        query: pairs(&[("config", "/b.json")]),
        ..Sources::default()
    };
    assert_eq!(s.config_url().as_deref(), Some("/b.json"));
    assert_eq!(Sources::default().config_url(), None);
}

// ---------------------------------------------------------------- survey sources and ids

#[wasm_bindgen_test]
fn survey_sources() {
    assert_eq!(
        instrument::source(Some("ita-eit")),
        Ok(Source::Id("ita-eit".into()))
    );
    assert_eq!(
        instrument::source(Some("https://x.go.th/my.json")),
        Ok(Source::Url("https://x.go.th/my.json".into()))
    );
    assert_eq!(
        instrument::source(Some("survey.json")),
        Ok(Source::Url("survey.json".into()))
    );
    assert_eq!(instrument::source(None), Err(LoadError::NoSurvey));
    assert_eq!(instrument::source(Some("  ")), Err(LoadError::NoSurvey));
    assert_eq!(
        instrument::source(Some("ita-xyz")),
        Err(LoadError::UnknownSurvey("ita-xyz".into()))
    );
    assert!(matches!(
        instrument::source(Some("javascript:alert(1)//.json")),
        Err(LoadError::UnknownSurvey(_))
    ));
    for id in prongsai_core::builtin::IDS {
        let text = prongsai_core::builtin::json(id).unwrap_or("");
        assert!(instrument::parse(id, text).is_ok(), "built-in {id} reads");
    }
    // Not in the page: an id is fetched from beside the widget's own files.
    let eit = Source::Id("ita-eit".into());
    assert_eq!(
        instrument::url(&eit, Some("https://survey.example.go.th/w/")),
        "https://survey.example.go.th/w/instruments/ita-eit.json"
    );
    assert_eq!(
        instrument::url(&eit, Some("https://survey.example.go.th")),
        "https://survey.example.go.th/instruments/ita-eit.json"
    );
    assert_eq!(instrument::url(&eit, None), "instruments/ita-eit.json");
    let u = Source::Url("https://x.go.th/my.json".into());
    assert_eq!(
        instrument::url(&u, Some("https://a/")),
        "https://x.go.th/my.json"
    );
    match instrument::parse("bad.json", "{") {
        Err(LoadError::Invalid { source, problems }) => {
            assert_eq!(source, "bad.json");
            assert!(!problems.is_empty());
        }
        other => panic!("{other:?}"),
    }
}

#[wasm_bindgen_test]
fn ids_are_version_4_uuids() {
    let id = uuid_from_bytes([0xff; 16]);
    assert_eq!(id, "ffffffff-ffff-4fff-bfff-ffffffffffff");
    let id = uuid_from_bytes([0; 16]);
    assert_eq!(id, "00000000-0000-4000-8000-000000000000");
    let _: Value = json!(id);
}
