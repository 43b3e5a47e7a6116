//! Horizontal bar charts as inline SVG: no JavaScript, printable, and readable without the
//! picture (a `<title>`/`<desc>` for screen readers, the value written at the end of each bar).
//!
//! Every function returns `Markup` built with maud (labels escaped); callers embed it as is.
use maud::{html, Markup};
use prongsai_core::number::fixed;

use crate::thai::Fmt;

/// One bar. `value: None` draws no bar and writes `missing` instead (e.g. a suppressed group).
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: Option<f64>,
    pub missing: String,
}

impl Bar {
    pub fn new(label: impl Into<String>, value: Option<f64>) -> Bar {
        Bar {
            label: label.into(),
            value,
            missing: "–".to_string(),
        }
    }
}

/// A reference line (the target or the pass mark).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Target<'a> {
    pub value: f64,
    pub label: &'a str,
}

/// Where the labels go.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Layout {
    /// Labels left of the bars: for A4 reports.
    #[default]
    Side,
    /// Each label on its own line above its bar: narrow, for phones.
    Stacked,
}

#[derive(Debug, Clone)]
pub struct BarChart<'a> {
    /// Unique within the document (used for `aria-labelledby`).
    pub id: &'a str,
    pub title: &'a str,
    pub bars: &'a [Bar],
    /// The value at the right end of the scale (100 for percent and ITA scores).
    pub max: f64,
    pub target: Option<Target<'a>>,
    /// Written after each value ("%" or "").
    pub unit: &'a str,
    pub fmt: Fmt,
    pub layout: Layout,
}

/// Geometry of one layout, in SVG user units.
struct Geometry {
    width: f64,
    label_right: f64,
    bar_x: f64,
    bar_w: f64,
    row: f64,
    font: f64,
    /// Offset of the bar's centre from the row's top.
    bar_mid: f64,
    /// Offset of the label's baseline from the row's top.
    label_y: f64,
    /// The value written after each bar.
    value_font: f64,
    /// Axis ticks, the reference line's label and "missing" texts.
    small_font: f64,
}

impl Layout {
    fn geometry(self) -> Geometry {
        match self {
            Layout::Side => Geometry {
                width: 640.0,
                label_right: 246.0,
                bar_x: 254.0,
                bar_w: 310.0,
                row: 26.0,
                font: FONT,
                bar_mid: 13.0,
                label_y: 13.0 + FONT * 0.35,
                value_font: 11.0,
                small_font: 10.5,
            },
            Layout::Stacked => Geometry {
                width: 360.0,
                label_right: 360.0,
                bar_x: 2.0,
                bar_w: 290.0,
                row: 40.0,
                font: 14.0,
                bar_mid: 29.0,
                label_y: 14.0,
                // Drawn at about 0.9× on a 360 px phone: nothing under 12 px on screen.
                value_font: 14.0,
                small_font: 13.5,
            },
        }
    }
}

const BAR_H: f64 = 15.0;
const FONT: f64 = 12.5;
const MIN_FONT: f64 = 9.0;
const TOP: f64 = 20.0;
const AXIS: f64 = 22.0;

/// Approximate rendered width in em: Thai above/below marks take no width.
fn width_em(s: &str) -> f64 {
    s.chars()
        .map(|c| match c {
            '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}' => 0.0,
            c if c.is_ascii_uppercase() || c == 'm' || c == 'w' => 0.68,
            c if c.is_ascii() => 0.52,
            _ => 0.6,
        })
        .sum()
}

/// Font size that fits `label` into the label column, and the label, shortened if even that
/// is not enough (the full label stays in the bar's `<title>`).
fn fit_label(label: &str, room: f64, font: f64) -> (f64, String) {
    let em = width_em(label);
    if em * font <= room {
        return (font, label.to_string());
    }
    let size = (room / em).max(MIN_FONT);
    if em * size <= room {
        return (size, label.to_string());
    }
    let mut out = String::new();
    let budget = room / size - width_em("…");
    let mut used = 0.0;
    for c in label.chars() {
        let w = width_em(&c.to_string());
        if used + w > budget {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    (size, out)
}

/// Where the value after a bar starts: right after the bar, or right of the reference line when
/// the text would otherwise sit on it (a dashed line through the digits reads as a strike).
fn value_x(c: &BarChart, g: &Geometry, x_end: f64, value: &str, max: f64) -> f64 {
    let start = x_end + 4.0;
    let Some(t) = c.target else {
        return start;
    };
    let line = g.bar_x + g.bar_w * (t.value / max).clamp(0.0, 1.0);
    let end = start + width_em(value) * g.value_font;
    if line >= start - 2.0 && line <= end + 2.0 {
        line + 4.0
    } else {
        start
    }
}

fn value_text(c: &BarChart, v: f64) -> String {
    format!("{}{}", c.fmt.num2(v), c.unit)
}

/// A coordinate in SVG user units, one decimal.
fn at(v: f64) -> String {
    fixed(v, 1)
}

/// The `<desc>` text: every bar with its value, then the reference line.
fn description(c: &BarChart) -> String {
    let mut desc: Vec<String> = c
        .bars
        .iter()
        .map(|b| {
            let v = b
                .value
                .map_or_else(|| b.missing.clone(), |v| value_text(c, v));
            format!("{}: {v}", b.label)
        })
        .collect();
    if let Some(t) = c.target {
        desc.push(format!(
            "{} {}{}",
            t.label,
            c.fmt.num_short(t.value),
            c.unit
        ));
    }
    desc.join("; ")
}

/// The tooltip of one bar: its full label and value.
fn tip(c: &BarChart, b: &Bar) -> String {
    match b.value {
        Some(v) => format!("{}: {}", b.label, value_text(c, v)),
        None => format!("{}: {}", b.label, b.missing),
    }
}

/// The bar's colour: orange below the reference line, blue otherwise.
fn fill(c: &BarChart, v: f64) -> &'static str {
    if c.target.is_some_and(|t| v < t.value) {
        "#c2410c"
    } else {
        "#1d4ed8"
    }
}

/// The chart as an `<svg>` element.
pub fn bar_chart(c: &BarChart) -> Markup {
    let g = c.layout.geometry();
    let max = if c.max > 0.0 { c.max } else { 100.0 };
    let height = TOP + g.row * c.bars.len() as f64 + AXIS;
    let x_of = |v: f64| g.bar_x + g.bar_w * (v / max).clamp(0.0, 1.0);
    let class = match c.layout {
        Layout::Side => "chart",
        Layout::Stacked => "chart stacked",
    };
    let steps = 5;
    let grid: Vec<(f64, f64)> = (0..=steps)
        .map(|k| {
            let v = max * f64::from(k) / f64::from(steps);
            (v, x_of(v))
        })
        .collect();
    let tick_decimals = if max <= 10.0 { 1 } else { 0 };
    let (label_x, anchor) = match c.layout {
        Layout::Side => (g.label_right, "end"),
        Layout::Stacked => (g.bar_x, "start"),
    };
    html! {
        svg class=(class) xmlns="http://www.w3.org/2000/svg"
            viewBox={ "0 0 " (g.width) " " (height) } role="img"
            aria-labelledby={ (c.id) "-t " (c.id) "-d" } {
            title id={ (c.id) "-t" } { (c.title) }
            desc id={ (c.id) "-d" } { (description(c)) }
            // Grid and axis.
            @for (k, (v, x)) in grid.iter().enumerate() {
                line x1=(at(*x)) y1=(TOP) x2=(at(*x)) y2=(at(height - AXIS + 2.0))
                    stroke="#d1d5db" stroke-width="0.8" {}
                text x=(at(*x)) y=(at(height - 6.0)) font-size=(at(g.small_font))
                    text-anchor=(if k == 0 && c.layout == Layout::Stacked { "start" } else { "middle" })
                    fill="#374151" { (c.fmt.num(*v, tick_decimals)) }
            }
            // The reference line goes under the bars, so the values written on top stay legible.
            @if let Some(t) = c.target {
                @let x = at(x_of(t.value));
                line x1=(x) y1=(at(TOP - 4.0)) x2=(x) y2=(at(height - AXIS + 2.0)) stroke="#111"
                    stroke-width="1.4" stroke-dasharray="4 3" {}
                text x=(x) y=(at(TOP - 7.0)) font-size=(at(g.small_font)) text-anchor="middle" fill="#111" {
                    (t.label) " " (c.fmt.num_short(t.value)) (c.unit)
                }
            }
            @for (i, b) in c.bars.iter().enumerate() {
                @let y = TOP + g.row * i as f64;
                @let mid = y + g.bar_mid;
                @let (size, shown) = match c.layout {
                    Layout::Side => fit_label(&b.label, g.label_right - 4.0, g.font),
                    Layout::Stacked => fit_label(&b.label, g.width - 4.0, g.font),
                };
                @let label_y = match c.layout {
                    Layout::Side => mid + size * 0.35,
                    Layout::Stacked => y + g.label_y,
                };
                g {
                    title { (tip(c, b)) }
                    @match c.layout {
                        Layout::Side => text x=(label_x) y=(at(label_y)) font-size=(at(size))
                            text-anchor=(anchor) fill="#111" { (shown) },
                        Layout::Stacked => text x=(label_x) y=(at(label_y)) font-size=(at(size))
                            text-anchor=(anchor) fill="#111" stroke="#fff" stroke-width="3"
                            paint-order="stroke" { (shown) },
                    }
                    @match b.value {
                        Some(v) => {
                            @let x_end = x_of(v);
                            rect x=(g.bar_x) y=(at(mid - BAR_H / 2.0))
                                width=(at((x_end - g.bar_x).max(0.0))) height=(BAR_H)
                                fill=(fill(c, v)) {}
                            @let value = value_text(c, v);
                            text x=(at(value_x(c, &g, x_end, &value, max))) y=(at(mid + 4.0))
                                font-size=(at(g.value_font)) fill="#111"
                                stroke="#fff" stroke-width="3" paint-order="stroke" {
                                (value)
                            }
                        }
                        None => {
                            text x=(at(g.bar_x + 4.0)) y=(at(mid + 4.0)) font-size=(at(g.small_font))
                                font-style="italic" fill="#4b5563" { (b.missing) }
                        }
                    }
                }
            }
        }
    }
}

/// Vertical columns, one per period (months of a fiscal year): the value written above each
/// column with one decimal, the label below, an optional reference line. Periods without a value
/// show `missing` in their tooltip and "–" on the chart.
pub fn column_chart(c: &BarChart) -> Markup {
    const LEFT: f64 = 30.0;
    const STEP: f64 = 34.0;
    const COL: f64 = 22.0;
    const TOP: f64 = 24.0;
    const PLOT: f64 = 150.0;
    const BOTTOM: f64 = 22.0;
    let width = LEFT + STEP * c.bars.len() as f64 + 6.0;
    let height = TOP + PLOT + BOTTOM;
    let max = if c.max > 0.0 { c.max } else { 100.0 };
    let y_of = |v: f64| TOP + PLOT - PLOT * (v / max).clamp(0.0, 1.0);
    html! {
        svg class="chart columns" xmlns="http://www.w3.org/2000/svg"
            viewBox={ "0 0 " (width) " " (height) } role="img"
            aria-labelledby={ (c.id) "-t " (c.id) "-d" } {
            title id={ (c.id) "-t" } { (c.title) }
            desc id={ (c.id) "-d" } { (description(c)) }
            @for k in 0..=4 {
                @let v = max * f64::from(k) / 4.0;
                @let y = y_of(v);
                line x1=(LEFT) y1=(at(y)) x2=(at(width - 4.0)) y2=(at(y)) stroke="#d1d5db"
                    stroke-width="0.8" {}
                text x=(at(LEFT - 4.0)) y=(at(y + 3.5)) font-size="10" text-anchor="end"
                    fill="#374151" { (c.fmt.num(v, 0)) }
            }
            @if let Some(t) = c.target {
                @let y = at(y_of(t.value));
                line x1=(LEFT) y1=(y) x2=(at(width - 4.0)) y2=(y) stroke="#111"
                    stroke-width="1.4" stroke-dasharray="4 3" {}
                text x=(at(width - 4.0)) y=(at(TOP - 8.0)) font-size="10.5" text-anchor="end"
                    fill="#111" {
                    (t.label) " " (c.fmt.num_short(t.value)) (c.unit) " (เส้นประ)"
                }
            }
            @for (i, b) in c.bars.iter().enumerate() {
                @let x = LEFT + STEP * i as f64 + (STEP - COL) / 2.0;
                @let mid = at(x + COL / 2.0);
                g {
                    title { (tip(c, b)) }
                    @match b.value {
                        Some(v) => {
                            @let y = y_of(v);
                            rect x=(at(x)) y=(at(y)) width=(COL)
                                height=(at((TOP + PLOT - y).max(0.0))) fill=(fill(c, v)) {}
                            text x=(mid) y=(at((y - 3.0).max(10.0))) font-size="10"
                                text-anchor="middle" fill="#111" stroke="#fff" stroke-width="3"
                                paint-order="stroke" { (c.fmt.num(v, 1)) }
                        }
                        None => {
                            text x=(mid) y=(at(TOP + PLOT - 4.0)) font-size="10"
                                text-anchor="middle" fill="#4b5563" { "–" }
                        }
                    }
                    text x=(mid) y=(at(TOP + PLOT + 15.0)) font-size="11" text-anchor="middle"
                        fill="#111" { (b.label) }
                }
            }
        }
    }
}

/// One part of a [`distribution_bar`]: an answer option and how many chose it.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub label: String,
    pub count: u64,
    /// Fill colour, e.g. from [`palette`].
    pub color: &'static str,
}

/// Colours for `n` ordered options, lowest first (red → green through amber); one colour per
/// option. Each differs from white by at least 3:1, as WCAG asks of graphics.
pub fn palette(n: usize) -> Vec<&'static str> {
    const FIVE: [&str; 5] = ["#b91c1c", "#c2410c", "#a16207", "#4d7c0f", "#15803d"];
    const FOUR: [&str; 4] = ["#b91c1c", "#c2410c", "#4d7c0f", "#15803d"];
    const TWO: [&str; 2] = ["#b91c1c", "#15803d"];
    match n {
        2 => TWO.to_vec(),
        4 => FOUR.to_vec(),
        5 => FIVE.to_vec(),
        3 => vec![FIVE[0], FIVE[2], FIVE[4]],
        _ => neutral(n),
    }
}

/// Colours for `n` unordered options (choices, yes/no without a better or worse answer).
pub fn neutral(n: usize) -> Vec<&'static str> {
    const MANY: [&str; 8] = [
        "#1d4ed8", "#7c3aed", "#be185d", "#b45309", "#0f766e", "#4d7c0f", "#475569", "#9f1239",
    ];
    (0..n).map(|i| MANY[i % MANY.len()]).collect()
}

/// A 100 % stacked bar of answer counts as inline SVG (no text inside; the accessible name lists
/// every option with its count and percent, and each part has its own tooltip).
pub fn distribution_bar(segments: &[Segment], fmt: Fmt) -> Markup {
    let total: u64 = segments.iter().map(|s| s.count).sum();
    let pct = |c: u64| {
        if total > 0 {
            c as f64 / total as f64 * 100.0
        } else {
            0.0
        }
    };
    let part = |s: &Segment| {
        format!(
            "{} {} ({}%)",
            s.label,
            fmt.int(s.count),
            fmt.num(pct(s.count), 1)
        )
    };
    let label = segments.iter().map(part).collect::<Vec<_>>().join(", ");
    let mut x = 0.0;
    let parts: Vec<(f64, f64, &Segment)> = segments
        .iter()
        .filter(|s| s.count > 0)
        .map(|s| {
            let w = 300.0 * s.count as f64 / total as f64;
            x += w;
            (x - w, w, s)
        })
        .collect();
    html! {
        svg class="dist" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 16"
            preserveAspectRatio="none" role="img" aria-label=(label) {
            @if total == 0 {
                rect x="0" y="0" width="300" height="16" fill="#e5e7eb" {}
            }
            @for (x, w, s) in &parts {
                rect x=(fixed(*x, 2)) y="0" width=(fixed(*w, 2)) height="16" fill=(s.color) {
                    title {
                        (s.label) ": " (fmt.int(s.count)) " (" (fmt.num(pct(s.count), 1)) "%)"
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
