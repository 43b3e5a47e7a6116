//! Scores derived from one group's counts: the moments of every answer code, item, indicator,
//! tool and dimension scores, and the interpretation band of a mean.
use std::collections::BTreeMap;

use crate::aggregate::{Counts, Layout, SlotKind};
use crate::instrument::{Instrument, OptionValue};
use crate::number::at_least;
use crate::score::{indicator_score, sub_indicator_scores, IndicatorItems};
use crate::text::Text;

/// n, sum and sum of squares of the scores of one answer code, from exact counts.
#[derive(Default, Clone, Copy)]
pub(super) struct Moments {
    pub(super) n: u64,
    pub(super) sum: f64,
    pub(super) sum_sq: f64,
}

impl Moments {
    pub(super) fn add(&mut self, count: u64, score: f64) {
        self.n += count;
        self.sum += count as f64 * score;
        self.sum_sq += count as f64 * score * score;
    }
    pub(super) fn join(&mut self, o: Moments) {
        self.n += o.n;
        self.sum += o.sum;
        self.sum_sq += o.sum_sq;
    }
    pub(super) fn mean(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum / self.n as f64)
    }
    pub(super) fn sd(&self) -> Option<f64> {
        if self.n < 2 {
            return None;
        }
        let n = self.n as f64;
        let var = (self.sum_sq - self.sum * self.sum / n) / (n - 1.0);
        Some(var.max(0.0).sqrt())
    }
}

fn mean(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let (mut s, mut n) = (0.0, 0usize);
    for v in values {
        s += v;
        n += 1;
    }
    (n > 0).then(|| s / n as f64)
}

impl super::Report {
    /// S.D. of every answer to the satisfaction items (those in a dimension) together, on each
    /// item's option scores: the "ภาพรวม" S.D. of the O16 report and of the results page.
    pub fn satisfaction_sd(&self, ins: &Instrument) -> Option<f64> {
        let mut all = Moments::default();
        for item in ins.items() {
            if item.dimension.is_none() || !ins.is_scored(item) {
                continue;
            }
            let (Some(stats), Some(scale)) = (self.items.get(&item.code), ins.scale(&item.scale))
            else {
                continue;
            };
            for option in &scale.options {
                if let (Some(score), Some(&count)) =
                    (option.score, stats.counts.get(&option.value.key()))
                {
                    all.add(count, score);
                }
            }
        }
        all.sd()
    }
}

/// Scores derived from one group's counts.
pub(super) struct Derived {
    /// Per answer code: moments of its scores.
    pub(super) moments: BTreeMap<String, Moments>,
    pub(super) items: BTreeMap<String, f64>,
    pub(super) indicators: BTreeMap<String, f64>,
    pub(super) sub_indicators: BTreeMap<String, BTreeMap<String, f64>>,
    pub(super) tools: BTreeMap<String, f64>,
    /// Satisfaction: per dimension (mean on scale, percent), and all items' moments.
    pub(super) dimensions: BTreeMap<String, (f64, f64, Moments)>,
    /// Satisfaction: per dimension (answers at the satisfied level or higher, scored answers).
    pub(super) satisfied: BTreeMap<String, (u64, u64)>,
    pub(super) overall_mean: Option<f64>,
    pub(super) overall_percent: Option<f64>,
}

/// Percent of `part` in `whole`; `None` for an empty whole.
pub(super) fn share((part, whole): (u64, u64)) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64 * 100.0)
}

pub(super) fn derive(ins: &Instrument, layout: &Layout, c: &Counts) -> Derived {
    let mut moments = BTreeMap::new();
    for slot in &layout.slots {
        if let SlotKind::Choice { scores, .. } = &slot.kind {
            let mut m = Moments::default();
            for (k, s) in scores.iter().enumerate() {
                if let Some(s) = s {
                    m.add(c.cells[slot.offset + 2 + k], *s);
                }
            }
            moments.insert(slot.code.clone(), m);
        }
    }
    let mut items = BTreeMap::new();
    let mut by_indicator: BTreeMap<&str, IndicatorItems> = BTreeMap::new();
    let mut by_dimension: BTreeMap<&str, (Vec<f64>, Vec<f64>, Moments)> = BTreeMap::new();
    let mut satisfied: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    let satisfied_level = ins
        .scoring
        .satisfaction
        .as_ref()
        .map_or(4, |r| r.satisfied_level());
    let mut all = (Vec::new(), Vec::new());
    for item in ins.items() {
        if !ins.is_scored(item) {
            continue;
        }
        let parts: Vec<f64> = ins
            .answer_codes(item)
            .into_iter()
            .filter_map(|code| moments.get(code).and_then(Moments::mean))
            .collect();
        let Some(score) = mean(parts) else { continue };
        items.insert(item.code.clone(), score);
        if let Some(ind) = &item.indicator {
            by_indicator
                .entry(ind)
                .or_default()
                .push((item.sub_indicator.as_deref(), score));
        }
        if let Some(dim) = &item.dimension {
            let hi = ins
                .scale(&item.scale)
                .and_then(crate::score::score_range)
                .map_or(0.0, |r| r.1);
            if hi > 0.0 {
                let entry = by_dimension.entry(dim).or_default();
                entry.0.push(score);
                entry.1.push(score / hi * 100.0);
                for code in ins.answer_codes(item) {
                    if let Some(m) = moments.get(code) {
                        entry.2.join(*m);
                    }
                    let Some(slot) = layout.index.get(code).map(|&i| &layout.slots[i]) else {
                        continue;
                    };
                    if let SlotKind::Choice { keys, scores } = &slot.kind {
                        let counted = satisfied.entry(dim.clone()).or_default();
                        for (k, key) in keys.iter().enumerate() {
                            let n = c.cells[slot.offset + 2 + k];
                            if scores[k].is_some() {
                                counted.1 += n;
                                if matches!(key, OptionValue::Int(v) if *v >= satisfied_level) {
                                    counted.0 += n;
                                }
                            }
                        }
                    }
                }
                all.0.push(score);
                all.1.push(score / hi * 100.0);
            }
        }
    }
    let mut indicators = BTreeMap::new();
    let mut sub_indicators = BTreeMap::new();
    let mut by_tool: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for ind in &ins.indicators {
        let Some(its) = by_indicator.get(ind.id.as_str()) else {
            continue;
        };
        if let Some(s) = indicator_score(ind, its) {
            indicators.insert(ind.id.clone(), s);
            by_tool.entry(&ind.tool).or_default().push(s);
        }
        let subs = sub_indicator_scores(ind, its);
        if !subs.is_empty() {
            sub_indicators.insert(ind.id.clone(), subs);
        }
    }
    let tools = by_tool
        .into_iter()
        .filter_map(|(t, v)| mean(v).map(|s| (t.to_string(), s)))
        .collect();
    let dimensions = by_dimension
        .into_iter()
        .filter_map(|(d, (means, percents, m))| {
            Some((d.to_string(), (mean(means)?, mean(percents)?, m)))
        })
        .collect();
    Derived {
        moments,
        items,
        indicators,
        sub_indicators,
        tools,
        dimensions,
        satisfied,
        overall_mean: mean(all.0),
        overall_percent: mean(all.1),
    }
}

/// The interpretation band of a mean, judged on the mean as printed (4.5075 shows 4.51 and is
/// in the band from 4.51).
pub(super) fn band(ins: &Instrument, mean: f64) -> Option<Text> {
    let rules = ins.scoring.satisfaction.as_ref()?;
    let decimals = ins.scoring.display_decimals();
    rules
        .bands
        .iter()
        .find(|b| at_least(mean, b.min, decimals))
        .or(rules.bands.last())
        .map(|b| b.label.clone())
}
