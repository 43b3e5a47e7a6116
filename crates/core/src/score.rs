//! Scoring one response: sub-item score from the option (reversed where flagged) → item score =
//! mean of its sub-items → indicator = mean of its items → tool = mean of its indicators.
//! Satisfaction: item mean on the scale (1–5), percent = mean ÷ scale maximum × 100, per
//! dimension and overall.
use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::answers::Answers;
use crate::instrument::{Indicator, Instrument, Item, Scale, ScoreBy};

/// The scores of one response, as the envelope carries them.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ResponseScores {
    pub items: BTreeMap<String, f64>,
    pub indicators: BTreeMap<String, f64>,
    pub tools: BTreeMap<String, f64>,
    /// Satisfaction: percent per dimension.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub dimensions: BTreeMap<String, f64>,
    /// Satisfaction: percent over every scored item.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overall_percent: Option<f64>,
}

impl ResponseScores {
    /// As JSON, exactly as serde writes it, built without serde (the widget carries no
    /// serializer).
    pub fn to_value(&self) -> Value {
        fn map(m: &BTreeMap<String, f64>) -> Value {
            Value::Object(crate::object::object(
                m.iter().map(|(k, v)| (k.clone(), Value::from(*v))),
            ))
        }
        let mut out = serde_json::Map::new();
        out.insert("items".into(), map(&self.items));
        out.insert("indicators".into(), map(&self.indicators));
        out.insert("tools".into(), map(&self.tools));
        if !self.dimensions.is_empty() {
            out.insert("dimensions".into(), map(&self.dimensions));
        }
        if let Some(p) = self.overall_percent {
            out.insert("overall_percent".into(), Value::from(p));
        }
        Value::Object(out)
    }
}

/// Lowest and highest option score of a scale.
pub(crate) fn score_range(scale: &Scale) -> Option<(f64, f64)> {
    let scores = scale.options.iter().filter_map(|o| o.score);
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for s in scores {
        lo = lo.min(s);
        hi = hi.max(s);
    }
    (lo <= hi).then_some((lo, hi))
}

/// Whether the answer under `code` of `item` is reverse-scored.
pub(crate) fn is_reversed(item: &Item, code: &str) -> bool {
    item.sub_items
        .iter()
        .find(|s| s.code == code)
        .and_then(|s| s.reverse)
        .unwrap_or(item.reverse)
}

/// The score of one answer; `None` for not applicable, missing or unscored answers.
pub(crate) fn answer_score(scale: &Scale, value: &Value, reverse: bool) -> Option<f64> {
    let score = scale
        .options
        .iter()
        .find(|o| o.value.matches(value))?
        .score?;
    if reverse {
        let (lo, hi) = score_range(scale)?;
        Some(lo + hi - score)
    } else {
        Some(score)
    }
}

fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// Item scores of one indicator, each with the item's sub-indicator (OIT).
pub(crate) type IndicatorItems<'a> = Vec<(Option<&'a str>, f64)>;

/// Sub-indicator scores: the mean of each sub-indicator's item scores, in the indicator's order.
pub(crate) fn sub_indicator_scores(
    ind: &Indicator,
    items: &IndicatorItems,
) -> BTreeMap<String, f64> {
    // Inserted, not collected: see `crate::object`.
    let mut out = BTreeMap::new();
    for sub in &ind.sub_indicators {
        let scores: Vec<f64> = items
            .iter()
            .filter(|(s, _)| *s == Some(sub.id.as_str()))
            .map(|(_, v)| *v)
            .collect();
        if let Some(m) = mean(&scores) {
            out.insert(sub.id.clone(), m);
        }
    }
    out
}

/// An indicator's score: the mean of its items, or of its sub-indicators where it says so.
pub(crate) fn indicator_score(ind: &Indicator, items: &IndicatorItems) -> Option<f64> {
    match ind.score_by {
        ScoreBy::Items => mean(&items.iter().map(|(_, v)| *v).collect::<Vec<_>>()),
        ScoreBy::SubIndicators => mean(
            &sub_indicator_scores(ind, items)
                .into_values()
                .collect::<Vec<_>>(),
        ),
    }
}

/// The values gathered under `key` (added on first use). A short list searched in order rather
/// than a map keyed by `&str`: a response has a handful of indicators, tools and dimensions, and
/// each map type would add its own tree code to the widget.
fn group<'g, 'a, T>(groups: &'g mut Vec<(&'a str, Vec<T>)>, key: &'a str) -> &'g mut Vec<T> {
    let i = match groups.iter().position(|(k, _)| *k == key) {
        Some(i) => i,
        None => {
            groups.push((key, Vec::new()));
            groups.len() - 1
        }
    };
    &mut groups[i].1
}

/// Scores one response. Unanswered, not-applicable and hidden questions are left out.
pub fn score_response(ins: &Instrument, answers: &Answers) -> ResponseScores {
    let mut out = ResponseScores::default();
    let mut by_indicator: Vec<(&str, IndicatorItems)> = Vec::new();
    let mut by_dimension: Vec<(&str, Vec<f64>)> = Vec::new();
    let mut all_percents = Vec::new();
    for item in ins.items() {
        if !ins.is_scored(item) || !ins.is_item_visible(item, answers) {
            continue;
        }
        let Some(scale) = ins.scale(&item.scale) else {
            continue;
        };
        let subs: Vec<f64> = ins
            .answer_codes(item)
            .into_iter()
            .filter_map(|code| {
                answers
                    .get(code)
                    .and_then(|v| answer_score(scale, v, is_reversed(item, code)))
            })
            .collect();
        let Some(score) = mean(&subs) else { continue };
        out.items.insert(item.code.clone(), score);
        if let Some(ind) = &item.indicator {
            group(&mut by_indicator, ind).push((item.sub_indicator.as_deref(), score));
        }
        if let Some(dim) = &item.dimension {
            if let Some((_, hi)) = score_range(scale).filter(|(_, hi)| *hi > 0.0) {
                let percent = score / hi * 100.0;
                group(&mut by_dimension, dim).push(percent);
                all_percents.push(percent);
            }
        }
    }
    let mut by_tool: Vec<(&str, Vec<f64>)> = Vec::new();
    for ind in &ins.indicators {
        if let Some(score) = by_indicator
            .iter()
            .find(|(k, _)| *k == ind.id)
            .and_then(|(_, v)| indicator_score(ind, v))
        {
            out.indicators.insert(ind.id.clone(), score);
            group(&mut by_tool, &ind.tool).push(score);
        }
    }
    for (tool, scores) in by_tool {
        if let Some(score) = mean(&scores) {
            out.tools.insert(tool.to_string(), score);
        }
    }
    for (dim, percents) in by_dimension {
        if let Some(p) = mean(&percents) {
            out.dimensions.insert(dim.to_string(), p);
        }
    }
    out.overall_percent = mean(&all_percents);
    out
}
