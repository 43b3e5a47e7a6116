//! The meaning checks of an instrument, after its structure parsed: every problem, with its path.
use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::grade;
use crate::instrument::{
    GradeScheme, GradesRef, Instrument, Item, Kind, OptionValue, Scale, ScaleKind, ScoreBy,
    INSTRUMENT_FORMAT,
};
use crate::problem::Problem;
use crate::text::Text;

/// Every problem in a parsed instrument. Empty means valid.
pub fn validate(ins: &Instrument) -> Vec<Problem> {
    let mut v = Validator {
        problems: Vec::new(),
    };
    v.header(ins);
    let scales = v.scales(ins);
    v.structure(ins);
    v.items(ins, &scales);
    v.sub_indicators(ins, &scales);
    v.scoring(ins);
    v.problems
}

struct Validator {
    problems: Vec<Problem>,
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_' || b == b'.'
        })
}

impl Validator {
    fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem::new(path, message));
    }

    fn text(&mut self, path: &str, text: &Text) {
        if text.th.trim().is_empty() {
            self.push(format!("{path}.th"), "the Thai text is empty");
        }
    }

    fn header(&mut self, ins: &Instrument) {
        if ins.format != INSTRUMENT_FORMAT {
            self.push(
                "format",
                format!("must be \"{INSTRUMENT_FORMAT}\", found \"{}\"", ins.format),
            );
        }
        if !is_identifier(&ins.id) {
            self.push("id", "must be 1–64 characters of a–z, 0–9, '-', '_' or '.'");
        }
        if !(ins.edition.len() == 4 && ins.edition.bytes().all(|b| b.is_ascii_digit())) {
            self.push(
                "edition",
                format!(
                    "must be a Buddhist-era fiscal year such as \"2568\", found \"{}\"",
                    ins.edition
                ),
            );
        }
        self.text("title", &ins.title);
        if ins.sections.is_empty() {
            self.push("sections", "an instrument needs at least one section");
        }
    }

    fn scales(&mut self, ins: &Instrument) -> BTreeMap<String, Scale> {
        let mut seen = BTreeMap::new();
        for (i, scale) in ins.scales.iter().enumerate() {
            let path = format!("scales[{i}]");
            if !is_identifier(&scale.id) {
                self.push(
                    format!("{path}.id"),
                    "must be 1–64 characters of a–z, 0–9, '-', '_' or '.'",
                );
            }
            if seen.insert(scale.id.clone(), scale.clone()).is_some() {
                self.push(
                    format!("{path}.id"),
                    format!("duplicate scale id \"{}\"", scale.id),
                );
            }
            self.scale(&path, scale);
        }
        seen
    }

    fn scale(&mut self, path: &str, scale: &Scale) {
        let choice = matches!(
            scale.kind,
            ScaleKind::Ordinal | ScaleKind::YesNo | ScaleKind::Single | ScaleKind::Multiple
        );
        if choice && scale.options.is_empty() {
            self.push(format!("{path}.options"), "the scale has no options");
        }
        if !choice && !scale.options.is_empty() {
            self.push(
                format!("{path}.options"),
                "text and number scales have no options",
            );
        }
        let mut values = BTreeSet::new();
        for (j, opt) in scale.options.iter().enumerate() {
            let opath = format!("{path}.options[{j}]");
            self.text(&format!("{opath}.label"), &opt.label);
            if !values.insert(opt.value.key()) {
                self.push(
                    format!("{opath}.value"),
                    format!("duplicate option value {}", opt.value.to_json()),
                );
            }
            match (&scale.kind, &opt.value) {
                (ScaleKind::Ordinal, OptionValue::Int(_)) => {}
                (ScaleKind::Ordinal, OptionValue::Id(_)) => self.push(
                    format!("{opath}.value"),
                    "an ordinal option's value must be an integer level (1, 2, 3 …)",
                ),
                (ScaleKind::YesNo, OptionValue::Id(s)) if s == "yes" || s == "no" => {}
                (ScaleKind::YesNo, _) => self.push(
                    format!("{opath}.value"),
                    "a yes/no option's value must be \"yes\" or \"no\"",
                ),
                (_, OptionValue::Id(s)) if s == "na" => self.push(
                    format!("{opath}.value"),
                    "\"na\" is reserved for not applicable: use the scale's not_applicable",
                ),
                (ScaleKind::Single | ScaleKind::Multiple, OptionValue::Id(s))
                    if !is_identifier(s) =>
                {
                    self.push(
                        format!("{opath}.value"),
                        "an option id must be 1–64 characters of a–z, 0–9, '-', '_' or '.'",
                    )
                }
                _ => {}
            }
            if let Some(score) = opt.score {
                if !(0.0..=100.0).contains(&score) || !score.is_finite() {
                    self.push(
                        format!("{opath}.score"),
                        format!("score {score} is outside 0–100"),
                    );
                }
            }
        }
        if scale.kind == ScaleKind::YesNo && scale.options.len() != 2 {
            self.push(
                format!("{path}.options"),
                "a yes/no scale has exactly the options \"yes\" and \"no\"",
            );
        }
        if scale.max_length == Some(0) {
            self.push(format!("{path}.max_length"), "must be at least 1");
        }
        if let (Some(min), Some(max)) = (scale.min, scale.max) {
            if min > max {
                self.push(
                    format!("{path}.min"),
                    format!("min {min} is greater than max {max}"),
                );
            }
        }
        if let Some(na) = &scale.not_applicable {
            self.text(&format!("{path}.not_applicable"), na);
        }
    }

    fn structure(&mut self, ins: &Instrument) {
        let mut tools = BTreeSet::new();
        for (i, tool) in ins.tools.iter().enumerate() {
            self.text(&format!("tools[{i}].title"), &tool.title);
            if !tools.insert(tool.id.as_str()) {
                self.push(
                    format!("tools[{i}].id"),
                    format!("duplicate tool id \"{}\"", tool.id),
                );
            }
        }
        let mut indicators = BTreeSet::new();
        for (i, ind) in ins.indicators.iter().enumerate() {
            self.text(&format!("indicators[{i}].title"), &ind.title);
            if !indicators.insert(ind.id.as_str()) {
                self.push(
                    format!("indicators[{i}].id"),
                    format!("duplicate indicator id \"{}\"", ind.id),
                );
            }
            if !tools.contains(ind.tool.as_str()) {
                self.push(
                    format!("indicators[{i}].tool"),
                    format!("unknown tool \"{}\"", ind.tool),
                );
            }
            if !ins
                .sections
                .iter()
                .flat_map(|s| &s.items)
                .any(|it| it.indicator.as_deref() == Some(ind.id.as_str()))
            {
                self.push(
                    format!("indicators[{i}]"),
                    format!("indicator \"{}\" has no items", ind.id),
                );
            }
        }
        let mut dims = BTreeSet::new();
        for (i, d) in ins.dimensions.iter().enumerate() {
            self.text(&format!("dimensions[{i}].title"), &d.title);
            if !dims.insert(d.id.as_str()) {
                self.push(
                    format!("dimensions[{i}].id"),
                    format!("duplicate dimension id \"{}\"", d.id),
                );
            }
        }
        let mut section_ids = BTreeSet::new();
        for (i, s) in ins.sections.iter().enumerate() {
            self.text(&format!("sections[{i}].title"), &s.title);
            if !section_ids.insert(s.id.as_str()) {
                self.push(
                    format!("sections[{i}].id"),
                    format!("duplicate section id \"{}\"", s.id),
                );
            }
            if s.items.is_empty() {
                self.push(
                    format!("sections[{i}].items"),
                    "a section needs at least one item",
                );
            }
        }
        if ins.kind.is_ita() && ins.indicators.is_empty() {
            self.push("indicators", "an IIT or EIT instrument needs indicators");
        }
        if matches!(ins.kind, Kind::Satisfaction | Kind::Quick) && ins.dimensions.is_empty() {
            self.push(
                "dimensions",
                "a satisfaction or quick instrument needs dimensions",
            );
        }
    }

    fn items(&mut self, ins: &Instrument, scales: &BTreeMap<String, Scale>) {
        // codes seen so far, with their scale: a condition may only look back.
        let mut seen: BTreeMap<String, Option<&Scale>> = BTreeMap::new();
        let indicators: BTreeSet<&str> = ins.indicators.iter().map(|i| i.id.as_str()).collect();
        let dims: BTreeSet<&str> = ins.dimensions.iter().map(|d| d.id.as_str()).collect();
        for (i, section) in ins.sections.iter().enumerate() {
            if let Some(cond) = &section.show_if {
                self.condition(
                    &format!("sections[{i}].show_if"),
                    &cond.item,
                    &cond.one_of,
                    &seen,
                    None,
                );
            }
            for (j, item) in section.items.iter().enumerate() {
                let path = format!("sections[{i}].items[{j}]");
                self.item(&path, item, scales, &indicators, &dims, &mut seen);
            }
        }
    }

    fn item<'a>(
        &mut self,
        path: &str,
        item: &Item,
        scales: &'a BTreeMap<String, Scale>,
        indicators: &BTreeSet<&str>,
        dims: &BTreeSet<&str>,
        seen: &mut BTreeMap<String, Option<&'a Scale>>,
    ) {
        self.text(&format!("{path}.text"), &item.text);
        if let Some(note) = &item.note {
            self.text(&format!("{path}.note"), note);
        }
        if !is_identifier(&item.code) {
            self.push(
                format!("{path}.code"),
                "must be 1–64 characters of a–z, 0–9, '-', '_' or '.'",
            );
        }
        let scale = scales.get(&item.scale);
        if scale.is_none() {
            self.push(
                format!("{path}.scale"),
                format!("unknown scale \"{}\"", item.scale),
            );
        }
        if let Some(cond) = &item.show_if {
            self.condition(
                &format!("{path}.show_if"),
                &cond.item,
                &cond.one_of,
                seen,
                Some(&item.code),
            );
        }
        if let Some(ind) = &item.indicator {
            if !indicators.contains(ind.as_str()) {
                self.push(
                    format!("{path}.indicator"),
                    format!("unknown indicator \"{ind}\""),
                );
            }
        }
        if let Some(dim) = &item.dimension {
            if !dims.contains(dim.as_str()) {
                self.push(
                    format!("{path}.dimension"),
                    format!("unknown dimension \"{dim}\""),
                );
            }
        }
        let scored = item.indicator.is_some() || item.dimension.is_some();
        if scored && item.role.is_some() {
            self.push(format!("{path}.role"), "profile, service-area and service-point questions are never scored: remove indicator/dimension");
        }
        if let Some(scale) = scale {
            if scored {
                match scale.kind {
                    ScaleKind::Text | ScaleKind::Number | ScaleKind::Multiple => self.push(
                        format!("{path}.scale"),
                        format!("a scored item needs an ordinal, yes/no or single-choice scale; \"{}\" is not", scale.id),
                    ),
                    _ => {
                        if scale.options.iter().any(|o| o.score.is_none()) {
                            self.push(format!("{path}.scale"), format!("scale \"{}\" has options without a score, so it cannot be scored", scale.id));
                        }
                    }
                }
            }
            if !item.sub_items.is_empty()
                && matches!(scale.kind, ScaleKind::Text | ScaleKind::Number)
            {
                self.push(format!("{path}.sub_items"), "sub-items need a choice scale");
            }
        }
        let mut codes = vec![(format!("{path}.code"), item.code.clone())];
        for (k, sub) in item.sub_items.iter().enumerate() {
            self.text(&format!("{path}.sub_items[{k}].text"), &sub.text);
            if !is_identifier(&sub.code) {
                self.push(
                    format!("{path}.sub_items[{k}].code"),
                    "must be 1–64 characters of a–z, 0–9, '-', '_' or '.'",
                );
            }
            codes.push((format!("{path}.sub_items[{k}].code"), sub.code.clone()));
        }
        for (cpath, code) in codes {
            if seen.insert(code.clone(), scale).is_some() {
                self.push(cpath, format!("duplicate code \"{code}\""));
            }
        }
    }

    /// Sub-indicators, OIT evidence fields and alert items.
    fn sub_indicators(&mut self, ins: &Instrument, scales: &BTreeMap<String, Scale>) {
        for (i, ind) in ins.indicators.iter().enumerate() {
            let mut ids = BTreeSet::new();
            for (k, sub) in ind.sub_indicators.iter().enumerate() {
                self.text(
                    &format!("indicators[{i}].sub_indicators[{k}].title"),
                    &sub.title,
                );
                if !ids.insert(sub.id.as_str()) {
                    self.push(
                        format!("indicators[{i}].sub_indicators[{k}].id"),
                        format!("duplicate sub-indicator id \"{}\"", sub.id),
                    );
                }
            }
            if ind.score_by == ScoreBy::SubIndicators && ind.sub_indicators.is_empty() {
                self.push(
                    format!("indicators[{i}].score_by"),
                    "\"sub_indicators\" needs the indicator's sub_indicators listed",
                );
            }
        }
        for (i, section) in ins.sections.iter().enumerate() {
            for (j, item) in section.items.iter().enumerate() {
                let path = format!("sections[{i}].items[{j}]");
                let ind = item
                    .indicator
                    .as_deref()
                    .and_then(|id| ins.indicators.iter().find(|x| x.id == id));
                if let Some(sub) = &item.sub_indicator {
                    match ind {
                        Some(ind) if ind.sub_indicators.iter().any(|s| &s.id == sub) => {}
                        Some(ind) => self.push(
                            format!("{path}.sub_indicator"),
                            format!("indicator \"{}\" has no sub-indicator \"{sub}\"", ind.id),
                        ),
                        None => self.push(
                            format!("{path}.sub_indicator"),
                            "a sub-indicator needs the item's indicator",
                        ),
                    }
                } else if ind.is_some_and(|x| x.score_by == ScoreBy::SubIndicators) {
                    self.push(
                        format!("{path}.sub_indicator"),
                        "the indicator is scored by sub-indicators: name the item's sub-indicator",
                    );
                }
                if let Some(criteria) = &item.criteria {
                    self.text(&format!("{path}.criteria"), criteria);
                }
                let scale = scales.get(&item.scale);
                if item.needs_url && ins.kind != Kind::Oit {
                    self.push(
                        format!("{path}.needs_url"),
                        "evidence URLs belong to OIT items (\"kind\": \"oit\")",
                    );
                }
                if ins.kind == Kind::Oit {
                    if scale.is_some_and(|s| s.kind != ScaleKind::YesNo) {
                        self.push(
                            format!("{path}.scale"),
                            "an OIT item is answered \"yes\" or \"no\": use a yes/no scale",
                        );
                    }
                    if !item.sub_items.is_empty() {
                        self.push(
                            format!("{path}.sub_items"),
                            "an OIT item has no sub-items (its evidence is <code>.url and <code>.note)",
                        );
                    }
                }
                if item.alert
                    && !(ins.is_scored(item)
                        && scale.is_some_and(|s| {
                            matches!(
                                s.kind,
                                ScaleKind::Ordinal | ScaleKind::YesNo | ScaleKind::Single
                            )
                        }))
                {
                    self.push(
                        format!("{path}.alert"),
                        "an alert item must be a scored choice question (its lowest-scored answer is the alert)",
                    );
                }
            }
        }
    }

    fn condition(
        &mut self,
        path: &str,
        target: &str,
        values: &[Value],
        seen: &BTreeMap<String, Option<&Scale>>,
        own: Option<&str>,
    ) {
        if own == Some(target) {
            self.push(
                format!("{path}.item"),
                "an item cannot depend on its own answer",
            );
            return;
        }
        let Some(scale) = seen.get(target) else {
            self.push(
                format!("{path}.item"),
                format!("the condition names \"{target}\", which is not an earlier item"),
            );
            return;
        };
        if values.is_empty() {
            self.push(format!("{path}.in"), "list at least one answer");
        }
        if let Some(scale) = scale {
            for (k, v) in values.iter().enumerate() {
                let known = scale.options.iter().any(|o| o.value.matches(v))
                    || (scale.not_applicable.is_some() && v.as_str() == Some("na"));
                let checkable = !matches!(scale.kind, ScaleKind::Text | ScaleKind::Number);
                if checkable && !known {
                    self.push(
                        format!("{path}.in[{k}]"),
                        format!("{v} is not an answer of scale \"{}\"", scale.id),
                    );
                }
            }
        }
    }

    fn scoring(&mut self, ins: &Instrument) {
        let t = &ins.scoring.thresholds;
        for (name, v) in [
            ("pass", t.pass),
            ("strength_above", t.strength_above),
            ("develop_below", t.develop_below),
        ] {
            if !(0.0..=100.0).contains(&v) {
                self.push(
                    format!("scoring.thresholds.{name}"),
                    format!("{v} is outside 0–100"),
                );
            }
        }
        if t.develop_below > t.strength_above {
            self.push(
                "scoring.thresholds.develop_below",
                "cannot be above strength_above",
            );
        }
        match &ins.scoring.grades {
            Some(GradesRef::Edition(key)) if grade::builtin_scheme(key).is_none() => {
                self.push(
                    "scoring.grades",
                    format!(
                        "no built-in grade scheme \"{key}\" (known: {})",
                        grade::builtin_scheme_keys().join(", ")
                    ),
                );
            }
            Some(GradesRef::Edition(_)) => {}
            Some(GradesRef::Inline(scheme)) => self.grade_scheme("scoring.grades", scheme),
            None => {}
        }
        if let Some(overall) = &ins.scoring.overall {
            let sum: f64 = overall.weights.values().sum();
            if (sum - 100.0).abs() > 1e-9 {
                self.push(
                    "scoring.overall.weights",
                    format!("weights sum to {sum}, not 100"),
                );
            }
            for (tool, w) in &overall.weights {
                if *w < 0.0 {
                    self.push(
                        format!("scoring.overall.weights.{tool}"),
                        "a weight cannot be negative",
                    );
                }
            }
        }
        if let Some(sat) = &ins.scoring.satisfaction {
            if !(0.0..=100.0).contains(&sat.target) {
                self.push(
                    "scoring.satisfaction.target",
                    format!("{} is outside 0–100", sat.target),
                );
            }
            for (k, pair) in sat.bands.windows(2).enumerate() {
                if pair[1].min >= pair[0].min {
                    self.push(
                        format!("scoring.satisfaction.bands[{}].min", k + 1),
                        "bands must be listed highest first",
                    );
                }
            }
            for (k, b) in sat.bands.iter().enumerate() {
                self.text(&format!("scoring.satisfaction.bands[{k}].label"), &b.label);
            }
        }
    }

    fn grade_scheme(&mut self, path: &str, scheme: &GradeScheme) {
        if scheme.bands.is_empty() {
            self.push(
                format!("{path}.bands"),
                "a grade scheme needs at least one band",
            );
        }
        for (k, b) in scheme.bands.iter().enumerate() {
            self.text(&format!("{path}.bands[{k}].label"), &b.label);
            if !(0.0..=100.0).contains(&b.min) {
                self.push(
                    format!("{path}.bands[{k}].min"),
                    format!("{} is outside 0–100", b.min),
                );
            }
        }
        for (k, pair) in scheme.bands.windows(2).enumerate() {
            if pair[1].min > pair[0].min {
                self.push(
                    format!("{path}.bands[{}].min", k + 1),
                    "bands must be listed highest first",
                );
            }
        }
        if scheme.bands.last().is_some_and(|b| b.min != 0.0) {
            self.push(
                format!("{path}.bands"),
                "the last band must start at 0 so that every score gets a label",
            );
        }
    }
}

/// Checks a grade scheme (used for the built-in schemes file as well).
pub fn validate_grade_scheme(path: &str, scheme: &GradeScheme) -> Vec<Problem> {
    let mut v = Validator {
        problems: Vec::new(),
    };
    v.grade_scheme(path, scheme);
    v.problems
}
