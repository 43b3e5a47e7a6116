//! The agency's ITA year through the real `prongsai serve` binary (issue 12 points 3–5): last
//! year's official results in (a bad row saves nothing and is named by row and column), the O42
//! made from them (every indicator below 85, the urgent tier with a bribery answer from a stored
//! IIT response), the O43 tracker, the documents' history, and the admin gate on every route.
mod server_support;

use prongsai_core::official::CSV_TEMPLATE;
use serde_json::json;
use server_support::*;

/// The measures' fiscal year used throughout; the official results are of the year before, the
/// agency's own IIT response falls in it (2026-10-15 is in FY 2570).
const FY: i32 = 2570;
const RESPONSE_DAY: &str = "2026-10-15";

/// A form POST as the browser sends it from one of the server's pages.
async fn post_form<K: AsRef<str>>(
    http: &reqwest::Client,
    server: &Server,
    cookie: &str,
    path: &str,
    pairs: &[(K, String)],
) -> (u16, String, String) {
    let body: String = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k.as_ref()), enc(v)))
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

/// The import form with a file, as a browser sends it (multipart).
async fn import_file(
    http: &reqwest::Client,
    server: &Server,
    cookie: &str,
    unit: &str,
    name: &str,
    content: &str,
) -> (u16, String, String) {
    let boundary = "----prongsaiTestBoundary7MA4YWxk";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"unit\"\r\n\r\n{unit}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
         Content-Type: text/csv\r\n\r\n{content}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n\r\n\
         --{boundary}--\r\n"
    );
    let res = http
        .post(server.url("/admin/ita/official/import"))
        .header("cookie", cookie)
        .header("origin", &server.base)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
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

/// The template, for fiscal year `FY - 1`.
fn official_csv() -> String {
    CSV_TEMPLATE.replace("fiscal_year,2567", &format!("fiscal_year,{}", FY - 1))
}

/// One IIT response from unit `demo` with every item answered well except `i4.1` (money asked
/// for) answered "yes".
async fn store_bribery_answer(server: &Server) {
    let ins = instrument("ita-iit");
    let mut env = envelope(&ins, &new_id(), "demo", None, RESPONSE_DAY);
    for item in ins.items().filter(|i| ins.is_scored(i)) {
        let yesno = ins
            .scale(&item.scale)
            .is_some_and(|s| s.kind == prongsai_core::ScaleKind::YesNo);
        for code in ins.answer_codes(item) {
            env.answers
                .insert(code.to_string(), if yesno { json!("no") } else { json!(4) });
        }
    }
    env.answers.insert("i4.1".into(), json!("yes"));
    let res = post(&client(), server, serde_json::to_string(&env).unwrap())
        .await
        .unwrap();
    assert!(res.status().is_success(), "stored: {}", res.status());
}

fn measure_fields(rows: &[(&str, &str, &str, bool)]) -> Vec<(String, String)> {
    let mut out = vec![
        ("unit".to_string(), "demo".to_string()),
        ("fy".to_string(), FY.to_string()),
    ];
    for (i, (title, owner, deadline, urgent)) in rows.iter().enumerate() {
        let k = |f: &str| format!("m.{i}.{f}");
        out.push((k("id"), String::new()));
        out.push((k("title"), title.to_string()));
        out.push((k("owner"), owner.to_string()));
        out.push((k("deadline"), deadline.to_string()));
        out.push((k("steps"), "1. ประชุม\n2. ดำเนินการ".to_string()));
        if *urgent {
            out.push((k("urgent"), "yes".to_string()));
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn official_results_in_then_o42_lists_every_indicator_below_85_and_the_urgent_tier() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&ServerOpts::sqlite(dir.path()));
    let http = browser();
    let cookie = login(&http, &server).await;
    let official = format!("/admin/ita/official?unit=demo&fy={}", FY - 1);

    // A good import is saved as version 1.
    let (status, location, _) = import_file(
        &http,
        &server,
        &cookie,
        "demo",
        "results.csv",
        &official_csv(),
    )
    .await;
    assert_eq!(status, 303);
    assert!(location.contains("saved=1"), "{location}");

    // An import with bad rows saves nothing and names every row and column.
    let csv = official_csv()
        .replace("indicator,3,76.57,", "indicator,3,176.57,")
        .replace("indicator,10,37.50,", "indicator,11,37.50,");
    let lines: Vec<&str> = csv.lines().collect();
    let row_of = |needle: &str| lines.iter().position(|l| l.starts_with(needle)).unwrap() + 1;
    let (status, _, html) = import_file(&http, &server, &cookie, "demo", "bad.csv", &csv).await;
    assert_eq!(status, 422, "{html}");
    assert!(html.contains("ยังไม่ได้บันทึก"), "{html}");
    assert!(
        html.contains(&format!(
            "แถวที่ {} คอลัมน์/ช่อง “score”",
            row_of("indicator,3,")
        )),
        "{html}"
    );
    assert!(
        html.contains(&format!(
            "แถวที่ {} คอลัมน์/ช่อง “code”",
            row_of("indicator,11,")
        )),
        "{html}"
    );
    let (status, html) = admin_get(&http, &server, &cookie, &official).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("ฉบับที่ 1") && !html.contains("ฉบับที่ 2"),
        "{html}"
    );
    assert!(
        html.contains("value=\"37.50\""),
        "the saved values are still there: {html}"
    );

    // The form: a score that is not a number comes back with what was typed, nothing saved.
    let mut fields: Vec<(&str, String)> = vec![
        ("unit", "demo".into()),
        ("fiscal_year", (FY - 1).to_string()),
        ("grade", "C".into()),
        ("indicator.1", "86.07".into()),
        ("indicator.2", "แปดสิบ".into()),
        ("rec.0.code", "O36".into()),
        ("rec.0.text", "แผนต้องเป็นของปีที่ประเมิน".into()),
    ];
    let (status, _, html) =
        post_form(&http, &server, &cookie, "/admin/ita/official", &fields).await;
    assert_eq!(status, 422, "{html}");
    assert!(html.contains("indicators.2"), "{html}");
    assert!(html.contains("value=\"แปดสิบ\""), "{html}");
    let (_, html) = admin_get(&http, &server, &cookie, &official).await;
    assert!(!html.contains("ฉบับที่ 2"), "nothing saved: {html}");
    // Corrected, the same form is saved as version 2 (history kept).
    fields[4].1 = "84.99".into();
    let (status, location, _) =
        post_form(&http, &server, &cookie, "/admin/ita/official", &fields).await;
    assert_eq!(status, 303);
    assert!(location.contains("saved=2"), "{location}");
    // Back to the full results (version 3) for the O42.
    let (status, location, _) = import_file(
        &http,
        &server,
        &cookie,
        "demo",
        "results.csv",
        &official_csv(),
    )
    .await;
    assert_eq!(
        (status, location.contains("saved=3")),
        (303, true),
        "{location}"
    );
    let (_, html) = admin_get(&http, &server, &cookie, &official).await;
    for v in 1..=3 {
        assert!(html.contains(&format!("ฉบับที่ {v} ")), "history keeps v{v}");
    }

    // The agency's own IIT: one response reporting money asked for.
    store_bribery_answer(&server).await;

    // Measures for the fiscal year.
    let fields = measure_fields(&[
        (
            "เผยแพร่แผนป้องกันการทุจริตของปีที่ประเมิน",
            "สำนักปลัด",
            "31 มีนาคม 2570",
            true,
        ),
        ("อบรมการให้บริการ", "กองคลัง", "30 มิถุนายน 2570", false),
    ]);
    let (status, _, _) = post_form(&http, &server, &cookie, "/admin/ita/measures", &fields).await;
    assert_eq!(status, 303);

    let (status, html) = admin_get(
        &http,
        &server,
        &cookie,
        &format!("/admin/ita/o42?unit=demo&fy={FY}"),
    )
    .await;
    assert_eq!(status, 200, "{html}");
    // Every indicator below 85 of the template (2 … 10) is marked, indicator 1 (86.07) passes.
    assert_eq!(html.matches("ต่ำกว่าเกณฑ์ — แก้ไขเร่งด่วน").count(), 9, "{html}");
    let urgent = &html
        [html.find("3.1 ประเด็นที่เป็นข้อบกพร่อง").unwrap()..html.find("3.2 ประเด็นที่ต้องพัฒนา").unwrap()];
    for i in 2..=10 {
        assert!(
            urgent.contains(&format!("ตัวชี้วัดที่ {i} ")),
            "indicator {i} urgent"
        );
    }
    assert!(!urgent.contains("ตัวชี้วัดที่ 1 "), "86.07 is not urgent");
    assert!(
        urgent.contains("การเรียกรับสินบน"),
        "bribery answer urgent: {urgent}"
    );
    assert!(urgent.contains("เงิน"), "the item answered: {urgent}");
    for code in ["I25", "E14", "O36"] {
        assert!(urgent.contains(code), "recommendation {code} urgent");
    }
    assert!(html.contains("31 มีนาคม 2570"), "deadline printed");
    assert!(html.contains("O42"), "O-code from the edition data");
    assert!(html.contains(&format!("ปีงบประมาณ พ.ศ. {FY}")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn o43_shows_each_measure_status_and_every_save_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    o43_and_history(&ServerOpts::sqlite(dir.path())).await;
}

/// The same on PostgreSQL when PRONGSAI_TEST_POSTGRES_URL is set (the document store's SQL is
/// shared by both).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn o43_and_history_on_postgres() {
    let Some(url) = fresh_postgres().await else {
        eprintln!("PRONGSAI_TEST_POSTGRES_URL not set: PostgreSQL document store not tested");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut opts = ServerOpts::sqlite(dir.path());
    opts.database = Some(url);
    o43_and_history(&opts).await;
}

async fn o43_and_history(opts: &ServerOpts) {
    let server = Server::start(opts);
    let http = browser();
    let cookie = login(&http, &server).await;

    // A measure without a deadline is refused and nothing is saved.
    let fields = measure_fields(&[("ประกาศเจตจำนงสุจริต", "นายก", "", true)]);
    let (status, _, html) =
        post_form(&http, &server, &cookie, "/admin/ita/measures", &fields).await;
    assert_eq!(status, 422);
    assert!(html.contains("มาตรการที่ 1 ต้องระบุกำหนดเวลาแล้วเสร็จ"), "{html}");
    assert!(
        html.contains("value=\"ประกาศเจตจำนงสุจริต\""),
        "typed text kept"
    );

    let rows = [
        ("ประกาศเจตจำนงสุจริต", "นายก", "ตุลาคม 2569", true),
        ("อบรมบุคลากร", "สำนักปลัด", "มีนาคม 2570", false),
        ("ปรับปรุงเว็บไซต์", "กองช่าง", "กันยายน 2570", false),
    ];
    for v in 1..=2 {
        let (status, location, _) = post_form(
            &http,
            &server,
            &cookie,
            "/admin/ita/measures",
            &measure_fields(&rows),
        )
        .await;
        assert_eq!(status, 303);
        assert!(location.contains(&format!("saved={v}")), "{location}");
    }
    let (_, html) = admin_get(
        &http,
        &server,
        &cookie,
        &format!("/admin/ita/measures?unit=demo&fy={FY}"),
    )
    .await;
    assert!(
        html.contains("ฉบับที่ 2 ") && html.contains("ฉบับที่ 1 "),
        "history: {html}"
    );

    let progress = |evidence: &str| -> Vec<(&'static str, String)> {
        vec![
            ("unit", "demo".into()),
            ("fy", FY.to_string()),
            ("measure", "m1".into()),
            ("m1.status", "done".into()),
            ("m1.result", "ประกาศแล้วเมื่อ 1 ตุลาคม 2569".into()),
            ("m1.evidence", evidence.to_string()),
            ("measure", "m2".into()),
            ("m2.status", "in_progress".into()),
            ("measure", "m3".into()),
            ("m3.status", "not_started".into()),
        ]
    };
    // Evidence that is not an http(s) link: refused, nothing saved.
    let (status, _, html) = post_form(
        &http,
        &server,
        &cookie,
        "/admin/ita/progress",
        &progress("ftp://files.example/o1.pdf"),
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("ftp://files.example/o1.pdf"), "{html}");
    let (status, location, _) = post_form(
        &http,
        &server,
        &cookie,
        "/admin/ita/progress",
        &progress("https://www.example.go.th/ita/o1.pdf"),
    )
    .await;
    assert_eq!(status, 303);
    assert!(
        location.contains("saved=1"),
        "the refused save left no version: {location}"
    );

    for (round, label) in [("6", "รอบ 6 เดือน"), ("12", "รอบ 12 เดือน")]
    {
        let (status, html) = admin_get(
            &http,
            &server,
            &cookie,
            &format!("/admin/ita/o43?unit=demo&fy={FY}&round={round}"),
        )
        .await;
        assert_eq!(status, 200, "{html}");
        assert!(html.contains(label));
        let row = |title: &str| {
            let at = html
                .find(title)
                .unwrap_or_else(|| panic!("{title} in {html}"));
            let end = at + html[at..].find("</tr>").unwrap();
            html[at..end].to_string()
        };
        assert!(row("ประกาศเจตจำนงสุจริต").contains("ดำเนินการเสร็จเรียบร้อยแล้ว"));
        assert!(row("ประกาศเจตจำนงสุจริต").contains("href=\"https://www.example.go.th/ita/o1.pdf\""));
        assert!(row("อบรมบุคลากร").contains("อยู่ระหว่างดำเนินการ"));
        assert!(row("ปรับปรุงเว็บไซต์").contains("ยังไม่ดำเนินการ"));
        assert!(row("ปรับปรุงเว็บไซต์").contains("กองช่าง"), "responsible");
    }
    let (status, _) = admin_get(
        &http,
        &server,
        &cookie,
        &format!("/admin/ita/o43?unit=demo&fy={FY}&round=9"),
    )
    .await;
    assert_eq!(status, 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_ita_route_needs_a_login_and_a_same_origin_post() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&ServerOpts::sqlite(dir.path()));
    let http = browser();
    for path in [
        "/admin/ita",
        "/admin/ita/official",
        "/admin/ita/official/template.csv",
        "/admin/ita/official/template.json",
        "/admin/ita/measures",
        "/admin/ita/progress",
        "/admin/ita/o42",
        "/admin/ita/o43?round=6",
    ] {
        let res = http.get(server.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 303, "{path}");
        assert!(res.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/admin/login"));
    }
    let cookie = login(&http, &server).await;
    for path in [
        "/admin/ita/official",
        "/admin/ita/official/import",
        "/admin/ita/measures",
        "/admin/ita/progress",
    ] {
        let res = http
            .post(server.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("unit=demo")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403, "no session: {path}");
        let res = http
            .post(server.url(path))
            .header("cookie", &cookie)
            .header("origin", "https://evil.example")
            .header("content-type", "application/x-www-form-urlencoded")
            .body("unit=demo")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403, "cross-site: {path}");
    }
    // With the session every page answers; the template downloads.
    let (status, csv) =
        admin_get(&http, &server, &cookie, "/admin/ita/official/template.csv").await;
    assert_eq!((status, csv.as_str()), (200, CSV_TEMPLATE));
    let (status, html) = admin_get(&http, &server, &cookie, "/admin/ita").await;
    assert_eq!(status, 200);
    assert!(html.contains("/admin/ita/o42"));
    let (status, _) = admin_get(&http, &server, &cookie, "/admin/ita?unit=nowhere").await;
    assert_eq!(status, 400);
}
