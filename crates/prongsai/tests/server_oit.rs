//! The OIT self-assessment in the officer's pages through the real `prongsai serve` binary
//! (issue 12 points 2 and 6): drafts and their history, a refused save that names the item and
//! keeps what was typed, the evidence link check against a loopback site (404, redirect off the
//! main site, timeout), the CSV / JSON export, the estimate with and without every tool, and the
//! admin gate on every route.
mod server_support;

use std::time::Duration;

use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse};
use axum::routing::get as route_get;
use serde_json::{json, Value};
use server_support::*;

const FY: i32 = 2570;
/// In fiscal year 2570.
const RESPONSE_DAY: &str = "2026-10-15";

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A form POST as the browser sends it from the OIT page.
async fn post_form(
    http: &reqwest::Client,
    server: &Server,
    cookie: &str,
    path: &str,
    pairs: &[(String, String)],
) -> (u16, String, String) {
    let body: String = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&");
    let res = http
        .post(server.url(path))
        .header("cookie", cookie)
        .header("origin", &server.base)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let location = res
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, location, res.text().await.unwrap())
}

/// The form fields: unit, fiscal year, main site and `(code, answer, url, note)` per item.
fn fields(main_site: &str, items: &[(&str, &str, &str, &str)]) -> Vec<(String, String)> {
    let mut out = vec![
        ("unit".to_string(), "demo".to_string()),
        ("fy".to_string(), FY.to_string()),
        ("main_site".to_string(), main_site.to_string()),
    ];
    for (code, answer, url, note) in items {
        out.push((code.to_string(), answer.to_string()));
        out.push((format!("{code}.url"), url.to_string()));
        out.push((format!("{code}.note"), note.to_string()));
    }
    out
}

fn oit_page() -> String {
    format!("/admin/ita/oit?unit=demo&fy={FY}")
}

/// The `checked` radio of item `code` reads `value`.
fn checked(html: &str, code: &str, value: &str) -> bool {
    html.contains(&format!(
        "<input type=\"radio\" name=\"{code}\" value=\"{value}\" checked>"
    ))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drafts_are_versions_and_a_yes_without_url_is_refused_naming_the_item() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&ServerOpts::sqlite(dir.path()));
    let http = browser();
    let cookie = login(&http, &server).await;

    let (status, _, html) = admin_get_typed(&http, &server, &cookie, &oit_page()).await;
    assert_eq!(status, 200);
    assert!(html.contains("ยังไม่ได้บันทึกแบบประเมิน"));
    // Every item with its criteria, grouped by sub-indicator.
    assert!(html.contains("ตัวชี้วัดย่อยที่ 9.1"));
    assert!(html.contains("ตัวชี้วัดย่อยที่ 10.2"));
    assert!(html.contains("name=\"o43.url\""));
    assert!(html.contains("แสดงแผนผังแสดงโครงสร้างการแบ่งส่วนราชการของหน่วยงาน"));

    // First draft.
    let first = fields(
        "https://www.abc.go.th",
        &[
            ("o1", "yes", "https://www.abc.go.th/ita/o1", "แผนผังหน้าแรก"),
            ("o2", "no", "", ""),
        ],
    );
    let (status, location, _) = post_form(&http, &server, &cookie, "/admin/ita/oit", &first).await;
    assert_eq!(status, 303);
    assert!(location.contains("saved=1"), "{location}");
    let (_, _, html) = admin_get_typed(&http, &server, &cookie, &location).await;
    assert!(html.contains("บันทึกแล้ว (ฉบับที่ 1)"));
    assert!(checked(&html, "o1", "yes") && checked(&html, "o2", "no"));
    assert!(html.contains("value=\"https://www.abc.go.th/ita/o1\""));

    // Edited: O2 now มี with its URL.
    let second = fields(
        "https://www.abc.go.th",
        &[
            ("o1", "yes", "https://www.abc.go.th/ita/o1", "แผนผังหน้าแรก"),
            ("o2", "yes", "https://www.abc.go.th/ita/o2", ""),
        ],
    );
    let (status, location, _) = post_form(&http, &server, &cookie, "/admin/ita/oit", &second).await;
    assert_eq!((status, location.contains("saved=2")), (303, true));
    let (_, _, html) = admin_get_typed(&http, &server, &cookie, &oit_page()).await;
    assert!(checked(&html, "o2", "yes"));
    assert!(html.contains("ฉบับที่ 2</a> · บันทึกเมื่อ"));
    assert!(html.contains("ฉบับที่ 1</a> · บันทึกเมื่อ"));
    // The score of what is saved: 9.1 has 2 of 10 items answered, both มี.
    assert!(html.contains("ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล"));
    // The older version is viewable.
    let (status, _, old) = admin_get_typed(
        &http,
        &server,
        &cookie,
        &format!("{}&version=1", oit_page()),
    )
    .await;
    assert_eq!(status, 200);
    assert!(old.contains("กำลังดูฉบับที่ 1"));
    assert!(checked(&old, "o2", "no"));

    // A "yes" without its URL and a non-web URL: refused, both named, typed values kept.
    let bad = fields(
        "https://www.abc.go.th",
        &[
            ("o1", "yes", "https://www.abc.go.th/ita/o1", "แก้คำอธิบายแล้ว"),
            ("o2", "yes", "https://www.abc.go.th/ita/o2", ""),
            ("o3", "yes", "", "ยังหา URL ไม่เจอ"),
            ("o4", "yes", "ftp://files.abc.go.th/plan.pdf", ""),
        ],
    );
    let (status, _, html) = post_form(&http, &server, &cookie, "/admin/ita/oit", &bad).await;
    assert_eq!(status, 422);
    assert!(html.contains("ยังไม่ได้บันทึก พบปัญหา 2 รายการ"), "{html}");
    assert!(
        html.contains("ข้อ O3 ตอบ \"มี\" แต่ไม่ได้ระบุ URL")
            || html.contains("ข้อ O3 ตอบ &quot;มี&quot; แต่ไม่ได้ระบุ URL")
    );
    assert!(html.contains("ข้อ O4: URL ของหลักฐานต้องขึ้นต้นด้วย http:// หรือ https://"));
    assert!(html.contains("แก้คำอธิบายแล้ว"), "typed note kept");
    assert!(html.contains("ยังหา URL ไม่เจอ"));
    assert!(html.contains("value=\"ftp://files.abc.go.th/plan.pdf\""));
    assert!(checked(&html, "o3", "yes"));
    // Nothing saved was lost: still version 2 with its answers.
    let (_, _, html) = admin_get_typed(&http, &server, &cookie, &oit_page()).await;
    assert!(html.contains("บันทึกล่าสุด: ฉบับที่ 2"));
    assert!(!html.contains("แก้คำอธิบายแล้ว"));
    assert!(html.contains("แผนผังหน้าแรก"));

    // A main site that is no site is refused too.
    let (status, _, html) = post_form(
        &http,
        &server,
        &cookie,
        "/admin/ita/oit",
        &fields(
            "http://",
            &[("o1", "yes", "https://www.abc.go.th/ita/o1", "")],
        ),
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("เว็บไซต์หลัก"));
}

/// The agency's "website": a page, a 404, a redirect to another host, a page too slow.
async fn test_site() -> String {
    let app = axum::Router::new()
        .route(
            "/ita/o1",
            route_get(|| async {
                Html("<html><head><title>โครงสร้างหน่วยงาน</title></head><body>ok</body></html>")
            }),
        )
        .route(
            "/ita/gone",
            route_get(|| async { (StatusCode::NOT_FOUND, Html("<title>Not found</title>")) }),
        )
        .route(
            "/ita/moved",
            route_get(|req: axum::extract::Request| async move {
                // To the same server under another host name: off the main site.
                let port = req
                    .headers()
                    .get(header::HOST)
                    .and_then(|h| h.to_str().ok())
                    .and_then(|h| h.rsplit(':').next())
                    .unwrap_or("80")
                    .to_string();
                (
                    StatusCode::FOUND,
                    [(header::LOCATION, format!("http://localhost:{port}/ita/o1"))],
                )
                    .into_response()
            }),
        )
        .route(
            "/ita/slow",
            route_get(|| async {
                tokio::time::sleep(Duration::from_secs(5)).await;
                Html("<title>late</title>")
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    format!("http://{addr}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_link_check_flags_a_404_a_redirect_off_site_and_a_timeout() {
    let site = test_site().await;
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&ServerOpts::sqlite(dir.path()));
    let http = browser();
    let cookie = login(&http, &server).await;

    // Nothing saved yet: nothing to check.
    let check = vec![
        ("unit".to_string(), "demo".to_string()),
        ("fy".to_string(), FY.to_string()),
        ("timeout".to_string(), "1".to_string()),
    ];
    let (status, _, _) =
        post_form(&http, &server, &cookie, "/admin/ita/oit/linkcheck", &check).await;
    assert_eq!(status, 400);

    let answers = fields(
        &site,
        &[
            ("o1", "yes", &format!("{site}/ita/o1"), ""),
            ("o2", "yes", &format!("{site}/ita/gone"), ""),
            ("o3", "yes", &format!("{site}/ita/moved"), ""),
            ("o4", "yes", &format!("{site}/ita/slow"), ""),
        ],
    );
    let (status, _, _) = post_form(&http, &server, &cookie, "/admin/ita/oit", &answers).await;
    assert_eq!(status, 303);
    let (status, location, _) =
        post_form(&http, &server, &cookie, "/admin/ita/oit/linkcheck", &check).await;
    assert_eq!(status, 303);
    assert!(location.ends_with("#linkcheck"), "{location}");

    let (_, _, html) = admin_get_typed(&http, &server, &cookie, &oit_page()).await;
    assert!(html.contains("ผลการตรวจลิงก์ของฉบับที่ 1"), "{html}");
    assert!(html.contains("พบปัญหา 3 ข้อ"));
    assert!(html.contains("ไม่พบหน้าเว็บ (HTTP 404)"));
    assert!(html.contains("ถูกเปลี่ยนเส้นทางไปยัง localhost"));
    assert!(html.contains("ซึ่งอยู่นอกเว็บไซต์หลัก"));
    assert!(html.contains("→ เปลี่ยนเส้นทางไปที่ http://localhost:"));
    assert!(html.contains("หน้าเว็บไม่ตอบสนองภายใน 1 วินาที"));
    // The good page: status, title, size, no flag.
    assert!(html.contains("HTTP 200"));
    assert!(html.contains("โครงสร้างหน่วยงาน"));
    assert!(html.contains("ใช้ได้"));

    // Saved again after the check: the report says it is about an older version.
    let (status, _, _) = post_form(&http, &server, &cookie, "/admin/ita/oit", &answers).await;
    assert_eq!(status, 303);
    let (_, _, html) = admin_get_typed(&http, &server, &cookie, &oit_page()).await;
    assert!(html.contains("มีการบันทึกแบบประเมินหลังการตรวจนี้"));

    // A bad timeout is named.
    let mut bad = check.clone();
    bad[2].1 = "ten".into();
    let (status, _, html) =
        post_form(&http, &server, &cookie, "/admin/ita/oit/linkcheck", &bad).await;
    assert_eq!(status, 400);
    assert!(html.contains("ten"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn print_csv_and_json_carry_every_item_as_saved() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&ServerOpts::sqlite(dir.path()));
    let http = browser();
    let cookie = login(&http, &server).await;
    let answers = fields(
        "abc.go.th",
        &[
            (
                "o1",
                "yes",
                "https://www.abc.go.th/ita/o1",
                "แผนผัง, ฝ่ายการเมือง \"และ\" ฝ่ายประจำ",
            ),
            ("o2", "no", "", "=HYPERLINK(\"http://evil\")"),
        ],
    );
    let (status, _, _) = post_form(&http, &server, &cookie, "/admin/ita/oit", &answers).await;
    assert_eq!(status, 303);

    let q = format!("?unit=demo&fy={FY}");
    let (status, ctype, csv) = admin_get_typed(
        &http,
        &server,
        &cookie,
        &format!("/admin/ita/oit/export.csv{q}"),
    )
    .await;
    assert_eq!(status, 200);
    assert!(ctype.starts_with("text/csv"));
    assert!(csv.starts_with('\u{feff}'));
    let rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.trim_start_matches('\u{feff}').as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    assert_eq!(
        rows[0],
        ["ข้อ", "ตัวชี้วัดย่อย", "ข้อมูล", "คำตอบ", "URL", "คำอธิบายเพิ่มเติม"]
    );
    assert_eq!(rows.len(), 1 + 43);
    assert_eq!(
        rows[1],
        [
            "O1",
            "9.1",
            "โครงสร้าง",
            "มี",
            "https://www.abc.go.th/ita/o1",
            "แผนผัง, ฝ่ายการเมือง \"และ\" ฝ่ายประจำ"
        ]
    );
    assert_eq!(rows[2][3], "ไม่มี");
    assert_eq!(
        rows[2][5], "'=HYPERLINK(\"http://evil\")",
        "formula guarded"
    );
    assert_eq!(rows[43][0], "O43");
    assert_eq!(rows[43][3], "");

    let (status, ctype, text) = admin_get_typed(
        &http,
        &server,
        &cookie,
        &format!("/admin/ita/oit/export.json{q}"),
    )
    .await;
    assert_eq!(status, 200);
    assert!(ctype.starts_with("application/json"));
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["fiscal_year"], json!(FY));
    assert_eq!(doc["version"], json!(1));
    assert_eq!(doc["main_site"], json!("abc.go.th"));
    assert_eq!(doc["answers"]["o1"], json!("yes"));
    assert_eq!(
        doc["answers"]["o1.url"],
        json!("https://www.abc.go.th/ita/o1")
    );
    assert_eq!(doc["answers"]["o2"], json!("no"));
    assert_eq!(doc["items"].as_array().unwrap().len(), 43);
    assert_eq!(doc["items"][0]["code"], json!("O1"));
    assert_eq!(doc["items"][0]["sub_indicator"], json!("9.1"));
    // 9.1 is 50 (one มี, one ไม่มี); nothing else answered.
    assert_eq!(doc["scores"]["indicators"]["9"], json!(50.0));

    let (status, ctype, html) =
        admin_get_typed(&http, &server, &cookie, &format!("/admin/ita/oit/print{q}")).await;
    assert_eq!(status, 200);
    assert!(ctype.starts_with("text/html"));
    assert!(html.contains("@page { size: A4;"));
    assert!(html.contains(
        "<td>O1</td><td>โครงสร้าง</td><td>มี</td><td class=\"url\">https://www.abc.go.th/ita/o1</td>"
    ));
    assert!(html.contains("<td>O2</td><td>ข้อมูลผู้บริหาร</td><td>ไม่มี</td>"));
    assert!(html.contains("ฉบับที่ 1"));
}

/// One stored response of `id` answering every scored item at its best (IIT / EIT: 4 and "no").
async fn store_best_response(server: &Server, id: &str) {
    let ins = instrument(id);
    let mut env = envelope(&ins, &new_id(), "demo", None, RESPONSE_DAY);
    env.answers.clear();
    for item in ins.items().filter(|i| ins.is_scored(i)) {
        let scale = ins.scale(&item.scale).unwrap();
        // The option scoring highest after reverse scoring.
        for code in ins.answer_codes(item) {
            let reversed = item
                .sub_items
                .iter()
                .find(|s| s.code == code)
                .and_then(|s| s.reverse)
                .unwrap_or(item.reverse);
            let best = scale
                .options
                .iter()
                .filter(|o| o.score.is_some())
                .max_by(|a, b| {
                    let (sa, sb) = (a.score.unwrap(), b.score.unwrap());
                    let (sa, sb) = if reversed { (-sa, -sb) } else { (sa, sb) };
                    sa.total_cmp(&sb)
                })
                .unwrap();
            env.answers.insert(code.to_string(), best.value.to_json());
        }
    }
    let res = post(&client(), server, serde_json::to_string(&env).unwrap())
        .await
        .unwrap();
    assert!(res.status().is_success(), "stored {id}: {}", res.status());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_estimate_needs_all_three_tools_and_is_labelled_the_agencys_own() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&ServerOpts::sqlite(dir.path()));
    let http = browser();
    let cookie = login(&http, &server).await;
    let page = format!("/admin/ita/estimate?unit=demo&fy={FY}");

    let (status, _, html) = admin_get_typed(&http, &server, &cookie, &page).await;
    assert_eq!(status, 200);
    assert!(html.contains("การประมาณการของหน่วยงานเอง ไม่ใช่ผลการประเมินอย่างเป็นทางการ"));
    assert!(html.contains("ยังประมาณการภาพรวมไม่ได้"));
    assert!(html.contains("ยังไม่มีคำตอบแบบสำรวจ IIT ของหน่วยงานนี้ในปีงบประมาณ 2570"));
    assert!(html.contains("ยังไม่มีคำตอบแบบสำรวจ EIT ของหน่วยงานนี้ในปีงบประมาณ 2570"));
    assert!(html.contains("ยังไม่ได้บันทึกแบบประเมิน OIT"));

    // OIT: every item of indicator 9 มี with a URL, indicator 10 ไม่มี → 9 = 100, 10 = 0, OIT = 50.
    let ins = instrument("ita-oit");
    let mut items = Vec::new();
    for item in ins.items() {
        let yes = item.indicator.as_deref() == Some("9");
        items.push((
            item.code.clone(),
            if yes { "yes" } else { "no" }.to_string(),
            if yes {
                format!("https://www.abc.go.th/ita/{}", item.code)
            } else {
                String::new()
            },
        ));
    }
    let refs: Vec<(&str, &str, &str, &str)> = items
        .iter()
        .map(|(c, a, u)| (c.as_str(), a.as_str(), u.as_str(), ""))
        .collect();
    let (status, _, _) = post_form(
        &http,
        &server,
        &cookie,
        "/admin/ita/oit",
        &fields("abc.go.th", &refs),
    )
    .await;
    assert_eq!(status, 303);
    let (_, _, oit) = admin_get_typed(&http, &server, &cookie, &oit_page()).await;
    assert!(oit.contains("<span class=\"v\">100.00</span><span class=\"l\">ตัวชี้วัดที่ 9"));
    assert!(oit.contains("<span class=\"v\">0.00</span><span class=\"l\">ตัวชี้วัดที่ 10"));
    assert!(oit.contains("<span class=\"v\">50.00</span><span class=\"l\">OIT"));

    // Only OIT: still no estimate, IIT and EIT named.
    let (_, _, html) = admin_get_typed(&http, &server, &cookie, &page).await;
    assert!(html.contains("ยังประมาณการภาพรวมไม่ได้"));
    assert!(html.contains("<td class=\"num\">50.00</td>"));
    assert!(html.contains("ยังไม่มีคำตอบแบบสำรวจ IIT"));
    assert!(!html.contains("ยังไม่ได้บันทึกแบบประเมิน OIT"));

    store_best_response(&server, "ita-iit").await;
    store_best_response(&server, "ita-eit").await;
    let (_, _, html) = admin_get_typed(&http, &server, &cookie, &page).await;
    assert!(!html.contains("ยังประมาณการภาพรวมไม่ได้"), "{html}");
    // 0.3 × 100 + 0.3 × 100 + 0.4 × 50 = 80.
    assert!(html.contains("<span class=\"v\">80.00</span>"), "{html}");
    assert!(html.contains("การประมาณการของหน่วยงานเอง ไม่ใช่ผลการประเมินอย่างเป็นทางการ"));
    assert!(html.contains("ผู้ตอบ 1 คน"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_oit_route_needs_a_login_and_a_same_origin_post() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&ServerOpts::sqlite(dir.path()));
    let http = browser();
    for path in [
        "/admin/ita/oit",
        "/admin/ita/oit/print",
        "/admin/ita/oit/export.csv",
        "/admin/ita/oit/export.json",
        "/admin/ita/estimate",
    ] {
        let res = http.get(server.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 303, "{path}");
        assert!(res.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/admin/login"));
    }
    let cookie = login(&http, &server).await;
    for path in ["/admin/ita/oit", "/admin/ita/oit/linkcheck"] {
        let res = http
            .post(server.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("unit=demo&o1=yes&o1.url=https%3A%2F%2Fa.go.th%2F")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403, "no session: {path}");
        let res = http
            .post(server.url(path))
            .header("cookie", &cookie)
            .header("origin", "https://evil.example")
            .header("content-type", "application/x-www-form-urlencoded")
            .body("unit=demo&o1=yes&o1.url=https%3A%2F%2Fa.go.th%2F")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403, "cross-site: {path}");
    }
    // The ITA home links to both pages.
    let (_, _, home) = admin_get_typed(&http, &server, &cookie, "/admin/ita?unit=demo").await;
    assert!(home.contains("href=\"/admin/ita/oit?unit=demo&amp;fy="));
    assert!(home.contains("href=\"/admin/ita/estimate?unit=demo&amp;fy="));
    // Nothing was saved by the refused POSTs.
    let (status, _, html) =
        admin_get_typed(&http, &server, &cookie, "/admin/ita/oit?unit=demo").await;
    assert_eq!(status, 200);
    assert!(html.contains("ยังไม่ได้บันทึกแบบประเมิน"));
    let (status, _, _) =
        admin_get_typed(&http, &server, &cookie, "/admin/ita/oit?unit=nowhere").await;
    assert_eq!(status, 400);
    let (status, _, _) = admin_get_typed(&http, &server, &cookie, "/admin/ita/oit?fy=68").await;
    assert_eq!(status, 400);
}
