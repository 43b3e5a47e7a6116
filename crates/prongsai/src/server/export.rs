//! Exports behind the admin token or session: raw answers (CSV, JSON Lines) streamed from the
//! responses table, and aggregates (the `Report` as JSON, a flat CSV of item statistics).
//!
//! Raw exports never carry the envelope ids (the idempotency keys the browsers made: a device
//! could be matched to its response by them, and the server has already removed duplicates by
//! them). Rows are ordered by day and then by that random id, never by arrival. The free-text
//! answers of the staff survey (kind `iit`) are left out of raw exports: there they would sit next
//! to the rest of the person's answers; read them on the moderation page, where each stands
//! alone.
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use prongsai_core::{Instrument, Kind, Report, ENVELOPE_FORMAT};
use serde_json::{Map, Value};
use tokio_stream::wrappers::ReceiverStream;
use tokio_stream::StreamExt;

use super::moderation;
use super::storage::{ExportRow, Filter};
use super::AppState;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RawFormat {
    /// `submitted,unit,point` then one column per answer code; UTF-8 with BOM.
    Csv,
    /// One envelope per line, `id` = the line number within this export.
    Jsonl,
}

/// The answer codes of a raw export, in the instrument's order.
pub fn columns(ins: &Instrument) -> Vec<String> {
    let left_out: Vec<String> = if ins.kind == Kind::Iit {
        moderation::text_codes(ins)
    } else {
        Vec::new()
    };
    ins.items()
        .flat_map(|item| {
            ins.answer_codes(item)
                .into_iter()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|c| !left_out.contains(c))
        .collect()
}

/// Streams the responses of `filter` as CSV or JSON Lines.
pub fn raw(app: &AppState, filter: Filter, format: RawFormat) -> Response {
    let ins = Arc::clone(&filter.instrument);
    let columns = columns(&ins);
    let (ext, content_type) = match format {
        RawFormat::Csv => ("csv", "text/csv; charset=utf-8"),
        RawFormat::Jsonl => ("jsonl", "application/jsonl; charset=utf-8"),
    };
    let filename = format!("{}-{}.{ext}", ins.id, ins.edition);

    let (tx, rx) = tokio::sync::mpsc::channel::<anyhow::Result<Vec<ExportRow>>>(8);
    let storage = Arc::clone(&app.storage);
    tokio::spawn(async move {
        if let Err(e) = storage.export(filter, tx).await {
            tracing::error!("export failed: {e:#}");
        }
    });

    let head = match format {
        // UTF-8 byte-order mark first, so that spreadsheet programs read the Thai text correctly.
        RawFormat::Csv => {
            let mut head = String::from("\u{feff}");
            head.push_str(&csv_record(
                ["submitted", "unit", "point"]
                    .into_iter()
                    .chain(columns.iter().map(String::as_str)),
            ));
            head
        }
        RawFormat::Jsonl => String::new(),
    };
    let head =
        futures_util::stream::once(async move { Ok::<Bytes, std::io::Error>(Bytes::from(head)) });
    let mut line_no: u64 = 0;
    let rows = ReceiverStream::new(rx).map(move |row| match row {
        Ok(chunk) => {
            let text = match format {
                RawFormat::Csv => csv_records(chunk.iter().map(|row| csv_cells(row, &columns))),
                RawFormat::Jsonl => {
                    let mut text = String::with_capacity(chunk.len() * 64);
                    for row in &chunk {
                        line_no += 1;
                        text.push_str(&jsonl_row(&ins, row, &columns, line_no));
                    }
                    text
                }
            };
            Ok(Bytes::from(text))
        }
        Err(e) => {
            tracing::error!("export failed: {e:#}");
            Err(std::io::Error::other("export failed"))
        }
    });
    let body = Body::from_stream(head.chain(rows));
    download(body, content_type, &filename)
}

/// A response that downloads as `filename`.
pub fn download(body: impl Into<Body>, content_type: &'static str, filename: &str) -> Response {
    let mut res = body.into().into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"{}\"",
        safe_filename(filename)
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

/// File names from ids: letters, digits, '-', '_' and '.' only.
pub fn safe_filename(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn answers_of(row: &ExportRow) -> Map<String, Value> {
    serde_json::from_str(&row.answers).unwrap_or_default()
}

/// The cells of one raw-export row.
fn csv_cells(row: &ExportRow, columns: &[String]) -> Vec<String> {
    let answers = answers_of(row);
    let cells = [row.day.clone(), row.unit.clone(), row.point.clone()]
        .into_iter()
        .chain(columns.iter().map(|code| {
            match answers.get(code) {
                None | Some(Value::Null) => String::new(),
                Some(Value::String(s)) => s.clone(),
                Some(Value::Array(a)) => a
                    .iter()
                    .map(|v| match v {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join(";"),
                Some(other) => other.to_string(),
            }
        }));
    cells.collect()
}

fn jsonl_row(ins: &Instrument, row: &ExportRow, columns: &[String], line: u64) -> String {
    let mut answers = answers_of(row);
    answers.retain(|k, _| columns.iter().any(|c| c == k));
    let mut env = Map::new();
    env.insert("format".into(), ENVELOPE_FORMAT.into());
    env.insert("id".into(), line.to_string().into());
    env.insert("instrument".into(), ins.id.clone().into());
    env.insert("edition".into(), ins.edition.clone().into());
    env.insert("unit".into(), row.unit.clone().into());
    env.insert(
        "point".into(),
        if row.point.is_empty() {
            Value::Null
        } else {
            row.point.clone().into()
        },
    );
    env.insert("submitted".into(), row.day.clone().into());
    env.insert("locale".into(), row.locale.clone().into());
    env.insert("answers".into(), Value::Object(answers));
    let mut line = Value::Object(env).to_string();
    line.push('\n');
    line
}

/// CSV records (RFC 4180, CRLF line ends, written by the `csv` crate), every cell passed
/// through [`defuse`].
pub fn csv_records<R, C>(rows: impl IntoIterator<Item = R>) -> String
where
    R: IntoIterator<Item = C>,
    C: AsRef<str>,
{
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .flexible(true)
        .from_writer(Vec::new());
    for row in rows {
        // Writing to memory cannot fail.
        let _ = w.write_record(row.into_iter().map(|c| defuse(c.as_ref()).into_owned()));
    }
    let bytes = w
        .into_inner()
        .unwrap_or_else(|e| e.into_inner().get_ref().clone());
    String::from_utf8(bytes).unwrap_or_default()
}

/// One CSV record.
pub fn csv_record<C: AsRef<str>>(cells: impl IntoIterator<Item = C>) -> String {
    csv_records([cells])
}

/// A cell a spreadsheet would run as a formula gets a leading apostrophe: one whose first
/// character that is not white space (including no-break and other Unicode spaces and the
/// zero-width ones) is `=`, `+`, `-` or `@`, or their full-width and small forms (＝ ＋ － ＠ ﹦ ﹢
/// ﹣ ﹫), or that starts with a tab or carriage return. Plain numbers such as `-3` stay numbers.
pub fn defuse(cell: &str) -> std::borrow::Cow<'_, str> {
    let invisible = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
            )
    };
    let first = cell.chars().find(|c| !invisible(*c));
    let formula = matches!(
        first,
        Some(
            '=' | '+'
                | '-'
                | '@'
                | '\u{FF1D}'
                | '\u{FF0B}'
                | '\u{FF0D}'
                | '\u{FF20}'
                | '\u{FE66}'
                | '\u{FE62}'
                | '\u{FE63}'
                | '\u{FE6B}'
        )
    ) || cell.starts_with(['\t', '\r']);
    if formula && cell.parse::<f64>().is_err() {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

fn num(v: Option<f64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn counts(c: &std::collections::BTreeMap<String, u64>) -> String {
    c.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(";")
}

/// The statistics of a report as one flat table: a row per tool, indicator, satisfaction
/// dimension, overall satisfaction, item and sub-item. Numbers at full precision.
pub fn items_csv(ins: &Instrument, report: &Report) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&csv_record([
        "level", "code", "parent", "text", "n", "na", "score", "sd", "percent", "standing",
        "counts",
    ]));
    let row = |cells: [String; 11]| csv_record(cells);
    let n = report.n.to_string();
    for tool in &ins.tools {
        if let Some(t) = report.tools.get(&tool.id) {
            out.push_str(&row([
                "tool".into(),
                tool.id.clone(),
                String::new(),
                t.title.th.clone(),
                n.clone(),
                String::new(),
                num(t.score),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ]));
        }
    }
    for ind in &ins.indicators {
        if let Some(i) = report.indicators.get(&ind.id) {
            out.push_str(&row([
                "indicator".into(),
                ind.id.clone(),
                ind.tool.clone(),
                i.title.th.clone(),
                n.clone(),
                String::new(),
                num(i.score),
                String::new(),
                String::new(),
                i.standing.unwrap_or("").to_string(),
                String::new(),
            ]));
        }
    }
    if let Some(sat) = &report.satisfaction {
        for dim in &ins.dimensions {
            if let Some(d) = sat.dimensions.get(&dim.id) {
                out.push_str(&row([
                    "dimension".into(),
                    dim.id.clone(),
                    String::new(),
                    d.title.th.clone(),
                    n.clone(),
                    String::new(),
                    num(d.mean),
                    num(d.sd),
                    num(d.percent),
                    match d.meets_target {
                        Some(true) => "meets_target".into(),
                        Some(false) => "below_target".into(),
                        None => String::new(),
                    },
                    String::new(),
                ]));
            }
        }
        out.push_str(&row([
            "overall".into(),
            "satisfaction".into(),
            String::new(),
            "ภาพรวม".into(),
            n.clone(),
            String::new(),
            num(sat.mean),
            String::new(),
            num(sat.percent),
            match sat.meets_target {
                Some(true) => "meets_target".into(),
                Some(false) => "below_target".into(),
                None => String::new(),
            },
            String::new(),
        ]));
    }
    for item in ins.items() {
        let Some(st) = report.items.get(&item.code) else {
            continue;
        };
        let parent = item
            .indicator
            .clone()
            .or_else(|| item.dimension.clone())
            .unwrap_or_default();
        out.push_str(&row([
            "item".into(),
            item.code.clone(),
            parent,
            st.text.th.clone(),
            st.n.to_string(),
            st.na.to_string(),
            num(st.score),
            num(st.sd),
            num(st.percent),
            String::new(),
            counts(&st.counts),
        ]));
        for (code, part) in &st.parts {
            out.push_str(&row([
                "part".into(),
                code.clone(),
                item.code.clone(),
                part.text.th.clone(),
                part.n.to_string(),
                part.na.to_string(),
                num(part.score),
                num(part.sd),
                String::new(),
                String::new(),
                counts(&part.counts),
            ]));
        }
    }
    out
}

pub fn items_csv_response(ins: &Instrument, report: &Report) -> Response {
    download(
        items_csv(ins, report),
        "text/csv; charset=utf-8",
        &format!("{}-{}-items.csv", ins.id, ins.edition),
    )
}

pub fn report_json_response(ins: &Instrument, report: &Report) -> Response {
    let body = serde_json::to_string_pretty(report).unwrap_or_else(|_| "{}".to_string());
    download(
        body,
        "application/json",
        &format!("{}-{}-results.json", ins.id, ins.edition),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_defused() {
        let line = csv_record(["a,b", "=1+1", "-3", "say \"hi\"", "line\nbreak"]);
        assert_eq!(
            line,
            "\"a,b\",'=1+1,-3,\"say \"\"hi\"\"\",\"line\nbreak\"\r\n"
        );
    }

    #[test]
    fn the_formula_guard_looks_past_leading_spaces_and_knows_full_width_signs() {
        for cell in [
            "=HYPERLINK(\"x\")",
            " =1+1",
            "\u{00A0}=1+1",
            "\u{3000}+cmd",
            "\u{200B}@SUM(A1)",
            "\u{FF1D}1+1",
            "\u{FF0B}1",
            "\u{FF0D}x",
            "\u{FF20}x",
            " \u{00A0}\u{2003}-x",
            "\tx",
        ] {
            assert_eq!(defuse(cell), format!("'{cell}"), "{cell:?} must be defused");
        }
        for cell in ["-3", "+1.5", "4", "ข้อความ = ดี", "a-b", "", "na"] {
            assert_eq!(defuse(cell), cell, "{cell:?} is not a formula");
        }
    }

    #[test]
    fn iit_free_text_stays_out_of_raw_exports() {
        let iit = prongsai_core::builtin::load("ita-iit").unwrap();
        assert!(!columns(&iit).contains(&"comment".to_string()));
        assert!(columns(&iit).contains(&"i1.1".to_string()));
        let eit = prongsai_core::builtin::load("ita-eit").unwrap();
        assert!(columns(&eit).contains(&"comment".to_string()));
    }

    #[test]
    fn file_names_are_plain() {
        assert_eq!(safe_filename("o16-ข้อมูล\"x.html"), "o16-_______x.html");
    }
}
