//! The result envelope `prongsai.response/1` (widget → endpoint), see DESIGN.md.
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::answers::Answers;
use crate::instrument::Instrument;
use crate::load::typed;
use crate::period::Date;
use crate::problem::Problem;
use crate::score::score_response;
use crate::text::Locale;

pub const ENVELOPE_FORMAT: &str = "prongsai.response/1";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    pub format: String,
    /// A UUID made in the browser; doubles as the idempotency key.
    pub id: String,
    pub instrument: String,
    pub edition: String,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub point: Option<String>,
    /// The day of submission, `YYYY-MM-DD`. Never a time: anonymous instruments carry the date only.
    pub submitted: String,
    #[serde(default)]
    pub locale: Locale,
    pub answers: Answers,
    /// What the respondent saw. The endpoint recomputes its own; a difference is not an error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scores: Option<Value>,
}

fn is_short_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
}

impl Envelope {
    /// Builds an envelope for a completed response, with the scores the respondent sees.
    pub fn new(
        ins: &Instrument,
        id: String,
        unit: Option<String>,
        point: Option<String>,
        today: Date,
        locale: Locale,
        answers: Answers,
    ) -> Envelope {
        let scores = Some(score_response(ins, &answers).to_value());
        Envelope {
            format: ENVELOPE_FORMAT.into(),
            id,
            instrument: ins.id.clone(),
            edition: ins.edition.clone(),
            unit,
            point,
            submitted: today.to_string(),
            locale,
            answers,
            scores,
        }
    }

    /// The envelope as JSON, exactly as serde writes it, built without serde (the widget sends
    /// it through the browser's `JSON.stringify` and carries no serializer).
    pub fn to_value(&self) -> Value {
        let opt = |s: &Option<String>| s.as_deref().map_or(Value::Null, Value::from);
        let mut m = serde_json::Map::new();
        m.insert("format".into(), Value::from(self.format.as_str()));
        m.insert("id".into(), Value::from(self.id.as_str()));
        m.insert("instrument".into(), Value::from(self.instrument.as_str()));
        m.insert("edition".into(), Value::from(self.edition.as_str()));
        m.insert("unit".into(), opt(&self.unit));
        m.insert("point".into(), opt(&self.point));
        m.insert("submitted".into(), Value::from(self.submitted.as_str()));
        m.insert("locale".into(), Value::from(self.locale.code()));
        m.insert(
            "answers".into(),
            crate::object::answers_object(&self.answers),
        );
        if let Some(scores) = &self.scores {
            m.insert("scores".into(), scores.clone());
        }
        Value::Object(m)
    }

    /// Parses an envelope; structural problems carry their JSON path.
    pub fn from_json(text: &str) -> Result<Envelope, Vec<Problem>> {
        let value: Value = serde_json::from_str(text).map_err(|e| {
            vec![Problem::new(
                "",
                format!("not valid JSON (line {}, column {})", e.line(), e.column()),
            )]
        })?;
        Envelope::from_value(&value)
    }

    pub fn from_value(value: &Value) -> Result<Envelope, Vec<Problem>> {
        if !value.is_object() {
            return Err(vec![Problem::new("", "a response must be a JSON object")]);
        }
        let mut problems = Vec::new();
        match typed::<Envelope>(value, "", &mut problems) {
            Some(env) => Ok(env),
            None => Err(problems),
        }
    }

    /// The submission date, if it is a valid `YYYY-MM-DD`.
    pub fn date(&self) -> Option<Date> {
        Date::parse(&self.submitted)
    }

    /// Every problem of this envelope against the instrument it names.
    pub fn check(&self, ins: &Instrument) -> Vec<Problem> {
        let mut problems = Vec::new();
        if self.format != ENVELOPE_FORMAT {
            problems.push(Problem::new(
                "format",
                format!("must be \"{ENVELOPE_FORMAT}\""),
            ));
        }
        if !is_short_id(&self.id) {
            problems.push(Problem::new(
                "id",
                "must be 1–64 characters of letters, digits, '-', '_' or '.' (a UUID)",
            ));
        }
        if self.instrument != ins.id {
            problems.push(Problem::new(
                "instrument",
                format!("expected \"{}\"", ins.id),
            ));
        }
        if self.edition != ins.edition {
            problems.push(Problem::new(
                "edition",
                format!(
                    "edition \"{}\" of {} is not known here (this endpoint has \"{}\")",
                    self.edition, ins.id, ins.edition
                ),
            ));
        }
        if self.date().is_none() {
            problems.push(Problem::new(
                "submitted",
                "must be a date YYYY-MM-DD (no time)",
            ));
        }
        for (name, v) in [("unit", &self.unit), ("point", &self.point)] {
            if let Some(v) = v {
                if !is_short_id(v) {
                    problems.push(Problem::new(
                        name,
                        "must be 1–64 characters of letters, digits, '-', '_' or '.'",
                    ));
                }
            }
        }
        problems.extend(ins.check_answers(&self.answers));
        problems
    }
}
