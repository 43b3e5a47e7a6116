//! Several `prongsai serve` processes behind a load balancer, on one PostgreSQL database: two
//! real servers on one throwaway database (scripts/pg-test-server.sh run -- cargo test …; without
//! PRONGSAI_TEST_POSTGRES_URL the test says so and skips). Whatever a request needs — the admin
//! session, whether an envelope id is taken, whether a one-time code is used — is in the
//! database, so it does not matter which server a request reaches.
mod server_support;

use serde_json::Value;
use server_support::*;

/// The same database, two data directories (SQLite would lock one directory to one process).
async fn two_nodes(dir: &tempfile::TempDir) -> Option<(Server, Server)> {
    let url = fresh_postgres().await?;
    let node = |name: &str| {
        let mut opts = ServerOpts::sqlite(dir.path());
        opts.data_dir = dir.path().join(name);
        // Hundreds of concurrent requests from one test client: no per-client connection cap.
        opts.config = Some(format!(
            "{}\n[connections]\nper_client = 0\n",
            config_toml("code_surveys = [\"ita-iit\"]")
        ));
        opts.database = Some(url.clone());
        opts
    };
    Some((Server::start(&node("a")), Server::start(&node("b"))))
}

/// The status of an admin page with the cookie, and where a redirect goes.
async fn admin_page(http: &reqwest::Client, server: &Server, cookie: &str) -> (u16, String) {
    let res = http
        .get(server.url("/admin/results"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    let location = res
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_string())
        .unwrap_or_default();
    (res.status().as_u16(), location)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_on_one_postgres_share_sessions_responses_and_codes() {
    let dir = tempfile::tempdir().unwrap();
    let Some((a, b)) = two_nodes(&dir).await else {
        eprintln!("skipped: PRONGSAI_TEST_POSTGRES_URL is not set (run through scripts/pg-test-server.sh run -- …)");
        return;
    };

    // ---- An admin session started on one server works on the other; logout ends it on both.
    let http = browser();
    let cookie = login(&http, &a).await;
    assert_eq!(admin_page(&http, &a, &cookie).await.0, 200);
    assert_eq!(
        admin_page(&http, &b, &cookie).await.0,
        200,
        "the session made by server a is known to server b"
    );
    let (status, location) = admin_page(&http, &b, "x=1").await;
    assert_eq!(
        (status, location.starts_with("/admin/login")),
        (303, true),
        "without a session: to the login form"
    );
    let forged = format!("prongsai_admin={}", "ab".repeat(32));
    assert_eq!(
        admin_page(&http, &b, &forged).await.0,
        303,
        "an unknown token"
    );
    let res = http
        .post(b.url("/admin/logout"))
        .header("cookie", &cookie)
        .header("origin", &b.base)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(
        admin_page(&http, &a, &cookie).await.0,
        303,
        "logged out on b: the session is gone on a too"
    );

    // ---- The same envelope sent to both servers many times at once is stored exactly once.
    let widget = client();
    let eit = instrument("ita-eit");
    const ENVELOPES: usize = 40;
    const COPIES: usize = 5;
    let bodies: Vec<String> = (0..ENVELOPES)
        .map(|_| envelope_json(&eit, &new_id()))
        .collect();
    let mut tasks = Vec::new();
    for (i, body) in bodies.iter().enumerate() {
        for _ in 0..COPIES {
            for server in [&a, &b] {
                let http = widget.clone();
                let url = server.url("/api/v1/responses");
                let body = body.clone();
                tasks.push(tokio::spawn(async move {
                    let res = http
                        .post(url)
                        .header("content-type", "application/json")
                        .body(body)
                        .send()
                        .await
                        .unwrap();
                    (i, res.status().as_u16())
                }));
            }
        }
    }
    let mut created = vec![0; ENVELOPES];
    for t in tasks {
        match t.await.unwrap() {
            (i, 201) => created[i] += 1,
            (_, 200) => {}
            (i, other) => panic!("envelope {i}: unexpected status {other}"),
        }
    }
    assert_eq!(
        created,
        vec![1; ENVELOPES],
        "each envelope answered 201 exactly once over {} sends to two servers",
        2 * COPIES
    );
    for server in [&a, &b] {
        assert_eq!(
            results(&widget, server, "instrument=ita-eit").await["n"],
            ENVELOPES as u64,
            "stored once, seen by both"
        );
    }

    // ---- A one-time code used on one server is refused on the other.
    let res = widget
        .post(a.url("/api/v1/codes"))
        .bearer_auth(TOKEN)
        .header("content-type", "application/json")
        .body(r#"{"survey":"ita-iit","count":2}"#)
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
    let iit = instrument("ita-iit");
    let send = |server: &Server, code: &str| {
        let http = widget.clone();
        let url = server.url("/api/v1/responses");
        let body =
            serde_json::to_string(&envelope(&iit, &new_id(), "demo", None, "2026-10-15")).unwrap();
        let code = code.to_string();
        async move {
            http.post(url)
                .header("content-type", "application/json")
                .header("x-prongsai-code", code)
                .body(body)
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(
        send(&b, &codes[0]).await.status(),
        201,
        "made on a, used on b"
    );
    let (status, err) = error_of(send(&a, &codes[0]).await).await;
    assert_eq!(
        (status, err["code"].as_str()),
        (403, Some("code_used")),
        "used on b, refused on a"
    );
    // The other code, tried on both servers at once with different responses: one gets in.
    let (first, second) = tokio::join!(send(&a, &codes[1]), send(&b, &codes[1]));
    let mut statuses = [first.status().as_u16(), second.status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [201, 403], "one code, one response");
    assert_eq!(
        results(&widget, &b, "instrument=ita-iit").await["n"],
        2,
        "two codes, two responses"
    );
}
