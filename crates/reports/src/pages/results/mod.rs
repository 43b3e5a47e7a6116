//! The results page of one instrument edition (`/admin/results/<id>`): responses against the
//! recommended sample, tool and indicator scores with the pass line, grade label, strengths and
//! indicators to develop, satisfaction per dimension and service area against the target, the
//! comparison with the previous fiscal year and half-year, the monthly trend with every month of
//! the fiscal year, the breakdown by service point, and the answers to every item.
//!
//! The server builds one [`ResultsPage`] (storage reads, filter, periods, comment counts) and
//! calls [`body`] once. Every number shown is rounded to two decimals; the full-precision value
//! is in a `data-` attribute of its row (`data-score`, `data-mean`, `data-sd`, `data-n`), which is
//! what the tests compare with `prongsai score`. Groups of fewer than 5 respondents show
//! "ไม่แสดงผล (น้อยกว่า 5 คน)" and no number, and with fewer than 5 respondents in all no number
//! is shown at all.
mod groups;
mod header;
mod items;
mod periods;
mod scores;

use maud::{html, Markup};
use prongsai_core::{Date, Instrument, Report};

use super::layout::{admin, Nav};
use crate::blocks;
use crate::thai::Fmt;

/// Everything the results page shows, computed by the server.
pub struct ResultsPage<'a> {
    pub ins: &'a Instrument,
    pub report: &'a Report,
    /// The filter as the officer chose it (dates as typed, `YYYY-MM-DD`).
    pub scope: Scope,
    /// Every edition of this instrument the server knows, oldest first.
    pub editions: Vec<String>,
    /// The configured units with their service points.
    pub units: Vec<UnitChoice>,
    /// "ปีงบประมาณ 2568", "1 ต.ค. 67 – 31 มี.ค. 68", "ข้อมูลทั้งหมดของฉบับนี้"…
    pub range_label: String,
    /// Quick period links around the reference day.
    pub quick_periods: Vec<QuickPeriod>,
    /// Previous fiscal year and half-year against the current ones.
    pub comparisons: Vec<Comparison>,
    /// Whether `/public/<id>` is enabled for this instrument.
    pub public_summary: bool,
    /// Whether more than one IIT/EIT instrument is enabled (offers the combined O42).
    pub combined_o42: bool,
    /// Comments of this edition waiting for moderation.
    pub pending_comments: u64,
}

/// The chosen filter; `None` is "all".
#[derive(Debug, Clone, Default)]
pub struct Scope {
    pub unit: Option<String>,
    pub point: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// A configured unit: its id, display name and service points.
#[derive(Debug, Clone)]
pub struct UnitChoice {
    pub id: String,
    pub name: String,
    pub points: Vec<String>,
}

/// One quick period link; `from`/`to` `None` is "everything".
#[derive(Debug, Clone)]
pub struct QuickPeriod {
    pub label: String,
    pub from: Option<Date>,
    pub to: Option<Date>,
}

/// One period of a comparison, with its results.
pub struct Period {
    pub label: String,
    pub from: Date,
    pub to: Date,
    pub report: Report,
}

/// "previous vs current", e.g. the previous fiscal year against this one.
pub struct Comparison {
    pub title: String,
    pub previous: Period,
    pub current: Period,
}

const F: Fmt = Fmt::DEFAULT;

impl ResultsPage<'_> {
    fn satisfaction_like(&self) -> bool {
        self.report.satisfaction.is_some()
    }

    fn ita(&self) -> bool {
        !self.ins.indicators.is_empty() && !self.satisfaction_like()
    }

    fn min_group(&self) -> u64 {
        self.report.breakdowns.min_group
    }

    fn suppressed_text(&self) -> String {
        blocks::suppressed(F, self.min_group())
    }
}

/// Full precision for data attributes ("" when missing).
fn full(x: Option<f64>) -> String {
    x.map(|x| x.to_string()).unwrap_or_default()
}

/// The whole page: the admin frame around [`body`].
pub fn page(p: &ResultsPage) -> String {
    admin(
        &format!("{} — ผลการสำรวจ", p.ins.title.th),
        Nav::Results,
        body(p),
    )
}

/// The page body (inside `<main>`).
pub fn body(p: &ResultsPage) -> Markup {
    let ins = p.ins;
    let too_few = blocks::too_few(p.report);
    html! {
        h1 { (ins.title.th) " " span.muted.small { "ฉบับ " (F.text(&ins.edition)) " · " (ins.id) } }
        @if ins.kind.is_ita() || !ins.indicators.is_empty() {
            p.notice {
                strong { "ผลการประเมินตนเองของหน่วยงานด้วย prongsai ไม่ใช่ผลการประเมินอย่างเป็นทางการของ ป.ป.ช." }
                " (ผลทางการคำนวณโดยระบบ ITAS ของสำนักงาน ป.ป.ช. จากการเก็บข้อมูลของสำนักงานเอง)"
            }
        }
        (header::filters(p))
        (header::downloads(p))
        (header::summary(p))
        @if too_few {
            div data-too-few="true" { (blocks::too_few_notice(F, p.report)) }
        } @else {
            @if p.ita() {
                (scores::indicators(p))
                (scores::standing(p))
            }
            @if p.satisfaction_like() {
                (scores::dimensions(p))
            }
            (periods::comparisons(p))
            (periods::trend(p))
            (groups::points(p))
            @if p.satisfaction_like() {
                (groups::areas(p))
            }
            (items::items(p))
        }
    }
}
