//! THE page shell: the one `<!DOCTYPE html>` wrapper of every server-rendered page and every
//! printed document (O16, O42, public summary, posters, results and admin pages).
//!
//! ```ignore
//! use maud::html;
//! use prongsai_reports::shell::Shell;
//!
//! let page: String = Shell::new("ผลการสำรวจ")          // <title>, escaped
//!     .css(SCREEN_CSS)                                  // default: html::STYLESHEET (A4 print)
//!     .body_class("report")                             // optional
//!     .head(html! { meta name="robots" content="noindex"; })  // optional extra <head> markup
//!     .csp_meta(None)                                   // default: DOCUMENT_CSP as a <meta>
//!     .render(html! { main { h1 { (title) } } });        // body Markup → the whole page
//! ```
//!
//! Rules for every template (reports and `pages/`):
//! - Write markup with `maud::html!`; any `(value)` is escaped (`&`, `<`, `>`, `"`). This is the
//!   project's one escaper: there is no `escape()` function to call.
//! - `maud::PreEscaped` only for markup we built ourselves: the SVG charts of
//!   [`crate::html::chart`] (they return `Markup`), the QR code of [`crate::qr::QrMatrix::svg`],
//!   and stylesheets. Never for data.
//! - Links with query strings: [`crate::url::Query`] (the one URL encoder), then put the result
//!   into `href=(…)` — maud escapes the `&`.
//! - Pieces every page may share: [`crate::blocks`] (title block, notices, comments, signatures,
//!   `dimension_bars` for the dimension chart), [`crate::html::table_wrap`] (a scrollable table).
//! - [`Shell::render`] replaces control characters other than tab and line breaks (which have no
//!   place in a document and some parsers choke on) with U+FFFD, once, over the whole page.
use maud::{html, Markup, PreEscaped, DOCTYPE};

use crate::html::STYLESHEET;

/// The Content-Security-Policy every standalone document carries in a `<meta>`: no script, no
/// network fetch, only inline styles and `data:` images. A missed escape still cannot run anything.
pub const DOCUMENT_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/// Builder of one HTML page; see the module documentation.
#[derive(Debug, Clone)]
pub struct Shell<'a> {
    title: &'a str,
    css: &'a str,
    body_class: Option<&'a str>,
    csp: Option<&'a str>,
    head: Option<Markup>,
}

impl<'a> Shell<'a> {
    /// A page titled `title` (plain text), with the A4 document stylesheet and [`DOCUMENT_CSP`].
    pub fn new(title: &'a str) -> Shell<'a> {
        Shell {
            title,
            css: STYLESHEET,
            body_class: None,
            csp: Some(DOCUMENT_CSP),
            head: None,
        }
    }

    /// Replaces the stylesheet inlined in `<style>` (a constant of ours, never data).
    pub fn css(mut self, css: &'a str) -> Shell<'a> {
        self.css = css;
        self
    }

    /// The `class` of `<body>` (selects layout rules of the stylesheet).
    pub fn body_class(mut self, class: &'a str) -> Shell<'a> {
        self.body_class = Some(class);
        self
    }

    /// The CSP `<meta>`; `None` when the server already sends the policy as a header.
    pub fn csp_meta(mut self, csp: Option<&'a str>) -> Shell<'a> {
        self.csp = csp;
        self
    }

    /// Extra `<head>` markup after the stylesheet: print CSS, `<meta name="robots">`, …
    /// Calling it again appends.
    pub fn head(mut self, extra: Markup) -> Shell<'a> {
        self.head = Some(match self.head.take() {
            Some(before) => html! { (before) (extra) },
            None => extra,
        });
        self
    }

    /// The complete page around `body`.
    pub fn render(self, body: Markup) -> String {
        let page = html! {
            (DOCTYPE)
            html lang="th" {
                head {
                    meta charset="utf-8";
                    @if let Some(csp) = self.csp {
                        meta http-equiv="Content-Security-Policy" content=(csp);
                    }
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    meta name="generator" content="prongsai";
                    // No favicon request (a 404 in every server log otherwise).
                    link rel="icon" href="data:,";
                    title { (self.title) }
                    style { (PreEscaped(self.css)) }
                    @if let Some(extra) = self.head {
                        (extra)
                    }
                }
                body class=[self.body_class] {
                    (body)
                }
            }
        };
        without_control_characters(page.into_string())
    }
}

/// Control characters other than tab, LF and CR become U+FFFD (they can only come from data).
fn without_control_characters(page: String) -> String {
    let is_stray = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    if !page.contains(is_stray) {
        return page;
    }
    page.chars()
        .map(|c| if is_stray(c) { '\u{FFFD}' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_escapes_title_and_body_text() {
        let hostile = "<script>alert('x')</script> & \"q\" </svg>";
        let page = Shell::new(hostile).render(html! { p title=(hostile) { (hostile) } });
        assert!(page.starts_with("<!DOCTYPE html><html lang=\"th\">"));
        assert!(!page.contains("<script"));
        assert!(!page.contains("</svg>"));
        assert!(page.contains(
            "<title>&lt;script&gt;alert('x')&lt;/script&gt; &amp; &quot;q&quot; &lt;/svg&gt;</title>"
        ));
        assert!(
            page.contains("<p title=\"&lt;script&gt;alert('x')&lt;/script&gt; &amp; &quot;q&quot;")
        );
        assert!(page.contains("<meta charset=\"utf-8\">"));
        assert!(page.contains("name=\"viewport\""));
        assert!(page.contains(DOCUMENT_CSP));
    }

    #[test]
    fn control_characters_never_reach_the_page() {
        let page = Shell::new("a\u{0}b").render(html! { p { "x\u{7}y\u{1b}z\nok\tok" } });
        assert!(page.contains("<title>a\u{FFFD}b</title>"));
        assert!(page.contains("<p>x\u{FFFD}y\u{FFFD}z\nok\tok</p>"));
        assert!(!page.contains(['\u{0}', '\u{7}', '\u{1b}']));
    }

    #[test]
    fn options_change_css_class_csp_and_head() {
        let page = Shell::new("t")
            .css("body{color:red}")
            .body_class("public")
            .csp_meta(None)
            .head(html! { meta name="robots" content="noindex"; })
            .head(html! { style { "@media print{}" } })
            .render(html! { main { "x" } });
        assert!(page.contains("<style>body{color:red}</style>"));
        assert!(!page.contains("@page { size: A4;"));
        assert!(!page.contains("Content-Security-Policy"));
        assert!(page.contains(
            "<meta name=\"robots\" content=\"noindex\"><style>@media print{}</style></head>"
        ));
        assert!(page.contains("<body class=\"public\"><main>x</main></body>"));
        let plain = Shell::new("t").render(html! {});
        assert!(plain.contains("<body></body>"));
        assert!(plain.contains("@page { size: A4;"));
    }
}
