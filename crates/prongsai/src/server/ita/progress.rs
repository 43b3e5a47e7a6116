//! The O43 progress tracker of the measures (`/admin/ita/progress`): status and evidence of each
//! measure at 6 and 12 months.
use super::*;

pub(super) fn evidence_text(p: &MeasureProgress) -> String {
    p.evidence.join("\n")
}

/// The progress as posted (`<measure id>.<field>`), checked against the plan's measures.
pub(super) fn typed_progress(
    plan: &MeasuresPlan,
    fields: &BTreeMap<String, String>,
) -> (Vec<(Measure, MeasureProgress, String)>, Vec<Problem>) {
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (n, m) in plan.measures.iter().enumerate() {
        let get = |f: &str| {
            fields
                .get(&format!("{}.{f}", m.id))
                .map(|v| v.trim().to_string())
                .unwrap_or_default()
        };
        let status_key = get("status");
        let status = match Status::from_key(&status_key) {
            Some(s) => s,
            None => {
                problems.push(problem(
                    Some(n + 1),
                    "สถานะ",
                    format!("มาตรการ “{}”: สถานะ “{status_key}” ไม่ใช่ ยังไม่ดำเนินการ / อยู่ระหว่างดำเนินการ / ดำเนินการเสร็จเรียบร้อยแล้ว", m.title),
                ));
                Status::NotStarted
            }
        };
        let evidence_raw = fields
            .get(&format!("{}.evidence", m.id))
            .cloned()
            .unwrap_or_default();
        let mut evidence = Vec::new();
        for line in evidence_raw
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            match url::Url::parse(line) {
                Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => {
                    evidence.push(line.to_string())
                }
                _ => problems.push(problem(
                    Some(n + 1),
                    "หลักฐาน",
                    format!(
                        "มาตรการ “{}”: “{line}” ไม่ใช่ลิงก์ http:// หรือ https:// — evidence must be an http(s) URL",
                        m.title
                    ),
                )),
            }
        }
        let p = MeasureProgress {
            measure: m.id.clone(),
            status,
            started: get("started"),
            finished: get("finished"),
            result: get("result"),
            outcome: get("outcome"),
            responsible: get("responsible"),
            evidence,
        };
        rows.push((m.clone(), p, evidence_raw));
    }
    (rows, problems)
}

pub(super) async fn progress_view(
    app: &AppState,
    scope: Scope,
    rows: Vec<(Measure, MeasureProgress, String)>,
    problems: Vec<Problem>,
    saved: Option<i32>,
) -> Result<String, PageError> {
    let history = app
        .storage
        .document_history(Kind::Progress, &scope.unit, scope.fiscal_year)
        .await?;
    Ok(measure_pages::progress(&ProgressPage {
        scope,
        rows,
        problems,
        saved,
        history: history_rows(&history),
    }))
}

pub(super) async fn progress_get(State(app): Shared, q: Params) -> Result<Response, PageError> {
    let q = query_map(q)?;
    let scope = scope(&app, &q, 0)?;
    let (plan, _) = latest_plan(&app, &scope.unit, scope.fiscal_year).await?;
    let progress = latest_progress(&app, &scope.unit, scope.fiscal_year).await?;
    let rows = plan
        .measures
        .iter()
        .map(|m| {
            let p = progress.of(&m.id);
            let e = evidence_text(&p);
            (m.clone(), p, e)
        })
        .collect();
    let html = progress_view(&app, scope, rows, Vec::new(), saved_param(&q)).await?;
    Ok(page::ok(html))
}

pub(super) async fn progress_post(
    State(app): Shared,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let fields = pairs_map(&pairs);
    let scope = scope(&app, &fields, 0)?;
    let (plan, _) = latest_plan(&app, &scope.unit, scope.fiscal_year).await?;
    let mut problems = Vec::new();
    for id in pairs.iter().filter(|(k, _)| k == "measure").map(|(_, v)| v) {
        if !plan.measures.iter().any(|m| &m.id == id) {
            problems.push(problem(
                None,
                "measure",
                format!("ไม่มีมาตรการ “{id}” ในแผนฉบับปัจจุบัน (แผนถูกแก้ไขระหว่างนั้น) — unknown measure"),
            ));
        }
    }
    let (rows, more) = typed_progress(&plan, &fields);
    problems.extend(more);
    if !problems.is_empty() {
        let html = progress_view(&app, scope, rows, problems, None).await?;
        return Ok(unprocessable(html));
    }
    let progress = Progress {
        entries: rows.into_iter().map(|(_, p, _)| p).collect(),
    };
    let body = serde_json::to_value(progress).map_err(anyhow::Error::from)?;
    let version = app
        .storage
        .save_document(
            Kind::Progress,
            &scope.unit,
            scope.fiscal_year,
            day::today(),
            &body,
        )
        .await?;
    Ok(redirect(&here(
        "/admin/ita/progress",
        &scope,
        Some(version),
    )))
}
