//! The O16 satisfaction report as an officer reads it.
mod common;

use common::*;
use prongsai_reports::{o16, Channel, O16Options};

fn options<'a>() -> O16Options<'a> {
    let mut o = O16Options::new("องค์การบริหารส่วนตำบลคำไหล", date("2026-11-21"));
    o.channels = vec![Channel::Qr, Channel::Kiosk];
    o.point_names
        .insert("counter1".into(), "งานทะเบียนราษฎร".into());
    o
}

#[test]
fn numbers_shown_equal_the_report() {
    let (ins, report) = satisfaction_report();
    let html = o16(&ins, &report, &options());
    let sat = report.satisfaction.as_ref().expect("satisfaction");
    // Summary and the overall row.
    assert!(html.contains(&format!(
        "ร้อยละ <strong>{}</strong>",
        d2(sat.percent.expect("percent"))
    )));
    let total = row(&html, "<tr class=\"total\"><td>ภาพรวม</td>");
    assert!(total.contains(&format!(">{}<", d2(sat.mean.expect("mean")))));
    assert!(total.contains(&format!(">{}<", d2(sat.percent.expect("percent")))));
    // Every dimension: mean, S.D., percent, band.
    for (id, dim) in &sat.dimensions {
        let r = row(&html, &format!("<tr data-dimension=\"{id}\">"));
        assert!(r.contains(&dim.title.th), "{id}");
        assert!(
            r.contains(&format!(">{}<", d2(dim.mean.expect("mean")))),
            "{id}: {r}"
        );
        assert!(
            r.contains(&format!(">{}<", d2(dim.sd.expect("sd")))),
            "{id}"
        );
        assert!(
            r.contains(&format!(">{}<", d2(dim.percent.expect("percent")))),
            "{id}"
        );
        assert!(r.contains(&dim.band.as_ref().expect("band").th), "{id}");
    }
    // Every item: counts 5…1, mean and S.D.
    for item in ins.items().filter(|i| i.dimension.is_some()) {
        let stats = &report.items[&item.code];
        let r = row(&html, &format!("<tr data-item=\"{}\">", item.code));
        assert!(
            r.contains(&format!(">{}<", d2(stats.score.expect("score")))),
            "{}",
            item.code
        );
        assert!(
            r.contains(&format!(">{}<", d2(stats.sd.expect("sd")))),
            "{}",
            item.code
        );
        let cells: Vec<String> = ["5", "4", "3", "2", "1"]
            .iter()
            .map(|k| {
                format!(
                    "<td class=\"num\">{}</td>",
                    stats.counts.get(*k).copied().unwrap_or(0)
                )
            })
            .collect();
        assert!(
            r.contains(&cells.concat()),
            "{}: counts 5…1 in order: {r}",
            item.code
        );
    }
    // The share of respondents satisfied, beside the percent, with its definition.
    let share = sat.respondents_satisfied_share.expect("respondents rated");
    assert!(sat.respondents_rated > 0 && sat.respondents_rated <= report.n);
    let line = row(&html, "<p class=\"satisfied-respondents\"");
    assert!(
        line.contains(&format!(
            "ผู้ตอบที่พึงพอใจระดับมากขึ้นไป: ร้อยละ {} ของผู้ตอบ ({} จาก {} คน)",
            d2(share),
            sat.respondents_satisfied,
            sat.respondents_rated
        )),
        "{line}"
    );
    assert!(line.contains("ค่าเฉลี่ยของตนเอง"));
    // Method: respondents, channels, target.
    assert!(html.contains(&format!("{} คน", report.n)));
    assert!(html.contains("สแกน QR Code ณ จุดให้บริการ"));
    assert!(html.contains("ไม่น้อยกว่าร้อยละ 80"));
    assert!(html.contains("องค์การบริหารส่วนตำบลคำไหล"));
    assert!(html.contains("ปีงบประมาณ พ.ศ. 2568"));
    assert!(html.contains("21 พฤศจิกายน 2569"));
}

#[test]
fn small_groups_say_so_and_show_no_number() {
    let (ins, report) = satisfaction_report();
    let html = o16(&ins, &report, &options());
    // The service point "tiny" and the area "environment" have 3 respondents each.
    let tiny = row(&html, "<tr><td>tiny</td>");
    assert!(tiny.contains("ไม่แสดงผล (น้อยกว่า 5 คน)"));
    assert!(!tiny.contains("class=\"num\""), "{tiny}");
    assert_no_number(tiny);
    let areas = &html[html.find("จำแนกตามด้านการให้บริการ").expect("area table")..];
    let env = row(areas, "<tr><td>ด้านการบริหารจัดการและการอนุรักษ์");
    assert!(env.contains("ไม่แสดงผล (น้อยกว่า 5 คน)"), "{env}");
    assert!(!env.contains("class=\"num\""), "{env}");
    assert_no_number(env);
    // A named point is shown by its name.
    assert!(html.contains("<tr><td>งานทะเบียนราษฎร</td>"));
    // Months with 1–4 respondents are suppressed too (June 2025: the 3 "tiny" answers).
    let june = row(&html, "<tr><td>มิ.ย. 68</td>");
    assert!(june.contains("ไม่แสดงผล (น้อยกว่า 5 คน)"), "{june}");
    // The respondent profile does not count them either.
    let profile = row(&html, "<tr><td>ด้านการบริหารจัดการและการอนุรักษ์");
    assert!(profile.contains("ไม่แสดงผล (น้อยกว่า 5 คน)"), "{profile}");
    assert_no_number(profile);
    assert_no_number(june.trim_start_matches("<tr><td>มิ.ย. 68</td>"));
}

#[test]
fn every_month_of_the_fiscal_year_appears() {
    let (ins, report) = satisfaction_report();
    let html = o16(&ins, &report, &options());
    let months = [
        "ต.ค. 67",
        "พ.ย. 67",
        "ธ.ค. 67",
        "ม.ค. 68",
        "ก.พ. 68",
        "มี.ค. 68",
        "เม.ย. 68",
        "พ.ค. 68",
        "มิ.ย. 68",
        "ก.ค. 68",
        "ส.ค. 68",
        "ก.ย. 68",
    ];
    let mut last = 0;
    for m in months {
        let at = html
            .find(&format!("<tr><td>{m}</td>"))
            .unwrap_or_else(|| panic!("month {m} missing"));
        assert!(at > last, "{m} out of order");
        last = at;
    }
    // A month nobody answered in is listed with 0, not left out.
    assert!(row(&html, "<tr><td>ก.ย. 68</td>").contains("ไม่มีผู้ตอบ"));
    assert!(html.contains("ครึ่งปีแรก (ต.ค. 67 – มี.ค. 68)"));
    assert!(html.contains("ไตรมาสที่ 1 (ต.ค. – ธ.ค. 67)"));
}

#[test]
fn comments_are_escaped_and_only_the_approved_ones_appear() {
    let (ins, report) = satisfaction_report();
    let mut o = options();
    o.comments = vec![
        "<script>alert('x')</script> ที่จอดรถไม่พอ".into(),
        "เจ้าหน้าที่บริการดี & รวดเร็ว".into(),
    ];
    let html = o16(&ins, &report, &o);
    assert!(!html.contains("<script"));
    // maud escapes `& < > "`; an apostrophe is harmless in text and in double-quoted attributes.
    assert!(html.contains("&lt;script&gt;alert('x')&lt;/script&gt; ที่จอดรถไม่พอ"));
    assert!(html.contains("เจ้าหน้าที่บริการดี &amp; รวดเร็ว"));
    // The suggestion in the data was not approved: never printed.
    assert!(!html.contains("สมชาย"));
    assert!(!html.contains("081-234-5678"));
    assert!(html.contains("ข้อเสนอแนะที่ได้รับ 5 รายการ"));
}

#[test]
fn comparison_with_the_previous_period() {
    let (ins, report) = satisfaction_report();
    let prev = satisfaction_previous();
    let mut o = options();
    o.previous = Some(&prev);
    let html = o16(&ins, &report, &o);
    assert!(html.contains("เปรียบเทียบกับช่วงเวลาก่อน"));
    assert!(html.contains("ปีงบประมาณ พ.ศ. 2567"));
    let now = report
        .satisfaction
        .as_ref()
        .and_then(|s| s.percent)
        .expect("now");
    let before = prev
        .satisfaction
        .as_ref()
        .and_then(|s| s.percent)
        .expect("before");
    let r = row(&html, "<tr class=\"total\"><td>ภาพรวม (ร้อยละ)</td>");
    assert!(r.contains(&d2(before)) && r.contains(&d2(now)), "{r}");
    let arrow = if now > before { "↑ +" } else { "↓ -" };
    assert!(
        r.contains(&format!("{arrow}{}", d2((now - before).abs()))),
        "{r}"
    );
}

#[test]
fn too_few_respondents_show_no_result_at_all() {
    let ins = instrument("satisfaction");
    let mut t = prongsai_core::Tally::new(&ins);
    add(&mut t, &ins, 3, 5, Some("p"), "2025-01-10", &[]);
    let report = t.report(&ins);
    let html = o16(&ins, &report, &options());
    assert!(html.contains("ยังไม่แสดงผล"));
    assert!(!html.contains("data-dimension"));
    assert!(!html.contains("data-item"));
    assert!(!html.contains("100.00"));
    assert!(
        !html.contains("ผู้ตอบที่พึงพอใจระดับ"),
        "nor the share of respondents"
    );
}

#[test]
fn quick_survey_and_thai_digits() {
    let ins = instrument("quick");
    let mut t = prongsai_core::Tally::new(&ins);
    add(&mut t, &ins, 7, 4, Some("k1"), "2025-03-01", &[]);
    add(&mut t, &ins, 3, 5, Some("k1"), "2025-03-02", &[]);
    let report = t.report(&ins);
    let mut o = options();
    o.thai_digits = true;
    let html = o16(&ins, &report, &o);
    assert!(html.contains("ปีงบประมาณ พ.ศ. ๒๕๖๘"));
    // Mean 4.3 → 86% satisfied.
    assert!(html.contains("ร้อยละ <strong>๘๖.๐๐</strong>"));
    assert!(html.contains("<tr data-item=\"rating\">"));
}

#[test]
fn an_ita_instrument_is_not_an_o16() {
    let (ins, report) = eit_report(10, 4);
    let html = o16(&ins, &report, &options());
    assert!(html.contains("แบบสำรวจนี้ไม่มีผลความพึงพอใจ"));
}

#[test]
fn quick_ratings_counted_by_the_area_of_their_point_carry_the_satisfaction_labels() {
    let ins = instrument("quick");
    let mut t = prongsai_core::Tally::new(&ins);
    let ctx = prongsai_core::Context {
        point: Some("counter-1".into()),
        date: Some(date("2025-01-10")),
    };
    for level in [5, 4, 4, 3, 5] {
        let a = common::answers(&ins, level, "no");
        t.add_in_area(&a, &ctx, Some("infrastructure"));
    }
    let report = t.report(&ins);
    assert_eq!(report.breakdowns.area.len(), 1);
    assert_eq!(report.breakdowns.area[0].key, "infrastructure");
    assert_eq!(
        prongsai_reports::blocks::area_label(&ins, "infrastructure"),
        "ด้านโครงสร้างพื้นฐาน"
    );
    assert_eq!(prongsai_reports::blocks::area_label(&ins, "x-y"), "x-y");
    let html = o16(&ins, &report, &options());
    assert!(
        html.contains("<tr><td>ด้านโครงสร้างพื้นฐาน</td>"),
        "the area row, by its name"
    );
}

#[test]
fn the_target_is_judged_on_the_percent_as_printed() {
    let (ins, mut report) = satisfaction_report();
    let sat = report.satisfaction.as_mut().expect("satisfaction");
    assert_eq!(sat.target, 80.0);
    // 79.996 prints "80.00": it meets "80 or more"; 79.994 prints "79.99": it does not.
    sat.percent = Some(79.996);
    let html = o16(&ins, &report, &options());
    assert!(
        html.contains("ร้อยละ <strong>80.00</strong>"),
        "printed as 80.00"
    );
    assert!(html.contains("บรรลุเป้าหมายร้อยละ 80"), "met as printed");
    let sat = report.satisfaction.as_mut().expect("satisfaction");
    sat.percent = Some(79.994);
    let html = o16(&ins, &report, &options());
    assert!(html.contains("ร้อยละ <strong>79.99</strong>"));
    assert!(html.contains("ต่ำกว่าเป้าหมายร้อยละ 80"), "not met as printed");
}
