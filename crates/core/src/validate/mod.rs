//! The meaning checks of an instrument, after its structure parsed: every problem, with its path.
mod items;
mod scoring;

use std::collections::{BTreeMap, BTreeSet};

use crate::instrument::{
    GradeScheme, Instrument, Kind, OptionValue, Scale, ScaleKind, INSTRUMENT_FORMAT,
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
}

/// Checks a grade scheme (used for the built-in schemes file as well).
pub fn validate_grade_scheme(path: &str, scheme: &GradeScheme) -> Vec<Problem> {
    let mut v = Validator {
        problems: Vec::new(),
    };
    v.grade_scheme(path, scheme);
    v.problems
}
