//! Finding the instrument a widget should show. The widget embeds none (it would carry every
//! built-in for the one it shows): an instrument id is read from the page, where the server's
//! page puts it (`<script type="application/json" data-pg-instrument="ID">`), or else fetched
//! from `instruments/ID.json` beside the widget's own files; a URL is fetched as it is.

use prongsai_core::{builtin, Instrument, Problem};
use wasm_bindgen::JsCast;

use super::{http, json};
use crate::error::{FetchDetail, LoadError};

/// Where the instrument comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// An instrument id: a built-in, or one the page carries.
    Id(String),
    Url(String),
}

/// Interprets the `survey` setting.
pub fn source(survey: Option<&str>) -> Result<Source, LoadError> {
    let Some(s) = survey.map(str::trim).filter(|s| !s.is_empty()) else {
        return Err(LoadError::NoSurvey);
    };
    if builtin::IDS.contains(&s) || page_json(s).is_some() {
        return Ok(Source::Id(s.to_string()));
    }
    let lower = s.to_ascii_lowercase();
    let looks_like_url = s.contains('/') || lower.ends_with(".json");
    if looks_like_url && !lower.starts_with("javascript:") && !lower.starts_with("data:") {
        Ok(Source::Url(s.to_string()))
    } else {
        Err(LoadError::UnknownSurvey(s.to_string()))
    }
}

/// Reads instrument JSON. The server has validated what it serves; the widget checks what it
/// needs to render (see `prongsai_core::Instrument::from_json`), reporting where it is.
pub fn parse(label: &str, text: &str) -> Result<Instrument, LoadError> {
    let invalid = |problems| LoadError::Invalid {
        source: label.to_string(),
        problems,
    };
    let value = json::parse(text)
        .map_err(|e| invalid(vec![Problem::new("", format!("not valid JSON: {e}"))]))?;
    Instrument::from_parsed(&value).map_err(invalid)
}

/// The text of the page's `<script type="application/json" data-pg-instrument="ID">`.
fn page_json(id: &str) -> Option<String> {
    let doc = web_sys::window()?.document()?;
    let list = doc.query_selector_all("script[data-pg-instrument]").ok()?;
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<web_sys::Element>().ok())
        .find(|el| {
            el.get_attribute("data-pg-instrument").as_deref() == Some(id)
                && el
                    .get_attribute("type")
                    .is_some_and(|t| t.eq_ignore_ascii_case("application/json"))
        })
        .and_then(|el| el.text_content())
}

/// The instrument `id` as the page carries it, if it does (no network: the first frame).
pub fn from_page(id: &str) -> Option<Result<Instrument, LoadError>> {
    page_json(id).map(|text| parse(id, &text))
}

/// Where an instrument that is not in the page is fetched from: a URL as given, an id from
/// `instruments/ID.json` in the directory the widget's script was loaded from (`base`), which
/// is the prongsai server even when a host page on another site embeds the widget.
pub fn url(source: &Source, base: Option<&str>) -> String {
    match source {
        Source::Url(u) => u.clone(),
        Source::Id(id) => {
            let base = base.unwrap_or("");
            let slash = if base.is_empty() || base.ends_with('/') {
                ""
            } else {
                "/"
            };
            format!("{base}{slash}instruments/{id}.json")
        }
    }
}

/// Fetches the instrument of `source` from `url` (see [`url`]). An id the server does not
/// know (404) is an unknown survey, like one the widget itself does not know.
pub async fn fetch(source: &Source, url: &str) -> Result<Instrument, LoadError> {
    let resp = http::get_text(url).await.map_err(|e| LoadError::Fetch {
        url: url.to_string(),
        detail: e.into(),
    })?;
    match (source, resp.status) {
        (_, 200..=299) => parse(url, &resp.body),
        (Source::Id(id), 404) => Err(LoadError::UnknownSurvey(id.clone())),
        (_, status) => Err(LoadError::Fetch {
            url: url.to_string(),
            detail: FetchDetail::Status(status),
        }),
    }
}

/// Loads the JSON config file.
pub async fn load_config(url: &str) -> Result<serde_json::Value, LoadError> {
    let fail = |detail| LoadError::Config {
        url: url.to_string(),
        detail,
    };
    let resp = http::get_text(url).await.map_err(|e| fail(e.into()))?;
    if !(200..300).contains(&resp.status) {
        return Err(fail(FetchDetail::Status(resp.status)));
    }
    json::parse(&resp.body).map_err(|e| fail(FetchDetail::NotJson(e)))
}
