//! The scoring rules of an instrument and the grade schemes.
use crate::grade;
use crate::instrument::{GradeScheme, GradesRef, Instrument};

use super::Validator;

impl Validator {
    pub(super) fn scoring(&mut self, ins: &Instrument) {
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

    pub(super) fn grade_scheme(&mut self, path: &str, scheme: &GradeScheme) {
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
