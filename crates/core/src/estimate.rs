//! The agency's own estimate of its whole ITA: where IIT, EIT and OIT results of one unit and
//! fiscal year exist, the weighted mean of the three tool scores (IIT 30, EIT 30, OIT 40 by the
//! edition's data) with the edition's grade label. Always labelled the agency's own estimate —
//! never the official result, which the NACC's system computes from its own collection.
use std::collections::BTreeMap;

use serde::Serialize;

use crate::edition::{self, EditionData};
use crate::grade;
use crate::number::round_half_away;
use crate::problem::Problem;
use crate::report::Report;
use crate::text::Text;

pub const ESTIMATE_FORMAT: &str = "prongsai.estimate/1";

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimate {
    pub format: &'static str,
    /// The fiscal year (edition) of the results.
    pub edition: String,
    /// What this is, to print beside the number: the agency's own estimate, not the official result.
    pub label: Text,
    /// Tool scores used (`iit`, `eit`, `oit`).
    pub tools: BTreeMap<String, f64>,
    pub weights: BTreeMap<String, f64>,
    /// The weighted score, full precision.
    pub score: f64,
    /// The grade label of the edition, judged on the score and tool scores as printed.
    pub grade: Option<EstimateGrade>,
    /// The weights or the grade labels are not confirmed against the NACC manual.
    pub unverified: bool,
    /// Always false: a prongsai estimate is never the official ITA result.
    pub official: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EstimateGrade {
    pub label: Text,
    pub scheme: String,
    pub unverified: bool,
}

/// The label printed beside every estimate.
pub fn estimate_label() -> Text {
    Text::new(
        "ผลประมาณการของหน่วยงานเอง (คำนวณจากแบบสำรวจของหน่วยงาน) ไม่ใช่ผลการประเมินอย่างเป็นทางการของสำนักงาน ป.ป.ช.",
        "The agency's own estimate (from its own surveys), not the official NACC result.",
    )
}

/// The estimate from tool scores with the built-in data of `edition`.
pub fn estimate(edition: &str, tools: &BTreeMap<String, f64>) -> Result<Estimate, Vec<Problem>> {
    let Some(data) = edition::edition(edition) else {
        return Err(vec![Problem::new(
            "edition",
            format!(
                "ไม่มีข้อมูลน้ำหนักของปีงบประมาณ {edition} — no built-in weights for edition {edition} (known: {}); pass the edition's data yourself",
                edition::builtin_editions().keys().cloned().collect::<Vec<_>>().join(", ")
            ),
        )]);
    };
    estimate_with(edition, data, tools, decimals())
}

fn decimals() -> u32 {
    crate::number::DISPLAY_DECIMALS
}

/// The estimate with explicit edition data (an agency's own weights or grade scheme).
pub fn estimate_with(
    edition: &str,
    data: &EditionData,
    tools: &BTreeMap<String, f64>,
    decimals: u32,
) -> Result<Estimate, Vec<Problem>> {
    let mut problems = Vec::new();
    let sum: f64 = data.weights.values().sum();
    if data.weights.is_empty() || (sum - 100.0).abs() > 1e-9 {
        problems.push(Problem::new(
            "weights",
            format!("น้ำหนักรวมต้องเท่ากับ 100 (ได้ {sum}) — the weights must sum to 100, found {sum}"),
        ));
    }
    for tool in data.weights.keys() {
        match tools.get(tool) {
            None => problems.push(Problem::new(
                format!("tools.{tool}"),
                format!(
                    "ยังไม่มีผล {} ของหน่วยงานและปีงบประมาณนี้ จึงประมาณการภาพรวมไม่ได้ — no {} result for this unit and fiscal year, so no overall estimate",
                    tool.to_uppercase(),
                    tool.to_uppercase()
                ),
            )),
            Some(s) if !(0.0..=100.0).contains(s) => problems.push(Problem::new(
                format!("tools.{tool}"),
                format!("คะแนน {s} อยู่นอกช่วง 0–100 — score {s} is outside 0–100"),
            )),
            Some(_) => {}
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let used: BTreeMap<String, f64> = data
        .weights
        .keys()
        .filter_map(|t| tools.get(t).map(|s| (t.clone(), *s)))
        .collect();
    let score = data.weights.iter().map(|(t, w)| used[t] * w).sum::<f64>() / 100.0;
    let scheme = data.grades.as_deref().and_then(grade::builtin_scheme);
    let tool_scores: Vec<f64> = used.values().copied().collect();
    let grade = scheme.and_then(|s| {
        grade::band(s, score, &tool_scores, decimals).map(|b| EstimateGrade {
            label: b.label.clone(),
            scheme: data.grades.clone().unwrap_or_default(),
            unverified: s.unverified,
        })
    });
    let unverified = data.unverified || grade.as_ref().is_some_and(|g| g.unverified);
    Ok(Estimate {
        format: ESTIMATE_FORMAT,
        edition: edition.to_string(),
        label: estimate_label(),
        tools: used,
        weights: data.weights.clone(),
        score,
        grade,
        unverified,
        official: false,
    })
}

/// The estimate from the reports of one unit and fiscal year (e.g. the IIT, EIT and OIT reports
/// of fiscal year 2568): their tool scores, with the edition's data of `edition`.
pub fn estimate_from_reports(edition: &str, reports: &[&Report]) -> Result<Estimate, Vec<Problem>> {
    let mut tools = BTreeMap::new();
    for r in reports {
        for (id, t) in &r.tools {
            if let Some(s) = t.score {
                tools.insert(id.clone(), s);
            }
        }
    }
    estimate(edition, &tools)
}

/// The estimate's score as printed.
pub fn shown(e: &Estimate) -> f64 {
    round_half_away(e.score, decimals())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tools(iit: f64, eit: f64, oit: f64) -> BTreeMap<String, f64> {
        [("iit", iit), ("eit", eit), ("oit", oit)]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect()
    }

    #[test]
    fn weights_30_30_40_with_the_grade_of_the_edition() {
        let e = estimate("2568", &tools(77.38, 74.40, 90.00)).expect("estimate");
        assert!((e.score - 81.534).abs() < 1e-9, "{}", e.score);
        assert!(!e.official);
        assert!(e.unverified);
        assert!(e.label.th.contains("ไม่ใช่ผลการประเมินอย่างเป็นทางการ"));
        let g = e.grade.expect("grade");
        assert_eq!(g.label.th, "ต้องปรับปรุง");
        let letters = estimate("2566", &tools(77.38, 74.40, 90.00)).expect("estimate");
        assert_eq!(letters.grade.expect("grade").label.th, "B");
    }

    #[test]
    fn the_grade_is_judged_on_the_printed_score() {
        // 0.3 × 84.99 + 0.3 × 85 + 0.4 × 85.0025 = 84.998 → printed 85.00 → ผ่าน (2568 words).
        let e = estimate("2568", &tools(84.99, 85.0, 85.0025)).expect("estimate");
        assert_eq!(super::shown(&e), 85.0);
        assert_eq!(e.grade.expect("grade").label.th, "ผ่าน");
    }

    #[test]
    fn a_missing_tool_gives_no_estimate_and_says_which() {
        let mut t = tools(90.0, 90.0, 90.0);
        t.remove("oit");
        let problems = estimate("2568", &t).expect_err("no OIT");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].path, "tools.oit");
        assert!(problems[0].message.contains("OIT"));
        assert!(estimate("2550", &tools(1.0, 1.0, 1.0)).is_err());
    }

    #[test]
    fn an_agency_can_give_its_own_weights() {
        let data = EditionData {
            unverified: false,
            source: None,
            weights: [("iit".to_string(), 50.0), ("eit".to_string(), 50.0)].into(),
            grades: None,
            reports: BTreeMap::new(),
        };
        let e = estimate_with("2569", &data, &tools(80.0, 90.0, 0.0), 2).expect("estimate");
        assert_eq!(e.score, 85.0);
        assert_eq!(e.tools.len(), 2);
        assert!(e.grade.is_none());
        let mut bad = data.clone();
        bad.weights.insert("oit".into(), 10.0);
        assert!(estimate_with("2569", &bad, &tools(80.0, 90.0, 0.0), 2).is_err());
    }
}
