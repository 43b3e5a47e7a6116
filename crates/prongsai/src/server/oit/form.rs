//! The self-assessment form `/admin/ita/oit?unit=&fy=[&version=N]`: show a version, save a new
//! one, or show a refused save again with what was typed and the bad items named.
use super::links::latest_check;
use super::*;

pub(super) struct View {
    scope: Scope,
    saved_form: Saved,
    problems: Vec<(String, String)>,
    saved: Option<i32>,
    viewing: Option<i32>,
}

pub(super) async fn render(app: &AppState, ins: &Instrument, v: View) -> Result<String, PageError> {
    let history = app
        .storage
        .document_history(DocKind::Oit, &v.scope.unit, v.scope.fiscal_year)
        .await?;
    let current = history.first().map(|h| (h.version, h.saved_day.clone()));
    // The score is of what is saved (the current version), not of what was just refused.
    let scored = match history.first() {
        Some(h) => read_saved(h).answers,
        None => Answers::new(),
    };
    let link_check = latest_check(app, &v.scope, current.as_ref().map(|c| c.0)).await?;
    Ok(oit_pages::page(&OitPage {
        instrument: format!("{} (ฉบับปีงบประมาณ {})", ins.title.th, ins.edition),
        unverified: ins.unverified.as_ref().map(|t| t.th.clone()),
        groups: groups(ins, &v.saved_form.answers, &v.problems),
        main_site: v.saved_form.main_site.clone(),
        scores: scores(ins, &scored),
        problems: v
            .problems
            .iter()
            .map(|(_, m)| m.clone())
            .collect::<Vec<_>>(),
        saved: v.saved,
        viewing: v.viewing,
        current,
        history: history
            .iter()
            .map(|h| (h.version, h.saved_day.clone()))
            .collect(),
        link_check,
        scope: v.scope,
    }))
}

pub(super) async fn oit_get(State(app): Shared, q: Params) -> Result<Response, PageError> {
    let q = query_map(q)?;
    let (scope, ins) = scope_and_list(&app, &q)?;
    let wanted = match q.get("version").filter(|v| !v.is_empty()) {
        Some(v) => Some(v.parse::<i32>().map_err(|_| {
            PageError::bad_request(format!("version “{v}” ต้องเป็นเลขฉบับ (a version number)"))
        })?),
        None => None,
    };
    let history = app
        .storage
        .document_history(DocKind::Oit, &scope.unit, scope.fiscal_year)
        .await?;
    let shown = match wanted {
        Some(n) => Some(history.iter().find(|h| h.version == n).ok_or_else(|| {
            PageError::not_found(format!("ไม่มีฉบับที่ {n} ของแบบประเมินนี้ (no such version)"))
        })?),
        None => history.first(),
    };
    let viewing = shown
        .filter(|s| history.first().is_some_and(|h| h.version != s.version))
        .map(|s| s.version);
    let html = render(
        &app,
        &ins,
        View {
            saved_form: shown.map(read_saved).unwrap_or_default(),
            problems: Vec::new(),
            saved: q.get("saved").and_then(|v| v.parse().ok()),
            viewing,
            scope,
        },
    )
    .await?;
    Ok(page::ok(html))
}

pub(super) async fn oit_post(
    State(app): Shared,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let fields: BTreeMap<String, String> = pairs.into_iter().collect();
    let (scope, ins) = scope_and_list(&app, &fields)?;
    let form = typed(&ins, &fields);
    let problems = problems(&ins, &form);
    if !problems.is_empty() {
        let html = render(
            &app,
            &ins,
            View {
                scope,
                saved_form: form,
                problems,
                saved: None,
                viewing: None,
            },
        )
        .await?;
        return Ok(page::respond(
            StatusCode::UNPROCESSABLE_ENTITY,
            html,
            "no-store",
        ));
    }
    let version = app
        .storage
        .save_document(
            DocKind::Oit,
            &scope.unit,
            scope.fiscal_year,
            day::today(),
            &saved_body(&ins, &form),
        )
        .await?;
    Ok(redirect(&here(
        "/admin/ita/oit",
        &scope,
        Some(("saved", version.to_string())),
    )))
}
