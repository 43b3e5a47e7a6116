//! What moderation may do to the text of a comment before it is published: mask a part of it
//! (a phone number, an ID number, a name) and group identical comments.
//!
//! The answer in the response is never changed: a masked comment keeps its text as the
//! respondent wrote it in `responses.answers`, and the comment index holds the published text
//! (`comments.published`, the answer with the masked parts replaced by █, one per character).
//! Identical comments (the same words after trimming, collapsing white space and folding case)
//! of the same question share a `text_key`, a hash of that normal form, so the moderation page
//! lists them once with their number and its actions act on the whole group.
use sha2::{Digest, Sha256};

/// The character a masked character is replaced with.
pub const MASK: char = '█';

/// The text as comments are compared: trimmed, white space collapsed to one space, case folded.
pub fn normal_form(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The group key of a comment's text: the first 32 hex digits of SHA-256 over its normal form
/// (so the index holds no copy of the text itself).
pub fn text_key(text: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"prongsai-comment-text\n");
    h.update(normal_form(text).as_bytes());
    h.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Why a part cannot be masked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MaskError {
    /// Nothing (or only white space and █) was given.
    Empty,
    /// The part is not in the comment.
    NotFound(String),
}

impl MaskError {
    /// The message shown to the officer, naming the form field.
    pub fn message_th(&self) -> String {
        match self {
            MaskError::Empty => {
                "ส่วนที่ต้องการปิดบัง (part): ยังไม่ได้ระบุข้อความ — พิมพ์หรือคัดลอกส่วนที่ต้องการปิดบัง เช่น หมายเลขโทรศัพท์ เลขบัตร หรือชื่อ".to_string()
            }
            MaskError::NotFound(part) => format!(
                "ส่วนที่ต้องการปิดบัง (part): ไม่พบ “{part}” ในความคิดเห็นนี้ — ต้องพิมพ์ให้ตรงกับข้อความในความคิดเห็นทุกตัวอักษร"
            ),
        }
    }
}

/// The published text after masking `part`: every occurrence of it in `current` (the text as
/// published so far, or the answer when nothing was masked yet) becomes █ characters, one per
/// character. Masking a part twice changes nothing the second time (it is found in the answer,
/// `original`, and no longer in the published text); a part found in neither is refused.
pub fn mask(original: &str, current: &str, part: &str) -> Result<String, MaskError> {
    let part = part.trim();
    if part.chars().all(|c| c.is_whitespace() || c == MASK) {
        return Err(MaskError::Empty);
    }
    if !original.contains(part) && !current.contains(part) {
        return Err(MaskError::NotFound(part.to_string()));
    }
    let hidden: String = std::iter::repeat_n(MASK, part.chars().count()).collect();
    Ok(current.replace(part, &hidden))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::moderation::{detect, numbers_in, Flag};

    #[test]
    fn masks_every_occurrence_with_as_many_characters() {
        let t = "โทร 081-234-5678 หรือ 081-234-5678 คุณสมชาย";
        let m = mask(t, t, "081-234-5678").unwrap();
        assert_eq!(m, "โทร ████████████ หรือ ████████████ คุณสมชาย");
        assert_eq!(m.chars().count(), t.chars().count());
        let m2 = mask(t, &m, "สมชาย").unwrap();
        assert_eq!(m2, "โทร ████████████ หรือ ████████████ คุณ█████");
        assert!(detect(&m2).is_empty(), "nothing left to flag");
    }

    #[test]
    fn masking_is_idempotent_and_refuses_what_is_not_there() {
        let t = "ติดต่อ 0812345678 ครับ";
        let once = mask(t, t, " 0812345678 ").unwrap();
        assert_eq!(mask(t, &once, "0812345678").unwrap(), once);
        assert_eq!(
            mask(t, &once, "0899999999"),
            Err(MaskError::NotFound("0899999999".into()))
        );
        for empty in ["", "   ", "███"] {
            assert_eq!(mask(t, &once, empty), Err(MaskError::Empty), "{empty:?}");
        }
        assert!(MaskError::Empty.message_th().contains("(part)"));
        assert!(MaskError::NotFound("x".into())
            .message_th()
            .contains("ไม่พบ “x”"));
    }

    #[test]
    fn offers_the_numbers_as_written() {
        let t = "โทร 081-234-5678, 02 123 4567 หรือ ๐๘๑๒๓๔๕๖๗๘ บัตร 1-2345-67890-12-3 ปี 2568 โทร 081-234-5678";
        assert_eq!(
            numbers_in(t),
            vec![
                (Flag::Phone, "081-234-5678".to_string()),
                (Flag::Phone, "02 123 4567".to_string()),
                (Flag::Phone, "๐๘๑๒๓๔๕๖๗๘".to_string()),
                (Flag::IdNumber, "1-2345-67890-12-3".to_string()),
            ]
        );
        assert_eq!(
            numbers_in("+66 81 234 5678"),
            vec![(Flag::Phone, "+66 81 234 5678".to_string())]
        );
        assert!(numbers_in("บริการดี 3 ครั้ง").is_empty());
    }

    #[test]
    fn identical_comments_share_a_key() {
        let a = text_key("  ที่จอดรถ   ไม่พอ\n");
        assert_eq!(a, text_key("ที่จอดรถ ไม่พอ"));
        assert_eq!(text_key("Parking IS full"), text_key("parking is   full "));
        assert_ne!(a, text_key("ที่จอดรถไม่พอ"));
        assert_eq!(a.len(), 32);
    }
}
