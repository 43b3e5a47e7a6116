//! [`Tally::report_with`]: a tally's counts turned into a [`Report`], with the breakdowns and
//! their small groups suppressed.
use std::collections::BTreeMap;

use super::derive::{band, derive, share, Moments};
use super::*;
use crate::aggregate::{Counts, SlotKind, Tally};
use crate::grade::{self, Standing};
use crate::instrument::{GradesRef, Instrument, Kind};
use crate::number::at_least;
use crate::period::fiscal_year_months;

impl Tally {
    /// The results in the shape `prongsai score` prints, with default options.
    pub fn report(&self, ins: &Instrument) -> Report {
        self.report_with(ins, &ReportOptions::default())
    }

    /// A full report of each service area that `report` (this tally's report) shows, small
    /// areas left out as they are suppressed there: the O16's per-area tables.
    pub fn area_reports(
        &self,
        ins: &Instrument,
        report: &Report,
        opts: &ReportOptions,
    ) -> BTreeMap<String, Report> {
        report
            .breakdowns
            .area
            .iter()
            .filter(|g| !g.suppressed)
            .filter_map(|g| {
                let only = self.only(crate::GroupBy::Area, &g.key)?;
                Some((g.key.clone(), only.report_with(ins, opts)))
            })
            .collect()
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
                respondents_rated: self.total.cells[layout.rated_respondents],
                respondents_satisfied: self.total.cells[layout.satisfied_respondents],
                respondents_satisfied_share: share((
                    self.total.cells[layout.satisfied_respondents],
                    self.total.cells[layout.rated_respondents],
                )),
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
