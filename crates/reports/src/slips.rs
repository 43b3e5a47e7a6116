//! Printable one-time-code slips for a staff survey (the IIT): A4 pages of cut-out slips, 10 to a
//! page, each with the survey's QR code (its link carries the code, `code=`), the code in large
//! text and one line of Thai instructions. The codes themselves are made by the server; this is
//! only their printout.
use maud::html;

use crate::qr::{survey_url, QrError, QrMatrix};
use crate::shell::Shell;
use crate::url::Query;

/// Slips on one A4 page (2 columns × 5 rows).
pub const PER_PAGE: usize = 10;

pub const INSTRUCTIONS: &str = "สแกน QR Code หรือเปิดลิงก์แล้วกรอกรหัสนี้ ใช้ตอบได้ครั้งเดียว รหัสไม่ผูกกับตัวท่าน";

const CSS: &str = "
@page { size: A4; margin: 8mm; }
* { box-sizing: border-box; }
body { margin: 0; font-family: 'TH Sarabun New', 'Sarabun', 'Noto Sans Thai', 'Noto Sans', sans-serif; color: #000; }
.sheet { display: grid; grid-template-columns: 1fr 1fr; grid-auto-rows: 56mm; gap: 0; page-break-after: always; break-after: page; }
.sheet:last-child { page-break-after: auto; break-after: auto; }
.slip { display: flex; align-items: center; gap: 4mm; padding: 3mm 4mm; border: 0.3mm dashed #666; break-inside: avoid; overflow: hidden; }
.slip svg { width: 32mm; height: 32mm; flex: none; }
.slip .text { min-width: 0; }
.slip .survey { font-size: 10pt; margin: 0 0 1mm; line-height: 1.2; }
.slip .code { font-family: 'DejaVu Sans Mono', 'Noto Sans Mono', monospace; font-size: 17pt; font-weight: 700; letter-spacing: 0.5mm; margin: 0 0 1mm; white-space: nowrap; }
.slip .how { font-size: 9.5pt; margin: 0; line-height: 1.25; }
.slip .link { font-size: 6.5pt; margin: 1mm 0 0; word-break: break-all; color: #333; }
@media screen { body { max-width: 210mm; margin: 0 auto; } }
";

/// What to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlipOptions {
    /// Where the widget is served, e.g. `https://survey.example.go.th`.
    pub base_url: String,
    /// The survey id (`ita-iit`).
    pub survey: String,
    /// The agency's unit id in the URL.
    pub unit: String,
    /// The survey's title as printed on each slip.
    pub title: String,
    /// The codes, as made by the server (`ABCDE-FGHJK`).
    pub codes: Vec<String>,
}

/// The link a slip's QR code carries: the survey link with `code=`.
pub fn slip_url(opts: &SlipOptions, code: &str) -> Result<String, QrError> {
    if code.trim().is_empty() {
        return Err(QrError::Empty("code"));
    }
    let url = survey_url(&opts.base_url, &opts.survey, &opts.unit, None)?;
    Ok(Query::new().push("code", code.trim()).append_to(&url))
}

/// The slips as one HTML document, [`PER_PAGE`] to an A4 page.
pub fn slips(opts: &SlipOptions) -> Result<String, QrError> {
    if opts.codes.is_empty() {
        return Err(QrError::Empty("codes"));
    }
    let slips = opts
        .codes
        .iter()
        .map(|c| {
            let url = slip_url(opts, c)?;
            let matrix = QrMatrix::encode(&url)?;
            Ok((c.trim(), url, matrix))
        })
        .collect::<Result<Vec<_>, QrError>>()?;
    let body = html! {
        @for page in slips.chunks(PER_PAGE) {
            div.sheet {
                @for (code, url, matrix) in page {
                    div.slip {
                        (matrix.svg(&format!("QR Code: {url}")))
                        div.text {
                            p.survey { (opts.title.trim()) }
                            p.code { (code) }
                            p.how { (INSTRUCTIONS) }
                            p.link { (url) }
                        }
                    }
                }
            }
        }
    };
    let title = format!("ใบรหัสตอบแบบสำรวจ {}", opts.title.trim());
    Ok(Shell::new(&title).css(CSS).body_class("slips").render(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(n: usize) -> SlipOptions {
        SlipOptions {
            base_url: "https://survey.example.go.th".into(),
            survey: "ita-iit".into(),
            unit: "demo".into(),
            title: "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)".into(),
            codes: (0..n).map(|i| format!("ABCDE-FG{:03}", i + 200)).collect(),
        }
    }

    #[test]
    fn each_slip_qr_decodes_to_the_survey_link_with_its_code() {
        let o = opts(3);
        let url = slip_url(&o, "ABCDE-FGHJK").unwrap();
        assert_eq!(
            url,
            "https://survey.example.go.th/?survey=ita-iit&unit=demo&code=ABCDE-FGHJK"
        );
        let (size, luma) = QrMatrix::encode(&url).unwrap().luma(4);
        let mut img =
            rqrr::PreparedImage::prepare_from_greyscale(size, size, |x, y| luma[y * size + x]);
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1);
        let (_, content) = grids[0].decode().unwrap();
        assert_eq!(content, url);
    }

    #[test]
    fn ten_slips_a_page_each_with_its_code_in_text() {
        let html = slips(&opts(23)).unwrap();
        assert_eq!(html.matches("class=\"sheet\"").count(), 3);
        assert_eq!(html.matches("class=\"slip\"").count(), 23);
        assert!(html.contains(">ABCDE-FG200<") && html.contains(">ABCDE-FG222<"));
        assert!(html.contains("code=ABCDE-FG222"));
        assert!(html.contains("รหัส"));
    }

    #[test]
    fn no_codes_or_a_bad_base_url_is_an_error_not_an_empty_page() {
        assert_eq!(slips(&opts(0)), Err(QrError::Empty("codes")));
        let mut o = opts(1);
        o.base_url = "survey.example.go.th".into();
        assert!(matches!(slips(&o), Err(QrError::BaseUrl(_))));
    }
}
