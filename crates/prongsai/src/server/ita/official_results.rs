//! Last year's official results: typed in on `/admin/ita/official` or imported (CSV / JSON,
//! upload or paste), checked whole by `prongsai_core::official` before anything is saved; the
//! templates to fill in.
use super::*;

pub(super) fn indicator_names(app: &AppState) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    for id in ["ita-iit", "ita-eit", "ita-oit"] {
        if let Some(ins) = builtin::load(id) {
            for i in &ins.indicators {
                names.insert(i.id.clone(), i.title.th.clone());
            }
        }
    }
    for ins in app.settings.surveys.latest() {
        if matches!(
            ins.kind,
            InstrumentKind::Iit | InstrumentKind::Eit | InstrumentKind::Oit
        ) {
            for i in &ins.indicators {
                names.insert(i.id.clone(), i.title.th.clone());
            }
        }
    }
    names
}

pub(super) fn ten_indicators(app: &AppState) -> Vec<(String, String)> {
    let names = indicator_names(app);
    (1..=10)
        .map(|i| {
            let id = i.to_string();
            let name = names.get(&id).cloned().unwrap_or_default();
            (id, name)
        })
        .collect()
}

pub(super) fn form_of(r: &OfficialResults) -> OfficialForm {
    let mut recommendations: Vec<(String, String)> = r
        .recommendations
        .iter()
        .map(|x| (x.code.clone(), x.text.clone()))
        .collect();
    recommendations.extend((0..BLANK_RECOMMENDATIONS).map(|_| Default::default()));
    OfficialForm {
        fiscal_year: r.fiscal_year.clone(),
        overall: r.overall.map(|v| fixed(v, 2)).unwrap_or_default(),
        grade: r.grade.clone().unwrap_or_default(),
        tools: TOOLS
            .iter()
            .map(|t| {
                (
                    t.to_string(),
                    r.tools.get(*t).map(|v| fixed(*v, 2)).unwrap_or_default(),
                )
            })
            .collect(),
        indicators: (1..=10)
            .map(|i| {
                r.indicators
                    .get(&i.to_string())
                    .map(|v| fixed(*v, 2))
                    .unwrap_or_default()
            })
            .collect(),
        recommendations,
    }
}

pub(super) fn blank_form(fy: i32) -> OfficialForm {
    OfficialForm {
        fiscal_year: fy.to_string(),
        tools: TOOLS
            .iter()
            .map(|t| (t.to_string(), String::new()))
            .collect(),
        indicators: vec![String::new(); 10],
        recommendations: vec![Default::default(); BLANK_RECOMMENDATIONS + 3],
        ..OfficialForm::default()
    }
}

/// The form as typed, from the posted fields.
pub(super) fn typed_form(f: &BTreeMap<String, String>) -> OfficialForm {
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    let mut rows: BTreeMap<usize, (String, String)> = BTreeMap::new();
    for (k, v) in f {
        let mut parts = k.splitn(3, '.');
        if let (Some("rec"), Some(i), Some(field)) = (parts.next(), parts.next(), parts.next()) {
            if let Ok(i) = i.parse::<usize>() {
                let row = rows.entry(i).or_default();
                match field {
                    "code" => row.0 = v.clone(),
                    "text" => row.1 = v.clone(),
                    _ => {}
                }
            }
        }
    }
    OfficialForm {
        fiscal_year: get("fiscal_year"),
        overall: get("overall"),
        grade: get("grade"),
        tools: TOOLS
            .iter()
            .map(|t| (t.to_string(), get(&format!("tool.{t}"))))
            .collect(),
        indicators: (1..=10).map(|i| get(&format!("indicator.{i}"))).collect(),
        recommendations: rows.into_values().collect(),
    }
}

/// A typed score as JSON: a number when it reads as one, else the text (which the importer then
/// names as the problem).
pub(super) fn score_value(s: &str) -> Value {
    let t = s.trim();
    t.parse::<f64>()
        .ok()
        .and_then(|v| serde_json::Number::from_f64(v).map(Value::Number))
        .unwrap_or_else(|| Value::String(t.to_string()))
}

/// The form in the JSON import format, so typed and imported results are checked by the same
/// code.
pub(super) fn form_json(f: &OfficialForm, unit: &str) -> Value {
    let mut obj = Map::new();
    obj.insert("format".into(), json!(OFFICIAL_FORMAT));
    obj.insert("fiscal_year".into(), json!(f.fiscal_year.trim()));
    obj.insert("unit".into(), json!(unit));
    if !f.overall.trim().is_empty() {
        obj.insert("overall".into(), score_value(&f.overall));
    }
    if !f.grade.trim().is_empty() {
        obj.insert("grade".into(), json!(f.grade.trim()));
    }
    let tools: Map<String, Value> = f
        .tools
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(t, v)| (t.clone(), score_value(v)))
        .collect();
    obj.insert("tools".into(), Value::Object(tools));
    let indicators: Map<String, Value> = f
        .indicators
        .iter()
        .enumerate()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(i, v)| ((i + 1).to_string(), score_value(v)))
        .collect();
    obj.insert("indicators".into(), Value::Object(indicators));
    let recs: Vec<Value> = f
        .recommendations
        .iter()
        .filter(|(c, t)| !c.trim().is_empty() || !t.trim().is_empty())
        .map(|(c, t)| json!({ "code": c.trim(), "text": t.trim() }))
        .collect();
    obj.insert("recommendations".into(), Value::Array(recs));
    Value::Object(obj)
}

pub(super) struct OfficialView {
    scope: Scope,
    form: OfficialForm,
    import_text: String,
    problems: Vec<Problem>,
    saved: Option<i32>,
}

pub(super) async fn official_page(app: &AppState, v: OfficialView) -> Result<String, PageError> {
    let fy = parse_fiscal_year(&v.form.fiscal_year).unwrap_or(v.scope.fiscal_year);
    let history = app
        .storage
        .document_history(Kind::Official, &v.scope.unit, fy)
        .await?;
    Ok(official_page::page(&OfficialPage {
        units: v.scope.units,
        unit: v.scope.unit,
        form: v.form,
        import_text: v.import_text,
        problems: v.problems,
        saved: v.saved,
        history: history_rows(&history),
        indicator_names: ten_indicators(app),
    }))
}

pub(super) async fn official_get(State(app): Shared, q: Params) -> Result<Response, PageError> {
    let q = query_map(q)?;
    let scope = scope(&app, &q, -1)?;
    let form = match latest_official(&app, &scope.unit, scope.fiscal_year).await? {
        Some((r, _, _)) => form_of(&r),
        None => blank_form(scope.fiscal_year),
    };
    let html = official_page(
        &app,
        OfficialView {
            saved: saved_param(&q),
            scope,
            form,
            import_text: String::new(),
            problems: Vec::new(),
        },
    )
    .await?;
    Ok(page::ok(html))
}

/// Checks the results against the chosen unit and saves them, answering with the way back to
/// the saved version (of the fiscal year the results name); the problems otherwise.
async fn save_official(
    app: &AppState,
    scope: &Scope,
    parsed: Result<OfficialResults, Vec<ImportProblem>>,
) -> Result<Result<Response, Vec<Problem>>, PageError> {
    let unit = scope.unit.as_str();
    let results = match parsed {
        Ok(r) => r,
        Err(problems) => return Ok(Err(problems.into_iter().map(from_import).collect())),
    };
    if let Some(u) = results.unit.as_deref().filter(|u| *u != unit) {
        return Ok(Err(vec![problem(
            None,
            "unit",
            format!(
                "ผลนี้เป็นของหน่วยงาน “{u}” แต่เลือกหน่วยงาน “{unit}” — the results name another unit"
            ),
        )]));
    }
    let Some(fy) = parse_fiscal_year(&results.fiscal_year) else {
        return Ok(Err(vec![problem(
            None,
            "fiscal_year",
            "ปีงบประมาณต้องเป็นปี พ.ศ. 4 หลัก เช่น 2567 — a Buddhist-era year",
        )]));
    };
    let version = app
        .storage
        .save_document(Kind::Official, unit, fy, day::today(), &results.to_json())
        .await?;
    let saved = Scope {
        fiscal_year: fy,
        ..scope.clone()
    };
    Ok(Ok(redirect(&here(
        "/admin/ita/official",
        &saved,
        Some(version),
    ))))
}

pub(super) async fn official_post(
    State(app): Shared,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let fields = pairs_map(&pairs);
    let scope = scope(&app, &fields, -1)?;
    let form = typed_form(&fields);
    let parsed = official::from_json(&form_json(&form, &scope.unit).to_string());
    match save_official(&app, &scope, parsed).await? {
        Ok(saved) => Ok(saved),
        Err(problems) => {
            let mut form = form;
            form.recommendations
                .extend((0..BLANK_RECOMMENDATIONS).map(|_| Default::default()));
            let html = official_page(
                &app,
                OfficialView {
                    scope,
                    form,
                    import_text: String::new(),
                    problems,
                    saved: None,
                },
            )
            .await?;
            Ok(unprocessable(html))
        }
    }
}

pub(super) async fn official_import(
    State(app): Shared,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let bad = |e: axum::extract::multipart::MultipartError| {
        PageError::bad_request(format!("อ่านแบบฟอร์มที่ส่งมาไม่ได้ (bad upload): {e}"))
    };
    let mut fields: BTreeMap<String, String> = BTreeMap::new();
    let mut file = String::new();
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_string();
        let bytes = field.bytes().await.map_err(bad)?;
        let Ok(text) = String::from_utf8(bytes.to_vec()) else {
            return Err(PageError::bad_request(
                "ไฟล์ต้องเป็นข้อความ UTF-8 (CSV หรือ JSON) — the file must be UTF-8 text",
            ));
        };
        let text = text.trim_start_matches('\u{feff}').to_string();
        if name == "file" {
            file = text;
        } else {
            fields.insert(name, text);
        }
    }
    let pasted = fields.get("text").cloned().unwrap_or_default();
    let input = if file.trim().is_empty() {
        pasted.clone()
    } else {
        file
    };
    let scope = scope(&app, &fields, -1)?;
    let parsed = if input.trim().is_empty() {
        Err(vec![ImportProblem {
            row: None,
            column: String::new(),
            message: "ไม่มีไฟล์หรือข้อความที่จะนำเข้า — nothing to import".into(),
        }])
    } else if input.trim_start().starts_with('{') {
        official::from_json(&input)
    } else {
        official::from_csv(&input)
    };
    match save_official(&app, &scope, parsed).await? {
        Ok(saved) => Ok(saved),
        Err(problems) => {
            let form = match latest_official(&app, &scope.unit, scope.fiscal_year).await? {
                Some((r, _, _)) => form_of(&r),
                None => blank_form(scope.fiscal_year),
            };
            let html = official_page(
                &app,
                OfficialView {
                    scope,
                    form,
                    import_text: pasted,
                    problems,
                    saved: None,
                },
            )
            .await?;
            Ok(unprocessable(html))
        }
    }
}

pub(super) fn template(body: &'static str, content_type: &'static str, ext: &str) -> Response {
    let mut res = (StatusCode::OK, body).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"official-results-template.{ext}\""
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}
