//! What `prongsai serve` sends the widget besides its page: the instrument it shows
//! (`/instruments/ID.json`, since the widget embeds none) and the widget's files precompressed
//! at build time (scripts/precompress.mjs), sent as they are with the right headers.
mod server_support;

use prongsai_core::Instrument;
use serde_json::Value;
use server_support::*;

fn opts(dir: &tempfile::TempDir, extra: &str) -> ServerOpts {
    let mut o = ServerOpts::sqlite(dir.path());
    o.config = Some(config_toml(extra));
    o
}

#[tokio::test]
async fn instruments_route_serves_builtins_and_configured_files_and_404s_unknown_ids() {
    let dir = tempfile::tempdir().unwrap();
    let builtin_text = prongsai_core::builtin::json("quick").unwrap();
    let own = builtin_text.replacen("\"id\": \"quick\"", "\"id\": \"our-counter\"", 1);
    assert_ne!(own, builtin_text);
    std::fs::create_dir_all(dir.path().join("data")).unwrap();
    std::fs::write(dir.path().join("our-counter.json"), &own).unwrap();
    let server = Server::start(&opts(
        &dir,
        "instrument_files = [\"our-counter.json\"]\nsurveys = [\"our-counter\", \"ita-eit\"]",
    ));
    let http = client();

    // A built-in: the same instrument the server scores with, readable from any origin.
    let res = http
        .get(server.url("/instruments/ita-eit.json"))
        .header("origin", "https://www.example-municipality.go.th")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    assert_eq!(res.headers()["access-control-allow-origin"], "*");
    let text = res.text().await.unwrap();
    let served = Instrument::from_json(&text).expect("the served EIT reads back");
    assert_eq!(served, instrument("ita-eit"));

    // The agency's own file, by its id.
    let res = http
        .get(server.url("/instruments/our-counter.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let served = Instrument::from_json(&res.text().await.unwrap()).expect("reads back");
    assert_eq!(served, Instrument::from_json(&own).unwrap());
    assert_eq!(served.id, "our-counter");

    // Unknown, not enabled (quick is built in but not in `surveys`), or not .json: a JSON 404.
    for (path, field) in [
        ("/instruments/nonexistent.json", "id"),
        ("/instruments/quick.json", "id"),
        ("/instruments/ita-eit", "path"),
    ] {
        let res = http.get(server.url(path)).send().await.unwrap();
        assert_eq!(
            res.headers()["access-control-allow-origin"],
            "*",
            "{path}: the widget on another origin can read the 404"
        );
        let (status, err) = error_of(res).await;
        assert_eq!(status, 404, "{path}");
        assert_eq!(err["code"], "unknown_instrument", "{path}: {err}");
        assert_eq!(err["field"], field, "{path}: {err}");
        assert!(
            err["message"].as_str().unwrap_or("").contains("ita-eit"),
            "{path}: names what the server serves: {err}"
        );
    }

    // An edition the server does not have.
    let (status, err) = error_of(
        http.get(server.url("/instruments/ita-eit.json?edition=1999"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((status, err["field"].as_str()), (404, Some("edition")));
    let res = http
        .get(server.url("/instruments/ita-eit.json?edition=2568"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["edition"], "2568");
}

#[tokio::test]
async fn precompressed_files_are_sent_as_built_never_compressed_again() {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>prongsai</title>",
    )
    .unwrap();
    let wasm = [0u8, 97, 115, 109, 1, 0, 0, 0].repeat(500);
    std::fs::write(dist.join("prongsai-9f8e7d6c5b.wasm"), &wasm).unwrap();
    // Stand-ins for what scripts/precompress.mjs writes: the server must send these bytes as
    // they are (a real .br is opaque to it too).
    let br = b"BROTLI-11-BYTES".repeat(10);
    let gz = b"GZIP-9-BYTES".repeat(10);
    std::fs::write(dist.join("prongsai-9f8e7d6c5b.wasm.br"), &br).unwrap();
    std::fs::write(dist.join("prongsai-9f8e7d6c5b.wasm.gz"), &gz).unwrap();
    let mut o = opts(&dir, "");
    o.widget_dir = Some(dist);
    let server = Server::start(&o);
    let http = reqwest::Client::builder().build().unwrap(); // no automatic decompression
    let url = server.url("/prongsai-9f8e7d6c5b.wasm");

    for (accept, encoding, body) in [("br, gzip", "br", &br), ("gzip", "gzip", &gz)] {
        let res = http
            .get(&url)
            .header("accept-encoding", accept)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let h = res.headers().clone();
        assert_eq!(h["content-type"], "application/wasm", "{accept}");
        assert_eq!(h["content-encoding"], encoding, "{accept}");
        assert_eq!(h.get_all("content-encoding").iter().count(), 1, "{accept}");
        assert!(
            h.get_all("vary").iter().any(|v| v
                .to_str()
                .unwrap()
                .to_ascii_lowercase()
                .contains("accept-encoding")),
            "{accept}: caches keep one copy per encoding"
        );
        assert_eq!(h["access-control-allow-origin"], "*");
        assert_eq!(&res.bytes().await.unwrap()[..], &body[..], "{accept}");
    }

    // A client that takes no compression gets the file itself.
    let res = http
        .get(&url)
        .header("accept-encoding", "identity")
        .send()
        .await
        .unwrap();
    assert!(res.headers().get("content-encoding").is_none());
    assert_eq!(&res.bytes().await.unwrap()[..], &wasm[..]);
}

/// The survey page (first screen rendered by the server) is the largest text a citizen's phone
/// loads besides the wasm: it is sent brotli-compressed at quality 11, the same page as without
/// compression, and compressed afresh when the widget is rebuilt.
#[tokio::test]
async fn the_survey_page_is_sent_strongly_compressed_and_follows_a_rebuilt_template() {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    let template = |marker: &str| {
        format!("<!doctype html><html lang=\"th\"><head><title>{marker}</title></head><body>\n<main id=\"prongsai\">\n<p class=\"pg-boot\">…</p>\n</main>\n</body></html>")
    };
    std::fs::write(dist.join("index.html"), template("first build")).unwrap();
    let mut o = opts(&dir, "surveys = [\"ita-eit\"]");
    o.widget_dir = Some(dist.clone());
    let server = Server::start(&o);
    let http = reqwest::Client::builder().build().unwrap(); // no automatic decompression
    let url = server.url("/?survey=ita-eit");
    let get = |accept: &'static str| {
        let (http, url) = (http.clone(), url.clone());
        async move {
            let res = http
                .get(&url)
                .header("accept-encoding", accept)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200);
            let h = res.headers().clone();
            (h, res.bytes().await.unwrap().to_vec())
        }
    };
    let unbrotli = |bytes: &[u8]| {
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut &bytes[..], &mut out).expect("valid brotli");
        String::from_utf8(out).expect("UTF-8 page")
    };

    let (h, plain) = get("identity").await;
    assert!(h.get("content-encoding").is_none());
    let plain = String::from_utf8(plain).unwrap();
    assert!(plain.contains("data-pg-prerendered"), "{plain}");
    assert!(plain.contains("data-pg-instrument=\"ita-eit\""));

    let (h, br) = get("gzip, deflate, br").await;
    assert_eq!(h["content-encoding"], "br");
    assert_eq!(h["content-type"], "text/html; charset=utf-8");
    assert_eq!(h["cache-control"], "no-cache");
    assert!(h["vary"].to_str().unwrap().contains("accept-encoding"));
    assert_eq!(unbrotli(&br), plain, "the same page, compressed");
    // Quality 11: well under what the on-the-fly compression (quality 4) makes of the page.
    let mut quick = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 4,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut plain.as_bytes(), &mut quick, &params).unwrap();
    assert!(
        br.len() * 100 < quick.len() * 90,
        "{} bytes at quality 11 vs {} at quality 4",
        br.len(),
        quick.len()
    );
    let (_, again) = get("br").await;
    assert_eq!(again, br, "served from the cache");

    // A client that refuses brotli gets the compression layer's gzip.
    let (h, _) = get("br;q=0, gzip").await;
    assert_eq!(h["content-encoding"], "gzip");

    // The widget rebuilt: the next page is the new one, compressed.
    std::fs::write(dist.join("index.html"), template("second build")).unwrap();
    let (_, br) = get("br").await;
    let page = unbrotli(&br);
    assert!(
        page.contains("second build") && !page.contains("first build"),
        "{page}"
    );
}
