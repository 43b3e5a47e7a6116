//! Finding the instrument a widget should show: a built-in id or a URL to fetch.

use prongsai_core::{builtin, Instrument};

use super::http;
use crate::error::{FetchDetail, LoadError};

/// Where the instrument comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    Builtin(String),
    Url(String),
}

/// Interprets the `survey` setting.
pub fn source(survey: Option<&str>) -> Result<Source, LoadError> {
    let Some(s) = survey.map(str::trim).filter(|s| !s.is_empty()) else {
        return Err(LoadError::NoSurvey);
    };
    if builtin::IDS.contains(&s) {
        return Ok(Source::Builtin(s.to_string()));
    }
    let lower = s.to_ascii_lowercase();
    let looks_like_url = s.contains('/') || lower.ends_with(".json");
    if looks_like_url && !lower.starts_with("javascript:") && !lower.starts_with("data:") {
        Ok(Source::Url(s.to_string()))
    } else {
        Err(LoadError::UnknownSurvey(s.to_string()))
    }
}

/// Parses and validates instrument JSON; every problem is reported with its JSON path.
pub fn parse(label: &str, text: &str) -> Result<Instrument, LoadError> {
    Instrument::from_json(text).map_err(|problems| LoadError::Invalid {
        source: label.to_string(),
        problems,
    })
}

/// A built-in instrument, validated like any other.
pub fn builtin(id: &str) -> Result<Instrument, LoadError> {
    match builtin::json(id) {
        Some(text) => parse(id, text),
        None => Err(LoadError::UnknownSurvey(id.to_string())),
    }
}

/// Loads the instrument named by the `survey` setting.
pub async fn load(survey: Option<&str>) -> Result<Instrument, LoadError> {
    match source(survey)? {
        Source::Builtin(id) => builtin(&id),
        Source::Url(url) => {
            let resp = http::get_text(&url).await.map_err(|e| LoadError::Fetch {
                url: url.clone(),
                detail: e.into(),
            })?;
            if !(200..300).contains(&resp.status) {
                return Err(LoadError::Fetch {
                    url,
                    detail: FetchDetail::Status(resp.status),
                });
            }
            parse(&url, &resp.body)
        }
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
    serde_json::from_str(&resp.body).map_err(|e| fail(FetchDetail::NotJson(e.to_string())))
}
