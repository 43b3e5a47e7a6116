//! Official results from CSV (the `kind,code,score,text` template), every problem named by its
//! row and column.
use super::*;

const CSV_COLUMNS: &[&str] = &["kind", "code", "score", "text"];

/// Reads official results from CSV with the columns `kind,code,score,text` (the template): one
/// row per fact — `fiscal_year`, `unit`, `overall`, `grade`, `tool`, `indicator`,
/// `recommendation`. Rows are numbered as a spreadsheet shows them (1 = the header).
pub fn from_csv(text: &str) -> Result<OfficialResults, Vec<ImportProblem>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut b = Builder::default();
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.to_ascii_lowercase()).collect(),
        Err(e) => {
            b.problem(
                Some(1),
                "",
                format!("อ่านหัวตารางไม่ได้ — cannot read the header: {e}"),
            );
            return Err(b.problems);
        }
    };
    let mut index = BTreeMap::new();
    for (i, h) in headers.iter().enumerate() {
        if !CSV_COLUMNS.contains(&h.as_str()) {
            b.problem(Some(1), h.clone(), format!("ไม่รู้จักคอลัมน์ \"{h}\" (ใช้ได้: kind, code, score, text) — unknown column \"{h}\" (expected kind, code, score, text)"));
        } else if index.insert(h.clone(), i).is_some() {
            b.problem(
                Some(1),
                h.clone(),
                format!("คอลัมน์ \"{h}\" ซ้ำ — column \"{h}\" appears twice"),
            );
        }
    }
    for col in ["kind", "code", "score"] {
        if !index.contains_key(col) {
            b.problem(
                Some(1),
                col,
                format!("ไม่มีคอลัมน์ \"{col}\" — column \"{col}\" is missing"),
            );
        }
    }
    if !b.problems.is_empty() {
        return Err(b.problems);
    }
    for (i, record) in reader.records().enumerate() {
        let row = i + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                b.problem(
                    Some(row),
                    "",
                    format!("อ่านแถวนี้ไม่ได้ — cannot read this row: {e}"),
                );
                continue;
            }
        };
        let cell = |c: &str| -> &str { index.get(c).and_then(|&i| record.get(i)).unwrap_or("") };
        let (kind, code, score, note) = (cell("kind"), cell("code"), cell("score"), cell("text"));
        if kind.is_empty() && code.is_empty() && score.is_empty() && note.is_empty() {
            continue;
        }
        let place = format!("แถว {row} / row {row}");
        let scored = |b: &mut Builder| -> Option<f64> {
            match score_of(&Value::from(score)) {
                Ok(s) => Some(s),
                Err(m) => {
                    b.problem(Some(row), "score", m);
                    None
                }
            }
        };
        match kind.to_ascii_lowercase().as_str() {
            "fiscal_year" => b.fiscal_year(Some(row), "code", code, place),
            "unit" => {
                if code.is_empty() {
                    b.problem(Some(row), "code", "ไม่ได้ระบุรหัสหน่วยงาน — the unit id is empty");
                } else if b.once(Some(row), "code", "unit", place) {
                    b.unit = Some(code.to_string());
                }
            }
            "grade" => {
                let label = if note.is_empty() { code } else { note };
                if label.is_empty() {
                    b.problem(Some(row), "text", "ไม่ได้ระบุระดับผลการประเมิน — the grade is empty");
                } else if b.once(Some(row), "text", "grade", place) {
                    b.grade = Some(label.to_string());
                }
            }
            "overall" => {
                if let Some(s) = scored(&mut b) {
                    if b.once(Some(row), "score", "overall", place) {
                        b.overall = Some(s);
                    }
                }
            }
            "tool" => {
                if let Some(s) = scored(&mut b) {
                    b.tool(Some(row), "code", code, s, place);
                }
            }
            "indicator" => {
                if let Some(s) = scored(&mut b) {
                    b.indicator(Some(row), "code", code, s, place);
                }
            }
            "recommendation" => b.recommendation(Some(row), "code", code, note),
            other => b.problem(
                Some(row),
                "kind",
                format!("ไม่รู้จักชนิดแถว \"{other}\" (ใช้ได้: fiscal_year, unit, overall, grade, tool, indicator, recommendation) — unknown kind \"{other}\""),
            ),
        }
    }
    b.finish()
}
