//! Turning a [`Tally`](crate::Tally) into results: per-item n, mean, S.D. and counts; indicator, tool and
//! satisfaction scores; grade label; strengths and weaknesses; breakdowns with small groups
//! suppressed. Everything is kept at full precision; rounding is for display only.
mod build;
mod derive;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::instrument::Kind;
use crate::text::Text;

pub const REPORT_FORMAT: &str = "prongsai.results/1";

/// Groups smaller than this are never reported separately.
pub const MIN_GROUP: u64 = 5;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub format: &'static str,
    pub instrument: String,
    pub edition: String,
    pub kind: Kind,
    pub title: Text,
    pub n: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sample_min: Option<u32>,
    pub items: BTreeMap<String, ItemStats>,
    pub indicators: BTreeMap<String, IndicatorStats>,
    pub tools: BTreeMap<String, ToolStats>,
    /// The pass mark each tool and indicator is judged against (85).
    pub pass_line: f64,
    /// Decimals every judgement is made at (the value as printed, rounded half away from zero).
    pub decimals: u32,
    /// Grade label of the weighted overall score, only when every weighted tool has a score:
    /// a single tool's result is never given the overall-ITA grade word (see `tools.*.passes`).
    pub grade: Option<Grade>,
    /// Weighted overall score, only when every tool of the instrument's weights has a score.
    pub overall: Option<f64>,
    pub strengths: Vec<Classified>,
    pub to_develop: Vec<Classified>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub satisfaction: Option<Satisfaction>,
    /// Number of non-empty answers per free-text question (OIT: `o1.url`, `o1.note` too).
    pub text_answers: BTreeMap<String, u64>,
    /// Answers on alert items (asked for money, gifts or favours): present for instruments
    /// with alert items, even when nobody reported one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alerts: Option<Alerts>,
    pub breakdowns: Breakdowns,
}

/// Alert answers: how many respondents reported at least one, and the count per answer code.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alerts {
    pub respondents: u64,
    /// Every alert answer code in instrument order, with zero counts too.
    pub items: Vec<AlertCount>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlertCount {
    /// The answer code (`i4.1`).
    pub code: String,
    /// The item it belongs to (`i4`).
    pub item: String,
    /// The item's text, and the sub-item's text where there is one.
    pub text: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<Text>,
    /// The alert answer(s) counted (option values, e.g. `yes`).
    pub answers: Vec<String>,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemStats {
    pub text: Text,
    /// Scored answers (not applicable excluded); for items with parts the largest part's n.
    pub n: u64,
    pub na: u64,
    /// Mean score (ITA 0–100; satisfaction on the scale, 1–5); items with parts: mean of the parts' means.
    pub score: Option<f64>,
    /// Sample standard deviation (n − 1) of the scores; items with parts: over all their answers.
    pub sd: Option<f64>,
    /// Satisfaction: score ÷ scale maximum × 100.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub percent: Option<f64>,
    /// Answers per option value (before reverse scoring), as the respondent chose them.
    pub counts: BTreeMap<String, u64>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub parts: BTreeMap<String, PartStats>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartStats {
    pub text: Text,
    pub n: u64,
    pub na: u64,
    pub score: Option<f64>,
    pub sd: Option<f64>,
    pub counts: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorStats {
    pub title: Text,
    pub tool: String,
    pub score: Option<f64>,
    /// "strength", "develop" or "neither", judged on the score as printed.
    pub standing: Option<&'static str>,
    /// OIT: sub-indicator scores (9.1 …), in the indicator's order of ids.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub sub_indicators: BTreeMap<String, f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ToolStats {
    pub title: Text,
    pub score: Option<f64>,
    /// Whether the score as printed reaches the pass line. No grade word for a single tool.
    pub passes: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grade {
    pub label: Text,
    /// What was graded: a tool id or "overall".
    pub basis: String,
    pub score: f64,
    /// The grade scheme's key (edition) or "inline".
    pub scheme: String,
    pub unverified: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Classified {
    pub indicator: String,
    pub title: Text,
    pub score: f64,
    /// The indicator's items, weakest first.
    pub weakest_items: Vec<ItemScore>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemScore {
    pub code: String,
    pub score: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Satisfaction {
    pub target: f64,
    pub mean: Option<f64>,
    pub percent: Option<f64>,
    pub band: Option<Text>,
    pub meets_target: Option<bool>,
    /// The level from which an answer counts as satisfied (4 = มาก on the 5-level scale).
    pub satisfied_from: i64,
    /// Percent of the answers at that level or higher (beside mean ÷ 5 × 100).
    pub satisfied_share: Option<f64>,
    /// Respondents who rated at least one item of a dimension.
    pub respondents_rated: u64,
    /// Of those, the respondents whose own mean over the items they rated, rounded half away
    /// from zero to the decimals printed, is at `satisfied_from` or higher.
    pub respondents_satisfied: u64,
    /// `respondents_satisfied` in percent of `respondents_rated` (the share of respondents
    /// satisfied); `None` when nobody rated anything.
    pub respondents_satisfied_share: Option<f64>,
    pub dimensions: BTreeMap<String, DimensionStats>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DimensionStats {
    pub title: Text,
    pub mean: Option<f64>,
    pub sd: Option<f64>,
    pub percent: Option<f64>,
    pub band: Option<Text>,
    pub meets_target: Option<bool>,
    pub satisfied_share: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Breakdowns {
    pub min_group: u64,
    pub point: Vec<Group>,
    pub area: Vec<Group>,
    pub fiscal_year: Vec<Group>,
    pub half: Vec<Group>,
    pub quarter: Vec<Group>,
    /// Every month of every fiscal year seen, zero months included.
    pub month: Vec<Group>,
}

/// One breakdown group. Groups of 1–4 respondents are suppressed: no count, no scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    pub key: String,
    pub suppressed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub n: Option<u64>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub indicators: BTreeMap<String, f64>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub tools: BTreeMap<String, f64>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub dimensions: BTreeMap<String, f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub percent: Option<f64>,
    /// Respondents with at least one alert answer (instruments with alert items).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alerts: Option<u64>,
}

/// Options for [`Tally::report_with`].
#[derive(Debug, Clone)]
pub struct ReportOptions {
    pub min_group: u64,
    /// Use this built-in grade scheme instead of the instrument's (e.g. "2566" letters).
    pub grades: Option<String>,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            min_group: MIN_GROUP,
            grades: None,
        }
    }
}
