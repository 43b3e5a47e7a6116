//! The O42 analysis draft as an officer reads it.
mod common;

use common::*;
use prongsai_reports::o42::{BLOCKS, WRITE_YOURSELF};
use prongsai_reports::{o42, o42_combined, Assessment, O42Options};

const MONTHS: [&str; 4] = ["2024-10-05", "2024-11-05", "2025-01-15", "2025-05-20"];

fn options<'a>() -> O42Options<'a> {
    O42Options::new("เทศบาลตำบลบ้านเหล่า", date("2026-11-21"))
}

/// Claims a prongsai document must never make.
const OFFICIAL_CLAIMS: [&str; 5] = [
    "ผลการประเมิน ITA อย่างเป็นทางการ",
    "ผลการประเมินอย่างเป็นทางการ",
    "ผลอย่างเป็นทางการ",
    "official ITA",
    "ผลการประเมิน ITA ของหน่วยงาน ประจำปี",
];

#[test]
fn one_empty_write_yourself_block_per_indicator_to_develop_and_none_for_strengths() {
    let (ins, report) = iit_report(30, &MONTHS);
    assert!(!report.to_develop.is_empty() && !report.strengths.is_empty());
    let html = o42(&ins, &report, &options());
    assert_eq!(
        html.matches("<section class=\"measure\"").count(),
        report.to_develop.len()
    );
    for c in &report.to_develop {
        let start = html
            .find(&format!(
                "<section class=\"measure\" data-indicator=\"{}\">",
                c.indicator
            ))
            .unwrap_or_else(|| panic!("no block for indicator {}", c.indicator));
        let section = &html[start..start + html[start..].find("</section>").expect("end")];
        assert_eq!(
            section.matches("class=\"write-yourself\"").count(),
            BLOCKS.len()
        );
        for (field, heading) in BLOCKS {
            let at = section
                .find(&format!("data-field=\"{field}\""))
                .unwrap_or_else(|| panic!("{field} missing"));
            let block = &section[at..];
            let block = &block[..block
                .find("</div><div class=\"write-yourself\"")
                .unwrap_or(block.len())];
            assert!(block.contains(heading));
            assert!(block.contains(WRITE_YOURSELF));
            // Nothing written in: after the instruction only empty lines follow.
            let after =
                &block[block.find(WRITE_YOURSELF).expect("instruction") + WRITE_YOURSELF.len()..];
            assert!(
                text(after).trim().is_empty(),
                "block {field} of {} is not empty: {}",
                c.indicator,
                text(after)
            );
        }
        assert!(section.contains(&d2(c.score)));
    }
    for s in &report.strengths {
        assert!(!html.contains(&format!(
            "<section class=\"measure\" data-indicator=\"{}\">",
            s.indicator
        )));
    }
    assert!(html.contains("(หน่วยงานต้องเขียนเอง: การคัดลอกข้อความจากระบบ ITAS ได้คะแนนศูนย์)"));
}

#[test]
fn scores_grade_and_the_unverified_note() {
    let (ins, report) = iit_report(30, &MONTHS);
    let html = o42(&ins, &report, &options());
    for (id, ind) in &report.indicators {
        let r = row(&html, &format!("<tr data-indicator=\"{id}\">"));
        assert!(
            r.contains(&format!(">{}<", d2(ind.score.expect("score")))),
            "{r}"
        );
        let standing = match ind.standing {
            Some("strength") => "จุดแข็ง",
            Some("develop") => "ต้องพัฒนา",
            _ => "–",
        };
        assert!(r.contains(standing), "{r}");
    }
    let tool = report.tools["iit"].score.expect("tool");
    let r = row(&html, "<tr class=\"total\" data-tool=\"iit\">");
    assert!(r.contains(&format!(">{}<", d2(tool))));
    // The IIT alone: its score against the pass line, no grade word.
    assert!(report.grade.is_none());
    let passes = report.tools["iit"].passes.expect("judged");
    let verdict = if passes {
        "ผ่านเกณฑ์ 85"
    } else {
        "ต่ำกว่าเกณฑ์ 85"
    };
    assert!(r.contains(verdict), "{r}");
    for word in ["ระดับ ", "ต้องปรับปรุง", "ดีเยี่ยม"]
    {
        assert!(!r.contains(word), "grade word in {r}");
    }
    // The methodology is a plain-language appendix at the end, not developer notes on the cover.
    let appendix = html
        .find("data-appendix=\"method\"")
        .expect("method appendix");
    assert!(appendix > html.find("1. ความเป็นมา").expect("part 1"));
    assert!(html[appendix..].contains("ยังไม่ได้ตรวจสอบกับคู่มือการประเมินของสำนักงาน ป.ป.ช."));
    for note in ["สันนิษฐาน", "88.13", "unverified", "prongsai_core"] {
        assert!(!html.contains(note), "developer note `{note}`");
    }
    // Strengths and to-develop lists with the weakest items.
    for c in &report.to_develop {
        for item in &c.weakest_items {
            assert!(html.contains(&format!(
                "<strong>{}</strong> ({})",
                item.code,
                d2(item.score)
            )));
        }
    }
    assert!(html.contains("ตัวชี้วัดที่เป็นจุดแข็ง (คะแนนตั้งแต่ 85 ขึ้นไป)"));
    assert!(html.contains("ตัวชี้วัดที่ต้องพัฒนา (คะแนนต่ำกว่า 85)"));
}

#[test]
fn marked_as_the_agencys_own_pre_assessment_never_the_official_result() {
    let (ins, report) = iit_report(30, &MONTHS);
    let html = o42(&ins, &report, &options());
    assert!(html.contains("<span class=\"draft\">ร่าง</span>"));
    assert!(html.contains("ผลการประเมินตนเองล่วงหน้าของหน่วยงานด้วย prongsai"));
    assert!(html.contains("ไม่ใช่ผลการประเมินของสำนักงาน ป.ป.ช."));
    for claim in OFFICIAL_CLAIMS {
        assert!(!html.contains(claim), "claims `{claim}`");
    }
    // Staff comments (IIT free text) never go into the draft.
    assert!(!html.contains("ห้ามเผยแพร่"));
}

#[test]
fn year_on_year_change() {
    let (ins, report) = iit_report(30, &MONTHS);
    let (_, prev) = iit_report(
        20,
        &[
            "2023-11-01",
            "2024-01-10",
            "2024-03-03",
            "2024-06-06",
            "2024-08-08",
        ],
    );
    let mut o = options();
    o.previous = Some(&prev);
    let html = o42(&ins, &report, &o);
    assert!(html.contains("ปีงบประมาณ พ.ศ. 2567"));
    for (id, ind) in &report.indicators {
        let now = ind.score.expect("now");
        let before = prev.indicators[id].score.expect("before");
        let r = row(&html, &format!("<tr data-indicator=\"{id}\">"));
        let diff = now - before;
        let expected = if format!("{:.2}", diff.abs()) == "0.00" {
            "= 0.00".to_string()
        } else if diff > 0.0 {
            format!("↑ +{}", d2(diff))
        } else {
            format!("↓ -{}", d2(-diff))
        };
        assert!(
            r.contains(&d2(before)) && r.contains(&expected),
            "{expected} in {r}"
        );
    }
}

#[test]
fn small_groups_in_the_appendix_are_suppressed() {
    // 12 responses over 4 months: 3 a month, every month suppressed; the quarters are not.
    let (ins, report) = iit_report(12, &MONTHS);
    let html = o42(&ins, &report, &options());
    let oct = row(&html, "<tr><td>ต.ค. 67</td>");
    assert!(oct.contains("ไม่แสดงผล (น้อยกว่า 5 คน)"));
    assert_no_number(oct.trim_start_matches("<tr><td>ต.ค. 67</td>"));
    for m in ["พ.ย. 67", "ธ.ค. 67", "ก.ค. 68", "ส.ค. 68", "ก.ย. 68"] {
        assert!(html.contains(&format!("<tr><td>{m}</td>")), "{m}");
    }
}

#[test]
fn too_few_staff_show_no_score() {
    let (ins, report) = iit_report(4, &MONTHS);
    let html = o42(&ins, &report, &options());
    let r = row(&html, "<tr class=\"total\" data-tool=\"iit\">");
    assert!(r.contains("ไม่แสดงผล (น้อยกว่า 5 คน)"));
    assert!(!html.contains("<section class=\"measure\""));
    assert!(!html.contains("data-indicator=\"1\""));
}

#[test]
fn iit_and_eit_together() {
    let (iit, iit_r) = iit_report(30, &MONTHS);
    let (eit, eit_r) = eit_report(40, 3);
    let html = o42_combined(
        &[
            Assessment {
                instrument: &iit,
                report: &iit_r,
                previous: None,
            },
            Assessment {
                instrument: &eit,
                report: &eit_r,
                previous: None,
            },
        ],
        &options(),
    );
    assert!(html.contains("data-tool=\"iit\""));
    assert!(html.contains("data-tool=\"eit\""));
    let blocks = html.matches("<section class=\"measure\"").count();
    assert_eq!(blocks, iit_r.to_develop.len() + eit_r.to_develop.len());
    // EIT at level 3 everywhere: all three EIT indicators are to be developed.
    for id in ["6", "7", "8"] {
        assert!(html.contains(&format!(
            "<section class=\"measure\" data-indicator=\"{id}\">"
        )));
    }
    // No overall ITA score is invented from perception tools alone.
    assert!(!html.contains("คะแนนรวมถ่วงน้ำหนัก</td>"));
}
