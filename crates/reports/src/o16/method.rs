//! The summary box, part 1 (how the survey was run) and part 2 (who answered).
use maud::{html, Markup};
use prongsai_core::ScaleKind;

use super::{band_text, Ctx, O16Options};
use crate::blocks;

/// The box at the top: respondents, overall satisfaction, target, best and worst dimension.
pub(super) fn summary(ctx: &Ctx) -> Markup {
    let Some(sat) = &ctx.report.satisfaction else {
        return html! {};
    };
    let f = ctx.fmt;
    let sd = ctx.report.satisfaction_sd(ctx.ins);
    let scored: Vec<(String, f64)> = blocks::dimension_bars(ctx.ins, sat)
        .into_iter()
        .filter_map(|b| Some((b.label, b.value?)))
        .collect();
    let extremes = if scored.len() > 1 {
        let hi = scored.iter().max_by(|a, b| a.1.total_cmp(&b.1));
        let lo = scored.iter().min_by(|a, b| a.1.total_cmp(&b.1));
        hi.zip(lo)
    } else {
        None
    };
    html! {
        div.summary-box {
            p {
                strong { "สรุปผล" }
                " ผู้ตอบแบบสำรวจ " (f.int(ctx.report.n)) " คน มีความพึงพอใจโดยรวมร้อยละ "
                strong { (f.opt2(sat.percent)) }
                " (x̄\u{a0}=\u{a0}" (f.opt2(sat.mean)) ", S.D.\u{a0}=\u{a0}" (f.opt2(sd))
                ") อยู่ในระดับ" strong { (band_text(ctx, sat.mean)) } " "
                @match sat.percent {
                    Some(p) if super::meets_target(ctx, p) => { "บรรลุเป้าหมายร้อยละ " (f.num_short(sat.target)) }
                    Some(_) => { "ต่ำกว่าเป้าหมายร้อยละ " (f.num_short(sat.target)) }
                    None => {}
                }
            }
            @if let Some((hi, lo)) = extremes {
                p {
                    "ด้านที่ได้รับความพึงพอใจสูงสุด: " (hi.0) " (ร้อยละ " (f.num2(hi.1)) ") · ต่ำสุด: "
                    (lo.0) " (ร้อยละ " (f.num2(lo.1)) ")"
                }
            }
        }
    }
}

/// Part 1: instrument, channels, period, respondents, analysis, bands and target.
pub(super) fn method(ctx: &Ctx, opts: &O16Options) -> Markup {
    let f = ctx.fmt;
    let ins = ctx.ins;
    let recommended = ins
        .sample
        .as_ref()
        .and_then(|s| s.recommended(opts.population));
    let respondents = format!("{} คน", f.int(ctx.report.n))
        + &match recommended {
            Some(r) if ctx.report.n >= u64::from(r) => {
                format!(" (จำนวนที่แนะนำ {} คน: ครบแล้ว)", f.int(u64::from(r)))
            }
            Some(r) => format!(
                " (จำนวนที่แนะนำ {} คน: ยังขาดอีก {} คน)",
                f.int(u64::from(r)),
                f.int(u64::from(r) - ctx.report.n)
            ),
            None => " (แบบสำรวจไม่ได้กำหนดจำนวนผู้ตอบที่แนะนำ)".to_string(),
        };
    let sample_note = ins.sample.as_ref().and_then(|s| s.note.as_ref());
    let rows: Vec<(&str, Markup)> = vec![
        (
            "เครื่องมือ",
            html! { (f.text(&format!("{} (รหัส {} ฉบับปีงบประมาณ พ.ศ. {})", ins.title.th, ins.id, ins.edition))) },
        ),
        (
            "ช่องทางการเก็บข้อมูล",
            html! {
                @if opts.channels.is_empty() {
                    "ไม่ได้ระบุ"
                } @else {
                    @for (i, c) in opts.channels.iter().enumerate() {
                        @if i > 0 { " · " }
                        (c.label())
                    }
                }
            },
        ),
        (
            "ช่วงเวลาเก็บข้อมูล",
            html! {
                (opts.period.name(f, Some(ctx.report)))
                @if let Some(r) = opts.period.range(f) { " " (r) }
            },
        ),
        (
            "จำนวนผู้ตอบแบบสำรวจ",
            html! {
                (respondents)
                @if let Some(note) = sample_note { small { (note.th) } }
                @if let Some(p) = opts.population {
                    small { "ผู้รับบริการในช่วงเวลานี้ " (f.int(u64::from(p))) " คน" }
                }
            },
        ),
        (
            "การวิเคราะห์ข้อมูล",
            html! {
                (f.text(&format!(
                    "จำนวน ร้อยละ ค่าเฉลี่ย (x̄) และส่วนเบี่ยงเบนมาตรฐาน (S.D.) · ร้อยละความพึงพอใจ = x̄ ÷ {} × 100",
                    f.num(ctx.max, 0)
                )))
            },
        ),
        ("เกณฑ์การแปลผลค่าเฉลี่ย", html! { (bands_text(ctx)) }),
        (
            "เป้าหมาย",
            html! { "ผู้รับบริการมีความพึงพอใจไม่น้อยกว่าร้อยละ " (f.num_short(ctx.target)) },
        ),
    ];
    html! {
        h2 { "ส่วนที่ 1 วิธีการสำรวจ" }
        table.method {
            colgroup { col style="width:28%"; col; }
            tbody {
                @for (k, v) in &rows {
                    tr { th scope="row" { (k) } td { (v) } }
                }
            }
        }
    }
}

/// "4.51–5.00 มากที่สุด · 3.51–4.50 มาก · …".
fn bands_text(ctx: &Ctx) -> String {
    let Some(rules) = &ctx.ins.scoring.satisfaction else {
        return "ไม่ได้กำหนด".into();
    };
    let mut upper = ctx.max;
    let mut parts = Vec::new();
    for b in &rules.bands {
        parts.push(format!(
            "{}–{} {}",
            ctx.fmt.num2(b.min),
            ctx.fmt.num2(upper),
            b.label.th
        ));
        upper = b.min - 0.01;
    }
    if parts.is_empty() {
        "ไม่ได้กำหนด".into()
    } else {
        parts.join(" · ")
    }
}

/// Part 2: one table per profile question (counts and percent; small groups suppressed).
pub(super) fn profile(ctx: &Ctx) -> Markup {
    let f = ctx.fmt;
    let n = ctx.report.n;
    let min = ctx.report.breakdowns.min_group;
    let pct = |c: u64| {
        if n > 0 {
            f.num2(c as f64 / n as f64 * 100.0)
        } else {
            "–".into()
        }
    };
    let questions: Vec<_> = ctx
        .ins
        .items()
        .filter(|i| i.role.is_some())
        .filter_map(|item| {
            let stats = ctx.report.items.get(&item.code)?;
            let scale = ctx.ins.scale(&item.scale)?;
            Some((item, stats, scale))
        })
        .collect();
    html! {
        h2 { "ส่วนที่ 2 ข้อมูลทั่วไปของผู้ตอบแบบสำรวจ" }
        @if questions.is_empty() {
            p { "แบบสำรวจนี้ไม่ได้ถามข้อมูลทั่วไปของผู้ตอบ" }
        }
        @for (item, stats, scale) in &questions {
            @let counts: Vec<u64> = scale
                .options
                .iter()
                .map(|o| stats.counts.get(&o.value.key()).copied().unwrap_or(0))
                .collect();
            @let missing = n.saturating_sub(counts.iter().sum());
            @let single = scale.kind != ScaleKind::Multiple;
            table.profile {
                thead {
                    tr { th { (item.text.th) } th.num { "จำนวน (คน)" } th.num { "ร้อยละ" } }
                }
                tbody {
                    @for (o, c) in scale.options.iter().zip(&counts) {
                        tr {
                            td { (o.label.th) }
                            @if *c > 0 && *c < min {
                                td.suppressed colspan="2" { (blocks::suppressed(f, min)) }
                            } @else {
                                td.num { (f.int(*c)) }
                                td.num { (pct(*c)) }
                            }
                        }
                    }
                    @if single && missing > 0 {
                        tr {
                            td { "ไม่ระบุ" }
                            @if missing < min {
                                td.suppressed colspan="2" { (blocks::suppressed(f, min)) }
                            } @else {
                                td.num { (f.int(missing)) }
                                td.num { (pct(missing)) }
                            }
                        }
                    }
                }
                @if single {
                    tfoot {
                        tr.total { td { "รวม" } td.num { (f.int(n)) } td.num { (f.num2(100.0)) } }
                    }
                }
            }
            @if !single {
                p { small { "ตอบได้มากกว่าหนึ่งข้อ ร้อยละคิดจากจำนวนผู้ตอบทั้งหมด" } }
            }
        }
    }
}
