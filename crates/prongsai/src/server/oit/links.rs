//! The evidence link check (`POST /admin/ita/oit/linkcheck`): fetches every evidence URL of the
//! current version (`crate::linkcheck`), stores the report with the version it checked (kind
//! `oit-links`) and shows it as rows.
use super::*;

pub(super) fn size_text(r: &LinkResult) -> Option<String> {
    r.size().map(|b| {
        let kb = b as f64 / 1024.0;
        let at_least = if r.truncated && r.content_length.is_none() {
            "≥ "
        } else {
            ""
        };
        if kb >= 1.0 {
            format!("{at_least}{} KB", fixed(kb, 1))
        } else {
            format!("{at_least}{b} ไบต์")
        }
    })
}

pub(super) fn link_rows(report: &LinkReport) -> Vec<LinkRow> {
    report
        .results
        .iter()
        .map(|r| LinkRow {
            code: r.code.to_uppercase(),
            url: if r.url.is_empty() {
                "(ไม่ได้ระบุ URL)".into()
            } else {
                r.url.clone()
            },
            status: match (r.status, r.fetched) {
                (Some(s), _) => format!("HTTP {s}"),
                (None, true) => "ไม่ได้รับคำตอบ".into(),
                (None, false) => "ไม่ได้เปิด".into(),
            },
            redirected_to: r
                .final_url
                .clone()
                .filter(|f| !r.redirects.is_empty() && *f != r.url),
            title: r.title.clone(),
            size: size_text(r),
            flags: r.flags.iter().map(|f| f.message_th()).collect(),
        })
        .collect()
}

pub(super) async fn latest_check(
    app: &AppState,
    scope: &Scope,
    current: Option<i32>,
) -> Result<Option<LinkCheckView>, PageError> {
    let Some(v) = app
        .storage
        .latest_document(DocKind::OitLinks, &scope.unit, scope.fiscal_year)
        .await?
    else {
        return Ok(None);
    };
    let checked = v.body.get("version").and_then(Value::as_i64).unwrap_or(0);
    let report: LinkReport =
        serde_json::from_value(v.body.get("report").cloned().unwrap_or_default()).map_err(|e| {
            anyhow::anyhow!("stored link check {} does not read back: {e}", v.version)
        })?;
    Ok(Some(LinkCheckView {
        version: i32::try_from(checked).unwrap_or(0),
        day: v.saved_day.clone(),
        main_site: report.main_site.clone(),
        fetched_urls: report.fetched_urls,
        flagged_items: report.flagged_items,
        rows: link_rows(&report),
        outdated: current.is_some_and(|c| i64::from(c) != checked),
    }))
}

pub(super) async fn linkcheck_post(
    State(app): Shared,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let fields: BTreeMap<String, String> = pairs.into_iter().collect();
    let (scope, ins) = scope_and_list(&app, &fields)?;
    let timeout = match fields.get("timeout").map(|t| t.trim()).filter(|t| !t.is_empty()) {
        None => DEFAULT_TIMEOUT,
        Some(t) => t
            .parse::<u64>()
            .ok()
            .filter(|t| (1..=MAX_TIMEOUT).contains(t))
            .ok_or_else(|| {
                PageError::bad_request(format!(
                    "เวลารอ “{t}” ต้องเป็นจำนวนวินาที 1–{MAX_TIMEOUT} (timeout: whole seconds, 1–{MAX_TIMEOUT})"
                ))
            })?,
    };
    let Some(current) = app
        .storage
        .latest_document(DocKind::Oit, &scope.unit, scope.fiscal_year)
        .await?
    else {
        return Err(PageError::bad_request(
            "ยังไม่ได้บันทึกแบบประเมิน OIT ของหน่วยงานและปีงบประมาณนี้ จึงยังไม่มีลิงก์ให้ตรวจ — save the self-assessment first",
        ));
    };
    let saved = read_saved(&current);
    let answers: Map<String, Value> = saved.answers.clone().into_iter().collect();
    let links = linkcheck::evidence_links(&answers, "answers").map_err(|problems| {
        PageError::from(anyhow::anyhow!(
            "stored OIT answers {}/{} v{} do not read back: {}",
            scope.unit,
            scope.fiscal_year,
            current.version,
            problems
                .iter()
                .map(|p| format!("{}: {}", p.path, p.message))
                .collect::<Vec<_>>()
                .join("; ")
        ))
    })?;
    let links = links
        .into_iter()
        .map(|mut l| {
            let item = ins.items().find(|i| i.code == l.code);
            l.answered_yes = l.answered_yes && item.is_some_and(|i| i.needs_url);
            l.label = item.map(|i| i.text.th.clone());
            l
        })
        .collect();
    let main_site = if saved.main_site.is_empty() {
        None
    } else {
        // Checked when saved; a site that no longer reads is simply not used.
        MainSite::parse(&saved.main_site).ok()
    };
    let report = linkcheck::check(
        links,
        CheckOptions {
            main_site,
            timeout: Duration::from_secs(timeout),
            ..CheckOptions::default()
        },
    )
    .await;
    let body = json!({
        "version": current.version,
        "timeout_seconds": timeout,
        "report": serde_json::to_value(&report).map_err(anyhow::Error::from)?,
    });
    app.storage
        .save_document(
            DocKind::OitLinks,
            &scope.unit,
            scope.fiscal_year,
            day::today(),
            &body,
        )
        .await?;
    Ok(redirect(&format!(
        "{}#linkcheck",
        here("/admin/ita/oit", &scope, None)
    )))
}
