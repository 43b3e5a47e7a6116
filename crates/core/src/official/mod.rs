//! Last year's official ITA results as the NACC published them to the agency: the score per
//! indicator (1–10) and per tool, the overall score and grade, and the assessor's per-item
//! recommendations (I25, E14, O36 …). Imported from JSON or CSV (templates in `instruments/`);
//! an import returns the whole value or every problem with its row and column — never a part.
use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;
use serde_json::Value;

use crate::code::{normalize_code, normalize_digits};

#[cfg(feature = "csv")]
mod csv_import;
mod json_import;

#[cfg(feature = "csv")]
pub use csv_import::from_csv;
pub use json_import::from_json;

pub const OFFICIAL_FORMAT: &str = "prongsai.official/1";

/// The templates an officer downloads and fills in.
pub const JSON_TEMPLATE: &str =
    include_str!("../../../../instruments/official-results-template.json");
pub const CSV_TEMPLATE: &str =
    include_str!("../../../../instruments/official-results-template.csv");

/// The tools of the official results, and how many items each has (for recommendation codes).
const TOOLS: &[(&str, char, u32)] = &[("iit", 'i', 30), ("eit", 'e', 15), ("oit", 'o', 43)];

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OfficialResults {
    pub format: &'static str,
    /// The assessed fiscal year (Buddhist era, "2567").
    pub fiscal_year: String,
    pub unit: Option<String>,
    pub overall: Option<f64>,
    /// The grade as published ("C", "ผ่านดี").
    pub grade: Option<String>,
    /// `iit`, `eit`, `oit`.
    pub tools: BTreeMap<String, f64>,
    /// `"1"` … `"10"`.
    pub indicators: BTreeMap<String, f64>,
    pub recommendations: Vec<Recommendation>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recommendation {
    /// The item code as the NACC prints it: `I25`, `E14`, `O36`.
    pub code: String,
    pub text: String,
}

impl OfficialResults {
    /// Indicators below the pass line as printed (`< 85.00`), weakest first.
    pub fn below(&self, pass: f64, decimals: u32) -> Vec<(&str, f64)> {
        let mut v: Vec<(&str, f64)> = self
            .indicators
            .iter()
            .filter(|(_, s)| !crate::number::at_least(**s, pass, decimals))
            .map(|(k, s)| (k.as_str(), *s))
            .collect();
        v.sort_by(|a, b| a.1.total_cmp(&b.1));
        v
    }

    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// One problem of an import: where (CSV: line and column; JSON: the field) and what, in Thai and
/// English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportProblem {
    /// CSV line (1 = the header); `None` for JSON and for what is missing from the whole file.
    pub row: Option<usize>,
    /// CSV column name, or the JSON path (`indicators.11`).
    pub column: String,
    pub message: String,
}

impl fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.row {
            Some(r) => write!(
                f,
                "แถว {r} คอลัมน์ {} / row {r}, column {}: {}",
                self.column, self.column, self.message
            ),
            None => write!(f, "{}: {}", self.column, self.message),
        }
    }
}

/// Collects values and problems; builds the result only when there is no problem.
#[derive(Default)]
struct Builder {
    fiscal_year: Option<String>,
    unit: Option<String>,
    overall: Option<f64>,
    grade: Option<String>,
    tools: BTreeMap<String, f64>,
    indicators: BTreeMap<String, f64>,
    recommendations: Vec<Recommendation>,
    /// Where each single value was given, to name both places of a duplicate.
    seen: BTreeMap<String, String>,
    fiscal_year_given: bool,
    problems: Vec<ImportProblem>,
}

impl Builder {
    fn problem(
        &mut self,
        row: Option<usize>,
        column: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.problems.push(ImportProblem {
            row,
            column: column.into(),
            message: message.into(),
        });
    }

    /// Records that `key` was given at `place`; a second time is a problem.
    fn once(&mut self, row: Option<usize>, column: &str, key: &str, place: String) -> bool {
        if let Some(first) = self.seen.get(key) {
            let first = first.clone();
            self.problem(
                row,
                column,
                format!("{key} ซ้ำ (มีแล้วที่ {first}) — {key} is given twice (first at {first})"),
            );
            return false;
        }
        self.seen.insert(key.to_string(), place);
        true
    }

    fn fiscal_year(&mut self, row: Option<usize>, column: &str, raw: &str, place: String) {
        self.fiscal_year_given = true;
        let year = normalize_digits(raw.trim());
        if !(year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()) && year.as_str() >= "2560")
        {
            self.problem(
                row,
                column,
                format!("ปีงบประมาณต้องเป็นปี พ.ศ. 4 หลัก เช่น 2567 (ได้ \"{raw}\") — the fiscal year must be a Buddhist-era year such as 2567, found \"{raw}\""),
            );
        } else if self.once(row, column, "fiscal_year", place) {
            self.fiscal_year = Some(year);
        }
    }

    fn tool(&mut self, row: Option<usize>, column: &str, raw: &str, score: f64, place: String) {
        let id = raw.trim().to_ascii_lowercase();
        if !TOOLS.iter().any(|(t, _, _)| *t == id) {
            self.problem(
                row,
                column,
                format!("ไม่รู้จักเครื่องมือ \"{raw}\" (ต้องเป็น IIT, EIT หรือ OIT) — unknown tool \"{raw}\" (expected IIT, EIT or OIT)"),
            );
        } else if self.once(row, column, &format!("tool {}", id.to_uppercase()), place) {
            self.tools.insert(id, score);
        }
    }

    fn indicator(
        &mut self,
        row: Option<usize>,
        column: &str,
        raw: &str,
        score: f64,
        place: String,
    ) {
        let id = normalize_digits(raw.trim());
        match id.parse::<u32>() {
            Ok(n) if (1..=10).contains(&n) => {
                if self.once(row, column, &format!("indicator {n}"), place) {
                    self.indicators.insert(n.to_string(), score);
                }
            }
            _ => self.problem(
                row,
                column,
                format!("ไม่รู้จักตัวชี้วัด \"{raw}\" (ต้องเป็น 1–10) — unknown indicator \"{raw}\" (expected 1–10)"),
            ),
        }
    }

    fn recommendation(&mut self, row: Option<usize>, column: &str, raw: &str, text: &str) {
        let code = normalize_code(raw);
        let known = TOOLS.iter().any(|(_, letter, max)| {
            code.strip_prefix(*letter)
                .and_then(|n| n.parse::<u32>().ok())
                .is_some_and(|n| (1..=*max).contains(&n))
        });
        if !known {
            self.problem(
                row,
                column,
                format!("ไม่รู้จักรหัสข้อ \"{raw}\" (เช่น I25, E14, O36) — unknown item code \"{raw}\" (such as I25, E14, O36)"),
            );
            return;
        }
        if text.trim().is_empty() {
            self.problem(
                row,
                "text",
                format!(
                    "ข้อเสนอแนะของข้อ {} ว่างเปล่า — the recommendation for {} is empty",
                    code.to_uppercase(),
                    code.to_uppercase()
                ),
            );
            return;
        }
        self.recommendations.push(Recommendation {
            code: code.to_uppercase(),
            text: text.trim().to_string(),
        });
    }

    fn finish(mut self) -> Result<OfficialResults, Vec<ImportProblem>> {
        if !self.fiscal_year_given {
            self.problem(
                None,
                "fiscal_year",
                "ไม่ได้ระบุปีงบประมาณของผลการประเมิน — the fiscal year of the results is missing",
            );
        }
        if self.tools.is_empty() && self.indicators.is_empty() && self.overall.is_none() {
            self.problem(
                None,
                "scores",
                "ไม่มีคะแนนเลย (ภาพรวม เครื่องมือ หรือตัวชี้วัด) — no score at all (overall, tool or indicator)",
            );
        }
        if !self.problems.is_empty() {
            return Err(self.problems);
        }
        Ok(OfficialResults {
            format: OFFICIAL_FORMAT,
            fiscal_year: self.fiscal_year.unwrap_or_default(),
            unit: self.unit,
            overall: self.overall,
            grade: self.grade,
            tools: self.tools,
            indicators: self.indicators,
            recommendations: self.recommendations,
        })
    }
}

/// A score 0–100 from text (Thai digits accepted) or a JSON number.
fn score_of(v: &Value) -> Result<f64, String> {
    let n = match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => normalize_digits(s.trim()).parse::<f64>().ok(),
        _ => None,
    };
    match n {
        Some(x) if x.is_finite() && (0.0..=100.0).contains(&x) => Ok(x),
        Some(x) if x.is_finite() => Err(format!(
            "คะแนน {x} อยู่นอกช่วง 0–100 — score {x} is outside 0–100"
        )),
        _ => Err(format!(
            "คะแนนต้องเป็นตัวเลข 0–100 (ได้ {v}) — a score must be a number 0–100, found {v}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_templates_import_to_the_same_results() {
        let j = from_json(JSON_TEMPLATE).expect("json template");
        assert_eq!(j.fiscal_year, "2567");
        assert_eq!(j.indicators.len(), 10);
        assert_eq!(j.tools["oit"], 58.75);
        assert_eq!(j.grade.as_deref(), Some("C"));
        let codes: Vec<&str> = j.recommendations.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(codes, ["I25", "E14", "O36"]);
        #[cfg(feature = "csv")]
        assert_eq!(from_csv(CSV_TEMPLATE).expect("csv template"), j);
    }

    #[test]
    fn what_is_stored_reads_back_the_same() {
        let mut j = from_json(JSON_TEMPLATE).expect("json template");
        assert_eq!(from_json(&j.to_json().to_string()).expect("round trip"), j);
        j.overall = None;
        j.unit = None;
        j.grade = None;
        assert_eq!(from_json(&j.to_json().to_string()).expect("round trip"), j);
    }

    #[test]
    fn indicators_below_85_as_printed() {
        let mut j = from_json(JSON_TEMPLATE).expect("json template");
        j.indicators.insert("2".into(), 84.995);
        let below: Vec<&str> = j.below(85.0, 2).into_iter().map(|(k, _)| k).collect();
        assert_eq!(below, ["10", "5", "7", "8", "4", "6", "3", "9"]);
    }

    #[test]
    fn json_names_every_problem_and_imports_nothing() {
        let text = r#"{"format": "prongsai.official/1", "fiscal_year": "67",
            "tools": {"iit": 101, "xit": 50},
            "indicators": {"1": 80, "11": 70, "2": "abc"},
            "recommendations": [{"code": "I25", "text": "ok"}, {"code": "Q1", "text": "x"}, {"code": "O36"}],
            "colour": "red"}"#;
        let problems = from_json(text).expect_err("bad input");
        let columns: Vec<&str> = problems.iter().map(|p| p.column.as_str()).collect();
        for c in [
            "fiscal_year",
            "tools.iit",
            "tools.xit",
            "indicators.11",
            "indicators.2",
            "recommendations[1].code",
            "recommendations[2]",
            "colour",
        ] {
            assert!(columns.contains(&c), "{c} not in {columns:?}");
        }
        assert!(
            problems.iter().all(|p| p.message.contains(" — ")),
            "Thai — English"
        );
    }

    #[cfg(feature = "csv")]
    #[test]
    fn csv_names_row_and_column_of_every_problem() {
        let text = "kind,code,score,text\n\
                    fiscal_year,๒๕๖๗,,\n\
                    indicator,1,86.07,\n\
                    indicator,11,70,\n\
                    indicator,2,105,\n\
                    indicator,1,80,\n\
                    tool,IIT,x,\n\
                    recommendation,I 25,,\n\
                    colour,red,,\n";
        let problems = from_csv(text).expect_err("bad rows");
        let at: Vec<(Option<usize>, &str)> = problems
            .iter()
            .map(|p| (p.row, p.column.as_str()))
            .collect();
        assert_eq!(
            at,
            [
                (Some(4), "code"),
                (Some(5), "score"),
                (Some(6), "code"),
                (Some(7), "score"),
                (Some(8), "text"),
                (Some(9), "kind"),
            ]
        );
        assert!(
            problems[2].message.contains("แถว 3 / row 3"),
            "{}",
            problems[2]
        );
        assert!(problems[0]
            .to_string()
            .starts_with("แถว 4 คอลัมน์ code / row 4, column code"));
    }

    #[cfg(feature = "csv")]
    #[test]
    fn csv_header_problems_stop_before_the_rows() {
        let problems = from_csv("kind,score,colour\nindicator,80,x\n").expect_err("header");
        let cols: Vec<&str> = problems.iter().map(|p| p.column.as_str()).collect();
        assert_eq!(cols, ["colour", "code"]);
        assert!(problems.iter().all(|p| p.row == Some(1)));
    }

    #[test]
    fn thai_digits_and_loose_codes_are_read() {
        let r = from_json(
            r#"{"fiscal_year": "๒๕๖๗", "indicators": {"๑๐": "๓๗.๕"},
            "recommendations": [{"code": "๐ ๔๒", "text": "จัดทำมาตรการ"}]}"#,
        )
        .expect("thai digits");
        assert_eq!(r.fiscal_year, "2567");
        assert_eq!(r.indicators["10"], 37.5);
        assert_eq!(r.recommendations[0].code, "O42");
    }
}
