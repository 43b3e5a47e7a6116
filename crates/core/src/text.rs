//! Bilingual texts. Thai is required; English falls back to Thai when missing.
use serde::{Deserialize, Serialize};

/// A UI or content language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    Th,
    En,
}

impl Locale {
    /// Parses `th` / `en` (case-insensitive); anything else is `None`.
    pub fn parse(s: &str) -> Option<Locale> {
        match s.trim().to_ascii_lowercase().as_str() {
            "th" => Some(Locale::Th),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Locale::Th => "th",
            Locale::En => "en",
        }
    }
}

/// A text in Thai and (optionally) English.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub th: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

impl Text {
    pub fn new(th: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            th: th.into(),
            en: Some(en.into()),
        }
    }

    /// The text in `locale`, falling back to Thai.
    pub fn get(&self, locale: Locale) -> &str {
        match (locale, &self.en) {
            (Locale::En, Some(en)) if !en.trim().is_empty() => en,
            _ => &self.th,
        }
    }
}
