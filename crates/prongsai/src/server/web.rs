//! Pages: the widget's built files at `/` (from `--widget-dir`), the demo start page `/demo`
//! listing the enabled surveys with links and QR codes, and `/healthz`.
use std::fmt::Write as _;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use prongsai_core::Locale;
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};
use serde_json::json;

use super::AppState;

pub async fn healthz(State(app): State<Arc<AppState>>) -> Response {
    let mut res =
        Json(json!({ "status": "ok", "storage": app.storage.describe() })).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// Shown at `/` when the widget has not been built into the widget directory.
pub async fn widget_missing(State(app): State<Arc<AppState>>) -> Response {
    let dir = escape(&app.settings.widget_dir.display().to_string());
    let body = format!(
        "<!doctype html><html lang=\"th\"><meta charset=\"utf-8\"><title>prongsai</title>\
         <link rel=\"icon\" href=\"data:,\">\
         <h1>ยังไม่ได้สร้างแบบสำรวจ (widget not built)</h1>\
         <p>The widget's files are not in <code>{dir}</code>. Build them with <code>scripts/build-widget.sh</code> \
         or start with <code>--widget-dir</code> pointing at them. The collection endpoint works meanwhile; \
         see <a href=\"/demo\">/demo</a>.</p></html>"
    );
    (StatusCode::SERVICE_UNAVAILABLE, Html(body)).into_response()
}

/// The demo start page: every enabled survey, a link and a QR code per unit and service point.
pub async fn demo(State(app): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    let base = base_url(&app, &headers);
    let mut html = String::new();
    html.push_str(
        "<!doctype html><html lang=\"th\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <link rel=\"icon\" href=\"data:,\"><title>prongsai — แบบสำรวจ (demo)</title><style>\
         body{font-family:system-ui,'Noto Sans Thai','Sarabun',sans-serif;margin:0 auto;max-width:62rem;padding:1rem;color:#1a1a1a}\
         h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:2px solid #0b5394}\
         .grid{display:flex;flex-wrap:wrap;gap:1rem}.card{border:1px solid #ccc;border-radius:8px;padding:.75rem;width:12rem}\
         .card a{display:inline-block;min-height:44px;line-height:44px;font-weight:600;color:#0b5394}\
         .card svg{width:100%;height:auto}.note{color:#555}code{background:#f3f3f3;padding:0 .25rem}\
         .links a{display:inline-block;min-height:44px;line-height:44px;margin-right:1rem;color:#0b5394}\
         </style></head><body>\
         <h1>prongsai — แบบสำรวจของหน่วยงาน <span lang=\"en\">(surveys of this agency)</span></h1>\
         <p class=\"note\">ผลคะแนนจากแบบสำรวจนี้เป็นการประเมินของหน่วยงานเอง ไม่ใช่ผลการประเมิน ITA อย่างเป็นทางการ \
         <span lang=\"en\">(Scores from these surveys are the agency's own assessment, not the official ITA result.)</span></p>",
    );
    let _ = write!(
        html,
        "<p class=\"note\" id=\"link-base\">{}</p>",
        escape(&app.public_base_note())
    );
    for ins in app.settings.surveys.latest() {
        let _ = write!(
            html,
            "<h2>{} <small lang=\"en\">{} · {} {}</small></h2>",
            escape(ins.title.get(Locale::Th)),
            escape(ins.title.get(Locale::En)),
            escape(&ins.id),
            escape(&ins.edition)
        );
        if app.settings.code_surveys.contains(&ins.id) {
            html.push_str(
                "<p class=\"note\">ต้องใช้รหัสครั้งเดียวที่หน่วยงานแจก \
                 <span lang=\"en\">(needs a one-time code handed out by the agency)</span></p>",
            );
        }
        html.push_str("<div class=\"grid\">");
        for unit in app.settings.units.values() {
            let points: Vec<Option<&String>> = std::iter::once(None)
                .chain(unit.points.iter().map(Some))
                .collect();
            for point in points {
                let mut url = format!(
                    "{base}/?survey={}&unit={}",
                    query_escape(&ins.id),
                    query_escape(&unit.id)
                );
                if let Some(p) = point {
                    let _ = write!(url, "&point={}", query_escape(p));
                }
                let label = match point {
                    Some(p) => format!("{} · {}", unit.name.as_deref().unwrap_or(&unit.id), p),
                    None => unit.name.clone().unwrap_or_else(|| unit.id.clone()),
                };
                let _ = write!(
                    html,
                    "<div class=\"card\"><a href=\"{}\">{}</a>{}</div>",
                    escape(&url),
                    escape(&label),
                    qr_svg(&url)
                );
            }
        }
        html.push_str("</div><p class=\"links\">");
        for unit in app.settings.units.values() {
            let _ = write!(
                html,
                "<a href=\"/admin/posters/{}/{}\">โปสเตอร์ QR สำหรับพิมพ์ · {}</a> ",
                query_escape(&ins.id),
                query_escape(&unit.id),
                escape(unit.name.as_deref().unwrap_or(&unit.id))
            );
        }
        if app.settings.public_summaries.contains(&ins.id) {
            let _ = write!(
                html,
                "<a href=\"/public/{}\">สรุปผลสำหรับประชาชน <span lang=\"en\">(public summary)</span></a>",
                query_escape(&ins.id)
            );
        }
        html.push_str("</p>");
    }
    html.push_str(
        "<h2>สำหรับเจ้าหน้าที่ <span lang=\"en\">(for staff)</span></h2>\
         <p class=\"links\"><a href=\"/admin/results\">ผลการสำรวจ รายงาน O16/O42 และการส่งออกข้อมูล</a> \
         <a href=\"/admin/comments\">ตรวจสอบความคิดเห็น</a> <a href=\"/admin/posters\">โปสเตอร์ QR ทุกจุดให้บริการ</a></p>\
         <p class=\"note\">ต้องเข้าสู่ระบบด้วยรหัสผู้ดูแล <span lang=\"en\">(admin token; log in at /admin/login)</span>. \
         API: <code>GET /api/v1/results?instrument=ID</code> with <code>Authorization: Bearer &lt;admin token&gt;</code>; \
         CSV: <code>GET /api/v1/export.csv?instrument=ID</code>.</p>\
         </body></html>",
    );
    let mut res = Html(html).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}

/// The base of links and QR codes: see [`AppState::public_base`] (never the request's `Host`).
pub(crate) fn base_url(app: &AppState, _headers: &HeaderMap) -> String {
    app.public_base()
}

fn qr_svg(data: &str) -> String {
    match QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M) {
        Ok(code) => {
            let image = code
                .render::<svg::Color>()
                .min_dimensions(180, 180)
                .dark_color(svg::Color("#000000"))
                .light_color(svg::Color("#ffffff"))
                .build();
            // Drop the XML declaration: the SVG goes inline into HTML.
            match image.find("<svg") {
                Some(i) => {
                    image[i..].replacen("<svg", "<svg role=\"img\" aria-label=\"QR code\"", 1)
                }
                None => String::new(),
            }
        }
        Err(_) => String::new(),
    }
}

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn query_escape(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}
