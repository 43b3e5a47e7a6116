//! The printable O42 (official results of `fy − 1` and the agency's own IIT/EIT of `fy`) and O43
//! (`/admin/ita/o42`, `/admin/ita/o43?round=6|12`).
use super::official_results::indicator_names;
use super::*;

pub(super) fn code(fy: i32, report: &str) -> Option<(String, String)> {
    edition::report_code_or_earlier(&fy.to_string(), report)
        .map(|(e, c)| (e.to_string(), c.to_string()))
}

pub(super) fn unit_label(app: &AppState, unit: &str) -> Option<String> {
    app.settings.units.get(unit).map(unit_name)
}

/// The agency's own IIT / EIT results of the unit over fiscal year `fy`.
pub(in crate::server) async fn own_reports(
    app: &AppState,
    unit: &str,
    fy: i32,
) -> Result<Vec<(String, Report)>, PageError> {
    let (from, to) = periods::fiscal_year(fy);
    let mut out = Vec::new();
    for ins in app.settings.surveys.latest() {
        if !matches!(ins.kind, InstrumentKind::Iit | InstrumentKind::Eit) {
            continue;
        }
        let filter = Filter {
            instrument: Arc::clone(ins),
            unit: Some(unit.to_string()),
            point: None,
            from: Some(from.to_string()),
            to: Some(to.to_string()),
        };
        let report = app.storage.tally(&filter).await?.report(ins);
        if report.n > 0 {
            let tool = ins
                .tools
                .iter()
                .map(|t| t.id.to_uppercase())
                .collect::<Vec<_>>()
                .join("/");
            out.push((tool, report));
        }
    }
    Ok(out)
}

pub(super) async fn o42_doc(State(app): Shared, q: Params) -> Result<Response, PageError> {
    let q = query_map(q)?;
    let scope = scope(&app, &q, 0)?;
    let fy = scope.fiscal_year;
    let Some((results, _, _)) = latest_official(&app, &scope.unit, fy - 1).await? else {
        return Err(PageError::not_found(format!(
            "ยังไม่ได้บันทึกผลการประเมินอย่างเป็นทางการ ปีงบประมาณ {} ของหน่วยงานนี้ — บันทึกที่ /admin/ita/official ก่อน",
            fy - 1
        )));
    };
    let (plan, _) = latest_plan(&app, &scope.unit, fy).await?;
    let own = own_reports(&app, &scope.unit, fy).await?;
    let doc = OfficialO42 {
        agency: agency(&app, Some(&scope.unit)),
        unit: unit_label(&app, &scope.unit),
        fiscal_year: fy,
        official: &results,
        indicator_names: indicator_names(&app),
        own: own
            .iter()
            .map(|(tool, report)| OwnResults { tool, report })
            .collect(),
        plan: &plan,
        signatories: &app.settings.signatories,
        code: code(fy, REPORT_MEASURES),
        generated: day::today(),
        thai_digits: false,
    };
    let view = q.get("download").is_none_or(|v| v != "1");
    Ok(document_response(
        o42_official(&doc),
        &format!("o42-{}-{fy}.html", scope.unit),
        view,
    ))
}

pub(super) async fn o43_doc(State(app): Shared, q: Params) -> Result<Response, PageError> {
    let q = query_map(q)?;
    let scope = scope(&app, &q, 0)?;
    let fy = scope.fiscal_year;
    let round = match q.get("round").map(String::as_str) {
        None | Some("") => Round::TwelveMonths,
        Some(r) => Round::from_months(r).ok_or_else(|| {
            PageError::bad_request(format!(
                "round ต้องเป็น 6 หรือ 12 (รอบ 6 หรือ 12 เดือน), ไม่ใช่ “{r}”"
            ))
        })?,
    };
    let (plan, _) = latest_plan(&app, &scope.unit, fy).await?;
    let progress = latest_progress(&app, &scope.unit, fy).await?;
    let html = o43(&O43Options {
        agency: agency(&app, Some(&scope.unit)),
        unit: unit_label(&app, &scope.unit),
        fiscal_year: fy,
        round,
        plan: &plan,
        progress: &progress,
        signatories: &app.settings.signatories,
        code: code(fy, REPORT_MEASURES_PROGRESS),
        generated: day::today(),
        thai_digits: false,
    });
    let view = q.get("download").is_none_or(|v| v != "1");
    Ok(document_response(
        html,
        &format!("o43-{}-{fy}-{}m.html", scope.unit, round.months()),
        view,
    ))
}
