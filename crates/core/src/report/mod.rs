//! Turning a [`Tally`] into results: per-item n, mean, S.D. and counts; indicator, tool and
//! satisfaction scores; grade label; strengths and weaknesses; breakdowns with small groups
//! suppressed. Everything is kept at full precision; rounding is for display only.
use std::collections::BTreeMap;

use serde::Serialize;

use crate::aggregate::{Counts, Layout, SlotKind, Tally};
use crate::grade::{self, Standing};
use crate::instrument::{GradesRef, Instrument, Kind, OptionValue};
use crate::number::at_least;
use crate::period::fiscal_year_months;
use crate::score::{indicator_score, sub_indicator_scores, IndicatorItems};
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

/// n, sum and sum of squares of the scores of one answer code, from exact counts.
#[derive(Default, Clone, Copy)]
struct Moments {
    n: u64,
    sum: f64,
    sum_sq: f64,
}

impl Moments {
    fn add(&mut self, count: u64, score: f64) {
        self.n += count;
        self.sum += count as f64 * score;
        self.sum_sq += count as f64 * score * score;
    }
    fn join(&mut self, o: Moments) {
        self.n += o.n;
        self.sum += o.sum;
        self.sum_sq += o.sum_sq;
    }
    fn mean(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum / self.n as f64)
    }
    fn sd(&self) -> Option<f64> {
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

/// Scores derived from one group's counts.
struct Derived {
    /// Per answer code: moments of its scores.
    moments: BTreeMap<String, Moments>,
    items: BTreeMap<String, f64>,
    indicators: BTreeMap<String, f64>,
    sub_indicators: BTreeMap<String, BTreeMap<String, f64>>,
    tools: BTreeMap<String, f64>,
    /// Satisfaction: per dimension (mean on scale, percent), and all items' moments.
    dimensions: BTreeMap<String, (f64, f64, Moments)>,
    /// Satisfaction: per dimension (answers at the satisfied level or higher, scored answers).
    satisfied: BTreeMap<String, (u64, u64)>,
    overall_mean: Option<f64>,
    overall_percent: Option<f64>,
}

/// Percent of `part` in `whole`; `None` for an empty whole.
fn share((part, whole): (u64, u64)) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64 * 100.0)
}

fn derive(ins: &Instrument, layout: &Layout, c: &Counts) -> Derived {
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
fn band(ins: &Instrument, mean: f64) -> Option<Text> {
    let rules = ins.scoring.satisfaction.as_ref()?;
    let decimals = ins.scoring.display_decimals();
    rules
        .bands
        .iter()
        .find(|b| at_least(mean, b.min, decimals))
        .or(rules.bands.last())
        .map(|b| b.label.clone())
}

impl Tally {
    /// The results in the shape `prongsai score` prints, with default options.
    pub fn report(&self, ins: &Instrument) -> Report {
        self.report_with(ins, &ReportOptions::default())
    }

    pub fn report_with(&self, ins: &Instrument, opts: &ReportOptions) -> Report {
        let layout = &self.layout;
        let d = derive(ins, layout, &self.total);
        let satisfaction_like =
            matches!(ins.kind, Kind::Satisfaction | Kind::Quick) || !ins.dimensions.is_empty();

        // Items.
        let slot_of = |code: &str| layout.index.get(code).map(|&i| &layout.slots[i]);
        let option_counts = |code: &str| -> (u64, u64, BTreeMap<String, u64>) {
            let Some(slot) = slot_of(code) else {
                return (0, 0, BTreeMap::new());
            };
            let answered = self.total.cells[slot.offset];
            match &slot.kind {
                SlotKind::Choice { keys, .. } => {
                    let counts = keys
                        .iter()
                        .enumerate()
                        .map(|(k, key)| (key.key(), self.total.cells[slot.offset + 2 + k]))
                        .collect();
                    (answered, self.total.cells[slot.offset + 1], counts)
                }
                _ => (answered, 0, BTreeMap::new()),
            }
        };
        let mut items = BTreeMap::new();
        let mut text_answers = BTreeMap::new();
        for item in ins.items() {
            let Some(scale) = ins.scale(&item.scale) else {
                continue;
            };
            if matches!(
                scale.kind,
                crate::instrument::ScaleKind::Text | crate::instrument::ScaleKind::Number
            ) {
                for code in ins.answer_codes(item) {
                    text_answers.insert(code.to_string(), option_counts(code).0);
                }
                continue;
            }
            let scored = ins.is_scored(item);
            let hi = crate::score::score_range(scale).map_or(0.0, |r| r.1);
            let mut parts = BTreeMap::new();
            let mut pooled = Moments::default();
            let (mut n, mut na, mut counts) = (0, 0, BTreeMap::<String, u64>::new());
            for code in ins.answer_codes(item) {
                let (answered, part_na, part_counts) = option_counts(code);
                let m = if scored {
                    d.moments.get(code).copied().unwrap_or_default()
                } else {
                    Moments::default()
                };
                pooled.join(m);
                let part_n = if scored { m.n } else { answered - part_na };
                n = n.max(part_n);
                na = na.max(part_na);
                for (k, v) in &part_counts {
                    *counts.entry(k.clone()).or_default() += v;
                }
                if !item.sub_items.is_empty() {
                    let text = item
                        .sub_items
                        .iter()
                        .find(|s| s.code == code)
                        .map(|s| s.text.clone())
                        .unwrap_or_default();
                    parts.insert(
                        code.to_string(),
                        PartStats {
                            text,
                            n: part_n,
                            na: part_na,
                            score: m.mean(),
                            sd: m.sd(),
                            counts: part_counts,
                        },
                    );
                }
            }
            let score = if scored {
                d.items.get(&item.code).copied()
            } else {
                None
            };
            items.insert(
                item.code.clone(),
                ItemStats {
                    text: item.text.clone(),
                    n,
                    na,
                    score,
                    sd: if scored { pooled.sd() } else { None },
                    percent: if satisfaction_like && item.dimension.is_some() && hi > 0.0 {
                        score.map(|s| s / hi * 100.0)
                    } else {
                        None
                    },
                    counts,
                    parts,
                },
            );
        }

        for item in ins.items() {
            for code in ins.evidence_codes(item) {
                let answered = option_counts(&code).0;
                text_answers.insert(code, answered);
            }
        }

        // Indicators, tools, classification.
        let thresholds = &ins.scoring.thresholds;
        let decimals = ins.scoring.display_decimals();
        let mut indicators = BTreeMap::new();
        let (mut strengths, mut to_develop) = (Vec::new(), Vec::new());
        for ind in &ins.indicators {
            let score = d.indicators.get(&ind.id).copied();
            let standing = score.map(|s| grade::standing(thresholds, s, decimals));
            if let (Some(score), Some(st)) = (score, standing) {
                let mut weakest: Vec<ItemScore> = ins
                    .items()
                    .filter(|i| i.indicator.as_deref() == Some(ind.id.as_str()))
                    .filter_map(|i| {
                        d.items.get(&i.code).map(|s| ItemScore {
                            code: i.code.clone(),
                            score: *s,
                        })
                    })
                    .collect();
                weakest.sort_by(|a, b| {
                    a.score
                        .total_cmp(&b.score)
                        .then_with(|| a.code.cmp(&b.code))
                });
                weakest.truncate(3);
                let c = Classified {
                    indicator: ind.id.clone(),
                    title: ind.title.clone(),
                    score,
                    weakest_items: weakest,
                };
                match st {
                    Standing::Strength => strengths.push(c),
                    Standing::Develop => to_develop.push(c),
                    Standing::Neither => {}
                }
            }
            indicators.insert(
                ind.id.clone(),
                IndicatorStats {
                    title: ind.title.clone(),
                    tool: ind.tool.clone(),
                    score,
                    standing: standing.map(|s| match s {
                        Standing::Strength => "strength",
                        Standing::Develop => "develop",
                        Standing::Neither => "neither",
                    }),
                    sub_indicators: d.sub_indicators.get(&ind.id).cloned().unwrap_or_default(),
                },
            );
        }
        strengths.sort_by(|a, b| b.score.total_cmp(&a.score));
        to_develop.sort_by(|a, b| a.score.total_cmp(&b.score));
        let pass_line = thresholds.pass;
        let tools: BTreeMap<String, ToolStats> = ins
            .tools
            .iter()
            .map(|t| {
                (
                    t.id.clone(),
                    ToolStats {
                        title: t.title.clone(),
                        score: d.tools.get(&t.id).copied(),
                        passes: d
                            .tools
                            .get(&t.id)
                            .map(|s| at_least(*s, pass_line, decimals)),
                    },
                )
            })
            .collect();

        // Overall only when the weights' tools all have scores: never invent an overall ITA.
        let overall = ins.scoring.overall.as_ref().and_then(|o| {
            let mut sum = 0.0;
            for (tool, w) in &o.weights {
                sum += d.tools.get(tool)? * w;
            }
            Some(sum / 100.0)
        });
        let (scheme, scheme_key) = match &opts.grades {
            Some(key) => (grade::builtin_scheme(key), key.clone()),
            None => (
                grade::scheme_for(ins),
                match &ins.scoring.grades {
                    Some(GradesRef::Edition(k)) => k.clone(),
                    _ => "inline".to_string(),
                },
            ),
        };
        let tool_scores: Vec<f64> = d.tools.values().copied().collect();
        // The grade word belongs to the overall ITA only; one tool gets its pass line instead.
        let grade = match (scheme, overall) {
            (Some(scheme), Some(score)) => {
                grade::band(scheme, score, &tool_scores, decimals).map(|b| Grade {
                    label: b.label.clone(),
                    basis: "overall".to_string(),
                    score,
                    scheme: scheme_key,
                    unverified: scheme.unverified,
                })
            }
            _ => None,
        };

        // Satisfaction.
        let satisfaction = satisfaction_like.then(|| {
            let target = ins.scoring.satisfaction.as_ref().map_or(80.0, |s| s.target);
            let dimensions = ins
                .dimensions
                .iter()
                .map(|dim| {
                    let v = d.dimensions.get(&dim.id);
                    (
                        dim.id.clone(),
                        DimensionStats {
                            title: dim.title.clone(),
                            mean: v.map(|x| x.0),
                            sd: v.and_then(|x| x.2.sd()),
                            percent: v.map(|x| x.1),
                            band: v.and_then(|x| band(ins, x.0)),
                            meets_target: v.map(|x| at_least(x.1, target, decimals)),
                            satisfied_share: d.satisfied.get(&dim.id).and_then(|c| share(*c)),
                        },
                    )
                })
                .collect();
            Satisfaction {
                target,
                mean: d.overall_mean,
                percent: d.overall_percent,
                band: d.overall_mean.and_then(|m| band(ins, m)),
                meets_target: d.overall_percent.map(|p| at_least(p, target, decimals)),
                satisfied_from: ins
                    .scoring
                    .satisfaction
                    .as_ref()
                    .map_or(4, |r| r.satisfied_level()),
                satisfied_share: share(
                    d.satisfied
                        .values()
                        .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1)),
                ),
                dimensions,
            }
        });

        Report {
            format: REPORT_FORMAT,
            instrument: ins.id.clone(),
            edition: ins.edition.clone(),
            kind: ins.kind,
            title: ins.title.clone(),
            n: self.total.n,
            sample_min: ins.sample.as_ref().and_then(|s| s.min),
            items,
            indicators,
            tools,
            pass_line,
            decimals,
            grade,
            overall,
            strengths,
            to_develop,
            satisfaction,
            text_answers,
            alerts: self.alerts(ins),
            breakdowns: self.breakdowns(ins, opts.min_group),
        }
    }

    fn group(&self, ins: &Instrument, key: String, c: Option<&Counts>, min_group: u64) -> Group {
        let n = c.map_or(0, |c| c.n);
        let suppressed = n > 0 && n < min_group;
        let mut g = Group {
            key,
            suppressed,
            n: (!suppressed).then_some(n),
            indicators: BTreeMap::new(),
            tools: BTreeMap::new(),
            dimensions: BTreeMap::new(),
            percent: None,
            alerts: None,
        };
        if let (Some(c), false) = (c, suppressed) {
            if n > 0 {
                let d = derive(ins, &self.layout, c);
                g.indicators = d.indicators;
                g.tools = d.tools;
                g.dimensions = d.dimensions.into_iter().map(|(k, v)| (k, v.1)).collect();
                g.percent = d.overall_percent;
                if !self.layout.alert_cells.is_empty() {
                    g.alerts = Some(c.cells[self.layout.alert_respondents]);
                }
            }
        }
        g
    }

    /// Alert answers per answer code, from the counts of the lowest-scored options.
    fn alerts(&self, ins: &Instrument) -> Option<Alerts> {
        let layout = &self.layout;
        if layout.alert_cells.is_empty() {
            return None;
        }
        let mut items = Vec::new();
        for item in ins.items().filter(|i| i.alert) {
            for code in ins.answer_codes(item) {
                let Some(slot) = layout.index.get(code).map(|&i| &layout.slots[i]) else {
                    continue;
                };
                let SlotKind::Choice { keys, .. } = &slot.kind else {
                    continue;
                };
                let (mut answers, mut count) = (Vec::new(), 0);
                for (k, key) in keys.iter().enumerate() {
                    let cell = slot.offset + 2 + k;
                    if layout.alert_cells.contains(&cell) {
                        answers.push(key.key());
                        count += self.total.cells[cell];
                    }
                }
                items.push(AlertCount {
                    code: code.to_string(),
                    item: item.code.clone(),
                    text: item.text.clone(),
                    part: item
                        .sub_items
                        .iter()
                        .find(|s| s.code == code)
                        .map(|s| s.text.clone()),
                    answers,
                    count,
                });
            }
        }
        Some(Alerts {
            respondents: self.total.cells[layout.alert_respondents],
            items,
        })
    }

    fn breakdowns(&self, ins: &Instrument, min_group: u64) -> Breakdowns {
        let list = |groups: Vec<(String, &Counts)>| -> Vec<Group> {
            groups
                .into_iter()
                .map(|(k, c)| self.group(ins, k, Some(c), min_group))
                .collect()
        };
        let mut month = Vec::new();
        for fy in self.fiscal_year.keys() {
            for m in fiscal_year_months(*fy) {
                let key = m
                    .split_once('-')
                    .and_then(|(y, mm)| Some((y.parse::<i32>().ok()?, mm.parse::<u32>().ok()?)));
                let c = key.and_then(|k| self.month.get(&k));
                month.push(self.group(ins, m, c, min_group));
            }
        }
        Breakdowns {
            min_group,
            point: list(self.point.iter().map(|(k, c)| (k.clone(), c)).collect()),
            area: list(self.area.iter().map(|(k, c)| (k.clone(), c)).collect()),
            fiscal_year: list(
                self.fiscal_year
                    .iter()
                    .map(|(k, c)| (k.to_string(), c))
                    .collect(),
            ),
            half: list(
                self.half
                    .iter()
                    .map(|((y, h), c)| (format!("{y}-H{h}"), c))
                    .collect(),
            ),
            quarter: list(
                self.quarter
                    .iter()
                    .map(|((y, q), c)| (format!("{y}-Q{q}"), c))
                    .collect(),
            ),
            month,
        }
    }
}
