//! Widget settings from a JSON config file, a JavaScript call, `data-` attributes and the URL
//! query, later sources overriding earlier ones in that order (a QR code's query wins).

use prongsai_core::{Locale, Text};

use super::platform::parse_number;
use serde_json::Value;

pub const DEFAULT_ENDPOINT: &str = "/api/v1/responses";

/// Theme settings a host may make (`theme="accent: #8a1538; radius: 4px; font-scale: 1.2"` or
/// `theme-accent` …); colours are checked for contrast before use. Applied as the CSS custom
/// properties `--prongsai-accent`, `--prongsai-bg`, `--prongsai-text`, `--prongsai-radius` and
/// `--prongsai-font-scale`, which a host may also set in its own CSS.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Theme {
    /// Buttons, selected options, focus ring (white text on it). `accent` or `primary`.
    pub primary: Option<String>,
    pub background: Option<String>,
    pub text: Option<String>,
    /// Corner radius: a CSS length (`4px`, `0.5em`, `0`).
    pub radius: Option<String>,
    /// Multiplies every font size (0.75 to 2.5).
    pub font_scale: Option<f64>,
}

impl Theme {
    /// The custom properties to set on the widget's root, with their values (None: remove).
    pub fn properties(&self) -> [(&'static str, Option<String>); 5] {
        [
            ("--prongsai-accent", self.primary.clone()),
            ("--prongsai-bg", self.background.clone()),
            ("--prongsai-text", self.text.clone()),
            ("--prongsai-radius", self.radius.clone()),
            ("--prongsai-font-scale", self.font_scale.map(short_number)),
        ]
    }
}

/// Kiosk timings, in milliseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KioskTimes {
    /// How long the thank-you screen stays before the survey starts again.
    pub thanks_ms: u32,
    /// Without a touch for this long, a half-filled survey starts again (0: never).
    pub idle_ms: u32,
    /// The follow-up "reason" screen of a one-tap rating skips itself after this long
    /// (0: no follow-up screen, the tap submits at once).
    pub reason_ms: u32,
}

impl Default for KioskTimes {
    fn default() -> Self {
        KioskTimes {
            thanks_ms: 5_000,
            idle_ms: 60_000,
            reason_ms: 8_000,
        }
    }
}

impl KioskTimes {
    /// The countdown warning before an idle reset is shown for the last 10 s (or, with a short
    /// idle time, its last half).
    pub fn warn_ms(&self) -> u32 {
        (self.idle_ms / 2).min(10_000)
    }
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
    pub kiosk_times: KioskTimes,
    /// Larger text from the start (elderly users; the respondent can also switch it).
    pub large: bool,
    pub theme: Theme,
    /// The agency's contact channels, shown after an IIT/EIT response.
    pub contact: Option<Text>,
    /// The agency's separate corruption-complaint channel (http/https only).
    pub complaint_url: Option<String>,
    /// The one-time code from a slip (`code=` in the slip's QR link); checked with the server
    /// before the first question of a code survey (`code_gate.rs`).
    pub code: Option<String>,
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
            kiosk_times: KioskTimes::default(),
            large: false,
            theme: Theme::default(),
            contact: None,
            complaint_url: None,
            code: None,
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
    "kiosk-thanks",
    "kiosk-idle",
    "kiosk-reason",
    "large",
    "theme",
    "theme-accent",
    "theme-primary",
    "theme-background",
    "theme-bg",
    "theme-text",
    "theme-radius",
    "theme-font-scale",
    "contact",
    "complaint-url",
    "complaint_url",
    "code",
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

/// `1.2`, `1.25`, `2`: at most two decimals, no trailing zeros (for CSS values).
fn short_number(v: f64) -> String {
    let s = prongsai_core::number::fixed(v, 2);
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

fn truthy(v: &str) -> Option<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "" | "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// Seconds (`5`, `0.5`, `5s`) as milliseconds, 0 to one hour.
fn seconds(v: &str) -> Option<u32> {
    let t = v.trim();
    let t = t.strip_suffix('s').unwrap_or(t).trim();
    let s = parse_number(t)?;
    (0.0..=3600.0)
        .contains(&s)
        .then(|| (s * 1000.0).round() as u32)
}

/// A CSS length for the corner radius: `0`, `4`, `4px`, `0.5em`, `0.5rem`, `10%` (a bare
/// number means pixels), at most 100 units.
fn css_length(v: &str) -> Option<String> {
    let t = v.trim().to_ascii_lowercase();
    let num_end = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(num_end);
    let n = parse_number(num)?;
    if !(0.0..=100.0).contains(&n) {
        return None;
    }
    match unit {
        "" => Some(format!("{num}px")),
        "px" | "em" | "rem" | "%" => Some(t.clone()),
        _ => None,
    }
}

/// `accent: #8a1538; radius: 4px` (also `,` between pairs and `=` for `:`).
fn theme_pairs(v: &str) -> Vec<(String, String)> {
    v.split([';', ','])
        .filter_map(|pair| {
            let (k, v) = pair.split_once([':', '='])?;
            let k = k
                .trim()
                .trim_start_matches("--prongsai-")
                .to_ascii_lowercase();
            Some((k.replace('_', "-"), v.trim().to_string()))
        })
        .filter(|(k, _)| !k.is_empty())
        .collect()
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
                .push(format!("{origin} {key}=\"{value}\" ignored: {why}"));
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
            "kiosk-thanks" | "kiosk-idle" | "kiosk-reason" => match seconds(value) {
                Some(ms) => match key {
                    "kiosk-thanks" => self.kiosk_times.thanks_ms = ms,
                    "kiosk-idle" => self.kiosk_times.idle_ms = ms,
                    _ => self.kiosk_times.reason_ms = ms,
                },
                None => bad(self, "use a number of seconds from 0 to 3600"),
            },
            "large" => match truthy(value) {
                Some(b) => self.large = b,
                None => bad(self, "use true or false"),
            },
            "theme" => {
                let pairs = theme_pairs(value);
                if pairs.is_empty() && !value.trim().is_empty() {
                    bad(
                        self,
                        "use name: value pairs, e.g. accent: #8a1538; radius: 4px",
                    );
                }
                for (k, v) in pairs {
                    self.set(&format!("theme-{k}"), &v, origin);
                }
            }
            "theme-accent" | "theme-primary" | "theme-background" | "theme-bg" | "theme-text" => {
                let v = value.trim().to_string();
                if !is_hex_colour(&v) {
                    bad(self, "colours must be #rgb or #rrggbb");
                    return;
                }
                match key {
                    "theme-accent" | "theme-primary" => self.theme.primary = Some(v),
                    "theme-background" | "theme-bg" => self.theme.background = Some(v),
                    _ => self.theme.text = Some(v),
                }
            }
            "theme-radius" => match css_length(value) {
                Some(r) => self.theme.radius = Some(r),
                None => bad(self, "use a length such as 4px or 0.5em"),
            },
            "theme-font-scale" => match parse_number(value) {
                Some(f) if (0.75..=2.5).contains(&f) => self.theme.font_scale = Some(f),
                _ => bad(self, "use a number from 0.75 to 2.5"),
            },
            _ if key.starts_with("theme-") => bad(self, "unknown theme setting"),
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
            "code" => self.code = non_empty(value),
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
                        let tk = tk.replace('_', "-");
                        match tv {
                            Value::String(s) => self.set(&format!("theme-{tk}"), s, origin),
                            Value::Number(n) => self.set(
                                &format!("theme-{tk}"),
                                &super::json::number_text(n),
                                origin,
                            ),
                            _ => self
                                .warnings
                                .push(format!("{origin} theme {tk}: unsupported value")),
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
                ("large", Value::Bool(b)) => self.large = *b,
                (_, Value::String(s)) => self.set(&key, s, origin),
                (_, Value::Number(n)) => self.set(&key, &super::json::number_text(n), origin),
                (_, Value::Null) => {}
                _ => self
                    .warnings
                    .push(format!("{origin} {k}: unsupported value")),
            }
        }
    }

    /// The theme colours that pass WCAG AA contrast (others dropped with a warning): the
    /// accent against white text and against the background (links, secondary buttons), the
    /// text against the background.
    pub fn checked_theme(&mut self) -> Theme {
        let mut t = self.theme.clone();
        let bg = t.background.clone().unwrap_or_else(|| "#ffffff".into());
        let fg = t.text.clone().unwrap_or_else(|| "#1a1a1a".into());
        if contrast(&fg, &bg).unwrap_or(0.0) < 4.5 {
            self.warnings.push(format!(
                "theme text {fg} on {bg} ignored: contrast below 4.5:1"
            ));
            t.text = None;
            t.background = None;
        }
        let bg = t.background.clone().unwrap_or_else(|| "#ffffff".into());
        if let Some(p) = &t.primary {
            if contrast(p, "#ffffff").unwrap_or(0.0) < 4.5 {
                self.warnings.push(format!(
                    "theme accent {p} ignored: contrast with white text below 4.5:1"
                ));
                t.primary = None;
            } else if contrast(p, &bg).unwrap_or(0.0) < 4.5 {
                self.warnings.push(format!(
                    "theme accent {p} ignored: contrast with the background {bg} below 4.5:1"
                ));
                t.primary = None;
            }
        }
        t
    }
}
