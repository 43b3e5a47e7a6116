//! The officer's results pages of `prongsai serve` through the real binary: the dashboard's
//! numbers against `prongsai score` over the exported answers, small groups suppressed, every
//! month present, comment moderation (flags, approve/hide, only approved comments in public),
//! login and CSRF, the reports and exports. Moderation storage runs on SQLite always and on
//! PostgreSQL when PRONGSAI_TEST_POSTGRES_URL is set.
mod server_support;

use std::collections::BTreeMap;

use prongsai_core::Envelope;
use serde_json::{json, Value};
use server_support::*;

// ------------------------------------------------------------------------------------------
// Helpers

fn f(s: &str) -> f64 {
    s.parse().unwrap_or_else(|_| panic!("number: {s:?}"))
}

fn close(a: f64, b: f64, what: &str) {
    assert!(
        (a - b).abs() < 1e-9,
        "{what}: dashboard {a} vs prongsai score {b}"
    );
}

/// A day between 2024-10-01 and 2026-10-31 (two fiscal years and a month), by index.
fn day_of(i: usize) -> String {
    let first = prongsai_core::Date::parse("2024-10-01").unwrap();
    first.add_days((i * 7919 % 760) as i64).to_string()
}

/// `prongsai score` over a CSV export of the admin pages.
async fn score_export(
    http: &reqwest::Client,
    server: &Server,
    cookie: &str,
    instrument: &str,
) -> Value {
    let (status, csv) = admin_get(
        http,
        server,
        cookie,
        &format!("/admin/export/{instrument}/responses.csv?from=2024-10-01"),
    )
    .await;
    assert_eq!(status, 200);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.csv");
    std::fs::write(&path, csv).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_prongsai"))
        .args(["score", "--instrument", instrument])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

// ------------------------------------------------------------------------------------------
// The dashboard's numbers are `prongsai score`'s

#[tokio::test]
async fn dashboard_numbers_equal_prongsai_score_over_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&ServerOpts::sqlite(dir.path()));
    let eit = instrument("ita-eit");
    let mut envelopes: Vec<Envelope> = (0..2400)
        .map(|i| {
            let point = ["counter-1", "counter-2"][i % 2];
            envelope(&eit, &new_id(), "demo", Some(point), &day_of(i))
        })
        .collect();
    // Three responses at the branch's counter: a group too small to show.
    for i in 0..3 {
        envelopes.push(envelope(
            &eit,
            &new_id(),
            "branch",
            Some("front"),
            &day_of(i),
        ));
    }
    post_all(&server, envelopes).await;

    let http = browser();
    let cookie = login(&http, &server).await;
    let (status, html) = admin_get(
        &http,
        &server,
        &cookie,
        "/admin/results/ita-eit?from=2024-10-01",
    )
    .await;
    assert_eq!(status, 200);
    let scored = score_export(&http, &server, &cookie, "ita-eit").await;
    assert_eq!(scored["n"], 2403);

    // n against the recommended minimum.
    let n = tags_with(&html, "data-n");
    assert_eq!(n[0]["data-n"], "2403", "the headline count comes first");
    assert_eq!(
        tags_with(&html, "data-sample-min")[0]["data-sample-min"],
        "30"
    );

    // Tool and indicators.
    let tools = tags_with(&html, "data-tool");
    assert_eq!(tools.len(), 1);
    close(
        f(&tools[0]["data-score"]),
        scored["tools"]["eit"]["score"].as_f64().unwrap(),
        "tool eit",
    );
    let indicators = tags_with(&html, "data-indicator");
    assert_eq!(indicators.len(), 3);
    for row in &indicators {
        let id = &row["data-indicator"];
        close(
            f(&row["data-score"]),
            scored["indicators"][id]["score"].as_f64().unwrap(),
            &format!("indicator {id}"),
        );
    }
    // Items and their parts: n, mean and S.D.
    let items = tags_with(&html, "data-item");
    assert_eq!(items.len(), 15, "e1 … e15");
    for row in &items {
        let code = &row["data-item"];
        let s = &scored["items"][code];
        assert_eq!(row["data-n"], s["n"].to_string(), "{code} n");
        close(f(&row["data-mean"]), s["score"].as_f64().unwrap(), code);
        close(f(&row["data-sd"]), s["sd"].as_f64().unwrap(), code);
    }
    let parts = tags_with(&html, "data-part");
    assert!(parts.len() >= 5, "sub-items are shown");
    for row in &parts {
        let code = &row["data-part"];
        let item = code.split('.').next().unwrap();
        let s = &scored["items"][item]["parts"][code];
        assert_eq!(row["data-n"], s["n"].to_string(), "{code} n");
        close(f(&row["data-mean"]), s["score"].as_f64().unwrap(), code);
        close(f(&row["data-sd"]), s["sd"].as_f64().unwrap(), code);
    }
    // Strengths and to-develop lists name the same indicators.
    let classified: Vec<String> = tags_with(&html, "data-classified")
        .into_iter()
        .map(|t| t["data-classified"].clone())
        .collect();
    let mut expected: Vec<String> = ["strengths", "to_develop"]
        .iter()
        .flat_map(|k| scored[k].as_array().unwrap().clone())
        .map(|c| c["indicator"].as_str().unwrap().to_string())
        .collect();
    let mut got = classified.clone();
    got.sort();
    expected.sort();
    assert_eq!(got, expected);
    // A single tool: its score against the pass line, no overall-ITA grade word.
    assert!(
        !html.contains("data-grade=\""),
        "no grade for the EIT alone"
    );
    let passes = tags_with(&html, "data-passes");
    assert_eq!(passes.len(), 1);
    assert_eq!(
        passes[0]["data-passes"],
        scored["tools"]["eit"]["passes"].to_string()
    );
    assert!(html.contains("เกณฑ์ผ่าน 85"));
    for word in ["ต้องปรับปรุง", "ดีเยี่ยม", "ระดับผล (เทียบเกณฑ์)"]
    {
        assert!(!html.contains(word), "grade word {word} for a single tool");
    }
    assert!(html.contains("ไม่ใช่ผลการประเมินอย่างเป็นทางการของ ป.ป.ช."));

    // Every month from October 2024 up to this month (the third fiscal year, begun in October
    // 2026, only up to today), zero months included, with the same counts as `prongsai score`;
    // no month after today.
    let months = tags_with(&html, "data-month");
    let score_months: BTreeMap<String, &Value> = scored["breakdowns"]["month"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["key"].as_str().unwrap().to_string(), g))
        .collect();
    let today = prongsai::server::day::today();
    let this_month = format!("{:04}-{:02}", today.year, today.month);
    assert_eq!(months[0]["data-month"], "2024-10");
    assert_eq!(months[months.len() - 1]["data-month"], this_month);
    assert!(months.iter().all(|m| m["data-month"] <= this_month));
    for m in &months {
        let key = &m["data-month"];
        let g = score_months[key];
        match m.get("data-n").map(String::as_str) {
            Some("0") => assert!(g.get("n").is_none_or(|n| n == 0), "{key}"),
            Some(n) => assert_eq!(n, g["n"].to_string(), "{key}"),
            None => assert_eq!(g["suppressed"], true, "{key}"),
        }
    }

    // Service points: the branch counter's 3 responses are suppressed, no number shown.
    let points = tags_with(&html, "data-point");
    let front = points.iter().find(|p| p["data-point"] == "front").unwrap();
    assert_eq!(front["data-suppressed"], "true");
    assert!(!front.contains_key("data-n"));
    let c1 = points
        .iter()
        .find(|p| p["data-point"] == "counter-1")
        .unwrap();
    let sp: Vec<&Value> = scored["breakdowns"]["point"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["key"] == "counter-1")
        .collect();
    assert_eq!(c1["data-n"], sp[0]["n"].to_string());
    assert!(html.contains("ไม่แสดงผล (น้อยกว่า 5 คน)"));

    // The point filter: 3 respondents only, so no number at all.
    let (_, small) = admin_get(
        &http,
        &server,
        &cookie,
        "/admin/results/ita-eit?point=front&from=2024-10-01",
    )
    .await;
    assert!(small.contains("data-too-few=\"true\""));
    assert!(tags_with(&small, "data-indicator").is_empty());
    assert!(tags_with(&small, "data-item").is_empty());

    // A date filter gives the same numbers as the API over the same range.
    let (_, part) = admin_get(
        &http,
        &server,
        &cookie,
        "/admin/results/ita-eit?from=2025-01-15&to=2025-06-30&unit=demo",
    )
    .await;
    let api = results(
        &client(),
        &server,
        "instrument=ita-eit&from=2025-01-15&to=2025-06-30&unit=demo",
    )
    .await;
    assert_eq!(
        tags_with(&part, "data-n")[0]["data-n"],
        api["n"].to_string()
    );
    close(
        f(&tags_with(&part, "data-tool")[0]["data-score"]),
        api["tools"]["eit"]["score"].as_f64().unwrap(),
        "filtered tool score",
    );

    // The comparisons are results over the previous fiscal year and half-year.
    let fy_prev = results(
        &client(),
        &server,
        "instrument=ita-eit&from=2024-10-01&to=2025-09-30",
    )
    .await;
    let cmp = tags_with(&html, "data-comparison");
    assert_eq!(cmp.len(), 2);
    assert!(
        html.contains(&format!("data-n=\"{}\"", fy_prev["n"])),
        "previous fiscal year's n is shown"
    );

    // Aggregate exports: the Report as JSON and a flat CSV of item statistics.
    let (status, json) = admin_get(
        &http,
        &server,
        &cookie,
        "/admin/export/ita-eit/results.json?from=2024-10-01",
    )
    .await;
    assert_eq!(status, 200);
    let json: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["n"], 2403);
    assert_eq!(
        json["tools"]["eit"]["score"],
        scored["tools"]["eit"]["score"]
    );
    let (status, items_csv) = admin_get(
        &http,
        &server,
        &cookie,
        "/admin/export/ita-eit/items.csv?from=2024-10-01",
    )
    .await;
    assert_eq!(status, 200);
    let items_csv = items_csv.trim_start_matches('\u{feff}');
    assert!(items_csv.starts_with("level,code,parent,text,n,na,score,sd,percent,standing,counts"));
    let e2 = items_csv
        .lines()
        .find(|l| l.starts_with("item,e2,"))
        .unwrap();
    assert!(
        e2.contains(&scored["items"]["e2"]["score"].as_f64().unwrap().to_string()),
        "{e2}"
    );
    // Raw JSON Lines: envelopes without the browsers' ids, read back by `prongsai score`.
    let (status, jsonl) = admin_get(
        &http,
        &server,
        &cookie,
        "/admin/export/ita-eit/responses.jsonl?from=2024-10-01",
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(jsonl.lines().count(), 2403);
    let first: Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    assert_eq!(first["id"], "1", "the line number, not the envelope id");
    assert_eq!(first["format"], "prongsai.response/1");
    let path = dir.path().join("raw.jsonl");
    std::fs::write(&path, &jsonl).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_prongsai"))
        .args(["score", "--instrument", "ita-eit"])
        .arg(&path)
        .output()
        .unwrap();
    let again: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(again["n"], 2403);
    assert_eq!(again["tools"], scored["tools"]);
}

#[tokio::test]
async fn satisfaction_areas_and_dimensions_against_the_target() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&ServerOpts::sqlite(dir.path()));
    let sat = instrument("satisfaction");
    let areas = [
        "infrastructure",
        "quality-of-life",
        "public-order",
        "planning-investment",
        "environment",
    ];
    let mut envelopes: Vec<Envelope> = (0..600)
        .map(|i| {
            let mut e = envelope(&sat, &new_id(), "demo", Some("counter-1"), &day_of(i));
            e.answers
                .insert("area".into(), json!(areas[i % areas.len()]));
            e
        })
        .collect();
    for i in 0..3 {
        let mut e = envelope(&sat, &new_id(), "demo", Some("counter-2"), &day_of(i));
        e.answers.insert("area".into(), json!("education-culture"));
        envelopes.push(e);
    }
    post_all(&server, envelopes).await;
    let http = browser();
    let cookie = login(&http, &server).await;
    let (status, html) = admin_get(
        &http,
        &server,
        &cookie,
        "/admin/results/satisfaction?from=2024-10-01",
    )
    .await;
    assert_eq!(status, 200);
    let scored = score_export(&http, &server, &cookie, "satisfaction").await;

    // Dimensions: mean, S.D. and percent.
    let dims = tags_with(&html, "data-dimension");
    assert_eq!(dims.len(), 5, "four dimensions and the overall row");
    for row in &dims {
        let id = &row["data-dimension"];
        if id == "overall" {
            close(
                f(&row["data-percent"]),
                scored["satisfaction"]["percent"].as_f64().unwrap(),
                "overall percent",
            );
            continue;
        }
        let s = &scored["satisfaction"]["dimensions"][id];
        close(f(&row["data-mean"]), s["mean"].as_f64().unwrap(), id);
        close(f(&row["data-sd"]), s["sd"].as_f64().unwrap(), id);
        close(f(&row["data-percent"]), s["percent"].as_f64().unwrap(), id);
    }
    assert!(html.contains("เป้าหมายร้อยละ 80"));

    // Service areas: every area of the instrument listed, the small one suppressed.
    let rows = tags_with(&html, "data-area");
    assert_eq!(rows.len(), 7, "the instrument's seven service areas");
    let edu = rows
        .iter()
        .find(|r| r["data-area"] == "education-culture")
        .unwrap();
    assert_eq!(edu["data-suppressed"], "true");
    let score_areas = scored["breakdowns"]["area"].as_array().unwrap();
    for key in areas {
        let row = rows.iter().find(|r| r["data-area"] == key).unwrap();
        let g = score_areas.iter().find(|g| g["key"] == key).unwrap();
        assert_eq!(row["data-n"], g["n"].to_string(), "{key}");
    }
    // The per-area percents per dimension are in the table cells.
    let cells = tags_with(&html, "data-value");
    let infra = score_areas
        .iter()
        .find(|g| g["key"] == "infrastructure")
        .unwrap();
    let want = infra["dimensions"]["process"].as_f64().unwrap();
    assert!(
        cells
            .iter()
            .any(|c| (f(&c["data-value"]) - want).abs() < 1e-9),
        "infrastructure × process percent shown"
    );
    // Profile answers with 1–4 people are suppressed.
    assert!(html.contains("data-profile=\"sex\""));

    // O16 with every area's own statistics; the suppressed one without numbers.
    let res = http
        .get(server.url("/admin/reports/o16/satisfaction?from=2024-10-01&to=2025-09-30"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let disposition = res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        disposition.starts_with(
            "attachment; filename=\"o16-satisfaction-2568-2024-10-01-2025-09-30.html\""
        ),
        "{disposition}"
    );
    let o16 = res.text().await.unwrap();
    assert!(o16.contains("รายงานผลการสำรวจความพึงพอใจการให้บริการ"));
    assert!(o16.contains("ค่าสถิติรายด้านการให้บริการ"));
    assert!(o16.contains("data-area=\"infrastructure\""));
    assert!(o16.contains("ปีงบประมาณ พ.ศ. 2568"));
    assert!(o16.contains("เปรียบเทียบกับช่วงเวลาก่อน"));
    assert!(o16.contains("@page { size: A4;"));
    let (status, inline) = admin_get(
        &http,
        &server,
        &cookie,
        "/admin/reports/o16/satisfaction?view=1",
    )
    .await;
    assert_eq!(status, 200);
    assert!(inline.contains("<h1>รายงานผลการสำรวจความพึงพอใจการให้บริการ</h1>"));
    // O42 is for IIT/EIT.
    let (status, _) = admin_get(&http, &server, &cookie, "/admin/reports/o42/satisfaction").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn o42_draft_compares_with_the_year_before_and_leaves_blocks_to_write() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&ServerOpts::sqlite(dir.path()));
    let eit = instrument("ita-eit");
    let envelopes: Vec<Envelope> = (0..300)
        .map(|i| envelope(&eit, &new_id(), "demo", Some("counter-1"), &day_of(i)))
        .collect();
    post_all(&server, envelopes).await;
    let http = browser();
    let cookie = login(&http, &server).await;
    let res = http
        .get(server.url("/admin/reports/o42/ita-eit?from=2025-10-01&to=2026-09-30"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment;"));
    let html = res.text().await.unwrap();
    assert!(html.contains("รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส"));
    assert!(html.contains("ปีงบประมาณ พ.ศ. 2569"));
    assert!(
        html.contains("ปีงบประมาณ พ.ศ. 2568"),
        "last year for the change"
    );
    assert!(html.contains("หน่วยงานต้องเขียนเอง"), "write-yourself blocks");
    assert!(html.contains("ไม่ใช่ผลการประเมินของสำนักงาน ป.ป.ช."));
    // Without a range: the current fiscal year to date, never a day past today.
    let (status, html) =
        admin_get(&http, &server, &cookie, "/admin/reports/o42/ita-eit?view=1").await;
    assert_eq!(status, 200);
    let today = prongsai::server::day::today();
    assert!(html.contains(&format!("ปีงบประมาณ พ.ศ. {}", today.fiscal_year())));
    assert!(
        !html.contains("30 กันยายน"),
        "no period ending in the future"
    );
    // A future end or a reversed range: a Thai message naming the field.
    let (status, html) = admin_get(
        &http,
        &server,
        &cookie,
        "/admin/reports/o42/ita-eit?to=2999-09-30",
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        html.contains("ถึงวันที่ (to)") && html.contains("เลยวันนี้"),
        "{html}"
    );
    let (status, html) = admin_get(
        &http,
        &server,
        &cookie,
        "/admin/results/ita-eit?from=1/6/2568&to=1/5/2568",
    )
    .await;
    assert_eq!(status, 400);
    assert!(html.contains("ก่อนวันเริ่มต้น"), "{html}");
    let (status, html) = admin_get(
        &http,
        &server,
        &cookie,
        "/admin/export/ita-eit/items.csv?from=05/30/2025",
    )
    .await;
    assert_eq!(status, 400);
    assert!(html.contains("ตั้งแต่วันที่ (from)"), "{html}");
}

// ------------------------------------------------------------------------------------------
// Moderation, on both back-ends

async fn moderation_publishes_only_approved_comments(opts: ServerOpts) {
    let server = Server::start(&opts);
    // Dated today: the public page and the prints show the current fiscal year to date.
    let today = prongsai::server::day::today().to_string();
    let sat = instrument("satisfaction");
    let iit = instrument("ita-iit");
    let texts = [
        ("benign", "ที่จอดรถไม่พอ ควรเพิ่มที่จอด"),
        ("mayor", "นายกเทศมนตรีควรลงพื้นที่บ่อยขึ้น"),
        ("phone", "โทรกลับที่ 081-234-5678 ด้วยครับ"),
        ("intl", "ติดต่อ +66 81 234 5678"),
        ("id", "บัตรหาย เลข ๑-๒๓๔๕-๖๗๘๙๐-๑๒-๓"),
        ("name", "นางสาวมาลี พูดจาไม่สุภาพ"),
        ("hideme", "<b>ห้องน้ำสกปรก</b> & ไม่มีสบู่"),
        ("pending", "ข้อความนี้ยังไม่ได้ตรวจ"),
    ];
    let mut envelopes = Vec::new();
    for (_, text) in &texts {
        let mut e = envelope(&sat, &new_id(), "demo", Some("counter-1"), &today);
        e.answers.insert("suggestion".into(), json!(text));
        envelopes.push(e);
    }
    // Enough respondents for the public page to show numbers.
    for _ in 0..10 {
        let mut e = envelope(&sat, &new_id(), "demo", Some("counter-2"), &today);
        e.answers.remove("suggestion");
        envelopes.push(e);
    }
    let mut staff = envelope(&iit, &new_id(), "demo", None, &today);
    staff
        .answers
        .insert("comment".into(), json!("หัวหน้าใช้รถหลวงไปธุระส่วนตัว"));
    envelopes.push(staff);
    post_all(&server, envelopes).await;

    let http = browser();
    let cookie = login(&http, &server).await;
    let (status, page) = admin_get(
        &http,
        &server,
        &cookie,
        "/admin/comments?instrument=satisfaction&status=pending",
    )
    .await;
    assert_eq!(status, 200);
    let cards = tags_with(&page, "data-comment");
    assert_eq!(cards.len(), texts.len(), "{page}");
    let id_of = |needle: &str| -> (String, String) {
        let at = page
            .find(needle)
            .unwrap_or_else(|| panic!("{needle} listed"));
        let card = page[..at].rfind("<article").unwrap();
        let tag = tags_with(&page[card..], "data-comment")[0].clone();
        (tag["data-comment"].clone(), tag["data-flags"].clone())
    };
    let flags: BTreeMap<&str, String> = texts
        .iter()
        .map(|(k, t)| {
            (
                *k,
                id_of(
                    &t.replace('&', "&amp;")
                        .replace('<', "&lt;")
                        .replace('>', "&gt;"),
                )
                .1,
            )
        })
        .collect();
    assert_eq!(flags["benign"], "");
    assert_eq!(flags["mayor"], "", "นายก is a role, not a name");
    assert_eq!(flags["phone"], "phone");
    assert_eq!(flags["intl"], "phone");
    assert_eq!(flags["id"], "id_number");
    assert_eq!(flags["name"], "name");
    assert!(page.contains("อาจมีหมายเลขโทรศัพท์"), "the reason is shown");
    assert!(
        page.contains("&lt;b&gt;ห้องน้ำสกปรก&lt;/b&gt; &amp; ไม่มีสบู่"),
        "comment text is escaped"
    );

    let approve = |id: String, confirm: bool| {
        let http = http.clone();
        let cookie = cookie.clone();
        let server = &server;
        async move {
            let body = format!(
                "action=approve&back=%2Fadmin%2Fcomments{}",
                if confirm { "&confirm=yes" } else { "" }
            );
            post_form(
                &http,
                server,
                &cookie,
                &format!("/admin/comments/{id}"),
                &body,
            )
            .await
        }
    };
    // Bulk: one POST with the ticked ids; the unflagged two are approved, the flagged phone
    // number is left for the one-by-one confirmation. Checkboxes belong to the bulk form.
    assert!(page.contains("id=\"bulk\"") && page.contains("action=\"/admin/comments/bulk\""));
    assert_eq!(
        page.matches("type=\"checkbox\" form=\"bulk\" name=\"id\"")
            .count(),
        texts.len()
    );
    let phone = id_of("081-234-5678").0;
    let bulk = format!(
        "action=approve&back=%2Fadmin%2Fcomments&id={}&id={}&id={phone}",
        id_of("ที่จอดรถไม่พอ").0,
        id_of("นายกเทศมนตรี").0
    );
    let res = post_form(&http, &server, &cookie, "/admin/comments/bulk", &bulk).await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/admin/comments?done=bulk");
    let (_, approved_now) =
        admin_get(&http, &server, &cookie, "/admin/comments?status=approved").await;
    assert_eq!(tags_with(&approved_now, "data-comment").len(), 2);
    assert!(
        !approved_now.contains("081-234-5678"),
        "flagged: not in bulk"
    );
    // Nothing ticked, or an unknown id: a Thai message, nothing changed.
    let res = post_form(
        &http,
        &server,
        &cookie,
        "/admin/comments/bulk",
        "action=hide",
    )
    .await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("ยังไม่ได้เลือกความคิดเห็น"));
    let res = post_form(
        &http,
        &server,
        &cookie,
        "/admin/comments/bulk",
        &format!("action=hide&id={phone}&id={}", "0".repeat(32)),
    )
    .await;
    assert_eq!(res.status(), 404);
    // A bulk POST from another site is refused like any other.
    let res = http
        .post(server.url("/admin/comments/bulk"))
        .header("cookie", &cookie)
        .header("origin", "https://evil.example")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("action=hide&id={phone}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    // Flagged: the first approve only asks for confirmation.
    let res = approve(phone.clone(), false).await;
    assert_eq!(res.status(), 200);
    let confirm_page = res.text().await.unwrap();
    assert!(confirm_page.contains("ยืนยันการเผยแพร่"));
    assert!(confirm_page.contains("name=\"confirm\" value=\"yes\""));
    let (_, still) = admin_get(&http, &server, &cookie, "/admin/comments?status=pending").await;
    assert!(
        still.contains("081-234-5678"),
        "not approved without confirmation"
    );
    // With the explicit confirmation it is approved.
    let res = approve(phone, true).await;
    assert_eq!(res.status(), 303);
    // Hide one, and approve-then-hide another.
    let hide = id_of("ห้องน้ำสกปรก").0;
    let res = post_form(
        &http,
        &server,
        &cookie,
        &format!("/admin/comments/{hide}"),
        "action=hide",
    )
    .await;
    assert_eq!(res.status(), 303);
    let name = id_of("นางสาวมาลี").0;
    approve(name.clone(), true).await;
    post_form(
        &http,
        &server,
        &cookie,
        &format!("/admin/comments/{name}"),
        "action=hide",
    )
    .await;
    // Unknown ids and actions.
    let res = post_form(
        &http,
        &server,
        &cookie,
        &format!("/admin/comments/{}", "0".repeat(32)),
        "action=approve",
    )
    .await;
    assert_eq!(res.status(), 404);
    let res = post_form(
        &http,
        &server,
        &cookie,
        &format!("/admin/comments/{}", id_of("ยังไม่ได้ตรวจ").0),
        "action=publish",
    )
    .await;
    assert_eq!(res.status(), 400);

    let (_, approved) = admin_get(&http, &server, &cookie, "/admin/comments?status=approved").await;
    assert_eq!(tags_with(&approved, "data-comment").len(), 3);

    // Public page, public summary preview and O16: approved only; hidden and pending never.
    let docs = published_docs(&http, &server, &cookie, "satisfaction").await;
    for (what, doc) in &docs {
        assert!(doc.contains("ที่จอดรถไม่พอ"), "{what}: approved comment shown");
        assert!(doc.contains("นายกเทศมนตรี"), "{what}");
        assert!(doc.contains("081-234-5678"), "{what}: confirmed one shown");
        for never in ["ห้องน้ำสกปรก", "นางสาวมาลี", "ยังไม่ได้ตรวจ", "+66 81", "๑-๒๓๔๕"]
        {
            assert!(
                !doc.contains(never),
                "{what}: {never} must not be published"
            );
        }
        assert!(!doc.contains("หัวหน้าใช้รถหลวง"), "{what}: staff comment");
    }
    assert!(docs[0].1.contains("สรุปผลการสำรวจความพึงพอใจการให้บริการ"));

    // IIT comments stand alone: nothing else of that response next to them.
    let (_, staff_page) = admin_get(
        &http,
        &server,
        &cookie,
        "/admin/comments?instrument=ita-iit&status=all",
    )
    .await;
    let start = staff_page.find("<article").unwrap();
    let end = staff_page.find("</article>").unwrap();
    let card = &staff_page[start..end];
    assert!(card.contains("หัวหน้าใช้รถหลวงไปธุระส่วนตัว"));
    assert!(!card.contains("i1.1") && !card.contains("จุดให้บริการ"));
    // And staff comments stay out of raw exports.
    let (_, csv) = admin_get(
        &http,
        &server,
        &cookie,
        "/admin/export/ita-iit/responses.csv",
    )
    .await;
    assert!(!csv.contains("หัวหน้าใช้รถหลวง"));
    assert!(!csv.lines().next().unwrap().contains(",comment"));
}

#[tokio::test]
async fn sqlite_moderation_publishes_only_approved_comments() {
    let dir = tempfile::tempdir().unwrap();
    let mut opts = ServerOpts::sqlite(dir.path());
    // Public page on; dates back to 2024 accepted (config_toml).
    opts.config = Some(config_toml("public_summaries = [\"satisfaction\"]"));
    opts.env = vec![("PRONGSAI_ADMIN_TOKEN".into(), TOKEN.into())];
    moderation_publishes_only_approved_comments(opts).await;
}

#[tokio::test]
async fn postgres_moderation_publishes_only_approved_comments() {
    let Some(url) = fresh_postgres().await else {
        eprintln!("PRONGSAI_TEST_POSTGRES_URL not set: PostgreSQL test skipped");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut opts = ServerOpts::sqlite(dir.path());
    opts.config = Some(config_toml("public_summaries = [\"satisfaction\"]"));
    opts.env = vec![("PRONGSAI_ADMIN_TOKEN".into(), TOKEN.into())];
    opts.database = Some(url);
    moderation_publishes_only_approved_comments(opts).await;
}

#[tokio::test]
async fn public_pages_are_off_unless_configured() {
    let dir = tempfile::tempdir().unwrap();
    let mut opts = ServerOpts::sqlite(dir.path());
    opts.config = Some(config_toml("public_summaries = [\"quick\"]"));
    let server = Server::start(&opts);
    let http = client();
    let res = http
        .get(server.url("/public/satisfaction"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let res = http.get(server.url("/public/quick")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("ยังไม่มีผู้ตอบแบบสำรวจ"),
        "no numbers without responses"
    );
    let res = http.get(server.url("/public")).send().await.unwrap();
    let list = res.text().await.unwrap();
    assert!(list.contains("/public/quick") && !list.contains("/public/satisfaction"));
}

#[tokio::test]
async fn a_hostile_unit_name_arrives_escaped_in_every_page() {
    // A unit's name is free text in the config: it appears on the results page (filter and
    // breakdown), the posters list and the demo page, always as text.
    let dir = tempfile::tempdir().unwrap();
    let mut opts = ServerOpts::sqlite(dir.path());
    opts.config = Some(format!(
        r#"admin_token = "{TOKEN}"
[[units]]
id = "demo"
name = "\"><script>alert(1)</script><b onclick=x>&"
points = ["counter-1"]
[rate_limit]
per_minute = 0
"#
    ));
    let server = Server::start(&opts);
    let sat = instrument("satisfaction");
    // Today in Bangkok: inside the endpoint's back-dating window whenever the test runs.
    let today = prongsai_core::Date::today_bangkok(std::time::SystemTime::now()).to_string();
    let envelopes = (0..5)
        .map(|_| envelope(&sat, &new_id(), "demo", Some("counter-1"), &today))
        .collect();
    post_all(&server, envelopes).await;
    let http = browser();
    let cookie = login(&http, &server).await;
    let escaped = "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;b onclick=x&gt;&amp;";
    let demo = http
        .get(server.url("/demo"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut pages = vec![("/demo".to_string(), demo)];
    for path in ["/admin/results/satisfaction", "/admin/posters"] {
        let (status, html) = admin_get(&http, &server, &cookie, path).await;
        assert_eq!(status, 200, "{path}");
        pages.push((path.to_string(), html));
    }
    for (path, html) in &pages {
        assert!(!html.contains("<script"), "{path}: raw script");
        assert!(!html.contains("<b onclick"), "{path}: raw element");
        assert!(html.contains(escaped), "{path}: the name shown as text");
    }
    // The results page names the unit in the filter and on the service point's row.
    let results = &pages[1].1;
    assert!(results.matches(escaped).count() >= 2);
    let rows = tags_with(results, "data-point");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["data-n"], "5");
}

// ------------------------------------------------------------------------------------------
// Login, sessions and CSRF

#[tokio::test]
async fn no_page_or_export_without_login_and_no_cross_site_post() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&ServerOpts::sqlite(dir.path()));
    let sat = instrument("satisfaction");
    let mut e = envelope(&sat, &new_id(), "demo", Some("counter-1"), "2026-10-02");
    e.answers
        .insert("suggestion".into(), json!("ความลับของผู้ตอบ"));
    post_all(&server, vec![e]).await;
    let http = browser();

    let protected = [
        "/admin",
        "/admin/results",
        "/admin/results/satisfaction",
        "/admin/comments",
        "/admin/posters",
        "/admin/posters/satisfaction/demo",
        "/admin/reports/o16/satisfaction",
        "/admin/reports/summary/satisfaction",
        "/admin/reports/o42-all",
        "/admin/export/satisfaction/responses.csv",
        "/admin/export/satisfaction/responses.jsonl",
        "/admin/export/satisfaction/results.json",
        "/admin/export/satisfaction/items.csv",
    ];
    for path in protected {
        let res = http.get(server.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 303, "{path}");
        let location = res.headers()["location"].to_str().unwrap().to_string();
        assert!(
            location.starts_with("/admin/login?next="),
            "{path}: {location}"
        );
        let body = res.text().await.unwrap();
        assert!(!body.contains("ความลับ"), "{path}");
        // A forged or expired cookie is no better.
        let res = http
            .get(server.url(path))
            .header("cookie", format!("prongsai_admin={}", "ab".repeat(32)))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303, "{path} with a forged cookie");
    }
    // The API exports still take the bearer token, and only that.
    for path in [
        "/api/v1/export.jsonl?instrument=satisfaction",
        "/api/v1/items.csv?instrument=satisfaction",
    ] {
        let res = http.get(server.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 401, "{path}");
        let res = http
            .get(server.url(path))
            .bearer_auth(TOKEN)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{path}");
    }
    // Admin pages accept the bearer token too (scripts, benchmarks).
    let res = http
        .get(server.url("/admin/results/satisfaction"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);

    // Wrong token: 401 and the form again; no cookie.
    let res = http
        .post(server.url("/admin/login"))
        .header("origin", &server.base)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("token=wrong-token-wrong-token")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    assert!(res.headers().get("set-cookie").is_none());
    // Login from another site (login CSRF) is refused.
    let res = http
        .post(server.url("/admin/login"))
        .header("origin", "http://evil.example")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("token={TOKEN}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    // Behind an HTTPS proxy the cookie is Secure; `next` never leaves /admin.
    let res = http
        .post(server.url("/admin/login"))
        .header("origin", &server.base)
        .header("x-forwarded-proto", "https")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("token={TOKEN}&next=https%3A%2F%2Fevil.example%2F"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/admin/results");
    assert!(res.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .contains("; Secure"));

    let cookie = login(&http, &server).await;
    let (status, page) = admin_get(&http, &server, &cookie, "/admin/comments").await;
    assert_eq!(status, 200);
    let id = tags_with(&page, "data-comment")[0]["data-comment"].clone();
    // Pages carry the security headers.
    let res = http
        .get(server.url("/admin/results"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["cache-control"], "no-store");
    assert!(res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("frame-ancestors 'none'"));
    assert_eq!(res.headers()["x-frame-options"], "DENY");

    // CSRF: a POST with the session cookie but from another site, or with no origin at all.
    for origin in [Some("http://evil.example"), Some("null"), None] {
        let mut req = http
            .post(server.url(&format!("/admin/comments/{id}")))
            .header("cookie", &cookie)
            .header("content-type", "application/x-www-form-urlencoded")
            .body("action=approve");
        if let Some(o) = origin {
            req = req.header("origin", o);
        }
        let res = req.send().await.unwrap();
        assert_eq!(res.status(), 403, "origin {origin:?}");
    }
    let res = http
        .post(server.url(&format!("/admin/comments/{id}")))
        .header("cookie", &cookie)
        .header("referer", "http://evil.example/page")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("action=approve")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403, "foreign referer");
    let (_, still) = admin_get(&http, &server, &cookie, "/admin/comments?status=approved").await;
    assert!(
        tags_with(&still, "data-comment").is_empty(),
        "nothing was approved"
    );
    // A same-site Referer (no Origin) is accepted.
    let res = http
        .post(server.url(&format!("/admin/comments/{id}")))
        .header("cookie", &cookie)
        .header("referer", server.url("/admin/comments"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("action=hide")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);

    // Logout ends the session; the old cookie no longer works; logout needs the origin too.
    let res = http
        .post(server.url("/admin/logout"))
        .header("cookie", &cookie)
        .header("origin", "http://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = post_form(&http, &server, &cookie, "/admin/logout", "").await;
    assert_eq!(res.status(), 303);
    assert!(res.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    let (status, _) = admin_get(&http, &server, &cookie, "/admin/results").await;
    assert_eq!(status, 303);
}

// ------------------------------------------------------------------------------------------
// Posters, demo page, and databases from before comment moderation

#[tokio::test]
async fn posters_per_service_point_and_the_demo_links_them() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&ServerOpts::sqlite(dir.path()));
    let http = browser();
    let cookie = login(&http, &server).await;
    let (status, index) = admin_get(&http, &server, &cookie, "/admin/posters").await;
    assert_eq!(status, 200);
    assert!(index.contains("/admin/posters/satisfaction/demo"));
    let (status, doc) =
        admin_get(&http, &server, &cookie, "/admin/posters/satisfaction/demo").await;
    assert_eq!(status, 200);
    let points: Vec<String> = tags_with(&doc, "data-point")
        .into_iter()
        .map(|t| t["data-point"].clone())
        .collect();
    assert_eq!(points, vec!["counter-1", "counter-2"]);
    assert!(doc.contains("/?survey=satisfaction&amp;unit=demo&amp;point=counter-1"));
    let (status, _) = admin_get(&http, &server, &cookie, "/admin/posters/satisfaction/nope").await;
    assert_eq!(status, 404);
    let demo = client()
        .get(server.url("/demo"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(demo.contains("/admin/posters/satisfaction/demo"));
    assert!(demo.contains("/admin/results"));
}

#[tokio::test]
async fn comments_of_a_database_from_before_moderation_are_indexed_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    // A schema-1 database (as the previous release wrote it) with one stored response.
    {
        let conn = rusqlite::Connection::open(data.join("prongsai.sqlite")).unwrap();
        conn.execute_batch(
            "CREATE TABLE responses (id TEXT PRIMARY KEY NOT NULL, instrument TEXT NOT NULL,
                edition TEXT NOT NULL, unit TEXT NOT NULL, point TEXT NOT NULL, day TEXT NOT NULL,
                locale TEXT NOT NULL, answers TEXT NOT NULL, scores TEXT NOT NULL) WITHOUT ROWID;
             CREATE INDEX responses_by_day ON responses (instrument, edition, day);
             CREATE TABLE tallies (instrument TEXT NOT NULL, edition TEXT NOT NULL, unit TEXT NOT NULL,
                point TEXT NOT NULL, period TEXT NOT NULL, n INTEGER NOT NULL, tally TEXT NOT NULL,
                PRIMARY KEY (instrument, edition, unit, point, period)) WITHOUT ROWID;
             CREATE TABLE tallies_month (instrument TEXT NOT NULL, edition TEXT NOT NULL, unit TEXT NOT NULL,
                point TEXT NOT NULL, period TEXT NOT NULL, n INTEGER NOT NULL, tally TEXT NOT NULL,
                PRIMARY KEY (instrument, edition, unit, point, period)) WITHOUT ROWID;
             CREATE TABLE codes (survey TEXT NOT NULL, hash TEXT NOT NULL, created_day TEXT NOT NULL,
                used_day TEXT, PRIMARY KEY (survey, hash)) WITHOUT ROWID;
             PRAGMA user_version = 1;",
        )
        .unwrap();
        conn.execute(
            "INSERT INTO responses VALUES ('old-1', 'ita-eit', '2568', 'demo', 'counter-1', '2025-05-05', 'th', ?1, '{}')",
            [json!({"e1.1": 4, "comment": "ความเห็นจากก่อนอัปเกรด โทร 0812345678"}).to_string()],
        )
        .unwrap();
    }
    let server = Server::start(&ServerOpts::sqlite(dir.path()));
    wait_for(
        || server.stderr().contains("indexed 1 comments"),
        "the indexing log line",
    );
    let http = browser();
    let cookie = login(&http, &server).await;
    let (_, page) = admin_get(
        &http,
        &server,
        &cookie,
        "/admin/comments?instrument=ita-eit",
    )
    .await;
    assert!(page.contains("ความเห็นจากก่อนอัปเกรด"));
    assert_eq!(tags_with(&page, "data-comment")[0]["data-flags"], "phone");
    drop(server);
    // Once only: a restart finds nothing more to index.
    let server = Server::start(&ServerOpts::sqlite(dir.path()));
    assert!(!server.stderr().contains("indexed"), "{}", server.stderr());
}
