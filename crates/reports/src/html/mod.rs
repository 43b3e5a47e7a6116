//! HTML building blocks shared by every document: the document shell with the A4 print
//! stylesheet, and inline SVG charts. Markup is written with maud, which escapes every value
//! (the project's one escaper, see [`crate::shell`]); each document also carries a
//! Content-Security-Policy that forbids scripts and any network fetch.
pub mod chart;
mod style;

use maud::{html, Markup};

pub use style::STYLESHEET;

use crate::shell::Shell;

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
    /// The `<body>` class the stylesheet keys on.
    pub fn class(self) -> &'static str {
        match self {
            PageKind::Report => "report",
            PageKind::Public => "public",
            PageKind::Poster => "posters",
        }
    }
}

/// A complete printable document: `title` is plain text; the page shell is [`Shell`] with the
/// A4 stylesheet.
pub fn document(title: &str, kind: PageKind, body: Markup) -> String {
    Shell::new(title).body_class(kind.class()).render(body)
}

/// A scrollable wrapper for wide tables (keyboard-focusable, named for screen readers).
pub fn table_wrap(table: Markup) -> Markup {
    html! {
        div.table-wrap tabindex="0" role="region" aria-label="ตาราง (เลื่อนดูด้านข้างได้)" {
            (table)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_has_no_script_and_no_font_download() {
        let doc = document(
            "<ทดสอบ>",
            PageKind::Report,
            html! { p { "<script>x</script>" } },
        );
        assert!(doc.starts_with("<!DOCTYPE html>"));
        assert!(doc.contains("<html lang=\"th\">"));
        assert!(doc.contains("<title>&lt;ทดสอบ&gt;</title>"));
        assert!(doc.contains("<body class=\"report\"><p>&lt;script&gt;x&lt;/script&gt;</p>"));
        assert!(!doc.contains("<script"));
        assert!(!doc.contains("@font-face"));
        assert!(!doc.contains("url("));
        assert!(doc.contains("default-src 'none'"));
    }
}
