//! `/public`: the surveys whose results the agency publishes.
use maud::html;

use super::layout::plain;
use crate::url::encode;

/// (instrument id, Thai title) of every published survey.
pub fn page(surveys: &[(String, String)]) -> String {
    plain(
        "ผลการสำรวจ",
        html! {
            h1 { "ผลการสำรวจที่หน่วยงานเปิดเผย" }
            @if surveys.is_empty() {
                p { "ยังไม่มีแบบสำรวจที่เปิดเผยผล" }
            } @else {
                ul.links {
                    @for (id, title) in surveys {
                        li { a href={ "/public/" (encode(id)) } { (title) } }
                    }
                }
            }
        },
    )
}
