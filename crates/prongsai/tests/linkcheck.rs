//! The OIT evidence link check against a loopback test site (127.0.0.1 and localhost only):
//! each case asserts the exact flag an integrity officer would see.
use std::io::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Redirect};
use axum::routing::get;
use axum::Router;
use prongsai::linkcheck::{check, CheckOptions, EvidenceLink, Flag, LinkReport, MainSite};
use serde_json::Value;

const THAI_TITLE: &str = "โครงสร้างและอำนาจหน้าที่ & ผู้บริหาร";
const THAI_PAGE: &str = "<!doctype html><html><head><meta charset=\"utf-8\">\
    <title>\n  โครงสร้างและอำนาจหน้าที่ &amp; ผู้บริหาร\n</title></head>\
    <body><h1>โครงสร้าง</h1></body></html>";

/// The agency's main site on 127.0.0.1 and another site on `localhost` (a different host name).
struct Sites {
    main: String,
    other: String,
    main_port: u16,
    other_port: u16,
    /// Requests that reached `/o1` of the main site.
    o1_hits: Arc<AtomicUsize>,
    /// The most `/page/N` requests the main site was answering at the same time.
    most_in_flight: Arc<AtomicUsize>,
}

impl Sites {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.main)
    }
}

async fn serve(router: Router) -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let port = listener.local_addr().expect("address").port();
    tokio::spawn(async move {
        axum::serve(listener, router).await.expect("test site");
    });
    port
}

async fn sites() -> Sites {
    let other_router = Router::new().route(
        "/elsewhere",
        get(|| async { Html("<title>Somewhere else</title>") }),
    );
    let other_port = serve(other_router).await;
    let other = format!("http://localhost:{other_port}");

    let o1_hits = Arc::new(AtomicUsize::new(0));
    let hits = o1_hits.clone();
    let away = format!("{other}/elsewhere");
    let in_flight = Arc::new(AtomicUsize::new(0));
    let most_in_flight = Arc::new(AtomicUsize::new(0));
    let (now, most) = (in_flight.clone(), most_in_flight.clone());
    let main_router = Router::new()
        .route(
            "/page/{n}",
            get(move || {
                let (now, most) = (now.clone(), most.clone());
                async move {
                    let current = now.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(current, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(300)).await;
                    now.fetch_sub(1, Ordering::SeqCst);
                    Html("<title>หน้า</title>")
                }
            }),
        )
        .route(
            "/o1",
            get(move || {
                let hits = hits.clone();
                async move {
                    hits.fetch_add(1, Ordering::SeqCst);
                    Html(THAI_PAGE)
                }
            }),
        )
        .route("/missing", get(|| async { StatusCode::NOT_FOUND }))
        .route(
            "/broken",
            get(|| async { (StatusCode::INTERNAL_SERVER_ERROR, "database down") }),
        )
        .route("/old", get(|| async { Redirect::permanent("/older") }))
        // A relative Location, resolved against the URL that sent it.
        .route("/older", get(|| async { Redirect::temporary("o1") }))
        .route(
            "/away",
            get(move || {
                let away = away.clone();
                async move { Redirect::to(&away) }
            }),
        )
        .route("/loop", get(|| async { Redirect::to("/loop") }))
        .route(
            "/to-ftp",
            get(|| async { Redirect::to("ftp://127.0.0.1/o5.pdf") }),
        )
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(60)).await;
                Html("<title>too late</title>")
            }),
        )
        .route(
            "/big",
            get(|| async {
                let mut page = String::from("<html><head><title>รายงานประจำปี</title></head><body>");
                page.push_str(&"<p>ข้อมูล</p>".repeat(40_000));
                page.push_str("</body></html>");
                Html(page)
            }),
        )
        .route(
            "/legacy",
            get(|| async {
                let (bytes, _, _) = encoding_rs::WINDOWS_874
                    .encode("<html><head><title>ข่าวประชาสัมพันธ์</title></head></html>");
                (
                    [(header::CONTENT_TYPE, "text/html; charset=TIS-620")],
                    bytes.into_owned(),
                )
                    .into_response()
            }),
        )
        .route(
            "/o12.pdf",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "application/pdf")],
                    vec![b'%'; 2048],
                )
            }),
        );
    let main_port = serve(main_router).await;
    Sites {
        main: format!("http://127.0.0.1:{main_port}"),
        other,
        main_port,
        other_port,
        o1_hits,
        most_in_flight,
    }
}

fn yes(code: &str, url: &str) -> EvidenceLink {
    EvidenceLink {
        code: code.into(),
        url: url.into(),
        label: None,
        answered_yes: true,
    }
}

fn options(sites: &Sites) -> CheckOptions {
    CheckOptions {
        main_site: Some(MainSite::parse(&sites.main).expect("main site")),
        timeout: Duration::from_secs(5),
        ..CheckOptions::default()
    }
}

async fn check_one(sites: &Sites, url: &str) -> LinkReport {
    check(vec![yes("o1", url)], options(sites)).await
}

#[tokio::test]
async fn a_page_with_a_thai_title_passes_with_its_status_title_size_and_type() {
    let sites = sites().await;
    let url = sites.url("/o1");
    let report = check_one(&sites, &url).await;
    let r = &report.results[0];
    assert_eq!(r.flags, vec![]);
    assert!(report.is_clean());
    assert_eq!(r.status, Some(200));
    assert_eq!(r.title.as_deref(), Some(THAI_TITLE));
    assert_eq!(r.size(), Some(THAI_PAGE.len() as u64));
    assert_eq!(r.content_type.as_deref(), Some("text/html; charset=utf-8"));
    assert_eq!(r.final_url.as_deref(), Some(url.as_str()));
    assert!(r.redirects.is_empty());
}

#[tokio::test]
async fn a_404_is_flagged_as_page_not_found() {
    let sites = sites().await;
    let report = check_one(&sites, &sites.url("/missing")).await;
    let flags = &report.results[0].flags;
    assert_eq!(flags, &vec![Flag::ClientError { status: 404 }]);
    assert_eq!(flags[0].message_th(), "ไม่พบหน้าเว็บ (HTTP 404)");
    assert_eq!(report.flagged_items, 1);
}

#[tokio::test]
async fn a_500_is_flagged_as_a_server_error() {
    let sites = sites().await;
    let report = check_one(&sites, &sites.url("/broken")).await;
    assert_eq!(
        report.results[0].flags,
        vec![Flag::ServerError { status: 500 }]
    );
}

#[tokio::test]
async fn a_redirect_chain_inside_the_site_is_followed_and_recorded() {
    let sites = sites().await;
    let report = check_one(&sites, &sites.url("/old")).await;
    let r = &report.results[0];
    assert_eq!(r.flags, vec![]);
    let chain: Vec<(u16, &str)> = r
        .redirects
        .iter()
        .map(|h| (h.status, h.to.as_str()))
        .collect();
    let older = sites.url("/older");
    let o1 = sites.url("/o1");
    assert_eq!(chain, vec![(308, older.as_str()), (307, o1.as_str())]);
    assert_eq!(r.final_url.as_deref(), Some(o1.as_str()));
    assert_eq!(r.status, Some(200));
    assert_eq!(r.title.as_deref(), Some(THAI_TITLE));
}

#[tokio::test]
async fn a_redirect_to_another_host_is_flagged_off_site() {
    let sites = sites().await;
    let report = check_one(&sites, &sites.url("/away")).await;
    let r = &report.results[0];
    assert_eq!(
        r.flags,
        vec![Flag::RedirectedOffSite {
            host: format!("localhost:{}", sites.other_port),
            main_site: format!("127.0.0.1:{}", sites.main_port),
        }]
    );
    // The target itself answered: its status and title are still reported.
    assert_eq!(r.status, Some(200));
    assert_eq!(r.title.as_deref(), Some("Somewhere else"));
}

#[tokio::test]
async fn a_link_outside_the_main_site_is_flagged_and_without_main_site_it_is_not() {
    let sites = sites().await;
    let url = format!("{}/elsewhere", sites.other);
    let report = check_one(&sites, &url).await;
    assert_eq!(
        report.results[0].flags,
        vec![Flag::OutsideMainSite {
            host: format!("localhost:{}", sites.other_port),
            main_site: format!("127.0.0.1:{}", sites.main_port),
        }]
    );
    let unbounded = CheckOptions {
        main_site: None,
        ..options(&sites)
    };
    let report = check(vec![yes("o1", &url)], unbounded).await;
    assert_eq!(report.results[0].flags, vec![]);
    assert_eq!(report.main_site, None);
}

#[tokio::test]
async fn a_page_that_never_answers_times_out() {
    let sites = sites().await;
    let quick = CheckOptions {
        timeout: Duration::from_secs(1),
        ..options(&sites)
    };
    let started = std::time::Instant::now();
    let report = check(vec![yes("o7", &sites.url("/slow"))], quick).await;
    let r = &report.results[0];
    assert_eq!(
        r.flags,
        vec![Flag::Timeout {
            seconds: "1".into()
        }]
    );
    assert_eq!(r.flags[0].message_en(), "no answer within 1 s");
    assert_eq!(r.status, None);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_refused_connection_is_flagged_unreachable() {
    let sites = sites().await;
    // A port that was just free: nothing listens there any more.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = closed.local_addr().expect("address").port();
    drop(closed);
    let report = check_one(&sites, &format!("http://127.0.0.1:{port}/o1")).await;
    let r = &report.results[0];
    match r.flags.as_slice() {
        [Flag::Unreachable { reason }, Flag::OutsideMainSite { .. }] => {
            assert!(
                reason.to_lowercase().contains("refused"),
                "reason: {reason}"
            );
        }
        other => panic!("expected unreachable + outside the main site, got {other:?}"),
    }
    assert_eq!(r.status, None);
}

#[tokio::test]
async fn non_web_missing_and_scheme_less_links_are_flagged_without_a_request() {
    let sites = sites().await;
    let no = EvidenceLink {
        code: "o9".into(),
        url: String::new(),
        label: None,
        answered_yes: false,
    };
    let report = check(
        vec![
            yes("o2", "ftp://127.0.0.1/o2.pdf"),
            yes("o3", ""),
            yes("o4", "www.abc.go.th/ita/o4"),
            yes("o5", "http://"),
            no,
        ],
        options(&sites),
    )
    .await;
    let flags: Vec<(&str, &[Flag])> = report
        .results
        .iter()
        .map(|r| (r.code.as_str(), r.flags.as_slice()))
        .collect();
    assert_eq!(flags.len(), 4, "o9 (answered no, no link) is left out");
    assert_eq!(
        flags[0],
        (
            "o2",
            &[Flag::NotHttp {
                scheme: "ftp".into()
            }][..]
        )
    );
    assert_eq!(flags[1], ("o3", &[Flag::NoEvidenceLink][..]));
    assert_eq!(flags[2], ("o4", &[Flag::NoScheme][..]));
    assert!(matches!(flags[3].1, [Flag::InvalidUrl { .. }]));
    assert!(report.results.iter().all(|r| !r.fetched));
    assert_eq!(report.fetched_urls, 0);
}

#[tokio::test]
async fn one_url_for_two_items_flags_each_naming_the_other_and_is_fetched_once() {
    let sites = sites().await;
    let url = sites.url("/o1");
    let report = check(
        vec![
            yes("o11", &url),
            yes("o12", &url),
            // The same page written differently (trailing slash, anchor).
            yes("o13", &format!("{url}/#top")),
            yes("o14", &sites.url("/o12.pdf")),
        ],
        options(&sites),
    )
    .await;
    let flags: Vec<&[Flag]> = report.results.iter().map(|r| r.flags.as_slice()).collect();
    let shared = |codes: &[&str]| Flag::SharedUrl {
        other_items: codes.iter().map(|c| c.to_string()).collect(),
    };
    assert_eq!(flags[0], &[shared(&["O12", "O13"])][..]);
    assert_eq!(flags[1], &[shared(&["O11", "O13"])][..]);
    assert_eq!(
        flags[2].first().map(Flag::name),
        Some("client_error"),
        "/o1/ is not a route of the test site"
    );
    assert_eq!(flags[2].get(1), Some(&shared(&["O11", "O12"])));
    assert!(flags[3].is_empty(), "{:?}", flags[3]);
    assert_eq!(
        flags[0][0].message_th(),
        "ใช้ URL เดียวกันกับข้อ O12, O13 ด้วย (หลักฐานแต่ละข้อควรเป็นหน้าของข้อนั้น)"
    );
    assert_eq!(sites.o1_hits.load(Ordering::SeqCst), 1, "fetched once");
    assert_eq!(report.fetched_urls, 3);
}

#[tokio::test]
async fn a_large_page_is_read_only_up_to_the_limit_and_a_pdf_not_at_all() {
    let sites = sites().await;
    let small = CheckOptions {
        max_body: 16 * 1024,
        ..options(&sites)
    };
    let report = check(
        vec![
            yes("o13", &sites.url("/big")),
            yes("o12", &sites.url("/o12.pdf")),
        ],
        small,
    )
    .await;
    let big = &report.results[0];
    assert_eq!(big.flags, vec![]);
    assert_eq!(big.title.as_deref(), Some("รายงานประจำปี"));
    assert_eq!(big.bytes_read, 16 * 1024);
    assert!(big.truncated);
    let full = big.content_length.expect("content length");
    assert!(full > 16 * 1024, "{full}");
    assert_eq!(big.size(), Some(full));
    let pdf = &report.results[1];
    assert_eq!(pdf.content_type.as_deref(), Some("application/pdf"));
    assert_eq!(pdf.size(), Some(2048));
    assert_eq!(pdf.bytes_read, 0);
    assert_eq!(pdf.title, None);
}

#[tokio::test]
async fn no_more_requests_than_the_concurrency_are_in_flight() {
    let sites = sites().await;
    let two = CheckOptions {
        concurrency: 2,
        ..options(&sites)
    };
    let links: Vec<EvidenceLink> = (1..=6)
        .map(|n| yes(&format!("o{n}"), &sites.url(&format!("/page/{n}"))))
        .collect();
    let report = check(links, two).await;
    assert!(report.is_clean());
    assert_eq!(report.fetched_urls, 6);
    // Unbounded, all six would be in flight together (each page takes 300 ms). Not asserted to be
    // exactly 2: on a loaded machine the second request may start after the first has ended.
    let most = sites.most_in_flight.load(Ordering::SeqCst);
    assert!((1..=2).contains(&most), "{most} in flight at once");
    let codes: Vec<&str> = report.results.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(
        codes,
        vec!["o1", "o2", "o3", "o4", "o5", "o6"],
        "order kept"
    );
}

#[tokio::test]
async fn a_redirect_loop_stops_at_the_limit() {
    let sites = sites().await;
    let few = CheckOptions {
        max_redirects: 3,
        ..options(&sites)
    };
    let report = check(vec![yes("o1", &sites.url("/loop"))], few).await;
    let r = &report.results[0];
    assert_eq!(r.flags, vec![Flag::TooManyRedirects { limit: 3 }]);
    assert_eq!(r.redirects.len(), 4);
}

#[tokio::test]
async fn a_redirect_to_a_non_web_address_is_a_bad_redirect() {
    let sites = sites().await;
    let report = check_one(&sites, &sites.url("/to-ftp")).await;
    let r = &report.results[0];
    assert_eq!(
        r.flags,
        vec![Flag::BadRedirect {
            reason: "it leads to ftp:, not to a web page".into()
        }]
    );
    assert_eq!(r.status, Some(303));
}

#[tokio::test]
async fn a_tis620_page_title_is_decoded() {
    let sites = sites().await;
    let report = check_one(&sites, &sites.url("/legacy")).await;
    assert_eq!(report.results[0].title.as_deref(), Some("ข่าวประชาสัมพันธ์"));
}

// --- the command line -------------------------------------------------------------------------

fn answers_file(doc: &Value) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("oit.json");
    std::fs::File::create(&path)
        .and_then(|mut f| f.write_all(doc.to_string().as_bytes()))
        .expect("write answers");
    (dir, path)
}

/// Runs the real binary off the async runtime (the test site keeps answering meanwhile).
async fn run_cli(args: Vec<String>) -> std::process::Output {
    tokio::task::spawn_blocking(move || {
        assert_cmd::Command::cargo_bin("prongsai")
            .expect("binary")
            .args(args)
            .output()
            .expect("run prongsai")
    })
    .await
    .expect("join")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_prints_a_thai_english_report_and_exits_1_when_something_is_flagged() {
    let sites = sites().await;
    let doc = serde_json::json!({
        "o1": "yes", "o1.url": sites.url("/o1"), "o1.note": "แผนผังโครงสร้าง",
        "o2": "yes", "o2.url": sites.url("/missing"),
        "o3": "yes", "o3.url": "",
        "o4": "no"
    });
    let (_dir, path) = answers_file(&doc);
    let out = run_cli(vec![
        "linkcheck".into(),
        path.display().to_string(),
        "--main-site".into(),
        sites.main.clone(),
        "--timeout".into(),
        "3".into(),
    ])
    .await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains(THAI_TITLE), "{stdout}");
    assert!(
        stdout.contains("✗ ไม่พบหน้าเว็บ (HTTP 404) · page not found (HTTP 404)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("ตอบว่า \"มี\" แต่ไม่ได้ระบุ URL หลักฐาน"),
        "{stdout}"
    );
    assert!(stdout.contains("2 flagged: O2, O3"), "{stdout}");

    let out = run_cli(vec![
        "linkcheck".into(),
        path.display().to_string(),
        "--main-site".into(),
        sites.main.clone(),
        "--format".into(),
        "json".into(),
    ])
    .await;
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_eq!(report["flagged_items"], 2);
    let results = report["results"].as_array().expect("results");
    assert_eq!(
        results.len(),
        3,
        "o4 answered no without a link is left out"
    );
    assert_eq!(results[0]["title"], THAI_TITLE);
    assert_eq!(results[1]["flags"][0]["flag"], "client_error");
    assert_eq!(results[1]["flags"][0]["status"], 404);
    assert_eq!(results[1]["flags"][0]["th"], "ไม่พบหน้าเว็บ (HTTP 404)");
    assert_eq!(results[2]["flags"][0]["flag"], "no_evidence_link");
    // A stored JSON report reads back into the same types (for the OIT pages).
    let typed: LinkReport = serde_json::from_slice(&out.stdout).expect("typed report");
    assert_eq!(
        typed.results[1].flags,
        vec![Flag::ClientError { status: 404 }]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_exits_0_when_every_link_is_good() {
    let sites = sites().await;
    let doc = serde_json::json!({"format": "prongsai.response/1", "answers": {
        "o1": "yes", "o1.url": sites.url("/o1"),
        "o2": "yes", "o2.url": sites.url("/old")
    }});
    let (_dir, path) = answers_file(&doc);
    let out = run_cli(vec![
        "linkcheck".into(),
        path.display().to_string(),
        "--main-site".into(),
        sites.main.clone(),
    ])
    .await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("2 items checked (2 URLs fetched), 0 flagged"),
        "{stdout}"
    );
}

#[test]
fn cli_exits_2_naming_the_json_path_of_a_bad_answer() {
    let (_dir, path) = answers_file(&serde_json::json!({
        "answers": {"o1": "yes", "o1.url": 42}
    }));
    let out = assert_cmd::Command::cargo_bin("prongsai")
        .expect("binary")
        .args(["linkcheck", &path.display().to_string()])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("answers.o1.url: the evidence URL must be text, found 42"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());

    let (_dir2, broken) = answers_file(&Value::Null);
    std::fs::write(&broken, "{\"o1\": \"yes\",\n \"o1.url\": }").expect("write");
    let out = assert_cmd::Command::cargo_bin("prongsai")
        .expect("binary")
        .args(["linkcheck", &broken.display().to_string()])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("not valid JSON (line 2, column"),
        "{stderr}"
    );

    let out = assert_cmd::Command::cargo_bin("prongsai")
        .expect("binary")
        .args(["linkcheck", &path.display().to_string(), "--timeout", "0"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("more than 0"));

    let out = assert_cmd::Command::cargo_bin("prongsai")
        .expect("binary")
        .args([
            "linkcheck",
            &path.display().to_string(),
            "--main-site",
            "http://",
        ])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--main-site: `http://`"));
}
