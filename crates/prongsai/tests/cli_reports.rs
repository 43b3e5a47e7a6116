//! `prongsai report` and `prongsai qr`: every subcommand end to end, as an officer runs them.
use std::io::Write;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use prongsai_core::{builtin, Answers, Date, Envelope, Locale, ScaleKind};
use serde_json::json;

fn prongsai() -> Command {
    Command::cargo_bin("prongsai").expect("binary")
}

fn write(dir: &Path, name: &str, contents: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::File::create(&path)
        .and_then(|mut f| f.write_all(contents.as_bytes()))
        .expect("write");
    path
}

/// Every scored answer at `level` (yes/no items "no").
fn answers(id: &str, level: i64) -> Answers {
    let ins = builtin::load(id).expect("instrument");
    let mut a = Answers::new();
    for item in ins.items().filter(|i| ins.is_scored(i)) {
        let yesno = ins
            .scale(&item.scale)
            .is_some_and(|s| s.kind == ScaleKind::YesNo);
        for code in ins.answer_codes(item) {
            a.insert(
                code.to_string(),
                if yesno { json!("no") } else { json!(level) },
            );
        }
    }
    a
}

/// `n` responses at a level, at a point, on a day, with extra answers.
type Rows<'a> = &'a [(
    usize,
    i64,
    &'a str,
    &'a str,
    &'a [(&'a str, serde_json::Value)],
)];

/// JSON Lines of `n` envelopes per (level, point, day, extra answers).
fn jsonl(id: &str, rows: Rows) -> String {
    let ins = builtin::load(id).expect("instrument");
    let mut out = String::new();
    let mut k = 0;
    for (n, level, point, day, extra) in rows {
        for _ in 0..*n {
            k += 1;
            let mut a = answers(id, *level);
            for (key, v) in *extra {
                a.insert((*key).to_string(), v.clone());
            }
            let env = Envelope::new(
                &ins,
                format!("r-{k}"),
                Some("demo".into()),
                Some((*point).into()),
                Date::parse(day).expect("date"),
                Locale::Th,
                a,
            );
            out.push_str(&serde_json::to_string(&env).expect("json"));
            out.push('\n');
        }
    }
    out
}

fn satisfaction_input(dir: &Path) -> PathBuf {
    let suggestion: &[(&str, serde_json::Value)] = &[
        ("area", json!("public-order")),
        ("suggestion", json!("ไม่อนุมัติ: โทร 081-234-5678")),
    ];
    write(
        dir,
        "sat.jsonl",
        &jsonl(
            "satisfaction",
            &[
                (
                    8,
                    5,
                    "counter1",
                    "2024-10-10",
                    &[("area", json!("infrastructure"))],
                ),
                (6, 4, "counter2", "2025-02-03", suggestion),
                (
                    2,
                    3,
                    "tiny",
                    "2025-05-05",
                    &[("area", json!("environment"))],
                ),
            ],
        ),
    )
}

#[test]
fn report_o16_writes_the_satisfaction_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = satisfaction_input(dir.path());
    let comments = write(
        dir.path(),
        "approved.txt",
        "อยากให้มีที่จอดรถเพิ่ม\n\n<script>alert(1)</script>\n",
    );
    let out = dir.path().join("o16.html");
    prongsai()
        .args(["report", "o16", "--instrument", "satisfaction"])
        .arg(&input)
        .args([
            "--agency",
            "อบต.คำไหล",
            "--channel",
            "qr",
            "--date",
            "2026-11-21",
        ])
        .args(["--point-name", "counter1=งานทะเบียน"])
        .arg("--comments")
        .arg(&comments)
        .arg("--out")
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "16 responses in the report, 0 skipped",
        ));
    let html = std::fs::read_to_string(&out).expect("written");
    assert!(html.contains("รายงานผลการสำรวจความพึงพอใจการให้บริการ"));
    assert!(html.contains("อบต.คำไหล"));
    assert!(html.contains("16 คน"));
    assert!(html.contains("<tr><td>งานทะเบียน</td>"));
    assert!(html.contains("ไม่แสดงผล (น้อยกว่า 5 คน)"));
    assert!(html.contains("อยากให้มีที่จอดรถเพิ่ม"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("<script"));
    assert!(!html.contains("081-234-5678"));
    assert!(html.contains("21 พฤศจิกายน 2569"));
    for m in ["ต.ค. 67", "ก.ย. 68"] {
        assert!(html.contains(&format!("<tr><td>{m}</td>")), "{m}");
    }
}

#[test]
fn report_o42_writes_the_draft_with_blocks_to_write() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = write(
        dir.path(),
        "eit.jsonl",
        &jsonl(
            "ita-eit",
            &[
                (12, 3, "front", "2025-03-03", &[]),
                (3, 4, "front", "2025-03-04", &[]),
            ],
        ),
    );
    let previous = write(
        dir.path(),
        "eit-2567.jsonl",
        &jsonl("ita-eit", &[(10, 4, "front", "2024-03-03", &[])]),
    );
    let out = prongsai()
        .args(["report", "o42", "-i", "ita-eit"])
        .arg(&input)
        .arg("--previous")
        .arg(&previous)
        .args(["--agency", "เทศบาลตำบลบ้านเหล่า", "--date", "2026-11-21"])
        .assert()
        .success()
        .get_output()
        .clone();
    let html = String::from_utf8(out.stdout).expect("utf-8");
    assert!(html.contains("รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส"));
    assert!(html.contains("ไม่ใช่ผลการประเมินของสำนักงาน ป.ป.ช."));
    assert!(html.contains("ปีงบประมาณ พ.ศ. 2567"));
    assert!(html.contains("↓"));
    assert_eq!(html.matches("<section class=\"measure\"").count(), 3);
    assert_eq!(
        html.matches(
            "<p class=\"instruct\">(หน่วยงานต้องเขียนเอง: การคัดลอกข้อความจากระบบ ITAS ได้คะแนนศูนย์)</p>"
        )
        .count(),
        15
    );
}

#[test]
fn report_summary_from_csv_to_stdout() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut csv = String::from("submitted,point,area,p1,s1,f1,c1\n");
    for k in 0..6 {
        csv.push_str(&format!(
            "2025-01-0{},p,infrastructure,5,4,4,{}\n",
            k + 1,
            3 + k % 2
        ));
    }
    let input = write(dir.path(), "answers.csv", &csv);
    let comments = write(dir.path(), "ok.txt", "บริการดีมาก\n");
    prongsai()
        .args(["report", "summary", "-i", "satisfaction"])
        .arg(&input)
        .args(["--agency", "อบต.คำไหล", "--thai-digits", "--comments"])
        .arg(&comments)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "สรุปผลการสำรวจความพึงพอใจการให้บริการ",
        ))
        .stdout(predicate::str::contains("๖ คน"))
        .stdout(predicate::str::contains("บริการดีมาก"))
        .stdout(predicate::str::contains("infrastructure").not());
}

#[test]
fn report_refuses_what_does_not_fit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = satisfaction_input(dir.path());
    prongsai()
        .args(["report", "o16", "-i", "ita-iit"])
        .arg(&input)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a satisfaction survey"));
    prongsai()
        .args(["report", "o42", "-i", "satisfaction"])
        .arg(&input)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("o42 analyses ITA indicators"));
    prongsai()
        .args(["report", "o16", "-i", "satisfaction", "--min-group", "2"])
        .arg(&input)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("never show groups smaller than 5"));
    prongsai()
        .args([
            "report",
            "o16",
            "-i",
            "satisfaction",
            "--from",
            "2025-13-01",
        ])
        .arg(&input)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--from"));
    prongsai()
        .args(["report", "o16", "-i", "satisfaction", "missing.jsonl"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read missing.jsonl"));
    let bad = write(
        dir.path(),
        "bad.json",
        "{\"format\": \"prongsai.instrument/1\"}",
    );
    prongsai()
        .args(["report", "o16", "-i"])
        .arg(&bad)
        .arg(&input)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("invalid instrument"));
}

#[test]
fn report_from_to_limits_the_responses() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = satisfaction_input(dir.path());
    prongsai()
        .args([
            "report",
            "o16",
            "-i",
            "satisfaction",
            "--from",
            "2025-01-01",
            "--to",
            "2025-03-31",
        ])
        .arg(&input)
        .assert()
        .success()
        .stdout(predicate::str::contains("6 คน"))
        .stdout(predicate::str::contains(
            "ระหว่างวันที่ 1 มกราคม 2568 ถึงวันที่ 31 มีนาคม 2568",
        ))
        .stderr(predicate::str::contains("10 outside --from/--to"));
}

#[test]
fn qr_writes_one_poster_per_point() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("posters.html");
    prongsai()
        .args(["qr", "--base-url", "https://survey.khamlai.go.th", "--survey", "satisfaction"])
        .args(["--unit", "khamlai", "--agency", "อบต.คำไหล"])
        .args(["--point", "counter1:งานทะเบียนราษฎร", "counter2:กองคลัง"])
        .arg("--out")
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "counter1: https://survey.khamlai.go.th/?survey=satisfaction&unit=khamlai&point=counter1",
        ))
        .stderr(predicate::str::contains("2 posters"));
    let html = std::fs::read_to_string(&out).expect("written");
    assert_eq!(html.matches("<section class=\"poster\"").count(), 2);
    assert!(html.contains("จุดให้บริการ: งานทะเบียนราษฎร"));
    assert!(html.contains("จุดให้บริการ: กองคลัง"));
    assert!(html.contains("<svg class=\"qr\""));
}

#[test]
fn qr_refuses_a_bad_base_url() {
    prongsai()
        .args([
            "qr",
            "--base-url",
            "survey.khamlai.go.th",
            "--survey",
            "quick",
            "--unit",
            "u",
        ])
        .args(["--point", "p1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "must be an absolute http:// or https:// URL",
        ));
}
