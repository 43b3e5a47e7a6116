//! The survey page: `GET /` (also `/index.html`) and `GET /embed.html` (the iframe page).
//!
//! The built page of the widget (`index.html`/`embed.html` in the widget directory) is sent with
//! the survey's first screen already in it, rendered natively by the widget's own components
//! (Yew SSR, `prongsai_widget::ssr`), in the language and mode the URL asks for, and with the
//! instrument itself inline, so the wasm needs no second request for it:
//!
//! ```html
//! <main id="prongsai" data-pg-prerendered>…first screen…</main>
//! <script type="application/json" data-pg-instrument="ita-eit">{…}</script>
//! ```
//!
//! Native radios, selects and text fields work before the wasm arrives; the wasm then takes over
//! and keeps what was answered (`src/prefill.rs`). A survey the server does not serve gets a
//! friendly error screen (404) with the agency's contact from the settings; the technical
//! detail goes to the server log only. A page whose settings come from a JSON config file
//! (`config=`) or whose instrument is a URL (`survey=https://…`) is left to the wasm: the server
//! cannot know its first screen.
//!
//! Rendered screens are cached per (instrument id, edition, language, kiosk, larger text);
//! the page template is read on every request (a rebuilt widget takes effect at once). The
//! finished page of a survey without codes is also kept brotli-compressed at the strongest
//! setting (quality 11: ~20 % smaller than the on-the-fly compression of every other response,
//! but ~50 ms of CPU, so done once per page and template, never per request).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use prongsai_core::{Instrument, Kind, Locale};
use prongsai_widget::ssr::{self, PageError};

use super::AppState;

/// Which of the widget's two pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Page {
    /// `index.html`: prongsai's own page.
    Own,
    /// `embed.html`: the page an agency's site shows in an iframe.
    Embed,
}

impl Page {
    fn file(self) -> &'static str {
        match self {
            Page::Own => "index.html",
            Page::Embed => "embed.html",
        }
    }
}

/// What a first screen depends on besides the instrument.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct ScreenKey {
    id: String,
    edition: String,
    lang: &'static str,
    kiosk: bool,
    large: bool,
}

/// A finished page and its brotli-compressed bytes.
struct Compressed {
    page: String,
    br: Vec<u8>,
}

#[derive(Default)]
struct Cache {
    screens: Mutex<HashMap<ScreenKey, Arc<str>>>,
    /// Finished pages of surveys without codes, per page and screen (checked against the page
    /// just built, so a changed template or instrument is compressed again).
    compressed: Mutex<HashMap<(Page, ScreenKey), Arc<Compressed>>>,
    /// The instrument JSON for the inline script, per (id, edition).
    instruments: Mutex<HashMap<(String, String), Arc<str>>>,
}

struct Pages {
    app: Arc<AppState>,
    cache: Cache,
}

/// The routes of the survey page, to merge into the application's router.
pub fn routes(app: Arc<AppState>) -> Router<Arc<AppState>> {
    let pages = Arc::new(Pages {
        app,
        cache: Cache::default(),
    });
    Router::new()
        // A POST is the first screen's form submitted without script: its answers (in the
        // body, never in a URL) are not read; the page is sent again.
        .route("/", get(own_page).post(own_page))
        .route("/index.html", get(own_page).post(own_page))
        .route("/embed.html", get(embed_page).post(embed_page))
        .with_state(pages)
}

type Pairs = Result<Query<Vec<(String, String)>>, axum::extract::rejection::QueryRejection>;

async fn own_page(State(pages): State<Arc<Pages>>, headers: HeaderMap, query: Pairs) -> Response {
    page(&pages, Page::Own, accepts_brotli(&headers), query).await
}

async fn embed_page(State(pages): State<Arc<Pages>>, headers: HeaderMap, query: Pairs) -> Response {
    page(&pages, Page::Embed, accepts_brotli(&headers), query).await
}

async fn page(pages: &Pages, which: Page, brotli: bool, query: Pairs) -> Response {
    let settings = &pages.app.settings;
    let path = settings.widget_dir.join(which.file());
    let Some(template) = read_template(&path).await else {
        return super::web::widget_missing(State(Arc::clone(&pages.app))).await;
    };
    // A query that is not even key=value pairs: the wasm shows what it makes of it.
    let pairs = query.map(|Query(p)| p).unwrap_or_default();
    let config = ssr::page_config(&pairs);
    let lang = config.lang;
    let has = |key: &str| pairs.iter().any(|(k, v)| k == key && !v.trim().is_empty());
    if has("config") {
        return html_response(StatusCode::OK, template);
    }
    let survey = config.survey.as_deref().map(str::trim).unwrap_or("");
    if survey.contains('/') || survey.to_ascii_lowercase().ends_with(".json") {
        return html_response(StatusCode::OK, template);
    }
    let instrument = if survey.is_empty() {
        Err(PageError::NoSurvey)
    } else {
        settings
            .surveys
            .get(survey, None)
            // The OIT is the officer's evidence checklist (admin pages), not a survey for
            // the public: the same friendly "no survey here" page.
            .filter(|i| i.kind != Kind::Oit)
            .ok_or_else(|| PageError::Unknown(survey.to_string()))
    };
    let instrument = match instrument {
        Ok(i) => i,
        Err(e) => {
            match &e {
                PageError::NoSurvey => tracing::info!("survey page without a survey"),
                PageError::Unknown(id) => {
                    tracing::info!("survey page for `{id}`, which this server does not serve")
                }
            }
            let body = ssr::render_error(e, lang, settings.contact.clone()).await;
            let page = fill(&template, lang, &body, None);
            return html_response(StatusCode::NOT_FOUND, page);
        }
    };

    let key = ScreenKey {
        id: instrument.id.clone(),
        edition: instrument.edition.clone(),
        lang: lang_attr(lang),
        kiosk: config.kiosk,
        large: config.large,
    };
    let needs_code = settings.code_surveys.iter().any(|s| s == &instrument.id);
    let screen = if needs_code {
        // Staff never see a question before their code is checked. Not cached: the field holds
        // the link's code.
        ssr::render_code_screen(&instrument, &config).await.into()
    } else {
        first_screen(pages, key.clone(), &instrument, config).await
    };
    let json = match instrument_json(&pages.cache, &instrument) {
        Ok(j) => j,
        Err(e) => {
            // Cannot happen for an instrument the settings loaded; the page still works
            // (the wasm then finds the instrument itself).
            tracing::error!("instrument {} as JSON: {e}", instrument.id);
            return html_response(StatusCode::OK, fill(&template, lang, &screen, None));
        }
    };
    let inline = Inline {
        id: &instrument.id,
        json: &json,
        needs_code,
    };
    let page = fill(&template, lang, &screen, Some(inline));
    if brotli && !needs_code {
        if let Some(c) = compressed(pages, (which, key), &page).await {
            return brotli_response(&c.br);
        }
    }
    html_response(StatusCode::OK, page)
}

/// The page compressed at brotli quality 11, from the cache when this very page was compressed
/// before; `None` if compressing failed (the page is then sent as usual).
async fn compressed(pages: &Pages, key: (Page, ScreenKey), page: &str) -> Option<Arc<Compressed>> {
    if let Some(c) = lock(&pages.cache.compressed).get(&key) {
        if c.page == page {
            return Some(Arc::clone(c));
        }
    }
    // Copied only on a miss (the comparison above needs none).
    let page = page.to_owned();
    let c = tokio::task::spawn_blocking(move || {
        let mut br = Vec::with_capacity(page.len() / 4);
        let params = brotli::enc::BrotliEncoderParams {
            quality: 11,
            lgwin: 22,
            size_hint: page.len(),
            ..Default::default()
        };
        match brotli::BrotliCompress(&mut page.as_bytes(), &mut br, &params) {
            Ok(_) => Some(Arc::new(Compressed { page, br })),
            Err(e) => {
                tracing::warn!("compressing the survey page: {e}");
                None
            }
        }
    })
    .await
    .ok()
    .flatten()?;
    lock(&pages.cache.compressed).insert(key, Arc::clone(&c));
    Some(c)
}

/// Whether the client's `Accept-Encoding` takes brotli (`br`, not `br;q=0`).
fn accepts_brotli(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            let name = parts.next().unwrap_or_default();
            let q_zero = parts.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            name.eq_ignore_ascii_case("br") && !q_zero
        })
}

fn brotli_response(body: &[u8]) -> Response {
    let mut res = (StatusCode::OK, body.to_vec()).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}

/// The (cached) first screen of a survey without codes.
async fn first_screen(
    pages: &Pages,
    key: ScreenKey,
    instrument: &Instrument,
    config: prongsai_widget::services::config::Config,
) -> Arc<str> {
    let cached = lock(&pages.cache.screens).get(&key).cloned();
    match cached {
        Some(s) => s,
        None => {
            let s: Arc<str> = ssr::render_first_screen((*instrument).clone(), config)
                .await
                .into();
            lock(&pages.cache.screens).insert(key, Arc::clone(&s));
            s
        }
    }
}

/// The instrument put inline after the mount point.
struct Inline<'a> {
    id: &'a str,
    json: &'a str,
    /// The survey needs a one-time code (the widget then asks no second time).
    needs_code: bool,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic while holding the lock leaves a cache that is still consistent (insert is atomic).
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn lang_attr(l: Locale) -> &'static str {
    match l {
        Locale::Th => "th",
        Locale::En => "en",
    }
}

async fn read_template(path: &Path) -> Option<String> {
    match tokio::fs::read_to_string(path).await {
        Ok(t) => Some(t),
        Err(e) => {
            tracing::warn!("cannot read {}: {e}", PathBuf::from(path).display());
            None
        }
    }
}

/// The instrument as JSON for a `<script type="application/json">` element: serde_json's
/// output with `</` written `<\/` and `<!--` written `<\u0021--` (the same strings to a JSON
/// parser), so nothing inside can end the element or change how the HTML parser reads it.
fn instrument_json(cache: &Cache, instrument: &Instrument) -> Result<Arc<str>, serde_json::Error> {
    let key = (instrument.id.clone(), instrument.edition.clone());
    if let Some(j) = lock(&cache.instruments).get(&key) {
        return Ok(Arc::clone(j));
    }
    let json: Arc<str> = serde_json::to_string(instrument)?
        .replace("</", "<\\/")
        .replace("<!--", "<\\u0021--")
        .into();
    lock(&cache.instruments).insert(key, Arc::clone(&json));
    Ok(json)
}

const MOUNT: &str = "<main id=\"prongsai\"";
const MOUNT_END: &str = "</main>";

/// The page template with `body` as the mount point's content, the page's language, and the
/// instrument inline after the mount point. A template without the mount point (not built by
/// scripts/build-widget.sh) is sent as it is.
fn fill(template: &str, lang: Locale, body: &str, instrument: Option<Inline>) -> String {
    let (Some(start), Some(end)) = (template.find(MOUNT), template.find(MOUNT_END)) else {
        tracing::warn!(
            "the widget page has no <main id=\"prongsai\">: sent without a first screen"
        );
        return template.to_string();
    };
    let Some(open_end) = template[start..].find('>').map(|i| start + i + 1) else {
        return template.to_string();
    };
    if open_end > end {
        return template.to_string();
    }
    let mut out = String::with_capacity(template.len() + body.len() + 256);
    out.push_str(&template[..start]);
    // The mount point's own attributes stay; ours mark a server-rendered screen for the boot code.
    out.push_str(&template[start..open_end - 1]);
    out.push_str(" data-pg-prerendered>");
    out.push_str(body);
    out.push_str(MOUNT_END);
    if let Some(i) = instrument {
        // Ids are slugs (checked when instruments are loaded); JSON as above.
        out.push_str("\n<script type=\"application/json\" data-pg-instrument=\"");
        out.push_str(i.id);
        out.push_str("\" data-pg-needs-code=\"");
        out.push_str(if i.needs_code { "true" } else { "false" });
        out.push_str("\">");
        out.push_str(i.json);
        out.push_str("</script>");
    }
    out.push_str(&template[end + MOUNT_END.len()..]);
    // The document's language follows the survey's (the template says Thai).
    let lang = lang_attr(lang);
    if lang != "th" {
        out = out.replacen("<html lang=\"th\"", &format!("<html lang=\"{lang}\""), 1);
    }
    out
}

fn html_response(status: StatusCode, body: String) -> Response {
    let mut res = (status, Html(body)).into_response();
    // The first screen depends on the query and the settings: always revalidated. Which
    // encoding is sent depends on Accept-Encoding (the brotli page above, or the compression
    // layer's).
    let h = res.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPLATE: &str = "<!doctype html><html lang=\"th\" data-prongsai-page><body>\n<main id=\"prongsai\">\n<p class=\"pg-boot\">…</p>\n</main>\n</body></html>";

    #[test]
    fn fill_replaces_the_placeholder_and_adds_the_instrument() {
        let page = fill(
            TEMPLATE,
            Locale::En,
            "<div>screen</div>",
            Some(Inline {
                id: "quick",
                json: "{\"a\":\"<\\/script>\"}",
                needs_code: false,
            }),
        );
        assert!(
            page.contains("<html lang=\"en\" data-prongsai-page>"),
            "{page}"
        );
        assert!(
            page.contains("<main id=\"prongsai\" data-pg-prerendered><div>screen</div></main>"),
            "{page}"
        );
        assert!(
            !page.contains("pg-boot"),
            "the loading note is replaced: {page}"
        );
        assert!(page.contains("</main>\n<script type=\"application/json\" data-pg-instrument=\"quick\" data-pg-needs-code=\"false\">{\"a\":\"<\\/script>\"}</script>"), "{page}");
        assert!(page.ends_with("</body></html>"));
    }

    #[test]
    fn brotli_is_taken_unless_refused() {
        let with = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(
                header::ACCEPT_ENCODING,
                HeaderValue::from_str(v).expect("header"),
            );
            accepts_brotli(&h)
        };
        assert!(with("gzip, deflate, br, zstd"));
        assert!(with("BR;q=0.5"));
        assert!(!with("gzip, deflate"));
        assert!(!with("br;q=0, gzip"));
        assert!(!with("brotli"));
        assert!(!accepts_brotli(&HeaderMap::new()));
    }

    #[test]
    fn a_template_without_the_mount_point_is_sent_as_it_is() {
        let t = "<!doctype html><p>other</p>";
        assert_eq!(fill(t, Locale::Th, "<div>x</div>", None), t);
    }
}
