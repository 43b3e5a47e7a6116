//! The survey's state: plain data, an [`Action`] enum and a pure reducer (unit-testable without a
//! browser). Side effects (queueing, drafts, focus) are done by components in effects that
//! watch this state.

use std::rc::Rc;

use prongsai_core::{Answers, Instrument, Locale, Problem};
use serde_json::Value;
use yew::Reducible;

use crate::services::draft::Draft;

/// A shared instrument, compared by identity (props and state must be `PartialEq`; an
/// instrument never changes once loaded).
#[derive(Clone)]
pub struct SharedInstrument(pub Rc<Instrument>);

impl SharedInstrument {
    pub fn new(i: Instrument) -> Self {
        SharedInstrument(Rc::new(i))
    }
}

impl PartialEq for SharedInstrument {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for SharedInstrument {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Instrument({} {})", self.0.id, self.0.edition)
    }
}

impl std::ops::Deref for SharedInstrument {
    type Target = Instrument;
    fn deref(&self) -> &Instrument {
        &self.0
    }
}

/// What is on screen.
#[derive(Clone, Debug, PartialEq)]
pub enum Screen {
    /// One section (index into `instrument.sections`).
    Section(usize),
    /// All answers, before submitting (instruments with `review: true`).
    Review,
    /// Kiosk one-tap rating: the optional follow-up questions (a reason) after the tap.
    Reason,
    /// The response is complete; the survey component queues it and then dispatches
    /// [`Action::Submitted`].
    Submitting,
    /// Thank-you screen.
    Done(Done),
}

/// What the thank-you screen may show of the respondent's own answers.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Done {
    /// Satisfaction percent of this response, when the instrument computes one.
    pub rating: Option<f64>,
    /// The queued response's id: the screen thanks only once the endpoint has accepted it.
    pub id: Option<String>,
}

/// Where keyboard focus should go after the next render.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Focus {
    /// Leave focus alone (first render: never steal focus from a host page).
    None,
    /// The new screen's heading.
    Heading,
    /// The first input of an answer code.
    Field(String),
}

/// A problem with one answer on the current screen.
#[derive(Clone, Debug, PartialEq)]
pub struct Issue {
    /// Answer code (`e1.2`) or, for problems without one, the problem's path.
    pub code: String,
    /// The core's message.
    pub message: String,
}

impl Issue {
    pub fn from_problem(p: &Problem) -> Issue {
        let code = p
            .path
            .strip_prefix("answers.")
            .unwrap_or(&p.path)
            .to_string();
        Issue {
            code,
            message: p.message.clone(),
        }
    }
}

/// How the survey is answered.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Mode {
    /// Kiosk one-tap rating: answer code of the item answered by one tap on a face, which
    /// completes the response.
    pub tap: Option<String>,
    /// After the tap, show the section's other questions (a reason) on a screen of their own;
    /// otherwise the tap submits at once.
    pub follow_up: bool,
}

/// The kiosk one-tap item of an instrument: a `quick` instrument whose first section starts
/// with a single face-scale question.
pub fn tap_item(instrument: &Instrument) -> Option<String> {
    if instrument.kind != prongsai_core::Kind::Quick {
        return None;
    }
    let first = *visible_sections(instrument, &Answers::new()).first()?;
    let item = instrument.sections.get(first)?.items.first()?;
    let scale = instrument.scale(&item.scale)?;
    (item.sub_items.is_empty()
        && scale.display == Some(prongsai_core::Display::Faces)
        && !scale.options.is_empty())
    .then(|| item.code.clone())
}

#[derive(Clone, Debug, PartialEq)]
pub struct SurveyState {
    pub instrument: SharedInstrument,
    pub screen: Screen,
    /// Shared, so that every render and every action copies a pointer, not the answers
    /// (written through `Rc::make_mut`).
    pub answers: Rc<Answers>,
    pub locale: Locale,
    /// Problems found when the respondent last tried to leave this screen.
    pub issues: Vec<Issue>,
    pub focus: Focus,
    /// Bumped whenever `focus` should be applied again.
    pub focus_seq: u32,
    /// A stored draft offered for resuming.
    pub resume: Option<Draft>,
    /// Bumped on every transition to [`Screen::Submitting`].
    pub submit_seq: u32,
    /// Larger text (elderly users).
    pub large: bool,
    /// Language and text size a fresh survey starts with (the settings').
    pub defaults: (Locale, bool),
    pub mode: Mode,
    /// Bumped on every [`Action::Restart`]: the screen is rebuilt from scratch.
    pub restarts: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Records an answer (code of an item or sub-item).
    Answer(String, Value),
    /// Removes an answer (emptied text or number field).
    Clear(String),
    /// Leave the current section forward: checks it first.
    Next,
    Back,
    /// From the review: go back to a section.
    Edit(usize),
    /// From the review: check everything, then submit.
    Submit,
    /// The response is queued.
    Submitted(Done),
    SetLocale(Locale),
    /// A stored draft was found (read after the first render): offer it, unless the
    /// respondent has already started.
    Offer(Draft),
    /// Take the offered draft.
    Resume,
    /// Decline the offered draft.
    Discard,
    /// A fresh, empty survey (kiosk: next person) in the default language and text size.
    Restart,
    /// Larger text on or off.
    SetLarge(bool),
    /// New settings for language and text size (current and for fresh surveys).
    SetDefaults(Locale, bool),
    /// Kiosk one-tap rating: the face tapped.
    Tap(String, Value),
    /// Kiosk follow-up screen: submit with what was entered.
    Finish,
    /// Kiosk follow-up screen: submit the rating alone.
    Skip,
}

/// Indices of the sections visible with these answers.
pub fn visible_sections(instrument: &Instrument, answers: &Answers) -> Vec<usize> {
    (0..instrument.sections.len())
        .filter(|&i| instrument.is_section_visible(i, answers))
        .collect()
}

/// The answers that count: those of visible questions (answers to questions that a later
/// change hid are dropped, as the core's `check_answers` requires).
pub fn effective_answers(instrument: &Instrument, answers: &Answers) -> Answers {
    let mut current = answers.clone();
    instrument.prune_hidden(&mut current);
    current
}

/// The section holding answer code `code`.
pub fn section_of(instrument: &Instrument, code: &str) -> Option<usize> {
    instrument.sections.iter().position(|s| {
        s.items
            .iter()
            .any(|item| item.code == code || instrument.answer_codes(item).contains(&code))
    })
}

impl SurveyState {
    /// A new survey on its first visible section, with an optional draft to offer.
    pub fn new(instrument: SharedInstrument, locale: Locale, resume: Option<Draft>) -> Self {
        let answers = Answers::new();
        let first = visible_sections(&instrument, &answers)
            .first()
            .copied()
            .unwrap_or(0);
        SurveyState {
            instrument,
            screen: Screen::Section(first),
            answers: Rc::new(answers),
            locale,
            issues: Vec::new(),
            focus: Focus::None,
            focus_seq: 0,
            resume,
            submit_seq: 0,
            large: false,
            defaults: (locale, false),
            mode: Mode::default(),
            restarts: 0,
        }
    }

    /// The same survey with larger text from the start and an answering mode.
    pub fn with(mut self, large: bool, mode: Mode) -> Self {
        self.large = large;
        self.defaults.1 = large;
        self.mode = mode;
        self
    }

    /// Whether there is anything of a respondent to clear (kiosk idle reset).
    pub fn is_dirty(&self) -> bool {
        let first = visible_sections(&self.instrument, &Answers::new())
            .first()
            .copied()
            .unwrap_or(0);
        !self.answers.is_empty()
            || !matches!(self.screen, Screen::Section(i) if i == first)
            || (self.locale, self.large) != self.defaults
    }

    /// (position, total) of the current section among the visible ones, 1-based.
    pub fn progress(&self) -> Option<(usize, usize)> {
        let Screen::Section(i) = self.screen else {
            return None;
        };
        let vis = visible_sections(&self.instrument, &self.answers);
        let pos = vis.iter().position(|&v| v == i).map(|p| p + 1).unwrap_or(1);
        Some((pos, vis.len().max(1)))
    }

    /// Whether "next" on this section leaves the survey's sections (review or submit next).
    pub fn is_last_section(&self) -> bool {
        match self.screen {
            Screen::Section(i) => !visible_sections(&self.instrument, &self.answers)
                .iter()
                .any(|&v| v > i),
            _ => false,
        }
    }

    fn focus(&mut self, f: Focus) {
        self.focus = f;
        self.focus_seq = self.focus_seq.wrapping_add(1);
    }

    fn go(&mut self, screen: Screen) {
        self.screen = screen;
        self.issues.clear();
        self.focus(Focus::Heading);
    }

    fn submit(&mut self) {
        self.issues.clear();
        self.screen = Screen::Submitting;
        self.submit_seq = self.submit_seq.wrapping_add(1);
    }

    fn show_issues(&mut self, problems: &[Problem]) {
        self.issues = problems.iter().map(Issue::from_problem).collect();
        let first = self
            .issues
            .first()
            .map(|i| i.code.clone())
            .unwrap_or_default();
        self.focus(Focus::Field(first));
    }

    /// The pure transition function.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Answer(code, value) => {
                self.resume = None;
                self.issues.retain(|i| i.code != code);
                Rc::make_mut(&mut self.answers).insert(code, value);
            }
            Action::Clear(code) => {
                self.resume = None;
                self.issues.retain(|i| i.code != code);
                Rc::make_mut(&mut self.answers).remove(&code);
            }
            Action::Next => {
                let Screen::Section(i) = self.screen else {
                    return;
                };
                let problems = self.instrument.check_section(i, &self.answers);
                if !problems.is_empty() {
                    self.show_issues(&problems);
                    return;
                }
                self.resume = None;
                let vis = visible_sections(&self.instrument, &self.answers);
                if let Some(&next) = vis.iter().find(|&&v| v > i) {
                    self.go(Screen::Section(next));
                } else if self.instrument.review {
                    self.go(Screen::Review);
                } else {
                    self.submit();
                }
            }
            Action::Back => {
                let vis = visible_sections(&self.instrument, &self.answers);
                let target = match self.screen {
                    Screen::Section(i) => vis.iter().rev().find(|&&v| v < i).copied(),
                    Screen::Review => vis.last().copied(),
                    _ => None,
                };
                if let Some(t) = target {
                    self.go(Screen::Section(t));
                }
            }
            Action::Edit(i) => {
                if self.screen == Screen::Review
                    && self.instrument.is_section_visible(i, &self.answers)
                {
                    self.go(Screen::Section(i));
                }
            }
            Action::Submit => {
                if self.screen != Screen::Review {
                    return;
                }
                let effective = effective_answers(&self.instrument, &self.answers);
                let problems = self.instrument.check_answers(&effective);
                if problems.is_empty() {
                    self.submit();
                    return;
                }
                let first = Issue::from_problem(&problems[0]);
                if let Some(s) = section_of(&self.instrument, &first.code) {
                    self.screen = Screen::Section(s);
                    let here: Vec<Problem> = problems
                        .into_iter()
                        .filter(|p| {
                            section_of(&self.instrument, &Issue::from_problem(p).code) == Some(s)
                        })
                        .collect();
                    self.show_issues(&here);
                } else {
                    self.show_issues(&problems);
                }
            }
            Action::Submitted(done) => {
                self.answers = Rc::default();
                self.resume = None;
                self.go(Screen::Done(done));
            }
            Action::SetLocale(l) => self.locale = l,
            Action::Offer(d) => {
                if self.answers.is_empty() && matches!(self.screen, Screen::Section(_)) {
                    self.resume = Some(d);
                }
            }
            Action::Resume => {
                if let Some(d) = self.resume.take() {
                    self.answers = Rc::new(d.answers);
                    let vis = visible_sections(&self.instrument, &self.answers);
                    let section = if vis.contains(&d.section) {
                        d.section
                    } else {
                        vis.iter()
                            .rev()
                            .find(|&&v| v < d.section)
                            .or(vis.first())
                            .copied()
                            .unwrap_or(0)
                    };
                    self.go(Screen::Section(section));
                }
            }
            Action::Discard => {
                self.resume = None;
                self.answers = Rc::default();
            }
            Action::Restart => {
                let (locale, large) = self.defaults;
                let (seq, restarts) = (self.submit_seq, self.restarts);
                *self = SurveyState::new(self.instrument.clone(), locale, None)
                    .with(large, self.mode.clone());
                self.submit_seq = seq;
                self.restarts = restarts.wrapping_add(1);
                self.focus(Focus::Heading);
            }
            Action::SetLarge(on) => self.large = on,
            Action::SetDefaults(locale, large) => {
                self.locale = locale;
                self.large = large;
                self.defaults = (locale, large);
            }
            Action::Tap(code, value) => {
                let first = visible_sections(&self.instrument, &Answers::new())
                    .first()
                    .copied();
                let Screen::Section(i) = self.screen else {
                    return;
                };
                if self.mode.tap.as_deref() != Some(code.as_str()) || first != Some(i) {
                    return;
                }
                Rc::make_mut(&mut self.answers).insert(code, value);
                let others_ok = self.instrument.check_section(i, &self.answers).is_empty();
                if self.mode.follow_up && self.has_follow_up(i) || !others_ok {
                    self.go(Screen::Reason);
                } else {
                    self.submit();
                }
            }
            Action::Finish => {
                if self.screen != Screen::Reason {
                    return;
                }
                let i = self.tap_section();
                let problems = self.instrument.check_section(i, &self.answers);
                if problems.is_empty() {
                    self.submit();
                } else {
                    self.show_issues(&problems);
                }
            }
            Action::Skip => {
                if self.screen != Screen::Reason {
                    return;
                }
                let tap = self.mode.tap.clone().unwrap_or_default();
                Rc::make_mut(&mut self.answers).retain(|k, _| *k == tap);
                let i = self.tap_section();
                if self.instrument.check_section(i, &self.answers).is_empty() {
                    self.submit();
                } else {
                    // The follow-up is required and nobody answered it: nothing to keep.
                    self.apply(Action::Restart);
                }
            }
        }
    }
}

impl SurveyState {
    /// The section holding the one-tap item.
    pub fn tap_section(&self) -> usize {
        self.mode
            .tap
            .as_deref()
            .and_then(|c| section_of(&self.instrument, c))
            .unwrap_or(0)
    }

    /// Whether section `i` has visible questions besides the one-tap item.
    fn has_follow_up(&self, i: usize) -> bool {
        let tap = self.mode.tap.as_deref();
        self.instrument.sections.get(i).is_some_and(|s| {
            s.items.iter().any(|item| {
                Some(item.code.as_str()) != tap
                    && self.instrument.is_item_visible(item, &self.answers)
            })
        })
    }
}

impl Reducible for SurveyState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        next.apply(action);
        Rc::new(next)
    }
}
