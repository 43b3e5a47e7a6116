//! Helpers of the admin-page tests: forms posted with the session cookie, start tags read back,
//! envelopes posted in bulk, waiting for the server's log.
use std::collections::BTreeMap;

use futures_util::StreamExt as _;
use prongsai_core::Envelope;

use super::{admin_get, client, post, Server};

pub fn wait_for(mut ok: impl FnMut() -> bool, what: &str) {
    let start = std::time::Instant::now();
    while !ok() {
        assert!(
            start.elapsed().as_secs() < 10,
            "timed out waiting for {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

pub async fn post_form(
    http: &reqwest::Client,
    server: &Server,
    cookie: &str,
    path: &str,
    body: &str,
) -> reqwest::Response {
    http.post(server.url(path))
        .header("cookie", cookie)
        .header("origin", &server.base)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.to_string())
        .send()
        .await
        .unwrap()
}

/// Attributes of every start tag that has `attr`, in document order.
pub fn tags_with(html: &str, attr: &str) -> Vec<BTreeMap<String, String>> {
    let needle = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        let start = rest[..i].rfind('<').unwrap();
        let end = i + rest[i..].find('>').unwrap();
        let tag = &rest[start..end];
        let mut attrs = BTreeMap::new();
        let mut t = tag;
        while let Some(eq) = t.find("=\"") {
            let name = t[..eq].rsplit([' ', '<']).next().unwrap().to_string();
            let vstart = eq + 2;
            let vend = vstart + t[vstart..].find('"').unwrap();
            attrs.insert(name, unescape(&t[vstart..vend]));
            t = &t[vend + 1..];
        }
        out.push(attrs);
        rest = &rest[end..];
    }
    out
}

pub fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Posts envelopes through the API, 16 at a time; every one must be stored (201).
pub async fn post_all(server: &Server, envelopes: Vec<Envelope>) {
    let http = client();
    let results: Vec<(u16, String)> = futures_util::stream::iter(envelopes)
        .map(|e| {
            let http = http.clone();
            let body = serde_json::to_string(&e).unwrap();
            async move {
                let res = post(&http, server, body).await.unwrap();
                let status = res.status().as_u16();
                (status, res.text().await.unwrap_or_default())
            }
        })
        .buffer_unordered(16)
        .collect()
        .await;
    if let Some((status, body)) = results.iter().find(|(s, _)| *s != 201) {
        panic!("not stored: {status} {body}");
    }
}

/// Every place an approved comment is published, as (what, HTML): the public page (which must
/// be served), the public-summary preview and the O16.
pub async fn published_docs(
    http: &reqwest::Client,
    server: &Server,
    cookie: &str,
    survey: &str,
) -> Vec<(&'static str, String)> {
    let public = client()
        .get(server.url(&format!("/public/{survey}")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        public.status(),
        200,
        "the public page of {survey} is served"
    );
    let public = public.text().await.unwrap();
    let (_, summary) = admin_get(
        http,
        server,
        cookie,
        &format!("/admin/reports/summary/{survey}"),
    )
    .await;
    let (_, o16) = admin_get(
        http,
        server,
        cookie,
        &format!("/admin/reports/o16/{survey}"),
    )
    .await;
    vec![("public", public), ("summary", summary), ("o16", o16)]
}
