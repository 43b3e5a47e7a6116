//! The O42 measures plan of fiscal year `fy` (`/admin/ita/measures`): measures and
//! recommendations as typed, checked, saved as a new version.
use super::*;

/// The measures as posted (`m.<row>.<field>`), rows with nothing typed dropped, and what is
/// missing from the others.
pub(super) fn typed_measures(pairs: &[(String, String)]) -> (Vec<Measure>, Vec<Problem>) {
    let mut rows: BTreeMap<usize, Measure> = BTreeMap::new();
    for (k, v) in pairs {
        let mut parts = k.splitn(3, '.');
        let (Some("m"), Some(i), Some(field)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let Ok(i) = i.parse::<usize>() else { continue };
        let m = rows.entry(i).or_default();
        let v = v.trim().to_string();
        match field {
            "id" => m.id = v,
            "title" => m.title = v,
            "issue" => m.issue = v,
            "owner" => m.owner = v,
            "steps" => m.steps = v,
            "deadline" => m.deadline = v,
            "monitoring" => m.monitoring = v,
            "reporting" => m.reporting = v,
            "urgent" => m.urgent = v == "yes",
            _ => {}
        }
    }
    let mut measures: Vec<Measure> = rows
        .into_values()
        .filter(|m| {
            let typed = [
                &m.title,
                &m.issue,
                &m.owner,
                &m.steps,
                &m.deadline,
                &m.monitoring,
                &m.reporting,
            ];
            typed.iter().any(|s| !s.is_empty())
        })
        .collect();
    let mut problems = Vec::new();
    for (i, m) in measures.iter().enumerate() {
        let n = i + 1;
        for (value, column, what) in [
            (&m.title, "มาตรการ", "ชื่อมาตรการ"),
            (&m.owner, "ผู้รับผิดชอบ", "ผู้รับผิดชอบ"),
            (&m.deadline, "กำหนดเวลาแล้วเสร็จ", "กำหนดเวลาแล้วเสร็จ"),
        ] {
            if value.is_empty() {
                problems.push(problem(
                    Some(n),
                    column,
                    format!("มาตรการที่ {n} ต้องระบุ{what}"),
                ));
            }
        }
    }
    // New rows get the next free id; ids are what the O43 progress refers to.
    let mut next = measures
        .iter()
        .filter_map(|m| m.id.strip_prefix('m').and_then(|n| n.parse::<u32>().ok()))
        .max()
        .unwrap_or(0);
    let mut seen = std::collections::HashSet::new();
    for m in &mut measures {
        if m.id.is_empty() || !seen.insert(m.id.clone()) {
            next += 1;
            m.id = format!("m{next}");
            seen.insert(m.id.clone());
        }
    }
    (measures, problems)
}

pub(super) fn with_blanks(mut measures: Vec<Measure>) -> Vec<Measure> {
    measures.extend((0..BLANK_MEASURES).map(|_| Measure::default()));
    measures
}

pub(super) async fn measures_get(State(app): Shared, q: Params) -> Result<Response, PageError> {
    let q = query_map(q)?;
    let scope = scope(&app, &q, 0)?;
    let (plan, _) = latest_plan(&app, &scope.unit, scope.fiscal_year).await?;
    let history = app
        .storage
        .document_history(Kind::Measures, &scope.unit, scope.fiscal_year)
        .await?;
    Ok(page::ok(measure_pages::measures(&MeasuresPage {
        saved: saved_param(&q),
        scope,
        measures: with_blanks(plan.measures),
        problems: Vec::new(),
        history: history_rows(&history),
    })))
}

pub(super) async fn measures_post(
    State(app): Shared,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let scope = scope(&app, &pairs_map(&pairs), 0)?;
    let (measures, problems) = typed_measures(&pairs);
    if !problems.is_empty() {
        let history = app
            .storage
            .document_history(Kind::Measures, &scope.unit, scope.fiscal_year)
            .await?;
        return Ok(unprocessable(measure_pages::measures(&MeasuresPage {
            scope,
            measures: with_blanks(measures),
            problems,
            saved: None,
            history: history_rows(&history),
        })));
    }
    let body = serde_json::to_value(MeasuresPlan { measures }).map_err(anyhow::Error::from)?;
    let version = app
        .storage
        .save_document(
            Kind::Measures,
            &scope.unit,
            scope.fiscal_year,
            day::today(),
            &body,
        )
        .await?;
    Ok(redirect(&here(
        "/admin/ita/measures",
        &scope,
        Some(version),
    )))
}
