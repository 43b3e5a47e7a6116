//! The instrument format `prongsai.instrument/1`: one questionnaire as data.
//! See docs/instrument-format.md for the reference and a complete example.
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::text::Text;

pub const INSTRUMENT_FORMAT: &str = "prongsai.instrument/1";

/// Which family of questionnaire this is; decides how results are summarised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// ITA internal perception (staff), indicators 1–5.
    Iit,
    /// ITA external perception (citizens, stakeholders), indicators 6–8.
    Eit,
    /// Service satisfaction on a 1–5 scale, reported as percent against a target.
    Satisfaction,
    /// One-tap counter rating, summarised like satisfaction.
    Quick,
    /// An agency's own questionnaire.
    Custom,
    /// The agency's OIT self-assessment (indicators 9–10): each item answered `"yes"`/`"no"`,
    /// with an evidence URL (`<code>.url`) and an explanation (`<code>.note`).
    Oit,
}

impl Kind {
    /// ITA-style instruments are scored 0–100 through indicators and tools.
    pub fn is_ita(self) -> bool {
        matches!(self, Kind::Iit | Kind::Eit | Kind::Oit)
    }
}

/// The answer code suffixes of an OIT item's evidence: `o1.url` and `o1.note`.
pub const EVIDENCE_URL: &str = "url";
pub const EVIDENCE_NOTE: &str = "note";

/// Which evidence text an answer code of an OIT item holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    Url,
    Note,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instrument {
    pub format: String,
    pub id: String,
    pub edition: String,
    pub kind: Kind,
    /// Anonymous instruments: submissions carry the date only, nothing about the respondent.
    #[serde(default = "yes")]
    pub anonymous: bool,
    pub title: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eligibility: Option<Text>,
    /// What in this instrument is not confirmed against the official manual of its edition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unverified: Option<Text>,
    /// Show a review screen before submitting.
    #[serde(default)]
    pub review: bool,
    pub scales: Vec<Scale>,
    #[serde(default)]
    pub tools: Vec<Tool>,
    #[serde(default)]
    pub indicators: Vec<Indicator>,
    #[serde(default)]
    pub dimensions: Vec<Dimension>,
    pub sections: Vec<Section>,
    #[serde(default)]
    pub scoring: Scoring,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample: Option<Sample>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tool {
    pub id: String,
    pub title: Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub id: String,
    pub tool: String,
    pub title: Text,
    /// Sub-indicators (OIT 9.1 … 9.5); items name theirs in `sub_indicator`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sub_indicators: Vec<SubIndicator>,
    /// How the indicator's score is made: `"items"` (mean of its items, the default) or
    /// `"sub_indicators"` (mean of its sub-indicators' means).
    #[serde(default, skip_serializing_if = "is_default")]
    pub score_by: ScoreBy,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubIndicator {
    pub id: String,
    pub title: Text,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScoreBy {
    #[default]
    Items,
    SubIndicators,
}

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    pub id: String,
    pub title: Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub id: String,
    pub title: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intro: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_if: Option<Condition>,
    pub items: Vec<Item>,
}

/// What a question is for besides scoring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The answer names the service area (breakdowns by area). Never scored.
    ServiceArea,
    /// The answer names the service point (when not given by the configuration). Never scored.
    ServicePoint,
    /// A respondent-profile question (sex, age band …). Never scored.
    Profile,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub code: String,
    pub text: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
    pub scale: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicator: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimension: Option<String>,
    #[serde(default)]
    pub required: bool,
    /// Reverse scoring for the item (and every sub-item that does not say otherwise).
    #[serde(default)]
    pub reverse: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sub_items: Vec<SubItem>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_if: Option<Condition>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// OIT: the sub-indicator (e.g. "9.1") of the item's indicator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_indicator: Option<String>,
    /// OIT: what the assessor checks, shown next to the item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criteria: Option<Text>,
    /// OIT: a "yes" needs an evidence URL (`<code>.url`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub needs_url: bool,
    /// An alert item (being asked for money, gifts or favours): any answer scored lowest (after
    /// reverse scoring, e.g. มี on a reversed yes/no item) is counted and reported as an alert,
    /// never only averaged into the indicator.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub alert: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubItem {
    pub code: String,
    pub text: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reverse: Option<bool>,
}

/// Show an item or section only when an earlier answer is one of `in`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub item: String,
    #[serde(rename = "in")]
    pub one_of: Vec<Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ScaleKind {
    /// Ordered levels with integer values 1…n (ITA 4-level, satisfaction 5-level).
    Ordinal,
    /// `"yes"` / `"no"` (มี / ไม่มี).
    #[serde(rename = "yesno")]
    YesNo,
    /// One option id.
    Single,
    /// An array of option ids.
    Multiple,
    /// Free text.
    Text,
    /// A number.
    Number,
}

/// How the widget presents a scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Display {
    /// Radio buttons (default).
    Radios,
    /// Five large face buttons, answered with one tap.
    Faces,
    /// A drop-down list.
    Select,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    pub id: String,
    pub kind: ScaleKind,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<ScaleOption>,
    /// Label of the "not applicable" answer (`"na"`), excluded from scoring. Absent: not offered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_applicable: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<Display>,
    /// Text scales: the longest answer accepted, in characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u32>,
    /// Number scales: the range accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
}

/// The value an answer carries: an integer level (ordinal) or an id (`"yes"`, an option id).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum OptionValue {
    Int(i64),
    Id(String),
}

impl OptionValue {
    /// Whether an answer value (JSON) is this option.
    pub fn matches(&self, answer: &Value) -> bool {
        match (self, answer) {
            (OptionValue::Int(i), Value::Number(n)) => n.as_i64() == Some(*i),
            (OptionValue::Id(s), Value::String(a)) => s == a,
            _ => false,
        }
    }

    /// The key under which counts of this option are kept (`"4"`, `"yes"`).
    pub fn key(&self) -> String {
        match self {
            OptionValue::Int(i) => i.to_string(),
            OptionValue::Id(s) => s.clone(),
        }
    }

    pub fn to_json(&self) -> Value {
        match self {
            OptionValue::Int(i) => Value::from(*i),
            OptionValue::Id(s) => Value::from(s.as_str()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScaleOption {
    pub value: OptionValue,
    pub label: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
}

/// How scores are judged. Every field has the ITA default.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scoring {
    #[serde(default)]
    pub thresholds: Thresholds,
    /// Grade labels: a key of the built-in grade schemes (`"2568"`) or a scheme written inline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grades: Option<GradesRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overall: Option<Overall>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub satisfaction: Option<SatisfactionRules>,
    /// Decimals scores are shown with (default 2). Every judgement (strength / to develop, pass,
    /// target met, band, grade) is made on the value rounded to these decimals, half away from zero.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimals: Option<u32>,
}

impl Scoring {
    /// The decimals scores are shown and judged with.
    pub fn display_decimals(&self) -> u32 {
        self.decimals.unwrap_or(crate::number::DISPLAY_DECIMALS)
    }
}

/// Which side exactly-at-threshold scores fall on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AtThreshold {
    Strength,
    Develop,
    Neither,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    #[serde(default = "eighty_five")]
    pub pass: f64,
    #[serde(default = "eighty_five")]
    pub strength_above: f64,
    #[serde(default = "eighty_five")]
    pub develop_below: f64,
    /// The seeds leave exactly 85 unassigned. Default: a strength, because 85 meets the pass mark
    /// ("85 or more passes") and "to develop" means below it.
    #[serde(default = "at_threshold_default")]
    pub at_threshold: AtThreshold,
}

fn eighty_five() -> f64 {
    85.0
}
fn at_threshold_default() -> AtThreshold {
    AtThreshold::Strength
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            pass: 85.0,
            strength_above: 85.0,
            develop_below: 85.0,
            at_threshold: AtThreshold::Strength,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum GradesRef {
    Edition(String),
    Inline(GradeScheme),
}

/// Grade labels of one edition. The first band whose conditions hold gives the label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradeScheme {
    #[serde(default)]
    pub unverified: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Text>,
    pub bands: Vec<GradeBand>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradeBand {
    pub label: Text,
    /// The score must be at least this.
    pub min: f64,
    /// And every tool score present must be at least this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every_tool_min: Option<f64>,
}

/// Weights of the tools in an overall ITA score; used only when every weighted tool has a score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overall {
    pub weights: std::collections::BTreeMap<String, f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SatisfactionRules {
    /// Target percent satisfied (mean ÷ maximum × 100).
    #[serde(default = "eighty")]
    pub target: f64,
    /// Interpretation of a mean, highest band first.
    #[serde(default)]
    pub bands: Vec<MeanBand>,
    /// The lowest level counted as satisfied for the share of answers "มาก or higher"
    /// (default 4, มาก on the 5-level scale).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub satisfied_from: Option<i64>,
}

impl SatisfactionRules {
    pub fn satisfied_level(&self) -> i64 {
        self.satisfied_from.unwrap_or(4)
    }
}

fn eighty() -> f64 {
    80.0
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeanBand {
    pub min: f64,
    pub label: Text,
}

/// Recommended number of respondents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sample {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
    /// Share of the population (0–1), clamped to min..max.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

impl Sample {
    /// Recommended respondents for a population (everyone when the population is below the minimum).
    pub fn recommended(&self, population: Option<u32>) -> Option<u32> {
        let min = self.min.unwrap_or(0);
        match (population, self.share) {
            (Some(p), _) if p <= min => Some(p),
            (Some(p), Some(share)) => {
                let wanted = (f64::from(p) * share).ceil() as u32;
                Some(wanted.max(min).min(self.max.unwrap_or(u32::MAX)).min(p))
            }
            _ => self.min,
        }
    }
}
