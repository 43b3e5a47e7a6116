//! Aggregation across responses. A [`Tally`] keeps only integer counts (per answer option, per
//! group), so merging two tallies is exact and independent of order: the aggregate of a union
//! equals the merge of the aggregates. Means, S.D. and scores are derived from the counts when a
//! [`Report`] is made.
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde_json::Value;

use crate::answers::{Answers, NOT_APPLICABLE};
use crate::instrument::{Instrument, Kind, OptionValue, Role, ScaleKind};
use crate::number::round_half_away;
use crate::period::Date;
use crate::problem::Problem;
use crate::score::{is_reversed, score_range};

mod json;

pub const TALLY_FORMAT: &str = "prongsai.tally/1";

/// Where and when a response was given: the keys of its breakdown groups.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    pub point: Option<String>,
    pub date: Option<Date>,
}

#[derive(Debug)]
pub(crate) enum SlotKind {
    /// Options in scale order with their score (reverse already applied).
    Choice {
        keys: Vec<OptionValue>,
        scores: Vec<Option<f64>>,
    },
    Text,
    Number,
}

/// One answer code's place in the count vector: `[answered, na, option…]`.
#[derive(Debug)]
pub(crate) struct Slot {
    pub code: String,
    pub kind: SlotKind,
    pub offset: usize,
    /// A rated satisfaction answer: a respondent's own mean is taken over these.
    pub rated: bool,
}

#[derive(Debug)]
pub(crate) struct Layout {
    pub slots: Vec<Slot>,
    pub index: HashMap<String, usize>,
    /// (code, slot) sorted by code: answers arrive sorted (BTreeMap), so `add` merge-joins
    /// instead of hashing every code.
    pub sorted: Vec<(String, usize)>,
    pub width: usize,
    /// The answer code whose value names the service area.
    pub area_code: Option<String>,
    /// Cells of alert answers: the lowest-scored options of alert items (e.g. มี on i4.1).
    pub alert_cells: Vec<usize>,
    /// The cell counting responses with at least one alert answer.
    pub alert_respondents: usize,
    /// The cell counting respondents with at least one rated satisfaction answer, and the next
    /// one those whose own mean over them, rounded as printed, is at the satisfied level or
    /// higher (the last two cells).
    pub rated_respondents: usize,
    pub satisfied_respondents: usize,
    /// The satisfied level (`satisfied_from`, default 4) and the decimals a mean is printed with.
    pub satisfied_level: f64,
    pub decimals: u32,
}

impl Layout {
    fn new(ins: &Instrument) -> Layout {
        let mut slots = Vec::new();
        let mut width = 0;
        let mut area_code = None;
        let mut alert_cells = Vec::new();
        let satisfaction_like =
            matches!(ins.kind, Kind::Satisfaction | Kind::Quick) || !ins.dimensions.is_empty();
        for item in ins.items() {
            let Some(scale) = ins.scale(&item.scale) else {
                continue;
            };
            // The items of the satisfaction percent (see `report::derive`).
            let rated = satisfaction_like
                && item.dimension.is_some()
                && ins.is_scored(item)
                && score_range(scale).is_some_and(|r| r.1 > 0.0);
            if item.role == Some(Role::ServiceArea) && area_code.is_none() {
                area_code = Some(item.code.clone());
            }
            for code in ins.answer_codes(item) {
                let kind = match scale.kind {
                    ScaleKind::Text => SlotKind::Text,
                    ScaleKind::Number => SlotKind::Number,
                    _ => {
                        let reverse = is_reversed(item, code);
                        let range = score_range(scale);
                        SlotKind::Choice {
                            keys: scale.options.iter().map(|o| o.value.clone()).collect(),
                            scores: scale
                                .options
                                .iter()
                                .map(|o| match (o.score, reverse, range) {
                                    (Some(s), true, Some((lo, hi))) => Some(lo + hi - s),
                                    (s, _, _) => s,
                                })
                                .collect(),
                        }
                    }
                };
                let w = match &kind {
                    SlotKind::Choice { keys, .. } => 2 + keys.len(),
                    _ => 1,
                };
                if let (true, SlotKind::Choice { scores, .. }) = (item.alert, &kind) {
                    let worst = scores.iter().flatten().copied().reduce(f64::min);
                    for (k, s) in scores.iter().enumerate() {
                        if s.is_some() && *s == worst {
                            alert_cells.push(width + 2 + k);
                        }
                    }
                }
                let rated = rated && matches!(kind, SlotKind::Choice { .. });
                slots.push(Slot {
                    code: code.to_string(),
                    kind,
                    offset: width,
                    rated,
                });
                width += w;
            }
            // OIT evidence texts (`o1.url`, `o1.note`): counted as answered texts.
            for code in ins.evidence_codes(item) {
                slots.push(Slot {
                    code,
                    kind: SlotKind::Text,
                    offset: width,
                    rated: false,
                });
                width += 1;
            }
        }
        let alert_respondents = width;
        let rated_respondents = width + 1;
        let satisfied_respondents = width + 2;
        width += 3;
        let index = slots
            .iter()
            .enumerate()
            .map(|(i, s)| (s.code.clone(), i))
            .collect();
        let mut sorted: Vec<(String, usize)> = slots
            .iter()
            .enumerate()
            .map(|(i, s)| (s.code.clone(), i))
            .collect();
        sorted.sort();
        Layout {
            slots,
            index,
            sorted,
            width,
            area_code,
            alert_cells,
            alert_respondents,
            rated_respondents,
            satisfied_respondents,
            satisfied_level: ins
                .scoring
                .satisfaction
                .as_ref()
                .map_or(4, |r| r.satisfied_level()) as f64,
            decimals: ins.scoring.display_decimals(),
        }
    }
}

/// A breakdown dimension of a [`Tally`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    Point,
    Area,
    /// Key `2568`.
    FiscalYear,
    /// Key `2568-1` or `2568-H1`.
    Half,
    /// Key `2568-2` or `2568-Q2`.
    Quarter,
    /// Key `2024-10`.
    Month,
}

/// Counts for one group of responses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    pub n: u64,
    pub(crate) cells: Vec<u64>,
}

impl Counts {
    fn new(width: usize) -> Counts {
        Counts {
            n: 0,
            cells: vec![0; width],
        }
    }

    fn apply(&mut self, hits: &[usize]) {
        self.n += 1;
        for &h in hits {
            self.cells[h] += 1;
        }
    }

    fn merge(&mut self, other: &Counts) {
        self.n += other.n;
        for (a, b) in self.cells.iter_mut().zip(&other.cells) {
            *a += b;
        }
    }
}

/// The mergeable aggregate of many responses to one instrument edition.
#[derive(Debug, Clone)]
pub struct Tally {
    pub instrument: String,
    pub edition: String,
    pub(crate) layout: Arc<Layout>,
    pub(crate) total: Counts,
    pub(crate) point: BTreeMap<String, Counts>,
    pub(crate) area: BTreeMap<String, Counts>,
    pub(crate) fiscal_year: BTreeMap<i32, Counts>,
    pub(crate) half: BTreeMap<(i32, u32), Counts>,
    pub(crate) quarter: BTreeMap<(i32, u32), Counts>,
    pub(crate) month: BTreeMap<(i32, u32), Counts>,
    scratch: Vec<usize>,
}

impl PartialEq for Tally {
    fn eq(&self, o: &Tally) -> bool {
        self.instrument == o.instrument
            && self.edition == o.edition
            && self.total == o.total
            && self.point == o.point
            && self.area == o.area
            && self.fiscal_year == o.fiscal_year
            && self.half == o.half
            && self.quarter == o.quarter
            && self.month == o.month
    }
}

fn bump<K: Ord + Clone>(map: &mut BTreeMap<K, Counts>, key: K, width: usize, hits: &[usize]) {
    map.entry(key)
        .or_insert_with(|| Counts::new(width))
        .apply(hits);
}

fn merge_map<K: Ord + Clone>(into: &mut BTreeMap<K, Counts>, from: &BTreeMap<K, Counts>) {
    for (k, c) in from {
        match into.get_mut(k) {
            Some(mine) => mine.merge(c),
            None => {
                into.insert(k.clone(), c.clone());
            }
        }
    }
}

impl Tally {
    pub fn new(ins: &Instrument) -> Tally {
        let layout = Arc::new(Layout::new(ins));
        Tally {
            instrument: ins.id.clone(),
            edition: ins.edition.clone(),
            total: Counts::new(layout.width),
            layout,
            point: BTreeMap::new(),
            area: BTreeMap::new(),
            fiscal_year: BTreeMap::new(),
            half: BTreeMap::new(),
            quarter: BTreeMap::new(),
            month: BTreeMap::new(),
            scratch: Vec::new(),
        }
    }

    /// Number of responses counted.
    pub fn n(&self) -> u64 {
        self.total.n
    }

    /// Counts one response. Answers are assumed checked; unknown codes and values are ignored.
    pub fn add(&mut self, answers: &Answers, ctx: &Context) {
        self.add_in_area(answers, ctx, None);
    }

    /// Counts one response given at a service point mapped to the service area `area` (the
    /// server's `[point_areas]`): the response counts in that area unless its answers name one
    /// themselves — also for an instrument without a service-area question (a one-tap kiosk
    /// rating).
    pub fn add_in_area(&mut self, answers: &Answers, ctx: &Context, area: Option<&str>) {
        let mut hits = std::mem::take(&mut self.scratch);
        hits.clear();
        let sorted = &self.layout.sorted;
        let mut j = 0;
        // The respondent's own rated answers: sum of scores and their number.
        let mut own = (0.0, 0u32);
        for (code, value) in answers {
            while j < sorted.len() && sorted[j].0.as_str() < code.as_str() {
                j += 1;
            }
            if j == sorted.len() {
                break;
            }
            if sorted[j].0 != *code {
                continue;
            }
            let slot = &self.layout.slots[sorted[j].1];
            if value.is_null() {
                continue;
            }
            match &slot.kind {
                SlotKind::Choice { keys, .. } => {
                    if value.as_str() == Some(NOT_APPLICABLE) {
                        hits.extend([slot.offset, slot.offset + 1]);
                    } else if let Some(list) = value.as_array() {
                        let chosen: Vec<usize> = list
                            .iter()
                            .filter_map(|v| keys.iter().position(|k| k.matches(v)))
                            .collect();
                        if !chosen.is_empty() {
                            hits.push(slot.offset);
                            hits.extend(chosen.into_iter().map(|k| slot.offset + 2 + k));
                        }
                    } else if let Some(k) = keys.iter().position(|k| k.matches(value)) {
                        hits.extend([slot.offset, slot.offset + 2 + k]);
                        if let (true, SlotKind::Choice { scores, .. }) = (slot.rated, &slot.kind) {
                            if let Some(s) = scores[k] {
                                own = (own.0 + s, own.1 + 1);
                            }
                        }
                    }
                }
                SlotKind::Text => {
                    if value.as_str().is_some_and(|s| !s.trim().is_empty()) {
                        hits.push(slot.offset);
                    }
                }
                SlotKind::Number => {
                    if value.is_number() {
                        hits.push(slot.offset);
                    }
                }
            }
        }
        if self
            .layout
            .alert_cells
            .iter()
            .any(|cell| hits.contains(cell))
        {
            hits.push(self.layout.alert_respondents);
        }
        if own.1 > 0 {
            hits.push(self.layout.rated_respondents);
            let mean = round_half_away(own.0 / f64::from(own.1), self.layout.decimals);
            if mean >= self.layout.satisfied_level {
                hits.push(self.layout.satisfied_respondents);
            }
        }
        let width = self.layout.width;
        self.total.apply(&hits);
        if let Some(point) = ctx.point.as_deref().filter(|p| !p.is_empty()) {
            match self.point.get_mut(point) {
                Some(c) => c.apply(&hits),
                None => bump(&mut self.point, point.to_string(), width, &hits),
            }
        }
        let area = self
            .layout
            .area_code
            .as_deref()
            .and_then(|c| answers.get(c))
            .and_then(Value::as_str)
            .filter(|a| *a != NOT_APPLICABLE)
            .or(area.filter(|a| !a.is_empty()));
        if let Some(area) = area {
            match self.area.get_mut(area) {
                Some(c) => c.apply(&hits),
                None => bump(&mut self.area, area.to_string(), width, &hits),
            }
        }
        if let Some(d) = ctx.date {
            let fy = d.fiscal_year();
            bump(&mut self.fiscal_year, fy, width, &hits);
            bump(&mut self.half, (fy, d.fiscal_half()), width, &hits);
            bump(&mut self.quarter, (fy, d.fiscal_quarter()), width, &hits);
            bump(&mut self.month, (d.year, d.month), width, &hits);
        }
        self.scratch = hits;
    }

    /// The tally of one breakdown group alone (e.g. one service area), for full per-group
    /// statistics: its total is the group's counts and it has no breakdowns of its own. `None`
    /// when no response falls in the group. Suppressing small groups is the caller's duty
    /// ([`crate::MIN_GROUP`]).
    pub fn only(&self, by: GroupBy, key: &str) -> Option<Tally> {
        let pair = |k: &str| -> Option<(i32, u32)> {
            let (a, b) = k.split_once('-')?;
            let b = b.trim_start_matches(['H', 'Q']);
            Some((a.parse().ok()?, b.parse().ok()?))
        };
        let counts = match by {
            GroupBy::Point => self.point.get(key),
            GroupBy::Area => self.area.get(key),
            GroupBy::FiscalYear => key.parse().ok().and_then(|y: i32| self.fiscal_year.get(&y)),
            GroupBy::Half => pair(key).and_then(|k| self.half.get(&k)),
            GroupBy::Quarter => pair(key).and_then(|k| self.quarter.get(&k)),
            GroupBy::Month => pair(key).and_then(|k| self.month.get(&k)),
        }?;
        Some(Tally {
            instrument: self.instrument.clone(),
            edition: self.edition.clone(),
            layout: Arc::clone(&self.layout),
            total: counts.clone(),
            point: BTreeMap::new(),
            area: BTreeMap::new(),
            fiscal_year: BTreeMap::new(),
            half: BTreeMap::new(),
            quarter: BTreeMap::new(),
            month: BTreeMap::new(),
            scratch: Vec::new(),
        })
    }

    /// Adds another tally of the same instrument edition.
    pub fn merge(&mut self, other: &Tally) -> Result<(), Problem> {
        if self.instrument != other.instrument
            || self.edition != other.edition
            || self.layout.width != other.layout.width
        {
            return Err(Problem::new(
                "",
                format!(
                    "cannot merge results of {} {} into {} {}",
                    other.instrument, other.edition, self.instrument, self.edition
                ),
            ));
        }
        self.total.merge(&other.total);
        merge_map(&mut self.point, &other.point);
        merge_map(&mut self.area, &other.area);
        merge_map(&mut self.fiscal_year, &other.fiscal_year);
        merge_map(&mut self.half, &other.half);
        merge_map(&mut self.quarter, &other.quarter);
        merge_map(&mut self.month, &other.month);
        Ok(())
    }
}
