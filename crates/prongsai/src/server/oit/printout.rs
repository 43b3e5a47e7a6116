//! The form to copy into the official system: `/admin/ita/oit/print`, `/admin/ita/oit/export.csv`
//! and `/admin/ita/oit/export.json`.
use super::*;

pub(super) async fn current(
    app: &AppState,
    scope: &Scope,
) -> Result<(Option<(i32, String)>, Saved), PageError> {
    Ok(
        match app
            .storage
            .latest_document(DocKind::Oit, &scope.unit, scope.fiscal_year)
            .await?
        {
            Some(v) => (Some((v.version, v.saved_day.clone())), read_saved(&v)),
            None => (None, Saved::default()),
        },
    )
}

pub(super) async fn print(State(app): Shared, q: Params) -> Result<Response, PageError> {
    let q = query_map(q)?;
    let (scope, ins) = scope_and_list(&app, &q)?;
    let (version, saved) = current(&app, &scope).await?;
    let groups = groups(&ins, &saved.answers, &[]);
    let html = oit_form(&OitFormDoc {
        agency: agency(&app, Some(&scope.unit)),
        unit: app.settings.units.get(&scope.unit).map(unit_name),
        fiscal_year: scope.fiscal_year,
        instrument: format!("{} (ฉบับปีงบประมาณ {})", ins.title.th, ins.edition),
        version,
        groups: &groups,
        generated: day::today(),
    });
    Ok(document_response(
        html,
        &format!("oit-{}-{}.html", scope.unit, scope.fiscal_year),
        true,
    ))
}

pub(super) fn answer_th(a: &str) -> &str {
    match a {
        "yes" => "มี",
        "no" => "ไม่มี",
        other => other,
    }
}

/// A cell a spreadsheet would run as a formula gets a leading apostrophe ([`export::defuse`]).
fn guard(cell: &str) -> String {
    export::defuse(cell).into_owned()
}

pub(super) fn csv_text(groups: &[OitGroup]) -> Result<String, PageError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let write_err = |e: csv::Error| PageError::from(anyhow::Error::from(e));
    w.write_record(["ข้อ", "ตัวชี้วัดย่อย", "ข้อมูล", "คำตอบ", "URL", "คำอธิบายเพิ่มเติม"])
        .map_err(write_err)?;
    for g in groups {
        for i in &g.items {
            w.write_record([
                guard(&i.code.to_uppercase()),
                guard(&g.id),
                guard(&i.title),
                guard(answer_th(&i.answer)),
                guard(&i.url),
                guard(&i.note),
            ])
            .map_err(write_err)?;
        }
    }
    let bytes = w
        .into_inner()
        .map_err(|e| PageError::from(anyhow::anyhow!("csv: {e}")))?;
    let text = String::from_utf8(bytes).map_err(anyhow::Error::from)?;
    // The BOM lets Excel read the Thai text as UTF-8.
    Ok(format!("\u{feff}{text}"))
}

pub(super) async fn export_csv(State(app): Shared, q: Params) -> Result<Response, PageError> {
    let q = query_map(q)?;
    let (scope, ins) = scope_and_list(&app, &q)?;
    let (_, saved) = current(&app, &scope).await?;
    let body = csv_text(&groups(&ins, &saved.answers, &[]))?;
    Ok(export::download(
        body,
        "text/csv; charset=utf-8",
        &format!("oit-{}-{}.csv", scope.unit, scope.fiscal_year),
    ))
}

pub(super) async fn export_json(State(app): Shared, q: Params) -> Result<Response, PageError> {
    let q = query_map(q)?;
    let (scope, ins) = scope_and_list(&app, &q)?;
    let (version, saved) = current(&app, &scope).await?;
    let s = score_response(&ins, &saved.answers);
    let items: Vec<Value> = groups(&ins, &saved.answers, &[])
        .iter()
        .flat_map(|g| {
            g.items.iter().map(|i| {
                json!({
                    "code": i.code.to_uppercase(),
                    "sub_indicator": g.id,
                    "title": i.title,
                    "answer": i.answer,
                    "url": i.url,
                    "note": i.note,
                })
            })
        })
        .collect();
    let doc = json!({
        "format": "prongsai.oit-export/1",
        "unit": scope.unit,
        "fiscal_year": scope.fiscal_year,
        "instrument": ins.id,
        "edition": ins.edition,
        "version": version.as_ref().map(|v| v.0),
        "saved_day": version.as_ref().map(|v| v.1.clone()),
        "main_site": saved.main_site,
        "items": items,
        "answers": Value::Object(saved.answers.clone().into_iter().collect::<Map<String, Value>>()),
        "scores": { "indicators": s.indicators, "tools": s.tools },
    });
    let text = serde_json::to_string_pretty(&doc).map_err(anyhow::Error::from)?;
    Ok(export::download(
        text,
        "application/json",
        &format!("oit-{}-{}.json", scope.unit, scope.fiscal_year),
    ))
}
