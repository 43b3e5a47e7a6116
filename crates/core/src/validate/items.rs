//! The items and sub-indicators of an instrument, and the conditions that show an item.
use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::instrument::{Instrument, Item, Kind, Scale, ScaleKind, ScoreBy};

use super::{is_identifier, Validator};

impl Validator {
    pub(super) fn items(&mut self, ins: &Instrument, scales: &BTreeMap<String, Scale>) {
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

    pub(super) fn item<'a>(
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
    pub(super) fn sub_indicators(&mut self, ins: &Instrument, scales: &BTreeMap<String, Scale>) {
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

    pub(super) fn condition(
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
}
