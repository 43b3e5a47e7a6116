//! QR posters for service points: one printable A4 page per point with the agency name, a Thai
//! headline, the QR code of the survey link, the link itself, one line of instructions and the
//! point's name. Several points make one file with a page break after each poster.
use maud::html;
use serde::{Deserialize, Serialize};

use crate::html::{document, PageKind};
use crate::qr::{survey_url, QrError, QrMatrix};

pub const DEFAULT_HEADLINE: &str = "ช่วยประเมินความพึงพอใจการให้บริการของเรา";
pub const DEFAULT_INSTRUCTIONS: &str = "สแกน QR Code ด้วยกล้องโทรศัพท์ ใช้เวลาไม่เกิน 2 นาที ไม่ต้องระบุตัวตน";

/// A service point: its id (in the URL) and the name printed on the poster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PosterPoint {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
}

impl PosterPoint {
    /// Parses `ID` or `ID:NAME` (the name may contain further colons).
    pub fn parse(spec: &str) -> PosterPoint {
        match spec.split_once(':') {
            Some((id, name)) => PosterPoint {
                id: id.trim().to_string(),
                name: Some(name.trim().to_string()).filter(|n| !n.is_empty()),
            },
            None => PosterPoint {
                id: spec.trim().to_string(),
                name: None,
            },
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PosterOptions {
    /// Where the widget is served, e.g. `https://survey.example.go.th`.
    pub base_url: String,
    /// The survey id (`satisfaction`, `quick`, `ita-eit` …).
    pub survey: String,
    /// The agency's unit id in the URL.
    pub unit: String,
    /// The agency's name as printed.
    pub agency: String,
    #[serde(default)]
    pub headline: Option<String>,
    #[serde(default)]
    pub instructions: Option<String>,
    /// One poster per point; none makes one poster without a point.
    #[serde(default)]
    pub points: Vec<PosterPoint>,
}

/// One poster's QR code and the URL it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PosterCode {
    pub point: Option<PosterPoint>,
    pub url: String,
    pub matrix: QrMatrix,
}

/// The URL and QR matrix of every poster, in order. [`poster`] draws exactly these.
pub fn poster_codes(opts: &PosterOptions) -> Result<Vec<PosterCode>, QrError> {
    let points: Vec<Option<&PosterPoint>> = if opts.points.is_empty() {
        vec![None]
    } else {
        opts.points.iter().map(Some).collect()
    };
    points
        .into_iter()
        .map(|p| {
            if p.is_some_and(|p| p.id.trim().is_empty()) {
                return Err(QrError::Empty("point id"));
            }
            let url = survey_url(
                &opts.base_url,
                &opts.survey,
                &opts.unit,
                p.map(|p| p.id.as_str()),
            )?;
            let matrix = QrMatrix::encode(&url)?;
            Ok(PosterCode {
                point: p.cloned(),
                url,
                matrix,
            })
        })
        .collect()
}

/// The caller's text, trimmed, or the default when it is missing or blank.
fn text_or<'a>(text: Option<&'a str>, default: &'a str) -> &'a str {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .unwrap_or(default)
}

/// The posters as one HTML document, one A4 page each.
pub fn poster(opts: &PosterOptions) -> Result<String, QrError> {
    let codes = poster_codes(opts)?;
    let headline = text_or(opts.headline.as_deref(), DEFAULT_HEADLINE);
    let instructions = text_or(opts.instructions.as_deref(), DEFAULT_INSTRUCTIONS);
    let agency = opts.agency.trim();
    let body = html! {
        @for code in &codes {
            @let point_name = code.point.as_ref().map(|p| {
                p.name
                    .as_deref()
                    .filter(|n| !n.trim().is_empty())
                    .unwrap_or(&p.id)
                    .trim()
            });
            section.poster data-point=[code.point.as_ref().map(|p| &p.id)] {
                div {
                    p.agency { (agency) }
                    p.headline { (headline) }
                }
                div {
                    (code.matrix.svg(&format!("QR Code: {}", code.url)))
                    p.url { (code.url) }
                }
                p.instructions { (instructions) }
                div {
                    @if let Some(n) = point_name {
                        p.point { "จุดให้บริการ: " (n) }
                    }
                    p.small { "ข้อมูลนำไปใช้ปรับปรุงการให้บริการ และรายงานเฉพาะผลในภาพรวม" }
                }
            }
        }
    };
    let title = format!("โปสเตอร์ QR Code แบบสำรวจ {agency}");
    Ok(document(title.trim(), PageKind::Poster, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_parse_with_optional_names() {
        assert_eq!(
            PosterPoint::parse("p1:งานทะเบียน: ชั้น 1"),
            PosterPoint {
                id: "p1".into(),
                name: Some("งานทะเบียน: ชั้น 1".into())
            }
        );
        assert_eq!(PosterPoint::parse("p2").name, None);
        assert_eq!(PosterPoint::parse("p3:").name, None);
    }
}
