//! QR codes for survey links: the survey URL of a unit and service point, the QR matrix
//! (error correction M), and its renderings — an SVG with a quiet zone for print, and a
//! greyscale image (for checking the code decodes). Both renderings come from the same matrix.
use std::fmt;
use std::fmt::Write as _;

use maud::{html, Markup};
use qrcode::{Color, EcLevel, QrCode};

use crate::url::Query;

/// Modules of light margin around the code, as the QR standard requires.
pub const QUIET_ZONE: usize = 4;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QrError {
    /// The base URL is not an absolute http(s) URL.
    BaseUrl(String),
    /// A required part of the URL is empty.
    Empty(&'static str),
    /// The data do not fit into a QR code.
    TooLong(usize),
}

impl fmt::Display for QrError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QrError::BaseUrl(u) => write!(
                f,
                "base URL `{u}` must be an absolute http:// or https:// URL without `#`"
            ),
            QrError::Empty(what) => write!(f, "{what} must not be empty"),
            QrError::TooLong(n) => write!(f, "the URL is too long for a QR code ({n} bytes)"),
        }
    }
}

impl std::error::Error for QrError {}

/// `BASE/?survey=ID&unit=UNIT&point=POINT`, values percent-encoded.
pub fn survey_url(
    base: &str,
    survey: &str,
    unit: &str,
    point: Option<&str>,
) -> Result<String, QrError> {
    let base = base.trim();
    let lower = base.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    if rest.is_none_or(|r| r.is_empty() || r.starts_with('/'))
        || base.contains('#')
        || base.chars().any(char::is_whitespace)
    {
        return Err(QrError::BaseUrl(base.to_string()));
    }
    if survey.trim().is_empty() {
        return Err(QrError::Empty("survey"));
    }
    if unit.trim().is_empty() {
        return Err(QrError::Empty("unit"));
    }
    let query = Query::new()
        .push("survey", survey.trim())
        .push("unit", unit.trim())
        .push_opt("point", point.map(str::trim));
    let url = if base.contains('?') {
        query.append_to(base)
    } else {
        query.append_to(&format!("{}/", base.trim_end_matches('/')))
    };
    Ok(url)
}

/// The dark/light modules of a QR code, without the quiet zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrMatrix {
    width: usize,
    dark: Vec<bool>,
}

impl QrMatrix {
    /// Encodes `data` with error correction level M (about 15 % of the code may be damaged).
    pub fn encode(data: &str) -> Result<QrMatrix, QrError> {
        let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M)
            .map_err(|_| QrError::TooLong(data.len()))?;
        Ok(QrMatrix {
            width: code.width(),
            dark: code
                .to_colors()
                .into_iter()
                .map(|c| c == Color::Dark)
                .collect(),
        })
    }

    /// Modules per side, without the quiet zone.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Whether the module at (x, y) is dark; outside the code (the quiet zone) it is light.
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width
            && y < self.width
            && self.dark.get(y * self.width + x).copied().unwrap_or(false)
    }

    /// Modules per side including the quiet zone on both sides.
    pub fn size_with_quiet_zone(&self) -> usize {
        self.width + 2 * QUIET_ZONE
    }

    /// SVG path data of the dark modules (one unit per module, offset by the quiet zone):
    /// one `M x y h n v1 h-n z` per horizontal run.
    pub fn svg_path(&self) -> String {
        let mut d = String::new();
        for y in 0..self.width {
            let mut x = 0;
            while x < self.width {
                if self.is_dark(x, y) {
                    let start = x;
                    while x < self.width && self.is_dark(x, y) {
                        x += 1;
                    }
                    let run = x - start;
                    let _ = write!(
                        d,
                        "M{} {}h{run}v1h-{run}z",
                        start + QUIET_ZONE,
                        y + QUIET_ZONE
                    );
                } else {
                    x += 1;
                }
            }
        }
        d
    }

    /// The code as an `<svg>` scaled by CSS (class `qr`), with a white quiet zone; `label` is
    /// plain text (the accessible name). The one QR renderer of the project.
    pub fn svg(&self, label: &str) -> Markup {
        let size = self.size_with_quiet_zone();
        let view_box = format!("0 0 {size} {size}");
        // SVG elements get explicit end tags: in HTML, `<rect>` without one would swallow `<path>`.
        html! {
            svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox=(view_box) role="img"
                aria-label=(label) shape-rendering="crispEdges" {
                rect width=(size) height=(size) fill="#fff" {}
                path fill="#000" d=(self.svg_path()) {}
            }
        }
    }

    /// A greyscale image (0 = black, 255 = white), `module_px` pixels per module, quiet zone
    /// included: returns the side length and the pixels row by row.
    pub fn luma(&self, module_px: usize) -> (usize, Vec<u8>) {
        let px = module_px.max(1);
        let side = self.size_with_quiet_zone() * px;
        let mut img = vec![255u8; side * side];
        for y in 0..side {
            for x in 0..side {
                let (mx, my) = (x / px, y / px);
                if mx >= QUIET_ZONE
                    && my >= QUIET_ZONE
                    && self.is_dark(mx - QUIET_ZONE, my - QUIET_ZONE)
                {
                    img[y * side + x] = 0;
                }
            }
        }
        (side, img)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_carry_encoded_values() {
        assert_eq!(
            survey_url("https://x.go.th/survey/", "satisfaction", "อบต.คำไหล", Some("งาน ทะเบียน")).as_deref(),
            Ok("https://x.go.th/survey/?survey=satisfaction&unit=%E0%B8%AD%E0%B8%9A%E0%B8%95.%E0%B8%84%E0%B8%B3%E0%B9%84%E0%B8%AB%E0%B8%A5&point=%E0%B8%87%E0%B8%B2%E0%B8%99%20%E0%B8%97%E0%B8%B0%E0%B9%80%E0%B8%9A%E0%B8%B5%E0%B8%A2%E0%B8%99")
        );
        assert_eq!(
            survey_url("http://127.0.0.1:8080", "quick", "demo", None).as_deref(),
            Ok("http://127.0.0.1:8080/?survey=quick&unit=demo")
        );
        assert_eq!(
            survey_url("https://x.go.th/s?lang=th", "quick", "a&b=c", Some("")).as_deref(),
            Ok("https://x.go.th/s?lang=th&survey=quick&unit=a%26b%3Dc")
        );
    }

    #[test]
    fn bad_urls_are_refused() {
        assert!(matches!(
            survey_url("x.go.th", "quick", "demo", None),
            Err(QrError::BaseUrl(_))
        ));
        assert!(matches!(
            survey_url("https://", "quick", "demo", None),
            Err(QrError::BaseUrl(_))
        ));
        assert!(matches!(
            survey_url("javascript:alert(1)", "quick", "demo", None),
            Err(QrError::BaseUrl(_))
        ));
        assert_eq!(
            survey_url("https://x.go.th", "quick", " ", None),
            Err(QrError::Empty("unit"))
        );
    }

    #[test]
    fn too_long_data_is_an_error_not_a_panic() {
        let long = "x".repeat(5000);
        assert_eq!(QrMatrix::encode(&long), Err(QrError::TooLong(5000)));
    }

    #[test]
    fn svg_has_quiet_zone_and_runs() {
        let m = QrMatrix::encode("https://x.go.th/?survey=quick&unit=demo").expect("fits");
        let svg = m.svg("QR <b>\"x\"</svg>").into_string();
        assert!(svg.contains("aria-label=\"QR &lt;b&gt;&quot;x&quot;&lt;/svg&gt;\""));
        assert_eq!(svg.matches("</svg>").count(), 1);
        let size = m.width() + 8;
        assert!(svg.contains(&format!(
            "<rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"></rect><path fill=\"#000\" d=\"M4 4h7v1h-7z"
        )));
        assert!(svg.contains(&format!("viewBox=\"0 0 {size} {size}\"")));
        // The top-left finder pattern starts at the quiet zone.
        assert!(m.svg_path().starts_with("M4 4h7v1h-7z"));
        let (side, img) = m.luma(2);
        assert_eq!(side, size * 2);
        assert_eq!(img[0], 255);
        assert_eq!(img[8 * side + 8], 0);
    }
}
