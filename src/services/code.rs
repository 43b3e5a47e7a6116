//! One-time codes (docs/design.md "One-time codes"): asks the prongsai server whether a survey
//! needs a code and whether a code is good, before the first question. Neither call uses the
//! code up; only the stored response does (the code travels with it in `X-Prongsai-Code`).

use prongsai_core::Locale;
use serde_json::{json, Value};

use super::http;

/// The API base (`…/api/v1`) of a prongsai endpoint (`…/api/v1/responses`); None for an
/// endpoint of another kind (it has no code check).
pub fn api_base(endpoint: &str) -> Option<&str> {
    endpoint.trim_end_matches('/').strip_suffix("/responses")
}

/// Whether the server asks a code for `survey`: Some(true/false), None when it cannot tell
/// (offline, another kind of endpoint, a survey the server does not know).
pub async fn needs_code(endpoint: &str, survey: &str) -> Option<bool> {
    let base = api_base(endpoint)?;
    let r = http::get_text(&format!("{base}/surveys/{survey}"))
        .await
        .ok()?;
    if r.status != 200 {
        return None;
    }
    let v: Value = super::json::parse(&r.body).ok()?;
    v.get("needs_code").and_then(Value::as_bool)
}

/// Whether the page says `survey` needs a code: `prongsai serve` marks the instrument it puts
/// inline (`<script data-pg-instrument="ID" data-pg-needs-code="true|false">`). None on other
/// pages.
pub fn page_says_needs_code(survey: &str) -> Option<bool> {
    let doc = web_sys::window()?.document()?;
    let list = doc.query_selector_all("script[data-pg-instrument]").ok()?;
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok())
        .find(|el| el.get_attribute("data-pg-instrument").as_deref() == Some(survey))
        .and_then(|el| el.get_attribute("data-pg-needs-code"))
        .map(|v| v == "true")
}

/// What the server said of a code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Good,
    /// Refused: the server's error code (`code_unknown`, `code_used`, `code_malformed`, …) and
    /// its message.
    Refused {
        code: String,
        message: String,
    },
    /// No answer (network down, server error): the code is checked again on sending.
    Unchecked,
}

pub async fn check(endpoint: &str, survey: &str, code: &str) -> Verdict {
    let Some(base) = api_base(endpoint) else {
        return Verdict::Unchecked;
    };
    let body = super::json::stringify(&json!({ "survey": survey, "code": code }));
    match http::post_json(&format!("{base}/codes/check"), &body, None, None).await {
        Ok(r) if r.status == 200 => Verdict::Good,
        Ok(r) if (400..500).contains(&r.status) && r.status != 408 && r.status != 429 => {
            let (code, message) = error_of(&r.body);
            Verdict::Refused { code, message }
        }
        _ => Verdict::Unchecked,
    }
}

/// `{"error": {"code", "message"}}` → (code, message); empty strings when absent.
pub fn error_of(body: &str) -> (String, String) {
    let v: Value = super::json::parse(body).unwrap_or(Value::Null);
    let s = |k: &str| {
        v.get("error")
            .and_then(|e| e.get(k))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    (s("code"), s("message"))
}

/// The respondent's words for a refusal the endpoint explains with `code`: what happened and
/// what to do. None for codes the widget does not know (then the server's message is shown).
pub fn explain(l: Locale, code: &str) -> Option<&'static str> {
    let (th, en) = match code {
        "code_required" => (
            "แบบสำรวจนี้ต้องใช้รหัสจากใบรหัส กรุณากรอกรหัสที่ได้รับจากเจ้าหน้าที่",
            "This survey needs the code from your slip. Please enter the code you were given.",
        ),
        "code_unknown" => (
            "ไม่พบรหัสนี้ กรุณาตรวจรหัสบนใบรหัสอีกครั้ง หรือขอรหัสใหม่จากเจ้าหน้าที่ผู้แจกใบรหัส",
            "This code is not valid. Check the code on your slip, or ask the staff member who handed out the slips for a new one.",
        ),
        "code_used" => (
            "รหัสนี้ถูกใช้แล้ว กรุณาขอรหัสใหม่จากเจ้าหน้าที่ผู้แจกใบรหัส",
            "This code has already been used. Please ask the staff member who handed out the slips for a new one.",
        ),
        "code_malformed" => (
            "รหัสไม่ครบหรือไม่ถูกรูปแบบ รหัสมีตัวอักษรและตัวเลข 10 ตัว เช่น ABCDE-FGHJK",
            "The code is incomplete or mistyped: it has 10 letters and digits, like ABCDE-FGHJK.",
        ),
        "submitted_in_future" | "submitted_too_old" => (
            "วันที่ของเครื่องนี้ไม่ถูกต้อง กรุณาตั้งวันที่ของเครื่องแล้วส่งใหม่",
            "This device's date is wrong. Please correct it and send again.",
        ),
        "origin_not_allowed" => (
            "เว็บไซต์นี้ยังไม่ได้รับอนุญาตให้ส่งคำตอบ กรุณาแจ้งหน่วยงาน",
            "This website may not send answers yet. Please tell the agency.",
        ),
        _ => return None,
    };
    Some(match l {
        Locale::Th => th,
        Locale::En => en,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_api_base_comes_from_a_prongsai_endpoint_only() {
        assert_eq!(api_base("/api/v1/responses"), Some("/api/v1"));
        assert_eq!(
            api_base("https://survey.example.go.th/api/v1/responses/"),
            Some("https://survey.example.go.th/api/v1")
        );
        assert_eq!(api_base("https://forms.example.org/submit"), None);
    }

    #[test]
    fn known_refusals_are_explained_in_thai_with_the_word_code() {
        for c in [
            "code_required",
            "code_unknown",
            "code_used",
            "code_malformed",
        ] {
            let th = explain(Locale::Th, c).unwrap();
            assert!(th.contains("รหัส"), "{c}: {th}");
            assert!(explain(Locale::En, c).unwrap().contains("code"), "{c}");
        }
        assert!(explain(Locale::Th, "code_used")
            .unwrap()
            .contains("ถูกใช้แล้ว"));
        assert_eq!(explain(Locale::Th, "something_else"), None);
        assert_eq!(
            error_of(r#"{"error":{"code":"code_used","message":"used"}}"#),
            ("code_used".to_string(), "used".to_string())
        );
    }
}
