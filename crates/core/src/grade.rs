//! Grade labels per edition (data, never code) and the strength / to-develop rule.
use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::instrument::{AtThreshold, GradeBand, GradeScheme, GradesRef, Instrument, Thresholds};
use crate::number::round_half_away;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SchemesFile {
    #[allow(dead_code)]
    format: String,
    schemes: BTreeMap<String, GradeScheme>,
}

/// The built-in grade schemes (instruments/grade-schemes.json), by key ("2566", "2567", "2568").
pub fn builtin_schemes() -> &'static BTreeMap<String, GradeScheme> {
    static SCHEMES: OnceLock<BTreeMap<String, GradeScheme>> = OnceLock::new();
    SCHEMES.get_or_init(|| {
        // Embedded at build time and checked by a test, so a failure here is a build defect.
        // Through `Value`, like instruments, so the widget carries one set of deserializers.
        serde_json::from_str::<serde_json::Value>(crate::builtin::GRADE_SCHEMES_JSON)
            .ok()
            .and_then(|v| SchemesFile::deserialize(&v).ok())
            .map(|f| f.schemes)
            .unwrap_or_default()
    })
}

pub fn builtin_scheme(key: &str) -> Option<&'static GradeScheme> {
    builtin_schemes().get(key)
}

pub fn builtin_scheme_keys() -> Vec<&'static str> {
    builtin_schemes().keys().map(String::as_str).collect()
}

/// The grade scheme an instrument uses, if any.
pub fn scheme_for(ins: &Instrument) -> Option<&GradeScheme> {
    match &ins.scoring.grades {
        Some(GradesRef::Inline(s)) => Some(s),
        Some(GradesRef::Edition(key)) => builtin_scheme(key),
        None => None,
    }
}

/// The first band whose minimum the score reaches and whose per-tool minimum every tool reaches,
/// every score judged as printed: rounded to `decimals`, half away from zero (84.995 → 85.00).
pub fn band<'a>(
    scheme: &'a GradeScheme,
    score: f64,
    tool_scores: &[f64],
    decimals: u32,
) -> Option<&'a GradeBand> {
    let shown = |x: f64| round_half_away(x, decimals);
    let score = shown(score);
    scheme.bands.iter().find(|b| {
        score >= shown(b.min)
            && b.every_tool_min
                .is_none_or(|m| tool_scores.iter().all(|t| shown(*t) >= shown(m)))
    })
}

/// Strength, to develop, or neither, per the instrument's thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Strength,
    Develop,
    Neither,
}

/// Judged on the score as printed (rounded to `decimals`, half away from zero): an indicator of
/// 84.996 shows "85.00" and is a strength, never listed "below 85".
pub fn standing(t: &Thresholds, score: f64, decimals: u32) -> Standing {
    let shown = |x: f64| round_half_away(x, decimals);
    let (score, strength_above, develop_below) = (
        shown(score),
        shown(t.strength_above),
        shown(t.develop_below),
    );
    if score > strength_above {
        Standing::Strength
    } else if score < develop_below {
        Standing::Develop
    } else {
        match t.at_threshold {
            AtThreshold::Strength if score == strength_above => Standing::Strength,
            AtThreshold::Develop if score == develop_below => Standing::Develop,
            _ => Standing::Neither,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_schemes_are_valid_and_marked_unverified() {
        let schemes = builtin_schemes();
        for key in ["2566", "2567", "2568"] {
            let s = schemes
                .get(key)
                .unwrap_or_else(|| panic!("scheme {key} missing"));
            assert!(s.unverified, "scheme {key} must be marked unverified");
            assert!(crate::validate::validate_grade_scheme(key, s).is_empty());
        }
    }

    #[test]
    fn letter_bands_of_2566_match_the_seed_grades() {
        let s = builtin_scheme("2566").expect("2566");
        let label = |x: f64| band(s, x, &[], 2).map(|b| b.label.th.clone());
        assert_eq!(label(90.04).as_deref(), Some("A"));
        assert_eq!(label(87.64).as_deref(), Some("A"));
        assert_eq!(label(71.03).as_deref(), Some("C"));
        assert_eq!(label(95.0).as_deref(), Some("AA"));
        assert_eq!(label(49.99).as_deref(), Some("F"));
    }

    #[test]
    fn word_labels_look_at_every_tool() {
        let s = builtin_scheme("2568").expect("2568");
        let label = |x: f64, tools: &[f64]| band(s, x, tools, 2).map(|b| b.label.th.clone());
        assert_eq!(label(85.42, &[86.0, 85.1]).as_deref(), Some("ผ่านดี"));
        assert_eq!(label(96.0, &[99.0, 94.0]).as_deref(), Some("ผ่านดี"));
        assert_eq!(label(96.0, &[99.0, 95.0]).as_deref(), Some("ผ่านดีเยี่ยม"));
        assert_eq!(label(86.0, &[99.0, 80.0]).as_deref(), Some("ผ่าน"));
        assert_eq!(label(70.0, &[]).as_deref(), Some("ต้องปรับปรุง"));
        assert_eq!(label(69.99, &[]).as_deref(), Some("ต้องปรับปรุงโดยด่วน"));
    }

    #[test]
    fn exactly_85_is_a_strength_by_default_and_configurable() {
        let mut t = Thresholds::default();
        assert_eq!(standing(&t, 85.01, 2), Standing::Strength);
        assert_eq!(standing(&t, 84.99, 2), Standing::Develop);
        assert_eq!(standing(&t, 85.0, 2), Standing::Strength);
        assert_eq!(standing(&t, 84.996, 2), Standing::Strength);
        assert_eq!(standing(&t, 84.995, 2), Standing::Strength);
        assert_eq!(standing(&t, 84.994, 2), Standing::Develop);
        assert_eq!(standing(&t, 84.994, 1), Standing::Strength);
        t.at_threshold = AtThreshold::Develop;
        assert_eq!(standing(&t, 85.0, 2), Standing::Develop);
        t.at_threshold = AtThreshold::Neither;
        assert_eq!(standing(&t, 85.0, 2), Standing::Neither);
    }
}
