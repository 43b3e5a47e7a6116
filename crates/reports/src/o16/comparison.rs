//! Part 4: the comparison with the previous period.
use maud::{html, Markup};
use prongsai_core::Report;

use super::{Ctx, O16Options};
use crate::blocks::{self, Period};

/// Respondents, each dimension and the overall percent, before and now, with the change.
pub(super) fn comparison(ctx: &Ctx, prev: &Report, opts: &O16Options) -> Markup {
    let f = ctx.fmt;
    let prev_label = opts
        .previous_label
        .clone()
        .filter(|l| !l.trim().is_empty())
        .unwrap_or_else(|| Period::default().name(f, Some(prev)));
    let now_label = opts.period.name(f, Some(ctx.report));
    let prev_hidden = blocks::too_few(prev);
    let p = |v: Option<f64>| if prev_hidden { None } else { v };
    let respondents_change = if ctx.report.n >= prev.n {
        format!("+{}", f.int(ctx.report.n - prev.n))
    } else {
        format!("-{}", f.int(prev.n - ctx.report.n))
    };
    let now_sat = ctx.report.satisfaction.as_ref();
    let prev_sat = prev.satisfaction.as_ref();
    let dims: Vec<(&str, Option<f64>, Option<f64>)> = ctx
        .ins
        .dimensions
        .iter()
        .map(|dim| {
            let now = now_sat
                .and_then(|x| x.dimensions.get(&dim.id))
                .and_then(|d| d.percent);
            let before = p(prev_sat
                .and_then(|x| x.dimensions.get(&dim.id))
                .and_then(|d| d.percent));
            (dim.title.th.as_str(), before, now)
        })
        .collect();
    let now = now_sat.and_then(|x| x.percent);
    let before = p(prev_sat.and_then(|x| x.percent));
    html! {
        h2 { "ส่วนที่ 4 เปรียบเทียบกับช่วงเวลาก่อน" }
        table.compare {
            colgroup { col style="width:40%"; }
            thead {
                tr {
                    th { "รายการ" }
                    th.num { (prev_label) }
                    th.num { (now_label) }
                    th.num { "เปลี่ยนแปลง" }
                }
            }
            tbody {
                tr {
                    td { "จำนวนผู้ตอบ (คน)" }
                    td.num { (f.int(prev.n)) }
                    td.num { (f.int(ctx.report.n)) }
                    td.num { (respondents_change) }
                }
                @for (title, before, now) in &dims {
                    tr {
                        td { (title) " (ร้อยละ)" }
                        td.num { (f.opt2(*before)) }
                        td.num { (f.opt2(*now)) }
                        td.num { (blocks::change(f, *now, *before)) }
                    }
                }
            }
            tfoot {
                tr.total {
                    td { "ภาพรวม (ร้อยละ)" }
                    td.num { (f.opt2(before)) }
                    td.num { (f.opt2(now)) }
                    td.num { (blocks::change(f, now, before)) }
                }
            }
        }
        @if prev_hidden {
            p { small {
                "ช่วงเวลาก่อนมีผู้ตอบน้อยกว่า " (f.int(prev.breakdowns.min_group)) " คน จึงไม่แสดงผล"
            } }
        }
    }
}
