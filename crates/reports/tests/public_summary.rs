//! The public summary page: aggregates and approved comments only.
mod common;

use common::*;
use prongsai_reports::{public_summary, SummaryOptions};

fn options() -> SummaryOptions {
    SummaryOptions::new("องค์การบริหารส่วนตำบลคำไหล", date("2026-11-21"))
}

#[test]
fn aggregates_and_the_target() {
    let (ins, report) = satisfaction_report();
    let html = public_summary(&ins, &report, &options());
    let sat = report.satisfaction.as_ref().expect("satisfaction");
    assert!(html.contains(&format!("{} คน", report.n)));
    assert!(html.contains(&format!("{}%", d2(sat.percent.expect("percent")))));
    assert!(html.contains("เป้าหมายร้อยละ 80"));
    for dim in sat.dimensions.values() {
        assert!(html.contains(&format!(
            "{}: {}%",
            dim.title.th,
            d2(dim.percent.expect("p"))
        )));
    }
    assert!(!html.contains("<script"));
}

#[test]
fn only_approved_comments_and_no_groups() {
    let (ins, report) = satisfaction_report();
    let mut o = options();
    o.comments = vec!["อยากให้มีที่จอดรถเพิ่ม <b>ด่วน</b>".into()];
    let html = public_summary(&ins, &report, &o);
    assert!(html.contains("อยากให้มีที่จอดรถเพิ่ม &lt;b&gt;ด่วน&lt;/b&gt;"));
    // The free-text answer in the data was not approved.
    assert!(!html.contains("สมชาย"));
    assert!(!html.contains("081-234-5678"));
    // No per-group data: no service point, no area, no month, no item.
    for absent in [
        "counter1",
        "counter2",
        "tiny",
        "ด้านโครงสร้างพื้นฐาน",
        "ต.ค. 67",
        "ไตรมาส",
        "ครึ่งปี",
        "data-item",
        "ขั้นตอนการให้บริการไม่ยุ่งยาก",
        "ไม่แสดงผล (น้อยกว่า 5 คน)",
    ] {
        assert!(!html.contains(absent), "public page shows `{absent}`");
    }
}

#[test]
fn fewer_than_five_respondents_show_no_number() {
    let ins = instrument("satisfaction");
    let mut t = prongsai_core::Tally::new(&ins);
    add(&mut t, &ins, 4, 5, None, "2025-01-10", &[]);
    let report = t.report(&ins);
    let html = public_summary(&ins, &report, &options());
    assert!(html.contains("ยังไม่แสดงผล"));
    assert!(!html.contains("100.00"));
    assert!(!html.contains("<svg"));
}

#[test]
fn ita_summary_is_not_labelled_official() {
    let (ins, report) = eit_report(12, 4);
    let html = public_summary(&ins, &report, &options());
    assert!(html.contains("สรุปผลการประเมินตนเองด้านคุณธรรมและความโปร่งใส"));
    assert!(html.contains("ไม่ใช่ผลการประเมินที่สำนักงาน ป.ป.ช. ประกาศ"));
    assert!(!html.contains("อย่างเป็นทางการ"));
    assert!(html.contains(&d2(report.tools["eit"].score.expect("score"))));
}
