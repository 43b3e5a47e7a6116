//! What changes per ITA edition (fiscal year) besides the instruments: the OIT code each report is
//! published under (the satisfaction report is O16 in 2565 and O17 in 2566), the tool weights of
//! the overall estimate and the grade scheme. Data (instruments/editions.json), never code; an
//! agency can pass its own [`EditionData`] where an edition is missing or has changed.
use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::text::Text;

pub const EDITIONS_FORMAT: &str = "prongsai.editions/1";

const EDITIONS_JSON: &str = include_str!("../../../instruments/editions.json");

/// Keys of [`EditionData::reports`]: the reports prongsai drafts.
pub const REPORT_SATISFACTION: &str = "satisfaction";
pub const REPORT_SERVICE_STATISTICS: &str = "service_statistics";
pub const REPORT_MEASURES: &str = "measures";
pub const REPORT_MEASURES_PROGRESS: &str = "measures_progress";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditionData {
    #[serde(default)]
    pub unverified: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Text>,
    /// Tool weights of the overall ITA (sum 100), e.g. iit 30, eit 30, oit 40.
    #[serde(default)]
    pub weights: BTreeMap<String, f64>,
    /// Key of the built-in grade scheme (instruments/grade-schemes.json).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grades: Option<String>,
    /// OIT code per report (`"satisfaction": "O17"`).
    #[serde(default)]
    pub reports: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EditionsFile {
    #[allow(dead_code)]
    format: String,
    editions: BTreeMap<String, EditionData>,
}

/// The built-in edition data, by edition ("2566").
pub fn builtin_editions() -> &'static BTreeMap<String, EditionData> {
    static EDITIONS: OnceLock<BTreeMap<String, EditionData>> = OnceLock::new();
    EDITIONS.get_or_init(|| {
        // Embedded at build time and checked by a test, so a failure here is a build defect.
        serde_json::from_str::<serde_json::Value>(EDITIONS_JSON)
            .ok()
            .and_then(|v| EditionsFile::deserialize(&v).ok())
            .map(|f| f.editions)
            .unwrap_or_default()
    })
}

pub fn edition(key: &str) -> Option<&'static EditionData> {
    builtin_editions().get(key)
}

/// The OIT code a report is published under in an edition (`report_code("2566",
/// REPORT_SATISFACTION)` is `"O17"`); `None` when the edition's list does not say.
pub fn report_code(edition: &str, report: &str) -> Option<&'static str> {
    builtin_editions()
        .get(edition)?
        .reports
        .get(report)
        .map(String::as_str)
}

/// As [`report_code`], falling back to the latest earlier edition that names the report; returns
/// the edition the code comes from, so a report can say "numbering of 2566" when it is not its own.
pub fn report_code_or_earlier(edition: &str, report: &str) -> Option<(&'static str, &'static str)> {
    builtin_editions()
        .iter()
        .rev()
        .filter(|(key, _)| key.as_str() <= edition)
        .find_map(|(key, data)| Some((key.as_str(), data.reports.get(report)?.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editions_file_is_valid_and_weights_sum_to_100() {
        let all = builtin_editions();
        assert!(all.len() >= 4, "editions.json did not load");
        for (key, e) in all {
            assert!(e.unverified, "{key} must be marked unverified");
            let sum: f64 = e.weights.values().sum();
            assert!((sum - 100.0).abs() < 1e-9, "{key} weights sum to {sum}");
            if let Some(g) = &e.grades {
                assert!(
                    crate::grade::builtin_scheme(g).is_some(),
                    "{key}: grades {g}"
                );
            }
        }
    }

    #[test]
    fn report_codes_follow_the_edition() {
        assert_eq!(report_code("2565", REPORT_SATISFACTION), Some("O16"));
        assert_eq!(report_code("2566", REPORT_SATISFACTION), Some("O17"));
        assert_eq!(report_code("2566", REPORT_MEASURES), Some("O42"));
        assert_eq!(report_code("2568", REPORT_SATISFACTION), None);
        assert_eq!(
            report_code_or_earlier("2568", REPORT_SATISFACTION),
            Some(("2566", "O17"))
        );
        assert_eq!(report_code_or_earlier("2564", REPORT_SATISFACTION), None);
    }
}
