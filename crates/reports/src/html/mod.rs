//! HTML building blocks shared by every document: escaping, the page shell with the A4 print
//! stylesheet, and inline SVG charts. Every text that comes from data (instrument texts, agency
//! names, comments) goes through [`escape`]; the page also carries a Content-Security-Policy that
//! forbids scripts and any network fetch, so a missed escape still cannot run anything.
pub mod chart;
mod style;

pub use style::STYLESHEET;

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters other than tab and newlines have no place in a document.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// What kind of page a document is; selects layout rules of the shared stylesheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// A4 report (O16, O42).
    Report,
    /// A page for the agency's website, read on phones as well as printed.
    Public,
    /// A4 posters, one per page.
    Poster,
}

impl PageKind {
    fn class(self) -> &'static str {
        match self {
            PageKind::Report => "report",
            PageKind::Public => "public",
            PageKind::Poster => "posters",
        }
    }
}

/// A complete HTML document: `title` is plain text (escaped here); `body` is HTML built by the
/// caller from escaped parts.
pub fn document(title: &str, kind: PageKind, body: &str) -> String {
    let mut out = String::with_capacity(body.len() + STYLESHEET.len() + 600);
    out.push_str("<!DOCTYPE html>\n<html lang=\"th\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; img-src data:\">\n",
    );
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta name=\"generator\" content=\"prongsai\">\n");
    // No favicon request (a 404 in every server log otherwise).
    out.push_str("<link rel=\"icon\" href=\"data:,\">\n");
    out.push_str("<title>");
    out.push_str(&escape(title));
    out.push_str("</title>\n<style>\n");
    out.push_str(STYLESHEET);
    out.push_str("</style>\n</head>\n<body class=\"");
    out.push_str(kind.class());
    out.push_str("\">\n");
    out.push_str(body);
    out.push_str("\n</body>\n</html>\n");
    out
}

/// Escaped text in an element: `el("td", "class=\"num\"", "87.67")`.
pub fn el(tag: &str, attrs: &str, text: &str) -> String {
    if attrs.is_empty() {
        format!("<{tag}>{}</{tag}>", escape(text))
    } else {
        format!("<{tag} {attrs}>{}</{tag}>", escape(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(escape("ที่จอดรถ\nน้อย"), "ที่จอดรถ\nน้อย");
        assert_eq!(escape("a\u{0}b"), "a\u{FFFD}b");
    }

    #[test]
    fn document_has_no_script_and_no_font_download() {
        let doc = document("<ทดสอบ>", PageKind::Report, "<p>x</p>");
        assert!(doc.starts_with("<!DOCTYPE html>"));
        assert!(doc.contains("<html lang=\"th\">"));
        assert!(doc.contains("<title>&lt;ทดสอบ&gt;</title>"));
        assert!(!doc.contains("<script"));
        assert!(!doc.contains("@font-face"));
        assert!(!doc.contains("url("));
        assert!(doc.contains("default-src 'none'"));
    }
}
