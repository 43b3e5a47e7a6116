//! What can be wrong with one evidence link, each with a plain Thai and an English message.
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// One problem found with an item's evidence link. Serialized as `{"flag": "client_error",
/// "status": 404}`; [`Flag::to_json`] adds the `th` and `en` messages (which deserializing
/// ignores, so a stored report reads back).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "flag", rename_all = "snake_case")]
pub enum Flag {
    /// The item is answered "yes" (มี) but no URL was given.
    NoEvidenceLink,
    /// A web address written without `http://` or `https://` (`www.abc.go.th/ita`).
    NoScheme,
    /// The text is not a URL at all.
    InvalidUrl { reason: String },
    /// A URL, but not a web page (`ftp:`, `file:`, `mailto:` …).
    NotHttp { scheme: String },
    /// No connection: the name does not resolve, the connection is refused or TLS fails.
    Unreachable { reason: String },
    /// No complete answer within the timeout.
    Timeout { seconds: String },
    /// The final answer is a 4xx.
    ClientError { status: u16 },
    /// The final answer is a 5xx.
    ServerError { status: u16 },
    /// The URL itself is not on the agency's main site.
    OutsideMainSite { host: String, main_site: String },
    /// The URL is on the main site but a redirect leads off it.
    RedirectedOffSite { host: String, main_site: String },
    /// More redirects than the limit (often a loop).
    TooManyRedirects { limit: usize },
    /// A redirect that cannot be followed (no usable `Location`, or to a non-web address).
    BadRedirect { reason: String },
    /// The same page is given as evidence for other items too.
    SharedUrl { other_items: Vec<String> },
}

impl Flag {
    pub(crate) fn timeout(after: Duration) -> Flag {
        Flag::Timeout {
            seconds: format!("{}", after.as_secs_f64()),
        }
    }

    /// The snake_case name used in JSON (`"client_error"`).
    pub fn name(&self) -> &'static str {
        match self {
            Flag::NoEvidenceLink => "no_evidence_link",
            Flag::NoScheme => "no_scheme",
            Flag::InvalidUrl { .. } => "invalid_url",
            Flag::NotHttp { .. } => "not_http",
            Flag::Unreachable { .. } => "unreachable",
            Flag::Timeout { .. } => "timeout",
            Flag::ClientError { .. } => "client_error",
            Flag::ServerError { .. } => "server_error",
            Flag::OutsideMainSite { .. } => "outside_main_site",
            Flag::RedirectedOffSite { .. } => "redirected_off_site",
            Flag::TooManyRedirects { .. } => "too_many_redirects",
            Flag::BadRedirect { .. } => "bad_redirect",
            Flag::SharedUrl { .. } => "shared_url",
        }
    }

    /// The message for an integrity officer, in Thai.
    pub fn message_th(&self) -> String {
        match self {
            Flag::NoEvidenceLink => "ตอบว่า \"มี\" แต่ไม่ได้ระบุ URL หลักฐาน".into(),
            Flag::NoScheme => {
                "URL ต้องขึ้นต้นด้วย http:// หรือ https:// (คัดลอกจากแถบที่อยู่ของเบราว์เซอร์)".into()
            }
            Flag::InvalidUrl { reason } => format!("URL ไม่ถูกต้อง ({reason})"),
            Flag::NotHttp { scheme } => {
                format!("ไม่ใช่ลิงก์หน้าเว็บ http:// หรือ https:// (ขึ้นต้นด้วย {scheme}:)")
            }
            Flag::Unreachable { reason } => format!("เข้าถึงไม่ได้ ({reason})"),
            Flag::Timeout { seconds } => format!("หน้าเว็บไม่ตอบสนองภายใน {seconds} วินาที"),
            Flag::ClientError { status: 404 } => "ไม่พบหน้าเว็บ (HTTP 404)".into(),
            Flag::ClientError { status } => {
                format!("หน้าเว็บตอบกลับด้วยข้อผิดพลาด HTTP {status} (เปิดไม่ได้)")
            }
            Flag::ServerError { status } => format!("เซิร์ฟเวอร์ขัดข้อง (HTTP {status})"),
            Flag::OutsideMainSite { host, main_site } => {
                format!("อยู่นอกเว็บไซต์หลักของหน่วยงาน ({host} ไม่ใช่ {main_site})")
            }
            Flag::RedirectedOffSite { host, main_site } => {
                format!("ถูกเปลี่ยนเส้นทางไปยัง {host} ซึ่งอยู่นอกเว็บไซต์หลัก ({main_site})")
            }
            Flag::TooManyRedirects { limit } => {
                format!("เปลี่ยนเส้นทางเกิน {limit} ครั้ง (อาจวนซ้ำไม่รู้จบ)")
            }
            Flag::BadRedirect { reason } => {
                format!("เปลี่ยนเส้นทางไปยังที่อยู่ที่เปิดไม่ได้ ({reason})")
            }
            Flag::SharedUrl { other_items } => format!(
                "ใช้ URL เดียวกันกับข้อ {} ด้วย (หลักฐานแต่ละข้อควรเป็นหน้าของข้อนั้น)",
                other_items.join(", ")
            ),
        }
    }

    /// The message in English.
    pub fn message_en(&self) -> String {
        match self {
            Flag::NoEvidenceLink => "answered \"yes\" but no evidence URL given".into(),
            Flag::NoScheme => {
                "the URL must start with http:// or https:// (copy it from the browser's address bar)"
                    .into()
            }
            Flag::InvalidUrl { reason } => format!("not a valid URL ({reason})"),
            Flag::NotHttp { scheme } => {
                format!("not an http:// or https:// web page (scheme {scheme}:)")
            }
            Flag::Unreachable { reason } => format!("unreachable ({reason})"),
            Flag::Timeout { seconds } => format!("no answer within {seconds} s"),
            Flag::ClientError { status: 404 } => "page not found (HTTP 404)".into(),
            Flag::ClientError { status } => format!("the page answers HTTP {status} (client error)"),
            Flag::ServerError { status } => format!("server error (HTTP {status})"),
            Flag::OutsideMainSite { host, main_site } => {
                format!("outside the agency's main site ({host} is not {main_site})")
            }
            Flag::RedirectedOffSite { host, main_site } => {
                format!("redirected to {host}, outside the main site ({main_site})")
            }
            Flag::TooManyRedirects { limit } => {
                format!("more than {limit} redirects (probably a loop)")
            }
            Flag::BadRedirect { reason } => format!("broken redirect ({reason})"),
            Flag::SharedUrl { other_items } => format!(
                "the same URL is also given for {} (each item needs its own evidence page)",
                other_items.join(", ")
            ),
        }
    }

    /// The flag's fields plus its `th` and `en` messages, for JSON reports.
    pub fn to_json(&self) -> serde_json::Value {
        let mut value = serde_json::to_value(self).unwrap_or_else(|_| {
            // Serializing plain strings and numbers cannot fail; keep the name if it ever does.
            serde_json::json!({ "flag": self.name() })
        });
        if let Some(obj) = value.as_object_mut() {
            obj.insert("th".into(), self.message_th().into());
            obj.insert("en".into(), self.message_en().into());
        }
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_carries_name_fields_and_both_messages() {
        let v = Flag::ClientError { status: 404 }.to_json();
        assert_eq!(v["flag"], "client_error");
        assert_eq!(v["status"], 404);
        assert_eq!(v["th"], "ไม่พบหน้าเว็บ (HTTP 404)");
        assert_eq!(v["en"], "page not found (HTTP 404)");
    }

    #[test]
    fn a_stored_flag_reads_back_whatever_the_messages() {
        let flag = Flag::SharedUrl {
            other_items: vec!["O12".into(), "O13".into()],
        };
        let back: Flag = serde_json::from_value(flag.to_json()).expect("reads back");
        assert_eq!(back, flag);
    }

    #[test]
    fn timeout_prints_whole_and_fractional_seconds() {
        assert_eq!(
            Flag::timeout(Duration::from_secs(10)).message_en(),
            "no answer within 10 s"
        );
        assert_eq!(
            Flag::timeout(Duration::from_millis(1500)).message_th(),
            "หน้าเว็บไม่ตอบสนองภายใน 1.5 วินาที"
        );
    }
}
