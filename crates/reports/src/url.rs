//! THE one URL encoder of the project (query strings of links, survey URLs in QR codes),
//! built on the `percent-encoding` crate.
//!
//! ```ignore
//! use prongsai_reports::url::Query;
//!
//! let q = Query::new()
//!     .push("survey", &ins.id)            // always added, value percent-encoded
//!     .push_opt("point", point.as_deref()) // skipped when None or ""
//!     .push("view", 1);                   // anything Display
//! let href = format!("/admin/results{}", q.to_suffix()); // "?survey=…&view=1", or "" if empty
//! let url = q.append_to("https://x.go.th/s?lang=th");     // adds "&…" after an existing "?"
//! html! { a href=(href) { "ผลการสำรวจ" } }              // maud escapes the `&` in the attribute
//! ```
//!
//! Keys and values are encoded the same way: every byte of the UTF-8 text except the unreserved
//! `A–Z a–z 0–9 - . _ ~` becomes `%XX` (so a space is `%20`, `+` is `%2B`, Thai is `%E0%B8…`).
//! [`encode`] is the same encoding for a single component (a path segment, a value).
use std::fmt;

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but the unreserved characters of RFC 3986.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes one URL component (a query key or value, a path segment).
pub fn encode(s: &str) -> String {
    utf8_percent_encode(s, COMPONENT).to_string()
}

/// Decodes one percent-encoded component (`+` is kept as it is); `None` when the bytes are not
/// UTF-8.
pub fn decode(s: &str) -> Option<String> {
    percent_decode_str(s)
        .decode_utf8()
        .ok()
        .map(|c| c.into_owned())
}

/// The key–value pairs of a query string built by [`Query`] (with or without the leading `?`),
/// decoded; `None` when a part is not valid percent-encoded UTF-8.
pub fn parse_query(q: &str) -> Option<Vec<(String, String)>> {
    let q = q.strip_prefix('?').unwrap_or(q);
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            Some((decode(k)?, decode(v)?))
        })
        .collect()
}

/// A query string built pair by pair, keys and values percent-encoded; in the order pushed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    encoded: String,
}

impl Query {
    pub fn new() -> Query {
        Query::default()
    }

    /// Adds `key=value`.
    pub fn push(mut self, key: &str, value: impl fmt::Display) -> Query {
        if !self.encoded.is_empty() {
            self.encoded.push('&');
        }
        self.encoded.push_str(&encode(key));
        self.encoded.push('=');
        self.encoded.push_str(&encode(&value.to_string()));
        self
    }

    /// Adds `key=value` unless the value is missing or empty.
    pub fn push_opt<V: AsRef<str>>(self, key: &str, value: Option<V>) -> Query {
        match value {
            Some(v) if !v.as_ref().is_empty() => self.push(key, v.as_ref()),
            _ => self,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.encoded.is_empty()
    }

    /// `a=1&b=2` (no leading `?`).
    pub fn as_str(&self) -> &str {
        &self.encoded
    }

    /// `?a=1&b=2`, or the empty string for an empty query: append it to a path.
    pub fn to_suffix(&self) -> String {
        if self.encoded.is_empty() {
            String::new()
        } else {
            format!("?{}", self.encoded)
        }
    }

    /// `base` with this query added: after `?` or, when `base` already has a query, after `&`.
    pub fn append_to(&self, base: &str) -> String {
        if self.encoded.is_empty() {
            return base.to_string();
        }
        let sep = match base.find('?') {
            None => "?",
            Some(i) if i + 1 == base.len() || base.ends_with('&') => "",
            Some(_) => "&",
        };
        format!("{base}{sep}{}", self.encoded)
    }
}

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.encoded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_thai_and_reserved_characters() {
        assert_eq!(encode("งาน ทะเบียน"), "%E0%B8%87%E0%B8%B2%E0%B8%99%20%E0%B8%97%E0%B8%B0%E0%B9%80%E0%B8%9A%E0%B8%B5%E0%B8%A2%E0%B8%99");
        assert_eq!(encode("a&b=c+d/e?f#g%h"), "a%26b%3Dc%2Bd%2Fe%3Ff%23g%25h");
        assert_eq!(encode("A-z_0.9~"), "A-z_0.9~");
        assert_eq!(encode("\"<x>'"), "%22%3Cx%3E%27");
    }

    #[test]
    fn round_trips_thai_text_and_reserved_characters() {
        let values = [
            "อบต.คำไหล",
            "งาน ทะเบียน & บัตร",
            "a&b=c",
            "1+1=2",
            "/path?q#frag",
            "100% ",
            "\"<script>\"",
            "ก\u{0}ข\n",
            "",
            "🙂 emoji",
        ];
        let mut q = Query::new();
        for (i, v) in values.iter().enumerate() {
            q = q.push(&format!("k{i}&="), v);
        }
        let back = parse_query(&q.to_suffix()).expect("valid");
        assert_eq!(back.len(), values.len());
        for (i, (v, (k, got))) in values.iter().zip(back).enumerate() {
            assert_eq!(k, format!("k{i}&="));
            assert_eq!(&got, v);
            assert_eq!(decode(&encode(v)).as_deref(), Some(*v));
        }
        // Nothing but the separators we wrote is left unencoded.
        assert_eq!(q.as_str().matches('&').count(), values.len() - 1);
        assert!(!q.as_str().contains([' ', '+', '#', '?', '/', '"', '<']));
    }

    #[test]
    fn builds_suffixes_and_appends_to_bases() {
        let q = Query::new()
            .push("survey", "quick")
            .push_opt("point", None::<&str>)
            .push_opt("unit", Some(""))
            .push_opt("area", Some("a b"))
            .push("view", 1);
        assert_eq!(q.as_str(), "survey=quick&area=a%20b&view=1");
        assert_eq!(q.to_string(), q.as_str());
        assert_eq!(q.to_suffix(), "?survey=quick&area=a%20b&view=1");
        assert_eq!(Query::new().to_suffix(), "");
        assert!(Query::new().push_opt("x", Some("")).is_empty());
        let one = Query::new().push("a", "1");
        assert_eq!(one.append_to("https://x.go.th/s"), "https://x.go.th/s?a=1");
        assert_eq!(one.append_to("https://x.go.th/s?"), "https://x.go.th/s?a=1");
        assert_eq!(
            one.append_to("https://x.go.th/s?l=th"),
            "https://x.go.th/s?l=th&a=1"
        );
        assert_eq!(Query::new().append_to("/x"), "/x");
    }

    #[test]
    fn invalid_encodings_are_refused() {
        assert_eq!(decode("%E0%B8"), None);
        assert_eq!(parse_query("a=%FF"), None);
        assert_eq!(decode("%zz"), Some("%zz".to_string()));
    }
}
