//! `/admin/posters`: one link per survey and unit to its printable QR posters.
use maud::html;

use super::layout::{admin, Nav};
use crate::url::encode;

/// A survey (newest edition) and the units that can print its posters.
#[derive(Debug, Clone)]
pub struct PosterSurvey {
    pub id: String,
    pub title: String,
    pub units: Vec<PosterUnit>,
}

/// A unit: id, display name and how many posters (service points, at least one).
#[derive(Debug, Clone)]
pub struct PosterUnit {
    pub id: String,
    pub name: String,
    pub posters: usize,
}

pub fn page(surveys: &[PosterSurvey]) -> String {
    admin(
        "โปสเตอร์ QR — prongsai",
        Nav::Posters,
        html! {
            h1 { "โปสเตอร์ QR Code" }
            p { "โปสเตอร์ขนาด A4 หนึ่งแผ่นต่อหนึ่งจุดให้บริการ สั่งพิมพ์จากเบราว์เซอร์ได้ทันที" }
            @for s in surveys {
                h2 { (s.title) " " span.small.muted { (s.id) } }
                ul.links {
                    @for u in &s.units {
                        li {
                            a href={ "/admin/posters/" (encode(&s.id)) "/" (encode(&u.id)) } { (u.name) }
                            " " span.small.muted { "(" (u.posters) " จุดให้บริการ)" }
                        }
                    }
                }
            }
        },
    )
}
