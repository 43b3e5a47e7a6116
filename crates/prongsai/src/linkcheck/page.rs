//! The title of a fetched page: the bytes decoded with the page's character set (many Thai
//! government sites still serve TIS-620), then parsed with a real HTML parser.
use encoding_rs::{Encoding, UTF_8, WINDOWS_874};
use scraper::{Html, Selector};

/// Titles longer than this are cut (with "…") so a report stays readable.
const MAX_TITLE_CHARS: usize = 300;

/// Whether a Content-Type names an HTML page (a missing one may be HTML too).
pub fn is_html(content_type: Option<&str>) -> bool {
    match content_type.and_then(|ct| ct.parse::<mime::Mime>().ok()) {
        None => true,
        Some(m) => m.essence_str() == "text/html" || m.essence_str() == "application/xhtml+xml",
    }
}

/// The `charset` parameter of a Content-Type value.
fn charset_param(content_type: &str) -> Option<&'static Encoding> {
    let m = content_type.parse::<mime::Mime>().ok()?;
    let charset = m.get_param(mime::CHARSET)?;
    Encoding::for_label(charset.as_str().as_bytes())
}

/// The page's `<title>`, decoded, with runs of white space collapsed; `None` when there is none
/// or it is empty. `header_type` is the response's Content-Type.
pub fn title(body: &[u8], header_type: Option<&str>) -> Option<String> {
    let encoding = Encoding::for_bom(body)
        .map(|(enc, _)| enc)
        .or_else(|| header_type.and_then(charset_param))
        .or_else(|| meta_charset(body))
        // Undeclared: UTF-8 if it reads as UTF-8 (a cut at the read limit may split the last
        // character), otherwise the Thai legacy encoding.
        .unwrap_or_else(|| match std::str::from_utf8(body) {
            Ok(_) => UTF_8,
            Err(e) if e.error_len().is_none() => UTF_8,
            Err(_) => WINDOWS_874,
        });
    let (text, _, _) = encoding.decode(body);
    let doc = Html::parse_document(&text);
    let head_title = Selector::parse("head > title").ok()?;
    let any_title = Selector::parse("title").ok()?;
    let element = doc
        .select(&head_title)
        .next()
        .or_else(|| doc.select(&any_title).next())?;
    let collapsed = element
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if collapsed.is_empty() {
        return None;
    }
    if collapsed.chars().count() > MAX_TITLE_CHARS {
        let mut cut: String = collapsed.chars().take(MAX_TITLE_CHARS).collect();
        cut.push('…');
        return Some(cut);
    }
    Some(collapsed)
}

/// The character set a page declares in `<meta charset>` or `<meta http-equiv="Content-Type">`.
/// The declaration is ASCII, so reading the bytes as UTF-8 (lossy) is enough to find it.
fn meta_charset(body: &[u8]) -> Option<&'static Encoding> {
    let doc = Html::parse_document(&String::from_utf8_lossy(body));
    let with_charset = Selector::parse("meta[charset]").ok()?;
    if let Some(enc) = doc
        .select(&with_charset)
        .filter_map(|m| m.value().attr("charset"))
        .find_map(|label| Encoding::for_label(label.trim().as_bytes()))
    {
        return Some(enc);
    }
    let http_equiv = Selector::parse("meta[http-equiv][content]").ok()?;
    doc.select(&http_equiv)
        .filter(|m| {
            m.value()
                .attr("http-equiv")
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("content-type"))
        })
        .filter_map(|m| m.value().attr("content"))
        .find_map(charset_param)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_entities_and_collapses_white_space() {
        let html = "<html><head><title>\n  ข่าว &amp; กิจกรรม\n  อบต.  </title></head></html>";
        assert_eq!(
            title(html.as_bytes(), Some("text/html; charset=utf-8")).as_deref(),
            Some("ข่าว & กิจกรรม อบต.")
        );
    }

    #[test]
    fn reads_tis620_from_the_header_the_meta_tag_or_by_guess() {
        let (bytes, _, _) = WINDOWS_874.encode("<title>โครงสร้างหน่วยงาน</title>");
        assert_eq!(
            title(&bytes, Some("text/html; charset=TIS-620")).as_deref(),
            Some("โครงสร้างหน่วยงาน")
        );
        let (page, _, _) = WINDOWS_874.encode(
            "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=tis-620\">\
             <title>ข้อมูลผู้บริหาร</title></head></html>",
        );
        assert_eq!(
            title(&page, Some("text/html")).as_deref(),
            Some("ข้อมูลผู้บริหาร")
        );
        assert_eq!(title(&bytes, None).as_deref(), Some("โครงสร้างหน่วยงาน"));
    }

    #[test]
    fn no_title_or_an_empty_one_is_none() {
        assert_eq!(title(b"<p>hello</p>", None), None);
        assert_eq!(title(b"<title>   </title>", None), None);
    }

    #[test]
    fn html_types() {
        assert!(is_html(Some("text/html; charset=utf-8")));
        assert!(is_html(None));
        assert!(!is_html(Some("application/pdf")));
    }
}
