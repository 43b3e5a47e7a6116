//! The `prongsai` command line: every exit path of `instruments`, `validate` and `score`.
use std::io::Write;

use assert_cmd::Command;
use predicates::prelude::*;
use prongsai_core::{builtin, Answers, Date, Envelope, Locale};
use serde_json::{json, Value};

fn prongsai() -> Command {
    Command::cargo_bin("prongsai").expect("binary")
}

fn temp_file(name: &str, contents: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(name);
    std::fs::File::create(&path)
        .and_then(|mut f| f.write_all(contents))
        .expect("write");
    (dir, path)
}

fn stdout_json(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

/// A complete EIT response: every visible scored answer at `level` (yes/no items "no").
fn eit_answers(level: i64) -> Answers {
    let ins = builtin::load("ita-eit").expect("eit");
    let mut a = Answers::new();
    for item in ins.items().filter(|i| ins.is_scored(i)) {
        let yesno = ins
            .scale(&item.scale)
            .is_some_and(|s| s.kind == prongsai_core::ScaleKind::YesNo);
        for code in ins.answer_codes(item) {
            a.insert(
                code.to_string(),
                if yesno { json!("no") } else { json!(level) },
            );
        }
    }
    a
}

fn envelope_line(level: i64, point: &str, day: &str) -> String {
    let ins = builtin::load("ita-eit").expect("eit");
    let env = Envelope::new(
        &ins,
        format!("id-{level}-{point}-{day}"),
        Some("demo".into()),
        Some(point.into()),
        Date::parse(day).expect("date"),
        Locale::Th,
        eit_answers(level),
    );
    serde_json::to_string(&env).expect("json")
}

#[test]
fn instruments_lists_the_builtins() {
    prongsai().arg("instruments").assert().success().stdout(
        predicate::str::contains("ita-iit")
            .and(predicate::str::contains("ita-eit"))
            .and(predicate::str::contains("ita-oit"))
            .and(predicate::str::contains("satisfaction"))
            .and(predicate::str::contains("quick")),
    );
    let out = prongsai()
        .args(["instruments", "--json"])
        .output()
        .expect("run");
    let list = stdout_json(&out);
    assert_eq!(list.as_array().map(Vec::len), Some(5));
    assert_eq!(list[0]["scored_answers"], 51);
    assert_eq!(list[2]["id"], "ita-oit");
    assert_eq!(list[2]["kind"], "oit");
    assert_eq!(list[2]["scored_items"], 43);
}

#[test]
fn instruments_show_prints_a_valid_instrument_to_start_from() {
    let out = prongsai()
        .args(["instruments", "--show", "quick"])
        .output()
        .expect("run");
    assert!(out.status.success());
    let (_d, path) = temp_file("quick.json", &out.stdout);
    prongsai().arg("validate").arg(&path).assert().success();
    prongsai()
        .args(["instruments", "--show", "oit"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no built-in instrument `oit`"));
}

#[test]
fn validate_accepts_every_builtin() {
    for id in builtin::IDS {
        let (_d, path) = temp_file("i.json", builtin::json(id).expect("json").as_bytes());
        prongsai()
            .arg("validate")
            .arg(&path)
            .assert()
            .success()
            .stdout(predicate::str::contains("valid"));
    }
}

#[test]
fn validate_rejects_a_broken_file_with_every_path() {
    let mut v: Value =
        serde_json::from_str(builtin::json("ita-eit").expect("json")).expect("parse");
    v["edition"] = json!("68");
    v["sections"][0]["items"][0]["scale"] = json!("nope");
    v["scoring"]["overall"]["weights"]["oit"] = json!(10);
    let (_d, path) = temp_file("broken.json", v.to_string().as_bytes());
    prongsai()
        .arg("validate")
        .arg(&path)
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("edition: must be a Buddhist-era")
                .and(predicate::str::contains(
                    "sections[0].items[0].scale: unknown scale \"nope\"",
                ))
                .and(predicate::str::contains(
                    "scoring.overall.weights: weights sum to 70",
                ))
                .and(predicate::str::contains("invalid (3 problems)")),
        );
}

#[test]
fn validate_handles_files_that_are_not_json() {
    let (_d, path) = temp_file("x.json", b"<html>not an instrument</html>");
    prongsai()
        .arg("validate")
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "not valid JSON (line 1, column 1)",
        ));
    let (_d2, bin) = temp_file("x.bin", &[0xff, 0xfe, 0x00, 0x81]);
    prongsai()
        .arg("validate")
        .arg(&bin)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not UTF-8"));
    let (_d3, empty) = temp_file("empty.json", b"");
    prongsai().arg("validate").arg(&empty).assert().code(1);
}

#[test]
fn validate_missing_file_is_exit_2() {
    prongsai()
        .args(["validate", "/nonexistent/instrument.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read"));
}

#[test]
fn score_envelopes_prints_the_aggregate() {
    let lines: Vec<String> = (0..6)
        .map(|k| envelope_line(if k < 3 { 4 } else { 3 }, "counter-1", "2025-01-15"))
        .collect();
    let (_d, path) = temp_file("r.jsonl", lines.join("\n").as_bytes());
    let out = prongsai()
        .args(["score", "--instrument", "ita-eit"])
        .arg(&path)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = stdout_json(&out);
    assert_eq!(r["n"], 6);
    // e2 answered 4,4,4,3,3,3 → (100*3 + 66.67*3) / 6
    let e2 = r["items"]["e2"]["score"].as_f64().expect("score");
    assert!((e2 - (100.0 + 200.0 / 3.0) / 2.0).abs() < 1e-9);
    assert!(r["indicators"]["6"]["score"].is_f64());
    assert!(r["tools"]["eit"]["score"].is_f64());
    // One tool: its score against the pass line, never the overall-ITA grade word.
    assert!(r["grade"].is_null());
    assert_eq!(r["pass_line"], 85.0);
    assert!(r["tools"]["eit"]["passes"].is_boolean());
    assert!(r["strengths"].is_array() && r["to_develop"].is_array());
    assert_eq!(r["breakdowns"]["point"][0]["n"], 6);
    assert_eq!(r["input"]["skipped"], 0);
}

#[test]
fn score_reads_bare_answers_and_skips_bad_rows_with_line_numbers() {
    let good = serde_json::to_string(&eit_answers(4)).expect("json");
    let input = format!("{good}\n{{\"e2\": 7}}\n\nnot json\n{good}\n[1,2]\n");
    let (_d, path) = temp_file("r.jsonl", input.as_bytes());
    let out = prongsai()
        .args(["score", "-i", "ita-eit"])
        .arg(&path)
        .output()
        .expect("run");
    assert!(out.status.success());
    let r = stdout_json(&out);
    assert_eq!(r["n"], 2);
    assert_eq!(r["input"]["skipped"], 3);
    let lines: Vec<_> = r["input"]["problems"]
        .as_array()
        .expect("list")
        .iter()
        .map(|p| p["line"].clone())
        .collect();
    assert_eq!(lines, [json!(2), json!(4), json!(6)]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("line 2: skipped: answers.e2: 7 is not an answer"),
        "{stderr}"
    );
    assert!(
        stderr.contains("line 4: skipped: not valid JSON"),
        "{stderr}"
    );
}

#[test]
fn score_strict_stops_at_the_first_bad_row() {
    let good = serde_json::to_string(&eit_answers(4)).expect("json");
    let (_d, path) = temp_file("r.jsonl", format!("{good}\n{{\"e99\": 1}}\n").as_bytes());
    prongsai()
        .args(["score", "--strict", "-i", "ita-eit"])
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(
            "line 2: answers.e99: unknown item code",
        ));
}

#[test]
fn score_reads_csv_with_codes_written_as_agencies_write_them() {
    // Thai digits and spaces in headers, Thai labels in cells, a date and a service point.
    let csv = "E ๒,e3,e4.1,point,submitted\n4,มากที่สุด,ไม่มี,counter-1,2025-02-01\n๓,3,no,counter-1,2025-02-02\n";
    let (_d, path) = temp_file("r.csv", csv.as_bytes());
    let out = prongsai()
        .args(["score", "-i", "ita-eit", "--decimals", "2"])
        .arg(&path)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = stdout_json(&out);
    assert_eq!(r["n"], 2);
    assert_eq!(r["items"]["e2"]["score"], json!(83.33));
    assert_eq!(r["items"]["e3"]["counts"]["4"], 1);
    assert_eq!(r["items"]["e4"]["parts"]["e4.1"]["score"], json!(100.0));
    assert_eq!(r["breakdowns"]["fiscal_year"][0]["key"], "2568");
}

#[test]
fn score_csv_with_an_unknown_column_is_an_error_naming_it() {
    let (_d, path) = temp_file("r.csv", b"e2,e77\n4,4\n");
    prongsai()
        .args(["score", "-i", "ita-eit"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("column `e77`"));
}

#[test]
fn score_with_an_invalid_instrument_file_is_exit_1() {
    let (_d, path) = temp_file("bad.json", br#"{"format": "prongsai.instrument/1"}"#);
    let (_d2, input) = temp_file("r.jsonl", b"{}\n");
    prongsai()
        .args(["score", "-i"])
        .arg(&path)
        .arg(&input)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("id: required field is missing"));
}

#[test]
fn score_with_unknown_instrument_or_missing_input_is_exit_2() {
    prongsai()
        .args(["score", "-i", "nope", "x.jsonl"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("neither a built-in instrument"));
    prongsai()
        .args(["score", "-i", "quick", "/nonexistent.jsonl"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read"));
    prongsai()
        .args(["score", "-i", "quick", "--grades", "2599", "-"])
        .write_stdin("")
        .assert()
        .code(2);
}

#[test]
fn a_single_tool_gets_no_grade_word_even_with_an_editions_letters() {
    let lines: Vec<String> = (0..5)
        .map(|_| envelope_line(4, "counter-1", "2025-01-15"))
        .collect();
    let out = prongsai()
        .args(["score", "-i", "ita-eit", "--grades", "2566", "-"])
        .write_stdin(lines.join("\n"))
        .output()
        .expect("run");
    assert!(out.status.success());
    let r = stdout_json(&out);
    assert!(
        r["grade"].is_null(),
        "EIT alone is not an ITA: {}",
        r["grade"]
    );
    assert_eq!(r["tools"]["eit"]["score"], 100.0);
    assert_eq!(r["tools"]["eit"]["passes"], true);
}

#[test]
fn score_satisfaction_reports_percent_per_dimension_and_overall() {
    let ins = builtin::load("satisfaction").expect("satisfaction");
    let mut lines = Vec::new();
    for level in [5, 4, 4, 5, 3] {
        let mut a = Answers::new();
        a.insert("area".into(), json!("infrastructure"));
        for item in ins.items().filter(|i| ins.is_scored(i)) {
            a.insert(item.code.clone(), json!(level));
        }
        lines.push(serde_json::to_string(&a).expect("json"));
    }
    let out = prongsai()
        .args(["score", "-i", "satisfaction", "-"])
        .write_stdin(lines.join("\n"))
        .output()
        .expect("run");
    let r = stdout_json(&out);
    let sat = &r["satisfaction"];
    assert!((sat["mean"].as_f64().expect("mean") - 4.2).abs() < 1e-9);
    assert!((sat["percent"].as_f64().expect("percent") - 84.0).abs() < 1e-9);
    assert_eq!(sat["meets_target"], true);
    assert_eq!(sat["dimensions"]["staff"]["band"]["th"], "มาก");
    assert_eq!(r["breakdowns"]["area"][0]["key"], "infrastructure");
    assert_eq!(r["breakdowns"]["area"][0]["n"], 5);
}

/// The README's `prongsai score` example: the shipped demo responses give these headline figures.
#[test]
fn score_summary_of_the_readme_example() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/responses/eit-demo.jsonl");
    let out = prongsai()
        .args(["score", "-i", "ita-eit", "--summary", "--decimals", "2"])
        .arg(&root)
        .output()
        .expect("run");
    assert!(out.status.success());
    let r = stdout_json(&out);
    assert_eq!(r["n"], 40);
    assert_eq!(r["tools"]["eit"], json!(75.34));
    assert_eq!(r["indicators"]["6"], json!(77.08));
    assert!(r["grade"].is_null(), "no grade word for one tool");
    assert_eq!(r["pass_line"], json!(85.0));
    assert_eq!(r["tools_pass"]["eit"], false);
    assert_eq!(r["to_develop"], json!(["7", "8", "6"]));
    assert_eq!(r["alerts"]["respondents"], 10);
    assert_eq!(r["alerts"]["items"]["e4.1"], 5);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("แจ้งเตือน: ผู้ตอบ 10 คน"), "{stderr}");
    assert!(
        r.get("items").is_none(),
        "the summary leaves out item details"
    );
}

/// `prongsai score … | head -1`: a reader that stops early is not an error and never a panic.
#[test]
fn score_into_a_closed_pipe_exits_cleanly() {
    use std::io::Read;
    use std::process::{Command as Std, Stdio};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/responses/eit-demo.jsonl");
    let mut child = Std::new(assert_cmd::cargo::cargo_bin("prongsai"))
        .args(["score", "-i", "ita-eit"])
        .arg(&root)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut first = [0u8; 1];
    child
        .stdout
        .take()
        .expect("stdout")
        .read_exact(&mut first)
        .expect("read");
    let out = child.wait_with_output().expect("wait");
    assert_eq!(first[0], b'{');
    assert!(out.status.success(), "status {:?}", out.status);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

/// An OIT self-assessment as one JSON line: `yes` (with its evidence URL) where `says_yes`.
fn oit_line(says_yes: impl Fn(u32) -> bool) -> String {
    let mut a = serde_json::Map::new();
    for n in 1..=43u32 {
        if says_yes(n) {
            a.insert(format!("o{n}"), json!("yes"));
            a.insert(
                format!("o{n}.url"),
                json!(format!("https://agency.example/ita/o{n}")),
            );
            a.insert(format!("o{n}.note"), json!("เมนู ITA"));
        } else {
            a.insert(format!("o{n}"), json!("no"));
        }
    }
    Value::Object(a).to_string()
}

fn score_oit(input: String) -> (Value, String) {
    let out = prongsai()
        .args(["score", "-i", "ita-oit", "-"])
        .write_stdin(input)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        stdout_json(&out),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn instruments_lists_and_shows_the_oit() {
    prongsai()
        .arg("instruments")
        .assert()
        .success()
        .stdout(predicate::str::contains("ita-oit").and(predicate::str::contains("oit")));
    let out = prongsai()
        .args(["instruments", "--show", "ita-oit"])
        .output()
        .expect("run");
    assert!(out.status.success());
    let v = stdout_json(&out);
    assert_eq!(v["kind"], "oit");
    assert_eq!(v["sections"][0]["items"][0]["code"], "o1");
    assert!(v["sections"][0]["items"][0]["criteria"]["th"].is_string());
}

#[test]
fn score_oit_all_yes_is_100_all_no_is_0() {
    let (r, _) = score_oit(oit_line(|_| true));
    assert_eq!(r["tools"]["oit"]["score"], 100.0);
    assert_eq!(r["tools"]["oit"]["passes"], true);
    assert!(r["grade"].is_null());
    let (r, _) = score_oit(oit_line(|_| false));
    assert_eq!(r["tools"]["oit"]["score"], 0.0);
    assert_eq!(r["indicators"]["9"]["score"], 0.0);
}

#[test]
fn score_oit_only_indicator_9_gives_9_100_10_0_oit_50() {
    let (r, _) = score_oit(oit_line(|n| n <= 30));
    assert_eq!(r["indicators"]["9"]["score"], 100.0);
    assert_eq!(r["indicators"]["10"]["score"], 0.0);
    assert_eq!(r["tools"]["oit"]["score"], 50.0);
    assert_eq!(r["indicators"]["10"]["standing"], "develop");
    assert_eq!(r["text_answers"]["o1.url"], 1);
}

#[test]
fn score_oit_skips_a_yes_without_url_naming_the_item() {
    let mut bad: Value = serde_json::from_str(&oit_line(|n| n == 3)).expect("json");
    bad.as_object_mut().expect("obj").remove("o3.url");
    let mut ftp: Value = serde_json::from_str(&oit_line(|n| n == 5)).expect("json");
    ftp["o5.url"] = json!("ftp://agency.example/o5");
    let input = format!("{}\n{bad}\n{ftp}\n", oit_line(|_| true));
    let (r, stderr) = score_oit(input);
    assert_eq!(r["n"], 1);
    assert_eq!(r["input"]["skipped"], 2);
    assert!(
        stderr.contains("line 2") && stderr.contains("ข้อ O3"),
        "{stderr}"
    );
    assert!(
        stderr.contains("line 3") && stderr.contains("ข้อ O5") && stderr.contains("http"),
        "{stderr}"
    );
}

#[test]
fn score_oit_reads_evidence_columns_from_csv() {
    let mut header = vec!["submitted".to_string()];
    let mut row = vec!["2025-03-01".to_string()];
    for n in 1..=43 {
        header.extend([format!("o{n}"), format!("o{n}.url")]);
        if n <= 30 {
            row.extend(["มี".to_string(), format!("https://agency.example/o{n}")]);
        } else {
            row.extend(["ไม่มี".to_string(), String::new()]);
        }
    }
    let csv = format!("{}\n{}\n", header.join(","), row.join(","));
    let out = prongsai()
        .args(["score", "-i", "ita-oit", "--format", "csv", "-"])
        .write_stdin(csv)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = stdout_json(&out);
    assert_eq!(r["input"]["skipped"], 0, "{}", r["input"]);
    assert_eq!(r["tools"]["oit"]["score"], 50.0);
}

#[test]
fn score_prints_bribery_alerts() {
    let ins = builtin::load("ita-iit").expect("iit");
    let mut lines = Vec::new();
    for k in 0..6 {
        let mut a = Answers::new();
        for item in ins.items().filter(|i| ins.is_scored(i)) {
            let yesno = ins
                .scale(&item.scale)
                .is_some_and(|s| s.kind == prongsai_core::ScaleKind::YesNo);
            for code in ins.answer_codes(item) {
                a.insert(code.to_string(), if yesno { json!("no") } else { json!(4) });
            }
        }
        if k < 2 {
            a.insert("i4.1".into(), json!("yes"));
        }
        if k == 1 {
            a.insert("i5.2".into(), json!("yes"));
        }
        lines.push(serde_json::to_string(&a).expect("json"));
    }
    let out = prongsai()
        .args(["score", "-i", "ita-iit", "-"])
        .write_stdin(lines.join("\n"))
        .output()
        .expect("run");
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("แจ้งเตือน") && stderr.contains("i4.1 2") && stderr.contains("i5.2 1"),
        "{stderr}"
    );
    let r = stdout_json(&out);
    assert_eq!(r["alerts"]["respondents"], 2);
    let items = r["alerts"]["items"].as_array().expect("items");
    assert_eq!(items.len(), 9, "i4–i6, three parts each");
    assert_eq!(items[0]["code"], "i4.1");
    assert_eq!(items[0]["count"], 2);
    assert_eq!(items[0]["answers"], json!(["yes"]));
    let summary = prongsai()
        .args(["score", "-i", "ita-iit", "--summary", "-"])
        .write_stdin(lines.join("\n"))
        .output()
        .expect("run");
    let s = stdout_json(&summary);
    assert_eq!(s["alerts"]["respondents"], 2);
    assert_eq!(s["alerts"]["items"]["i5.2"], 1);
}
