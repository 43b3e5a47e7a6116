//! `/admin/ita/estimate?unit=&fy=`: the agency's own ITA estimate from its IIT and EIT responses
//! and this self-assessment.
use super::*;

/// The agency's own IIT / EIT tool scores of the unit over fiscal year `fy`, with their sources.
pub(super) async fn survey_tools(
    app: &AppState,
    unit: &str,
    fy: i32,
) -> Result<BTreeMap<String, (f64, String)>, PageError> {
    let mut out = BTreeMap::new();
    for (_, report) in ita::own_reports(app, unit, fy).await? {
        for (tool, stats) in &report.tools {
            if let Some(score) = stats.score {
                out.insert(
                    tool.clone(),
                    (
                        score,
                        format!(
                            "แบบสำรวจ {} ฉบับ {}: ผู้ตอบ {} คน",
                            report.instrument, report.edition, report.n
                        ),
                    ),
                );
            }
        }
    }
    Ok(out)
}

pub(super) async fn estimate_get(State(app): Shared, q: Params) -> Result<Response, PageError> {
    let q = query_map(q)?;
    let scope = scope(&app, &q)?;
    let fy = scope.fiscal_year;
    let mut found = survey_tools(&app, &scope.unit, fy).await?;
    let ins = instrument(&app)?;
    if let Some((score, version)) = oit_score(&app, &ins, &scope.unit, fy).await? {
        found.insert(
            "oit".into(),
            (score, format!("แบบประเมิน OIT ของหน่วยงาน ฉบับที่ {version}")),
        );
    }
    // The weights of the fiscal year, else of the latest earlier edition known.
    let editions = edition::builtin_editions();
    let key = editions
        .keys()
        .rfind(|k| k.parse::<i32>().is_ok_and(|k| k <= fy))
        .or_else(|| editions.keys().next())
        .cloned()
        .unwrap_or_default();
    let Some(data) = editions.get(&key) else {
        return Err(PageError::from(anyhow::anyhow!("no built-in edition data")));
    };
    let how_to = |tool: &str| match tool {
        "oit" => {
            "ยังไม่ได้บันทึกแบบประเมิน OIT ของหน่วยงานและปีงบประมาณนี้ (กรอกที่หน้าแบบประเมิน OIT)".to_string()
        }
        t => format!(
            "ยังไม่มีคำตอบแบบสำรวจ {} ของหน่วยงานนี้ในปีงบประมาณ {fy}",
            t.to_uppercase()
        ),
    };
    let tools: Vec<ToolLine> = data
        .weights
        .iter()
        .map(|(t, w)| ToolLine {
            tool: t.to_uppercase(),
            score: found.get(t).map(|(s, _)| fixed(*s, DISPLAY_DECIMALS)),
            weight: fixed(*w, 0),
            source: found
                .get(t)
                .map(|(_, src)| src.clone())
                .unwrap_or_else(|| how_to(t)),
        })
        .collect();
    let scores: BTreeMap<String, f64> = found.iter().map(|(t, (s, _))| (t.clone(), *s)).collect();
    let mut page = EstimatePage {
        scope,
        tools,
        score: None,
        grade: None,
        edition: key.clone(),
        unverified: data.unverified,
        missing: Vec::new(),
    };
    match estimate::estimate_with(&key, data, &scores, DISPLAY_DECIMALS) {
        Ok(e) => {
            page.score = Some(fixed(estimate::shown(&e), DISPLAY_DECIMALS));
            page.grade = e.grade.map(|g| g.label.th);
            page.unverified = e.unverified;
        }
        Err(problems) => {
            page.missing = problems
                .into_iter()
                .map(|p| match p.path.strip_prefix("tools.") {
                    Some(t) if !found.contains_key(t) => how_to(t),
                    _ => p.message,
                })
                .collect();
        }
    }
    Ok(page::ok(oit_pages::estimate(&page)))
}
