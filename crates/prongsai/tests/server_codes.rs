//! What the widget asks before the first question of a code survey: whether the survey needs a
//! one-time code, and whether a code is good — without using it up (docs/server.md "One-time
//! codes"). Through the real binary on loopback (SQLite).
mod server_support;

use serde_json::{json, Value};
use server_support::*;

async fn make_codes(http: &reqwest::Client, server: &Server, n: u32) -> Vec<String> {
    let res = http
        .post(server.url("/api/v1/codes"))
        .bearer_auth(TOKEN)
        .header("content-type", "application/json")
        .body(json!({ "survey": "ita-iit", "count": n }).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let made: Value = res.json().await.unwrap();
    made["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect()
}

async fn check(http: &reqwest::Client, server: &Server, body: Value) -> reqwest::Response {
    http.post(server.url("/api/v1/codes/check"))
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_widget_learns_which_surveys_need_a_code() {
    let dir = tempfile::tempdir().unwrap();
    let mut opts = ServerOpts::sqlite(dir.path());
    opts.config = Some(config_toml("code_surveys = [\"ita-iit\"]"));
    let server = Server::start(&opts);
    let http = client();
    let survey = |id: &str| {
        let (http, url) = (http.clone(), server.url(&format!("/api/v1/surveys/{id}")));
        async move { http.get(url).send().await.unwrap() }
    };
    let iit: Value = survey("ita-iit").await.json().await.unwrap();
    assert_eq!(iit, json!({ "id": "ita-iit", "needs_code": true }));
    let eit: Value = survey("ita-eit").await.json().await.unwrap();
    assert_eq!(eit["needs_code"], false);
    let (status, err) = error_of(survey("no-such-survey").await).await;
    assert_eq!(
        (status, err["code"].as_str()),
        (404, Some("unknown_survey"))
    );
}

#[tokio::test]
async fn a_code_check_says_ok_unknown_used_or_malformed_and_never_uses_the_code_up() {
    let dir = tempfile::tempdir().unwrap();
    let mut opts = ServerOpts::sqlite(dir.path());
    opts.config = Some(config_toml("code_surveys = [\"ita-iit\"]"));
    let server = Server::start(&opts);
    let http = client();
    let codes = make_codes(&http, &server, 2).await;

    // Checked twice, still good: a check does not use the code up.
    for typed in [codes[0].clone(), codes[0].to_lowercase().replace('-', " ")] {
        let res = check(
            &http,
            &server,
            json!({ "survey": "ita-iit", "code": typed }),
        )
        .await;
        assert_eq!(res.status(), 200);
        assert_eq!(
            res.json::<Value>().await.unwrap(),
            json!({ "status": "ok" })
        );
    }
    assert_eq!(
        results(&http, &server, "instrument=ita-iit").await["n"],
        0,
        "a check stores nothing"
    );

    let (status, err) = error_of(
        check(
            &http,
            &server,
            json!({ "survey": "ita-iit", "code": "AAAAA-BBBBB" }),
        )
        .await,
    )
    .await;
    assert_eq!((status, err["code"].as_str()), (403, Some("code_unknown")));
    let (status, err) = error_of(
        check(
            &http,
            &server,
            json!({ "survey": "ita-iit", "code": "12-OO" }),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, err["code"].as_str(), err["field"].as_str()),
        (422, Some("code_malformed"), Some("code"))
    );
    let (status, err) = error_of(
        check(
            &http,
            &server,
            json!({ "survey": "nope", "code": codes[1] }),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, err["code"].as_str(), err["field"].as_str()),
        (422, Some("unknown_survey"), Some("survey"))
    );
    let res = check(
        &http,
        &server,
        json!({ "survey": "ita-eit", "code": codes[1] }),
    )
    .await;
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "not_needed");

    // The stored response uses the code up; the check then says so.
    let iit = instrument("ita-iit");
    let body =
        serde_json::to_string(&envelope(&iit, &new_id(), "demo", None, "2026-10-15")).unwrap();
    let res = http
        .post(server.url("/api/v1/responses"))
        .header("content-type", "application/json")
        .header("x-prongsai-code", codes[0].clone())
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let (status, err) = error_of(
        check(
            &http,
            &server,
            json!({ "survey": "ita-iit", "code": codes[0] }),
        )
        .await,
    )
    .await;
    assert_eq!((status, err["code"].as_str()), (403, Some("code_used")));
    assert_eq!(results(&http, &server, "instrument=ita-iit").await["n"], 1);
    // The other code is untouched.
    assert_eq!(
        check(
            &http,
            &server,
            json!({ "survey": "ita-iit", "code": codes[1] })
        )
        .await
        .status(),
        200
    );
}

#[tokio::test]
async fn the_admin_slip_page_makes_codes_that_pass_the_check_and_refuses_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let mut opts = ServerOpts::sqlite(dir.path());
    opts.config = Some(config_toml("code_surveys = [\"ita-iit\"]"));
    let server = Server::start(&opts);
    let http = client();
    let form = |body: &'static str| {
        let (http, url) = (http.clone(), server.url("/admin/codes"));
        async move {
            http.post(url)
                .bearer_auth(TOKEN)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body)
                .send()
                .await
                .unwrap()
        }
    };
    let bad = form("survey=ita-iit&unit=demo&count=0").await;
    assert_eq!(bad.status(), 422);
    assert!(bad.text().await.unwrap().contains("จำนวนรหัส (count)"));
    let bad = form("survey=ita-eit&unit=demo&count=3").await;
    assert_eq!(bad.status(), 422);
    assert!(bad.text().await.unwrap().contains("แบบสำรวจ (survey)"));

    let res = form("survey=ita-iit&unit=demo&count=3").await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert_eq!(html.matches("class=\"slip\"").count(), 3);
    let code: String = html
        .split("code=")
        .nth(1)
        .unwrap()
        .chars()
        .take(11)
        .collect();
    let ok = check(&http, &server, json!({ "survey": "ita-iit", "code": code })).await;
    assert_eq!(ok.status(), 200, "a printed code is a stored code: {code}");
}
