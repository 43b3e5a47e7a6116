//! Widget settings from a JSON config file, a JavaScript call, `data-` attributes and the URL
//! query, later sources overriding earlier ones in that order (a QR code's query wins).

use prongsai_core::{Locale, Text};
use serde_json::Value;

pub const DEFAULT_ENDPOINT: &str = "/api/v1/responses";

/// Colours a host may set; each one checked for contrast before use.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Theme {
    /// Buttons, selected options, focus ring (white text on it).
    pub primary: Option<String>,
    pub background: Option<String>,
    pub text: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Built-in instrument id or instrument URL.
    pub survey: Option<String>,
    pub endpoint: String,
    pub unit: Option<String>,
    pub point: Option<String>,
    pub lang: Locale,
    pub kiosk: bool,
    pub theme: Theme,
    /// The agency's contact channels, shown after an IIT/EIT response.
    pub contact: Option<Text>,
    /// The agency's separate corruption-complaint channel (http/https only).
    pub complaint_url: Option<String>,
    /// Settings that were ignored, with the reason (logged to the console).
    pub warnings: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            survey: None,
            endpoint: DEFAULT_ENDPOINT.to_string(),
            unit: None,
            point: None,
            lang: Locale::Th,
            kiosk: false,
            theme: Theme::default(),
            contact: None,
            complaint_url: None,
            warnings: Vec::new(),
        }
    }
}

/// The raw settings found for one widget, before the (optional) config file is fetched.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sources {
    /// From `mount(element, {...})`.
    pub js: Option<Value>,
    /// `data-*` attributes, keys without the `data-` prefix.
    pub data: Vec<(String, String)>,
    /// URL query pairs.
    pub query: Vec<(String, String)>,
    /// URL of the directory the widget's script was loaded from: the default endpoint is on
    /// that server (a host page that embeds the widget is somewhere else).
    pub base: Option<String>,
}

/// Every key the widget reads from attributes and the query.
pub const KEYS: &[&str] = &[
    "survey",
    "endpoint",
    "unit",
    "point",
    "lang",
    "kiosk",
    "theme-primary",
    "theme-background",
    "theme-text",
    "contact",
    "complaint-url",
    "complaint_url",
    "config",
];

impl Sources {
    /// URL of the JSON config file, if any source names one (query wins).
    pub fn config_url(&self) -> Option<String> {
        let from_pairs = |pairs: &[(String, String)]| {
            pairs
                .iter()
                .rev()
                .find(|(k, _)| k == "config")
                .map(|(_, v)| v.clone())
        };
        from_pairs(&self.query)
            .or_else(|| from_pairs(&self.data))
            .or_else(|| {
                self.js
                    .as_ref()
                    .and_then(|v| v.get("config"))
                    .and_then(|v| v.as_str())
                    .map(String::from)
            })
            .filter(|s| !s.trim().is_empty())
    }

    /// Merges file < JS call < data attributes < query.
    pub fn resolve(&self, file: Option<&Value>) -> Config {
        let mut c = Config::default();
        if let Some(origin) = self.base.as_deref().and_then(origin) {
            c.endpoint = format!("{origin}{DEFAULT_ENDPOINT}");
        }
        if let Some(f) = file {
            c.apply_json(f, "config file");
        }
        if let Some(j) = &self.js {
            c.apply_json(j, "mount()");
        }
        for (k, v) in &self.data {
            c.set(k, v, "data attribute");
        }
        for (k, v) in &self.query {
            c.set(k, v, "URL");
        }
        c
    }
}

/// `https://host:port` of an absolute http(s) URL.
pub fn origin(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    (host_end > 0).then(|| &url[..url.len() - rest.len() + host_end])
}

/// `#rgb` or `#rrggbb`.
pub fn is_hex_colour(s: &str) -> bool {
    let b = s.as_bytes();
    (b.len() == 4 || b.len() == 7) && b[0] == b'#' && b[1..].iter().all(|c| c.is_ascii_hexdigit())
}

fn parse_hex(s: &str) -> Option<(f64, f64, f64)> {
    if !is_hex_colour(s) {
        return None;
    }
    let h = &s[1..];
    let (r, g, b) = if h.len() == 3 {
        let d = |i: usize| u8::from_str_radix(&h[i..=i].repeat(2), 16).ok();
        (d(0)?, d(1)?, d(2)?)
    } else {
        let d = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
        (d(0)?, d(2)?, d(4)?)
    };
    Some((f64::from(r), f64::from(g), f64::from(b)))
}

fn luminance(c: (f64, f64, f64)) -> f64 {
    let ch = |v: f64| {
        let s = v / 255.0;
        if s <= 0.03928 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * ch(c.0) + 0.7152 * ch(c.1) + 0.0722 * ch(c.2)
}

/// WCAG contrast ratio of two hex colours.
pub fn contrast(a: &str, b: &str) -> Option<f64> {
    let (la, lb) = (luminance(parse_hex(a)?), luminance(parse_hex(b)?));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    Some((hi + 0.05) / (lo + 0.05))
}

fn truthy(v: &str) -> Option<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "" | "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

fn http_url(v: &str) -> bool {
    let l = v.trim().to_ascii_lowercase();
    l.starts_with("https://") || l.starts_with("http://")
}

fn non_empty(v: &str) -> Option<String> {
    let t = v.trim();
    (!t.is_empty()).then(|| t.to_string())
}

impl Config {
    /// Applies one string setting (attribute or query).
    pub fn set(&mut self, key: &str, value: &str, origin: &str) {
        let bad = |c: &mut Config, why: &str| {
            c.warnings
                .push(format!("{origin} {key}={value:?} ignored: {why}"));
        };
        match key {
            "survey" => self.survey = non_empty(value),
            "endpoint" => {
                let v = value.trim();
                if http_url(v) || v.starts_with('/') || v.starts_with("./") || v.starts_with("../")
                {
                    self.endpoint = v.to_string();
                } else {
                    bad(self, "not an http(s) URL or a path starting with /");
                }
            }
            "unit" => self.unit = non_empty(value),
            "point" => self.point = non_empty(value),
            "lang" => match Locale::parse(value.trim()) {
                Some(l) => self.lang = l,
                None => bad(self, "use th or en"),
            },
            "kiosk" => match truthy(value) {
                Some(b) => self.kiosk = b,
                None => bad(self, "use true or false"),
            },
            "theme-primary" | "theme-background" | "theme-text" => {
                let v = value.trim().to_string();
                if !is_hex_colour(&v) {
                    bad(self, "colours must be #rgb or #rrggbb");
                    return;
                }
                match key {
                    "theme-primary" => self.theme.primary = Some(v),
                    "theme-background" => self.theme.background = Some(v),
                    _ => self.theme.text = Some(v),
                }
            }
            "contact" => {
                self.contact = non_empty(value).map(|th| Text { th, en: None });
            }
            "complaint-url" | "complaint_url" => {
                if value.trim().is_empty() {
                    self.complaint_url = None;
                } else if http_url(value) {
                    self.complaint_url = Some(value.trim().to_string());
                } else {
                    bad(self, "must be an http(s) URL");
                }
            }
            "config" => {}
            _ => {}
        }
    }

    /// Applies a JSON object (config file or `mount()` options).
    pub fn apply_json(&mut self, v: &Value, origin: &str) {
        let Some(obj) = v.as_object() else {
            self.warnings.push(format!("{origin}: not a JSON object"));
            return;
        };
        for (k, val) in obj {
            let key = k.replace('_', "-");
            match (key.as_str(), val) {
                ("theme", Value::Object(t)) => {
                    for (tk, tv) in t {
                        if let Some(s) = tv.as_str() {
                            self.set(&format!("theme-{tk}"), s, origin);
                        }
                    }
                }
                ("contact", Value::Array(lines)) => {
                    let text: Vec<&str> = lines.iter().filter_map(|l| l.as_str()).collect();
                    self.set("contact", &text.join("\n"), origin);
                }
                ("contact", Value::Object(o)) => {
                    let text = |k: &str| o.get(k).and_then(Value::as_str).map(str::to_string);
                    match text("th") {
                        Some(th) => self.contact = Some(Text { th, en: text("en") }),
                        None => self.warnings.push(format!(
                            "{origin} contact: use a string or {{\"th\", \"en\"}}"
                        )),
                    }
                }
                ("kiosk", Value::Bool(b)) => self.kiosk = *b,
                (_, Value::String(s)) => self.set(&key, s, origin),
                (_, Value::Number(n)) => self.set(&key, &n.to_string(), origin),
                (_, Value::Null) => {}
                _ => self
                    .warnings
                    .push(format!("{origin} {k}: unsupported value")),
            }
        }
    }

    /// The theme colours that pass WCAG AA contrast (others dropped with a warning):
    /// primary against white text, text against the background.
    pub fn checked_theme(&mut self) -> Theme {
        let mut t = self.theme.clone();
        if let Some(p) = &t.primary {
            if contrast(p, "#ffffff").unwrap_or(0.0) < 4.5 {
                self.warnings.push(format!(
                    "theme primary {p} ignored: contrast with white text below 4.5:1"
                ));
                t.primary = None;
            }
        }
        let bg = t.background.clone().unwrap_or_else(|| "#ffffff".into());
        let fg = t.text.clone().unwrap_or_else(|| "#1a1a1a".into());
        if contrast(&fg, &bg).unwrap_or(0.0) < 4.5 {
            self.warnings.push(format!(
                "theme text {fg} on {bg} ignored: contrast below 4.5:1"
            ));
            t.text = None;
            t.background = None;
        }
        t
    }
}
