//! The charts as a reader sees them: titles, written values, missing groups named, sizes.
use super::*;

#[test]
fn a_value_next_to_the_target_line_is_written_right_of_it() {
    // 84 ends just left of the pass line at 85: its "84.00" would sit on the dashed line.
    let bars = vec![
        Bar::new("ตัวชี้วัด 1", Some(84.0)),
        Bar::new("ตัวชี้วัด 2", Some(40.0)),
    ];
    let c = BarChart {
        id: "t",
        title: "คะแนน",
        bars: &bars,
        max: 100.0,
        target: Some(Target {
            value: 85.0,
            label: "เกณฑ์ผ่าน",
        }),
        unit: "",
        fmt: Fmt::default(),
        layout: Layout::Side,
    };
    let g = Layout::Side.geometry();
    let line = g.bar_x + g.bar_w * 0.85;
    let near = value_x(&c, &g, g.bar_x + g.bar_w * 0.84, "84.00", 100.0);
    assert!(near > line, "{near} right of the line at {line}");
    let far = g.bar_x + g.bar_w * 0.40;
    assert_eq!(value_x(&c, &g, far, "40.00", 100.0), far + 4.0);
    let svg = bar_chart(&c).into_string();
    assert!(svg.contains(&format!("x=\"{}\"", at(line + 4.0))));
    // On a phone (stacked, drawn at about 0.9x) no text is under 12 px.
    let s = Layout::Stacked.geometry();
    assert!(s.font * 0.9 >= 12.0 && s.value_font * 0.9 >= 12.0 && s.small_font * 0.9 >= 12.0);
}

#[test]
fn columns_show_every_period_and_name_the_missing_ones() {
    let bars = vec![
        Bar::new("ต.ค.", Some(81.234)),
        Bar {
            label: "พ.ย.".into(),
            value: None,
            missing: "ไม่มีผู้ตอบ".into(),
        },
    ];
    let svg = column_chart(&BarChart {
        id: "m",
        title: "รายเดือน",
        bars: &bars,
        max: 100.0,
        target: Some(Target {
            value: 80.0,
            label: "เป้าหมาย",
        }),
        unit: "%",
        fmt: Fmt::default(),
        layout: Layout::Side,
    })
    .into_string();
    assert!(svg.contains(">81.2</text>"));
    assert!(svg.contains("<title>พ.ย.: ไม่มีผู้ตอบ</title>"));
    assert!(svg.contains("ต.ค.: 81.23%"));
    assert!(svg.contains("เป้าหมาย 80%"));
}

#[test]
fn distribution_bars_split_by_count_and_name_every_part() {
    let colors = palette(2);
    let svg = distribution_bar(
        &[
            Segment {
                label: "มี".into(),
                count: 3,
                color: colors[1],
            },
            Segment {
                label: "<ไม่มี>".into(),
                count: 1,
                color: colors[0],
            },
        ],
        Fmt::default(),
    )
    .into_string();
    assert!(svg.contains("aria-label=\"มี 3 (75.0%), &lt;ไม่มี&gt; 1 (25.0%)\""));
    assert!(svg.contains("width=\"225.00\""));
    assert!(svg.contains("x=\"225.00\" y=\"0\" width=\"75.00\""));
    assert_eq!(palette(5).len(), 5);
    assert_eq!(palette(11).len(), 11);
    let empty = distribution_bar(&[], Fmt::default()).into_string();
    assert!(empty.contains("#e5e7eb"));
}

#[test]
fn bars_have_titles_and_written_values() {
    let bars = vec![
        Bar::new("ด้านเจ้าหน้าที่", Some(87.666)),
        Bar {
            label: "<b>จุดเล็ก</b>".into(),
            value: None,
            missing: "ไม่แสดงผล (น้อยกว่า 5 คน)".into(),
        },
    ];
    let svg = bar_chart(&BarChart {
        id: "c1",
        title: "ร้อยละความพึงพอใจ",
        bars: &bars,
        max: 100.0,
        target: Some(Target {
            value: 80.0,
            label: "เป้าหมาย",
        }),
        unit: "%",
        fmt: Fmt::default(),
        layout: Layout::Side,
    })
    .into_string();
    assert!(svg.starts_with("<svg"));
    assert!(svg.contains("role=\"img\""));
    assert!(svg.contains("<title id=\"c1-t\">ร้อยละความพึงพอใจ</title>"));
    assert!(svg.contains("<title>ด้านเจ้าหน้าที่: 87.67%</title>"));
    assert!(svg.contains(">87.67%</text>"));
    assert!(svg.contains("ไม่แสดงผล (น้อยกว่า 5 คน)"));
    assert!(svg.contains("&lt;b&gt;"));
    assert!(!svg.contains("<b>"));
    assert!(svg.contains("เป้าหมาย 80%"));
    assert!(!svg.contains("<script"));
}

#[test]
fn stacked_layout_puts_labels_above_bars() {
    let bars = vec![Bar::new("ด้านกระบวนการ/ขั้นตอนการให้บริการ", Some(87.29))];
    let svg = bar_chart(&BarChart {
        id: "p",
        title: "t",
        bars: &bars,
        max: 100.0,
        target: None,
        unit: "%",
        fmt: Fmt::default(),
        layout: Layout::Stacked,
    })
    .into_string();
    assert!(svg.contains("class=\"chart stacked\""));
    assert!(svg.contains("viewBox=\"0 0 360 "));
    assert!(svg.contains(">ด้านกระบวนการ/ขั้นตอนการให้บริการ</text>"));
    assert!(svg.contains("text-anchor=\"start\""));
}

#[test]
fn long_labels_shrink_or_shorten() {
    let right = Layout::Side.geometry().label_right;
    let (size, text) = fit_label("สั้น", right, FONT);
    assert_eq!((size, text.as_str()), (FONT, "สั้น"));
    let long = "ด้านการศึกษา ศาสนา ศิลปะ วัฒนธรรม จารีตประเพณีและภูมิปัญญาท้องถิ่น และอื่น ๆ อีกมากมายหลายอย่าง";
    let (size, text) = fit_label(long, right, FONT);
    assert!(size >= MIN_FONT);
    assert!(text.ends_with('…'));
    assert!(width_em(&text) * size <= right);
}
