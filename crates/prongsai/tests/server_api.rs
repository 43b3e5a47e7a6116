//! `prongsai serve` as the widget, an integrity officer and a hostile client see it, through the
//! real binary on loopback. Storage scenarios run on SQLite always and on PostgreSQL when
//! PRONGSAI_TEST_POSTGRES_URL is set (scripts/pg-test-server.sh run -- cargo test …).
mod server_support;

use std::time::Duration;

use serde_json::{json, Value};
use server_support::*;

fn sqlite_opts(dir: &tempfile::TempDir, extra: &str) -> ServerOpts {
    let mut o = ServerOpts::sqlite(dir.path());
    o.config = Some(config_toml(extra));
    o
}

async fn postgres_opts(dir: &tempfile::TempDir, extra: &str) -> Option<ServerOpts> {
    let url = fresh_postgres().await?;
    let mut o = sqlite_opts(dir, extra);
    o.database = Some(url);
    Some(o)
}

// ------------------------------------------------------------------------------------------
// Collecting and reporting, on both back-ends

async fn collects_each_response_once_and_reports(opts: ServerOpts) {
    let server = Server::start(&opts);
    let http = client();
    let eit = instrument("ita-eit");

    let id = new_id();
    let body = envelope_json(&eit, &id);
    let first = post(&http, &server, body.clone()).await.unwrap();
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    assert_eq!(first["status"], "stored");
    let again = http
        .post(server.url("/api/v1/responses"))
        .header("content-type", "application/json; charset=utf-8")
        .header("idempotency-key", &id)
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(
        again.status(),
        200,
        "a retry is acknowledged, not stored again"
    );

    // A second response whose scores differ from the server's (an older widget): stored, logged.
    let mut other: Value = serde_json::from_str(&envelope_json(&eit, &new_id())).unwrap();
    other["scores"] = json!({ "items": { "e1": 1.0 }, "indicators": {}, "tools": {} });
    assert_eq!(
        post(&http, &server, other.to_string())
            .await
            .unwrap()
            .status(),
        201
    );

    let report = results(&http, &server, "instrument=ita-eit").await;
    assert_eq!(report["n"], 2);
    assert_eq!(report["instrument"], "ita-eit");
    assert!(
        report["tools"]["eit"]["score"].as_f64().is_some(),
        "{report}"
    );
    assert!(
        server.stderr().contains("version mismatch"),
        "the mismatch is logged"
    );

    // The same JSON as `prongsai score` over the same answers.
    let export = http
        .get(server.url("/api/v1/export.csv?instrument=ita-eit"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(export.status(), 200);
    assert!(export.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let csv = export.text().await.unwrap();
    assert_eq!(
        csv.lines().count(),
        3,
        "header + one row per response:\n{csv}"
    );
    assert!(csv
        .trim_start_matches('\u{feff}')
        .starts_with("submitted,unit,point,e1.1,e1.2,e2"));
    let dir = tempfile::tempdir().unwrap();
    let csv_path = dir.path().join("export.csv");
    std::fs::write(&csv_path, &csv).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_prongsai"))
        .args(["score", "--instrument", "ita-eit"])
        .arg(&csv_path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let scored: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(scored["n"], report["n"]);
    assert_eq!(
        scored["tools"]["eit"]["score"], report["tools"]["eit"]["score"],
        "server results = prongsai score"
    );

    // Idempotency-Key must be the envelope id.
    let res = http
        .post(server.url("/api/v1/responses"))
        .header("content-type", "application/json")
        .header("idempotency-key", "something-else")
        .body(envelope_json(&eit, &new_id()))
        .send()
        .await
        .unwrap();
    let (status, err) = error_of(res).await;
    assert_eq!(
        (status, err["field"].as_str()),
        (400, Some("Idempotency-Key"))
    );

    // Results need the admin token.
    let res = http
        .get(server.url("/api/v1/results?instrument=ita-eit"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let res = http
        .get(server.url("/api/v1/results?instrument=ita-eit"))
        .bearer_auth("wrong-token-wrong-token")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let res = http
        .get(server.url("/api/v1/export.csv?instrument=ita-eit"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let res = http
        .get(server.url("/api/v1/results?instrument=nope"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(res).await.0, 404);
    assert!(
        server.extra_stdout().is_empty(),
        "stdout has only the listening line"
    );
}

#[tokio::test]
async fn sqlite_collects_each_response_once_and_reports() {
    let dir = tempfile::tempdir().unwrap();
    collects_each_response_once_and_reports(sqlite_opts(&dir, "")).await;
}

#[tokio::test]
async fn postgres_collects_each_response_once_and_reports() {
    let dir = tempfile::tempdir().unwrap();
    let Some(opts) = postgres_opts(&dir, "").await else {
        eprintln!("skipped: PRONGSAI_TEST_POSTGRES_URL is not set");
        return;
    };
    collects_each_response_once_and_reports(opts).await;
}

async fn results_filter_by_unit_point_and_period(opts: ServerOpts) {
    let server = Server::start(&opts);
    let http = client();
    let quick = instrument("quick");
    let plan = [
        ("demo", Some("counter-1"), "2026-09-30", 3),
        ("demo", Some("counter-2"), "2026-10-01", 2),
        ("demo", None, "2026-10-02", 1),
        ("branch", Some("front"), "2026-10-05", 4),
    ];
    for (unit, point, day, count) in plan {
        for _ in 0..count {
            let env = envelope(&quick, &new_id(), unit, point, day);
            let res = post(&http, &server, serde_json::to_string(&env).unwrap())
                .await
                .unwrap();
            assert_eq!(res.status(), 201);
        }
    }
    let n = |v: Value| v["n"].as_u64().unwrap();
    assert_eq!(n(results(&http, &server, "instrument=quick").await), 10);
    assert_eq!(
        n(results(&http, &server, "instrument=quick&edition=2568&unit=demo").await),
        6
    );
    assert_eq!(
        n(results(&http, &server, "instrument=quick&unit=demo&point=counter-2").await),
        2
    );
    assert_eq!(
        n(results(&http, &server, "instrument=quick&from=2026-10-01").await),
        7
    );
    assert_eq!(
        n(results(
            &http,
            &server,
            "instrument=quick&from=2026-10-01&to=2026-10-02"
        )
        .await),
        3
    );
    // Across a month boundary (day buckets at both ends) and whole months (month buckets).
    let q = |query: &'static str| results(&http, &server, query);
    assert_eq!(
        n(q("instrument=quick&from=2026-09-30&to=2026-10-01").await),
        5
    );
    assert_eq!(
        n(q("instrument=quick&from=2026-09-01&to=2026-10-31").await),
        10
    );
    assert_eq!(n(q("instrument=quick&to=2026-09-30").await), 3);
    assert_eq!(n(results(&http, &server, "instrument=ita-eit").await), 0);
    let res = http
        .get(server.url("/api/v1/results?instrument=quick&from=yesterday"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    let (status, err) = error_of(res).await;
    assert_eq!((status, err["field"].as_str()), (400, Some("from")));
    let res = http
        .get(server.url("/api/v1/results?instrument=quick&edition=1999"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    let (status, err) = error_of(res).await;
    assert_eq!((status, err["field"].as_str()), (404, Some("edition")));
}

/// `[point_areas]`: one-tap ratings (quick, which asks no area) from a mapped point count in
/// its service area; answers that name an area keep theirs; unmapped points count in none.
async fn kiosk_ratings_count_in_the_area_of_their_point(opts: ServerOpts) {
    let server = Server::start(&opts);
    let http = client();
    let (quick, sat) = (instrument("quick"), instrument("satisfaction"));
    let today = prongsai::server::day::today().to_string();
    let mut envelopes = Vec::new();
    for (ins, point, count) in [
        (&quick, "counter-1", 6),
        (&quick, "counter-2", 3),
        (&quick, "front", 5),
        (&sat, "counter-1", 5),
    ] {
        for _ in 0..count {
            let mut e = envelope(
                ins,
                &new_id(),
                if point == "front" { "branch" } else { "demo" },
                Some(point),
                &today,
            );
            if ins.id == "satisfaction" {
                e.answers.insert("area".into(), json!("environment"));
            }
            envelopes.push(e);
        }
    }
    for e in envelopes {
        let res = post(&http, &server, serde_json::to_string(&e).unwrap())
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
    }
    let areas = |v: &Value| -> Vec<(String, u64)> {
        v["breakdowns"]["area"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| {
                (
                    g["key"].as_str().unwrap().to_string(),
                    g["n"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let r = results(&http, &server, "instrument=quick").await;
    assert_eq!(r["n"], 14);
    assert_eq!(
        areas(&r),
        vec![("infrastructure".to_string(), 6), ("other".to_string(), 5)],
        "counter-2 is not mapped"
    );
    // The area of one point and period, from day buckets too.
    let r = results(
        &http,
        &server,
        &format!("instrument=quick&point=counter-1&from={today}&to={today}"),
    )
    .await;
    assert_eq!(areas(&r), vec![("infrastructure".to_string(), 6)]);
    let r = results(&http, &server, "instrument=satisfaction").await;
    assert_eq!(
        areas(&r),
        vec![("environment".to_string(), 5)],
        "the answer wins"
    );
}

#[tokio::test]
async fn sqlite_kiosk_ratings_count_in_the_area_of_their_point() {
    let dir = tempfile::tempdir().unwrap();
    let extra = r#"point_areas = { counter-1 = "infrastructure", front = "other" }"#;
    kiosk_ratings_count_in_the_area_of_their_point(sqlite_opts(&dir, extra)).await;
}

#[tokio::test]
async fn postgres_kiosk_ratings_count_in_the_area_of_their_point() {
    let dir = tempfile::tempdir().unwrap();
    let extra = r#"point_areas = { counter-1 = "infrastructure", front = "other" }"#;
    let Some(opts) = postgres_opts(&dir, extra).await else {
        eprintln!("skipped: PRONGSAI_TEST_POSTGRES_URL is not set");
        return;
    };
    kiosk_ratings_count_in_the_area_of_their_point(opts).await;
}

#[test]
fn an_unknown_area_in_point_areas_stops_the_start_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("prongsai.toml");
    std::fs::write(
        &config,
        config_toml(r#"point_areas = { counter-1 = "parking" }"#),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_prongsai"))
        .args(["serve", "--config"])
        .arg(&config)
        .args(["--addr", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path().join("data"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("point_areas.counter-1: `parking` is not a service area"),
        "{err}"
    );
}

#[tokio::test]
async fn sqlite_results_filter_by_unit_point_and_period() {
    let dir = tempfile::tempdir().unwrap();
    results_filter_by_unit_point_and_period(sqlite_opts(&dir, "")).await;
}

#[tokio::test]
async fn postgres_results_filter_by_unit_point_and_period() {
    let dir = tempfile::tempdir().unwrap();
    let Some(opts) = postgres_opts(&dir, "").await else {
        eprintln!("skipped: PRONGSAI_TEST_POSTGRES_URL is not set");
        return;
    };
    results_filter_by_unit_point_and_period(opts).await;
}

async fn one_time_codes_admit_each_code_once(opts: ServerOpts) {
    let server = Server::start(&opts);
    let http = client();
    let iit = instrument("ita-iit");

    let res = http
        .post(server.url("/api/v1/codes"))
        .header("content-type", "application/json")
        .body(r#"{"survey":"ita-iit","count":5}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401, "making codes needs the admin token");
    let res = http
        .post(server.url("/api/v1/codes"))
        .bearer_auth(TOKEN)
        .header("content-type", "application/json")
        .body(r#"{"survey":"ita-iit","count":5}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let made: Value = res.json().await.unwrap();
    let codes: Vec<String> = made["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    assert_eq!(codes.len(), 5);
    assert!(
        codes
            .iter()
            .all(|c| c.len() == 11 && c.as_bytes()[5] == b'-'),
        "printable: {codes:?}"
    );

    // One body per id: a retry sends the very same envelope.
    let bodies = std::sync::Mutex::new(std::collections::HashMap::<String, String>::new());
    let send = |id: String, code: Option<String>| {
        let http = http.clone();
        let url = server.url("/api/v1/responses");
        let body = bodies
            .lock()
            .unwrap()
            .entry(id.clone())
            .or_insert_with(|| {
                serde_json::to_string(&envelope(&iit, &id, "demo", None, "2026-10-15")).unwrap()
            })
            .clone();
        async move {
            let mut req = http
                .post(url)
                .header("content-type", "application/json")
                .body(body);
            if let Some(c) = code {
                req = req.header("x-prongsai-code", c);
            }
            req.send().await.unwrap()
        }
    };
    let (status, err) = error_of(send(new_id(), None).await).await;
    assert_eq!((status, err["code"].as_str()), (403, Some("code_required")));
    let (status, err) = error_of(send(new_id(), Some("AAAAA-BBBBB".into())).await).await;
    assert_eq!((status, err["code"].as_str()), (403, Some("code_unknown")));

    let id = new_id();
    // Typed the way people type: lower case, a space instead of the dash.
    let typed = codes[0].to_lowercase().replace('-', " ");
    assert_eq!(send(id.clone(), Some(typed)).await.status(), 201);
    assert_eq!(
        send(id.clone(), Some(codes[0].clone())).await.status(),
        200,
        "a retry of the same response"
    );
    let (status, err) = error_of(send(new_id(), Some(codes[0].clone())).await).await;
    assert_eq!((status, err["code"].as_str()), (403, Some("code_used")));

    // The code may also travel in the envelope; it is not stored with the response.
    let mut env: Value =
        serde_json::to_value(envelope(&iit, &new_id(), "demo", None, "2026-10-15")).unwrap();
    env["code"] = json!(codes[1]);
    assert_eq!(
        post(&http, &server, env.to_string())
            .await
            .unwrap()
            .status(),
        201
    );

    // Surveys without codes are unaffected.
    assert_eq!(
        post(
            &http,
            &server,
            envelope_json(&instrument("ita-eit"), &new_id())
        )
        .await
        .unwrap()
        .status(),
        201
    );
    assert_eq!(results(&http, &server, "instrument=ita-iit").await["n"], 2);

    let res = http
        .post(server.url("/api/v1/codes"))
        .bearer_auth(TOKEN)
        .header("content-type", "application/json")
        .body(r#"{"survey":"quick","count":5}"#)
        .send()
        .await
        .unwrap();
    let (status, err) = error_of(res).await;
    assert_eq!((status, err["field"].as_str()), (422, Some("survey")));
}

#[tokio::test]
async fn sqlite_one_time_codes_admit_each_code_once() {
    let dir = tempfile::tempdir().unwrap();
    let opts = sqlite_opts(&dir, "code_surveys = [\"ita-iit\"]");
    one_time_codes_admit_each_code_once(opts).await;
    // The record of a used code has no link to the response: no id, day precision only.
    let db = rusqlite::Connection::open(dir.path().join("data/prongsai.sqlite")).unwrap();
    let columns: Vec<String> = db
        .prepare("SELECT name FROM pragma_table_info('codes')")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(columns, ["survey", "hash", "created_day", "used_day"]);
    let used: Vec<String> = db
        .prepare("SELECT used_day FROM codes WHERE used_day IS NOT NULL")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(used.len(), 2);
    assert!(used.iter().all(|d| d.len() == 10), "day only: {used:?}");
}

#[tokio::test]
async fn postgres_one_time_codes_admit_each_code_once() {
    let dir = tempfile::tempdir().unwrap();
    let Some(opts) = postgres_opts(&dir, "code_surveys = [\"ita-iit\"]").await else {
        eprintln!("skipped: PRONGSAI_TEST_POSTGRES_URL is not set");
        return;
    };
    one_time_codes_admit_each_code_once(opts).await;
}

/// Two `serve` processes share one PostgreSQL database and receive the same responses at the
/// same time: each is stored once.
#[tokio::test]
async fn postgres_two_servers_share_one_database() {
    let dir = tempfile::tempdir().unwrap();
    let Some(mut opts) = postgres_opts(&dir, "").await else {
        eprintln!("skipped: PRONGSAI_TEST_POSTGRES_URL is not set");
        return;
    };
    // 300 requests at once from one test client: lift the per-client connection cap.
    let uncapped = format!("{}\n[connections]\nper_client = 0\n", config_toml(""));
    opts.config = Some(uncapped.clone());
    let a = Server::start(&opts);
    let mut opts_b = sqlite_opts(&dir, "");
    opts_b.config = Some(uncapped);
    opts_b.database = opts.database.clone();
    opts_b.data_dir = dir.path().join("data-b");
    let b = Server::start(&opts_b);
    let http = client();
    let eit = instrument("ita-eit");
    let bodies: Vec<String> = (0..300).map(|_| envelope_json(&eit, &new_id())).collect();
    let mut tasks = Vec::new();
    for (i, body) in bodies.iter().enumerate() {
        for server in [&a, &b] {
            let http = http.clone();
            let url = server.url("/api/v1/responses");
            let body = body.clone();
            tasks.push(tokio::spawn(async move {
                let _ = i;
                http.post(url)
                    .header("content-type", "application/json")
                    .body(body)
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            }));
        }
    }
    let mut created = 0;
    for t in tasks {
        match t.await.unwrap() {
            201 => created += 1,
            200 => {}
            other => panic!("unexpected status {other}"),
        }
    }
    assert_eq!(
        created, 300,
        "each response created exactly once across both servers"
    );
    assert_eq!(results(&http, &a, "instrument=ita-eit").await["n"], 300);
    assert_eq!(results(&http, &b, "instrument=ita-eit").await["n"], 300);
}

// ------------------------------------------------------------------------------------------
// Rejections

#[tokio::test]
async fn bad_envelopes_are_rejected_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&sqlite_opts(&dir, ""));
    let http = client();
    let eit = instrument("ita-eit");
    let good: Value = serde_json::from_str(&envelope_json(&eit, &new_id())).unwrap();

    type Case = (
        &'static str,
        Box<dyn Fn(&mut Value)>,
        u16,
        &'static str,
        &'static str,
    );
    let cases: Vec<Case> = vec![
        (
            "unknown instrument",
            Box::new(|v| v["instrument"] = json!("ita-xyz")),
            422,
            "unknown_instrument",
            "instrument",
        ),
        (
            "unknown edition",
            Box::new(|v| v["edition"] = json!("2401")),
            422,
            "unknown_edition",
            "edition",
        ),
        (
            "unknown item code",
            Box::new(|v| v["answers"]["e99"] = json!(4)),
            422,
            "invalid_answer",
            "answers.e99",
        ),
        (
            "outside the scale",
            Box::new(|v| v["answers"]["e2"] = json!(9)),
            422,
            "invalid_answer",
            "answers.e2",
        ),
        (
            "wrong type",
            Box::new(|v| v["answers"]["e2"] = json!("four")),
            422,
            "invalid_answer",
            "answers.e2",
        ),
        (
            "missing required",
            Box::new(|v| {
                v["answers"].as_object_mut().unwrap().remove("e3");
            }),
            422,
            "invalid_answer",
            "answers.e3",
        ),
        (
            "unknown unit",
            Box::new(|v| v["unit"] = json!("elsewhere")),
            422,
            "unknown_unit",
            "unit",
        ),
        (
            "unknown point",
            Box::new(|v| v["point"] = json!("counter-9")),
            422,
            "unknown_point",
            "point",
        ),
        (
            "date with a time",
            Box::new(|v| v["submitted"] = json!("2026-10-15T10:00:00Z")),
            422,
            "invalid_envelope",
            "submitted",
        ),
        (
            "date in the future",
            Box::new(|v| v["submitted"] = json!("2099-01-01")),
            422,
            "submitted_in_future",
            "submitted",
        ),
        (
            "wrong format",
            Box::new(|v| v["format"] = json!("other/1")),
            422,
            "invalid_envelope",
            "format",
        ),
        (
            "answers not an object",
            Box::new(|v| v["answers"] = json!("all good")),
            422,
            "invalid_envelope",
            "answers",
        ),
        (
            "code not a string",
            Box::new(|v| v["code"] = json!(12)),
            422,
            "invalid_envelope",
            "code",
        ),
    ];
    for (what, change, status, code, field) in cases {
        let mut env = good.clone();
        env["id"] = json!(new_id());
        change(&mut env);
        let res = post(&http, &server, env.to_string()).await.unwrap();
        let (got, err) = error_of(res).await;
        assert_eq!(got, status, "{what}: {err}");
        assert_eq!(err["code"], code, "{what}: {err}");
        assert_eq!(err["field"], field, "{what}: {err}");
        assert!(!err["message"].as_str().unwrap().is_empty());
    }
    assert_eq!(
        results(&http, &server, "instrument=ita-eit").await["n"],
        0,
        "nothing rejected was stored"
    );
}

#[tokio::test]
async fn hostile_inputs_get_the_right_4xx_and_the_server_keeps_serving() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&sqlite_opts(&dir, ""));
    let http = client();
    let eit = instrument("ita-eit");
    let send = |body: Vec<u8>, ct: Option<&'static str>| {
        let http = http.clone();
        let url = server.url("/api/v1/responses");
        async move {
            let mut req = http.post(url).body(body);
            if let Some(ct) = ct {
                req = req.header("content-type", ct);
            }
            req.send().await.unwrap()
        }
    };
    let json_ct = Some("application/json");

    // Huge bodies: just over the limit, and far over it.
    let mut big: Value = serde_json::from_str(&envelope_json(&eit, &new_id())).unwrap();
    big["answers"]["comment"] = json!("ก".repeat(70_000));
    assert_eq!(
        error_of(send(big.to_string().into_bytes(), json_ct).await)
            .await
            .0,
        413
    );
    assert_eq!(
        error_of(send(vec![b' '; 20 * 1024 * 1024], json_ct).await)
            .await
            .0,
        413
    );
    // Far beyond what is worth reading: the server may cut the connection, but keeps serving.
    let _ = http
        .post(server.url("/api/v1/responses"))
        .header("content-type", "application/json")
        .body(vec![b' '; 100 * 1024 * 1024])
        .send()
        .await;
    // Deeply nested JSON.
    let deep = format!("{}{}", "[".repeat(30_000), "]".repeat(30_000));
    assert_eq!(
        error_of(send(deep.into_bytes(), json_ct).await).await.1["code"],
        "malformed_json"
    );
    let deep_obj = format!(
        "{{\"answers\":{}1{}}}",
        "{\"a\":".repeat(5000),
        "}".repeat(5000)
    );
    assert_eq!(
        error_of(send(deep_obj.into_bytes(), json_ct).await).await.0,
        400
    );
    // Not JSON, not UTF-8, lone surrogate, empty, wrong top-level types.
    assert_eq!(
        error_of(send(b"hello".to_vec(), json_ct).await).await.0,
        400
    );
    assert_eq!(
        error_of(send(vec![0xff, 0xfe, 0x00], json_ct).await)
            .await
            .0,
        400
    );
    assert_eq!(
        error_of(send(br#"{"id":"\ud800"}"#.to_vec(), json_ct).await)
            .await
            .0,
        400
    );
    assert_eq!(error_of(send(Vec::new(), json_ct).await).await.0, 400);
    for body in ["[]", "42", "null", "\"envelope\"", "{}"] {
        assert_eq!(
            error_of(send(body.as_bytes().to_vec(), json_ct).await)
                .await
                .0,
            422,
            "{body}"
        );
    }
    let mut wrong_types: Value = serde_json::from_str(&envelope_json(&eit, &new_id())).unwrap();
    wrong_types["id"] = json!(12345);
    wrong_types["unit"] = json!(["demo"]);
    let (status, err) = error_of(send(wrong_types.to_string().into_bytes(), json_ct).await).await;
    assert_eq!(status, 422);
    assert_eq!(err["field"], "id", "{err}");
    // Wrong or missing content type.
    let body = envelope_json(&eit, &new_id()).into_bytes();
    assert_eq!(
        error_of(send(body.clone(), Some("text/plain")).await)
            .await
            .0,
        415
    );
    assert_eq!(
        error_of(send(body.clone(), Some("application/x-www-form-urlencoded")).await)
            .await
            .0,
        415
    );
    assert_eq!(error_of(send(body.clone(), None).await).await.0, 415);
    // Odd ids.
    for id in [
        "",
        "../../etc/passwd",
        "a b",
        "<script>",
        &"x".repeat(65),
        "id\u{0}",
    ] {
        let mut env: Value = serde_json::from_str(&envelope_json(&eit, &new_id())).unwrap();
        env["id"] = json!(id);
        let (status, err) = error_of(send(env.to_string().into_bytes(), json_ct).await).await;
        assert_eq!((status, err["field"].as_str()), (422, Some("id")), "{id:?}");
    }

    // Script text and unusual Unicode in a free-text answer are data: stored verbatim, and the
    // CSV export defuses what a spreadsheet would run.
    let texts = [
        "<script>alert('x')</script>",
        "=HYPERLINK(\"http://example.invalid\",\"click\")",
        "\u{202e}gnp.exe\u{200b}\u{feff} 🙂 ก็็็็็็ e\u{301}",
        "line1\nline2,\"quoted\"",
        "nul\u{0}byte",
    ];
    for text in texts {
        let mut env: Value = serde_json::from_str(&envelope_json(&eit, &new_id())).unwrap();
        env["answers"]["comment"] = json!(text);
        let res = send(env.to_string().into_bytes(), json_ct).await;
        assert_eq!(res.status(), 201, "{text:?}: {}", res.text().await.unwrap());
    }
    let csv = http
        .get(server.url("/api/v1/export.csv?instrument=ita-eit"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.contains("<script>alert('x')</script>"));
    assert!(csv.contains("'=HYPERLINK"), "formula defused:\n{csv}");
    assert!(csv.contains("🙂"));

    // Unknown API paths and methods.
    assert_eq!(
        http.get(server.url("/api/v1/nope"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(
        http.get(server.url("/api/v1/responses"))
            .send()
            .await
            .unwrap()
            .status(),
        405
    );

    // Still serving.
    assert_eq!(
        post(&http, &server, envelope_json(&eit, &new_id()))
            .await
            .unwrap()
            .status(),
        201
    );
    assert_eq!(results(&http, &server, "instrument=ita-eit").await["n"], 6);
    assert!(!server.stderr().contains("panicked"), "{}", server.stderr());
}

// ------------------------------------------------------------------------------------------
// Privacy

#[tokio::test]
async fn no_address_or_user_agent_is_stored_or_logged() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = Server::start(&sqlite_opts(&dir, "code_surveys = [\"ita-iit\"]"));
    let http = client();
    for id in ["ita-eit", "satisfaction", "quick"] {
        let ins = instrument(id);
        for _ in 0..20 {
            assert_eq!(
                post(&http, &server, envelope_json(&ins, &new_id()))
                    .await
                    .unwrap()
                    .status(),
                201
            );
        }
    }
    // Rejections and errors are logged too; they must not carry the address either.
    let _ = post(&http, &server, "{".into()).await.unwrap();
    let _ = http
        .get(server.url("/api/v1/results?instrument=quick"))
        .send()
        .await
        .unwrap();
    let _ = http.get(server.url("/demo")).send().await.unwrap();

    // Anonymous responses carry the day only.
    let db = rusqlite::Connection::open(dir.path().join("data/prongsai.sqlite")).unwrap();
    let days: Vec<String> = db
        .prepare("SELECT day FROM responses")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(days.len(), 60);
    assert!(
        days.iter()
            .all(|d| d.len() == 10 && d.as_bytes()[4] == b'-'),
        "{days:?}"
    );
    drop(db);

    assert_eq!(
        server
            .terminate(Duration::from_secs(20))
            .map(|s| s.success()),
        Some(true)
    );
    let files = data_dir_bytes(&dir.path().join("data"));
    assert!(files.len() > 10_000, "the database is there");
    let log = server.stderr();
    assert!(
        log.contains("POST /api/v1/responses 201"),
        "requests are logged (debug): {log}"
    );
    for needle in [CLIENT_IP, USER_AGENT, "PrivacyProbe", "TracerAgentString"] {
        assert!(
            !contains(&files, needle),
            "{needle} found in the data directory"
        );
        assert!(!log.contains(needle), "{needle} found in the log");
    }
}

// ------------------------------------------------------------------------------------------
// Rate limit and CORS

#[tokio::test]
async fn rate_limit_answers_429_with_retry_after() {
    let dir = tempfile::tempdir().unwrap();
    let mut opts = sqlite_opts(&dir, "");
    opts.config = Some(config_toml("").replace("per_minute = 0", "per_minute = 60\nburst = 5"));
    let server = Server::start(&opts);
    let http = client();
    let eit = instrument("ita-eit");
    for _ in 0..5 {
        assert_eq!(
            post(&http, &server, envelope_json(&eit, &new_id()))
                .await
                .unwrap()
                .status(),
            201
        );
    }
    let res = post(&http, &server, envelope_json(&eit, &new_id()))
        .await
        .unwrap();
    assert_eq!(res.status(), 429);
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry));
    assert_eq!(error_of(res).await.1["code"], "rate_limited");
    // The widget's pages are not limited.
    assert_eq!(
        http.get(server.url("/demo")).send().await.unwrap().status(),
        200
    );
}

#[tokio::test]
async fn cors_allows_listed_origins_only() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&sqlite_opts(
        &dir,
        "allowed_origins = [\"https://www.example.go.th\"]",
    ));
    let http = client();
    let eit = instrument("ita-eit");

    let preflight = |origin: &'static str| {
        http.request(reqwest::Method::OPTIONS, server.url("/api/v1/responses"))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "content-type, idempotency-key",
            )
            .send()
    };
    let ok = preflight("https://www.example.go.th").await.unwrap();
    assert_eq!(ok.status(), 204);
    assert_eq!(
        ok.headers()["access-control-allow-origin"],
        "https://www.example.go.th"
    );
    let allowed = ok.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap();
    assert!(allowed.contains("idempotency-key") && allowed.contains("content-type"));
    assert!(ok.headers()["access-control-allow-methods"]
        .to_str()
        .unwrap()
        .contains("POST"));
    assert_eq!(
        preflight("https://evil.example").await.unwrap().status(),
        403
    );

    let post_from = |origin: String| {
        http.post(server.url("/api/v1/responses"))
            .header("origin", origin)
            .header("content-type", "application/json")
            .body(envelope_json(&eit, &new_id()))
            .send()
    };
    let res = post_from("https://www.example.go.th".into()).await.unwrap();
    assert_eq!(res.status(), 201);
    assert_eq!(
        res.headers()["access-control-allow-origin"],
        "https://www.example.go.th"
    );
    let (status, err) = error_of(post_from("https://evil.example".into()).await.unwrap()).await;
    assert_eq!(
        (status, err["code"].as_str()),
        (403, Some("origin_not_allowed"))
    );
    // Same origin (the widget served by this server) is always fine.
    assert_eq!(post_from(server.base.clone()).await.unwrap().status(), 201);
}

// ------------------------------------------------------------------------------------------
// Widget, demo page, configuration

#[tokio::test]
async fn serves_the_widget_with_the_right_types_compression_and_caching() {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>prongsai</title><script type=module src=app-1a2b3c4d5e.js></script>",
    )
    .unwrap();
    std::fs::write(
        dist.join("app-1a2b3c4d5e.js"),
        "console.log('prongsai');\n".repeat(200),
    )
    .unwrap();
    std::fs::write(
        dist.join("prongsai_widget_bg-9f8e7d6c5b.wasm"),
        [0u8, 97, 115, 109, 1, 0, 0, 0].repeat(500),
    )
    .unwrap();
    let mut opts = sqlite_opts(&dir, "");
    opts.widget_dir = Some(dist.clone());
    let server = Server::start(&opts);
    let http = reqwest::Client::builder().build().unwrap(); // no automatic decompression

    let page = http
        .get(server.url("/?survey=ita-eit&unit=demo"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert_eq!(
        page.headers()["cache-control"],
        "no-cache",
        "index.html is revalidated"
    );
    assert!(
        page.headers().get("access-control-allow-origin").is_none(),
        "pages are not opened to other origins"
    );
    assert!(page.text().await.unwrap().contains("prongsai"));

    let wasm = http
        .get(server.url("/prongsai_widget_bg-9f8e7d6c5b.wasm"))
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(wasm.status(), 200);
    assert_eq!(wasm.headers()["content-type"], "application/wasm");
    assert_eq!(wasm.headers()["content-encoding"], "br");
    // a municipal site on another origin may load the widget's files
    assert_eq!(wasm.headers()["access-control-allow-origin"], "*");

    assert!(wasm.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("immutable"));
    let js = http
        .get(server.url("/app-1a2b3c4d5e.js"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert!(js.headers()["content-type"]
        .to_str()
        .unwrap()
        .contains("javascript"));
    assert_eq!(js.headers()["content-encoding"], "gzip");
    let bytes = js.bytes().await.unwrap();
    assert!(bytes.len() < 1000, "compressed: {} bytes", bytes.len());
    assert_eq!(
        http.get(server.url("/missing.js"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );

    // The demo start page lists every enabled survey with links and QR codes.
    let demo = http.get(server.url("/demo")).send().await.unwrap();
    assert_eq!(demo.status(), 200);
    let html = demo.text().await.unwrap();
    for id in ["ita-iit", "ita-eit", "satisfaction", "quick"] {
        assert!(
            html.contains(&format!("/?survey={id}&amp;unit=demo")),
            "{id} link"
        );
    }
    assert!(html.contains("&amp;point=counter-1"));
    assert!(html.matches("<svg").count() >= 4 * 3, "QR codes");
    assert!(
        html.contains("ไม่ใช่ผลการประเมิน ITA อย่างเป็นทางการ"),
        "not the official ITA"
    );
    let health: Value = http
        .get(server.url("/healthz"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["status"], "ok");
}

#[test]
fn without_a_widget_the_root_explains_how_to_build_it() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&sqlite_opts(&dir, ""));
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (status, body) = rt.block_on(async {
        let res = reqwest::get(server.url("/")).await.unwrap();
        (res.status().as_u16(), res.text().await.unwrap())
    });
    assert_eq!(status, 503);
    assert!(body.contains("scripts/build-widget.sh"));
}

#[test]
fn demo_defaults_print_a_generated_admin_token_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut opts = ServerOpts::sqlite(dir.path());
    opts.config = None;
    let server = Server::start(&opts);
    std::thread::sleep(Duration::from_millis(300));
    let log = server.stderr();
    let line = log
        .lines()
        .find(|l| l.contains("admin token"))
        .expect("token printed");
    assert_eq!(log.matches("admin token").count(), 1);
    let token = line.rsplit(' ').next().unwrap().to_string();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let http = reqwest::Client::new();
        let res = http
            .get(server.url("/api/v1/results?instrument=quick"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        // Demo defaults accept dates up to 60 days back: today in Bangkok.
        let today = prongsai_core::Date::today_bangkok(std::time::SystemTime::now());
        let env = envelope(
            &instrument("quick"),
            &new_id(),
            "demo",
            Some("counter-2"),
            &today.to_string(),
        );
        let res = http
            .post(server.url("/api/v1/responses"))
            .header("content-type", "application/json")
            .body(serde_json::to_string(&env).unwrap())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
    });
}

#[test]
fn bad_configs_are_refused_with_every_problem_named() {
    let dir = tempfile::tempdir().unwrap();
    let run = |config: &str| {
        let path = dir.path().join("bad.toml");
        std::fs::write(&path, config).unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_prongsai"))
            .args(["serve", "--addr", "127.0.0.1:0", "--config"])
            .arg(&path)
            .arg("--data-dir")
            .arg(dir.path().join("data"))
            .env_remove("PRONGSAI_ADMIN_TOKEN")
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
            out.stdout,
        )
    };
    let (code, err, stdout) = run(r#"
        admin_token = "short"
        surveys = ["ita-eit", "ita-xyz"]
        allowed_origins = ["www.example.go.th"]
        instrument_files = ["missing.json", "broken.json"]
        [[units]]
        id = "a"
        [[units]]
        id = "a"
        "#);
    std::fs::write(dir.path().join("broken.json"), "{}").unwrap();
    assert_eq!(code, Some(2));
    assert!(stdout.is_empty(), "no listening line");
    for needle in [
        "admin_token",
        "unknown survey `ita-xyz`",
        "allowed_origins[0]",
        "instrument_files[0]",
        "duplicate unit `a`",
    ] {
        assert!(err.contains(needle), "{needle} not in:\n{err}");
    }
    let (code, err, _) = run(r#"
        instrument_files = ["broken.json"]
        [[units]]
        id = "a"
        "#);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("instrument_files[0]") && err.contains("not a valid instrument"),
        "{err}"
    );
    let (code, err, _) = run("admin_tokn = \"0123456789abcdef\"\n[[units]]\nid = \"a\"\n");
    assert_eq!(code, Some(2));
    assert!(err.contains("admin_tokn"), "{err}");
    let (code, err, _) = run("max_body_bytes = \"big\"\n");
    assert_eq!(code, Some(2));
    assert!(err.contains("max_body_bytes"), "{err}");
}

#[test]
fn a_second_server_cannot_write_to_the_same_data_directory() {
    let dir = tempfile::tempdir().unwrap();
    let _first = Server::start(&sqlite_opts(&dir, ""));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_prongsai"))
        .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path().join("data"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("another `prongsai serve`"));
}

#[test]
fn the_admin_token_can_come_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let mut opts = sqlite_opts(&dir, "");
    opts.env.push((
        "PRONGSAI_ADMIN_TOKEN".into(),
        "token-from-the-environment".into(),
    ));
    let server = Server::start(&opts);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let http = reqwest::Client::new();
        let url = server.url("/api/v1/results?instrument=quick");
        let with_env = http
            .get(&url)
            .bearer_auth("token-from-the-environment")
            .send()
            .await
            .unwrap();
        assert_eq!(with_env.status(), 200);
        let with_file = http.get(&url).bearer_auth(TOKEN).send().await.unwrap();
        assert_eq!(
            with_file.status(),
            401,
            "the environment wins over the file"
        );
    });
}

#[tokio::test]
async fn an_agencys_own_instrument_file_is_collected_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let builtin_text = prongsai_core::builtin::json("quick").unwrap();
    let own = builtin_text.replacen("\"id\": \"quick\"", "\"id\": \"our-counter\"", 1);
    assert_ne!(own, builtin_text);
    std::fs::create_dir_all(dir.path().join("data")).unwrap();
    // Relative to the config file's folder (the config is written next to data/).
    std::fs::write(dir.path().join("our-counter.json"), &own).unwrap();
    let server = Server::start(&sqlite_opts(
        &dir,
        "instrument_files = [\"our-counter.json\"]\nsurveys = [\"our-counter\", \"ita-eit\"]",
    ));
    let http = client();
    let ours = prongsai_core::Instrument::from_json(&own).unwrap();
    let env = envelope(&ours, &new_id(), "demo", Some("counter-1"), "2026-10-01");
    let res = post(&http, &server, serde_json::to_string(&env).unwrap())
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    assert_eq!(
        results(&http, &server, "instrument=our-counter").await["n"],
        1
    );
    // Built-ins that are not enabled are refused.
    let quick = envelope_json(&instrument("quick"), &new_id());
    let (status, err) = error_of(post(&http, &server, quick).await.unwrap()).await;
    assert_eq!(
        (status, err["code"].as_str()),
        (422, Some("unknown_instrument"))
    );
    let demo = http
        .get(server.url("/demo"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(demo.contains("survey=our-counter"));
    assert!(!demo.contains("survey=quick&"));
}
