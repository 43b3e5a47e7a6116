//! One error type per boundary of the widget: storage, HTTP, loading a survey.

use prongsai_core::{Locale, Problem};

use crate::i18n::{t, Msg};

/// Browser storage (localStorage) failures. Storage is never trusted to work: private mode,
/// sandboxed iframes and full quotas all throw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageError {
    /// The browser refuses access to storage at all.
    Blocked,
    /// A write failed (usually the quota).
    WriteFailed,
}

/// A request that produced no HTTP response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FetchError {
    /// Network failure, offline, CORS refusal, or a URL the browser will not fetch.
    Network(String),
    /// The response body could not be read.
    Body,
}

/// Why a survey could not be opened. Every variant is shown on the error screen.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadError {
    /// No `survey` setting at all.
    NoSurvey,
    /// A `survey` value that is neither a built-in id nor a URL.
    UnknownSurvey(String),
    /// The instrument URL could not be fetched (network or HTTP status).
    Fetch { url: String, detail: FetchDetail },
    /// The instrument was fetched but is not a valid instrument.
    Invalid {
        source: String,
        problems: Vec<Problem>,
    },
    /// The JSON configuration file could not be fetched or parsed.
    Config { url: String, detail: FetchDetail },
}

/// What went wrong with a fetched document.
#[derive(Clone, Debug, PartialEq)]
pub enum FetchDetail {
    Network(String),
    Status(u16),
    NotJson(String),
}

impl FetchDetail {
    pub fn describe(&self, l: Locale) -> String {
        match self {
            FetchDetail::Network(m) if m.is_empty() => t(l, Msg::Network).to_string(),
            FetchDetail::Network(m) => format!("{} ({m})", t(l, Msg::Network)),
            FetchDetail::Status(s) => format!("HTTP {s}"),
            FetchDetail::NotJson(m) => format!("{}: {m}", t(l, Msg::NotJson)),
        }
    }
}

impl From<FetchError> for FetchDetail {
    fn from(e: FetchError) -> Self {
        match e {
            FetchError::Network(m) => FetchDetail::Network(m),
            FetchError::Body => FetchDetail::Network(String::new()),
        }
    }
}

impl LoadError {
    /// Headline of the error screen.
    pub fn headline(&self, l: Locale) -> &'static str {
        match self {
            LoadError::NoSurvey => t(l, Msg::ErrorNoSurvey),
            LoadError::UnknownSurvey(_) => t(l, Msg::ErrorUnknownSurvey),
            LoadError::Fetch { .. } => t(l, Msg::ErrorFetch),
            LoadError::Invalid { .. } => t(l, Msg::ErrorInvalid),
            LoadError::Config { .. } => t(l, Msg::ErrorConfig),
        }
    }

    /// Detail lines: what exactly is wrong, with JSON paths for invalid instruments.
    pub fn details(&self, l: Locale) -> Vec<String> {
        match self {
            LoadError::NoSurvey => vec![],
            LoadError::UnknownSurvey(id) => vec![format!("survey = \"{id}\"")],
            LoadError::Fetch { url, detail } | LoadError::Config { url, detail } => {
                vec![format!("{url}: {}", detail.describe(l))]
            }
            LoadError::Invalid { source, problems } => {
                let mut v = vec![source.clone()];
                v.extend(problems.iter().map(|p| p.to_string()));
                v
            }
        }
    }

    /// Title of the error screen.
    pub fn title(&self, l: Locale) -> &'static str {
        match self {
            LoadError::NoSurvey | LoadError::UnknownSurvey(_) => t(l, Msg::ErrorNotFoundTitle),
            _ => t(l, Msg::ErrorTitle),
        }
    }

    /// What the respondent can do about it.
    pub fn advice(&self, l: Locale) -> &'static str {
        match self {
            LoadError::Fetch {
                detail: FetchDetail::Network(_),
                ..
            } => t(l, Msg::ErrorTryAgain),
            _ => t(l, Msg::ErrorLinkAdvice),
        }
    }
}
