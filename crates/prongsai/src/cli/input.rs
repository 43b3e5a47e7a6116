//! Reading exported responses: JSON Lines of envelopes or of bare answer objects, or CSV with
//! item codes as headers. Each record becomes answers + context, or a problem for its line.
use std::fs::File;
use std::io::{BufRead, Read};
use std::path::Path;

use anyhow::Context as _;

use prongsai_core::{
    normalize_code, normalize_digits, Answers, Context, Date, Envelope, Instrument, ScaleKind,
};
use serde_json::Value;

/// One response read from the input, or why its line was refused.
pub enum Record {
    Response { answers: Answers, context: Context },
    Bad { line: usize, reason: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Jsonl,
    Csv,
}

/// An input file of `prongsai score` / `prongsai report` opened for reading (`-` is stdin).
pub struct Input {
    pub reader: Box<dyn Read>,
    /// The format given, else CSV for a `.csv` file and JSON Lines otherwise.
    pub format: Format,
    /// How messages name the input: its path, or "stdin".
    pub source: String,
}

impl Input {
    pub fn open(path: &Path, format: Option<Format>) -> anyhow::Result<Input> {
        let stdin = path.as_os_str() == "-";
        let format = format.unwrap_or_else(|| {
            if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
            {
                Format::Csv
            } else {
                Format::Jsonl
            }
        });
        let reader: Box<dyn Read> = if stdin {
            Box::new(std::io::stdin().lock())
        } else {
            Box::new(File::open(path).with_context(|| format!("cannot read {}", path.display()))?)
        };
        let source = if stdin {
            "stdin".to_string()
        } else {
            path.display().to_string()
        };
        Ok(Input {
            reader,
            format,
            source,
        })
    }
}

/// Columns of a CSV that are not answers.
const CSV_META: &[&str] = &[
    "id",
    "unit",
    "point",
    "submitted",
    "date",
    "instrument",
    "edition",
    "locale",
];

/// Reads JSON Lines, calling `each` per record, without holding the input in memory.
pub fn read_jsonl(
    ins: &Instrument,
    reader: impl BufRead,
    mut each: impl FnMut(Record),
) -> std::io::Result<()> {
    for (i, line) in reader.lines().enumerate() {
        let line_no = i + 1;
        let line = line?;
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        each(jsonl_record(ins, line_no, trimmed));
    }
    Ok(())
}

fn first_problem(problems: &[prongsai_core::Problem]) -> String {
    let mut s = problems
        .iter()
        .take(3)
        .map(|p| p.to_string())
        .collect::<Vec<_>>()
        .join("; ");
    if problems.len() > 3 {
        s.push_str(&format!(" (and {} more)", problems.len() - 3));
    }
    s
}

fn jsonl_record(ins: &Instrument, line: usize, text: &str) -> Record {
    let bad = |reason: String| Record::Bad { line, reason };
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            return bad(format!(
                "not valid JSON (column {}): {}",
                e.column(),
                strip_position(&e.to_string())
            ))
        }
    };
    let Some(obj) = value.as_object() else {
        return bad("expected a JSON object (an envelope or an answers object)".into());
    };
    if obj.contains_key("format") || obj.contains_key("answers") {
        let env = match Envelope::from_value(&value) {
            Ok(e) => e,
            Err(p) => return bad(first_problem(&p)),
        };
        let problems = env.check(ins);
        if !problems.is_empty() {
            return bad(first_problem(&problems));
        }
        let context = Context {
            point: env.point.clone(),
            date: env.date(),
        };
        return Record::Response {
            answers: env.answers,
            context,
        };
    }
    let answers: Answers = obj
        .iter()
        .map(|(k, v)| (normalize_code(k), v.clone()))
        .collect();
    let problems = ins.check_values(&answers);
    if !problems.is_empty() {
        return bad(first_problem(&problems));
    }
    Record::Response {
        answers,
        context: Context::default(),
    }
}

fn strip_position(msg: &str) -> &str {
    msg.find(" at line ").map_or(msg, |i| &msg[..i])
}

/// Reads CSV with a header row of item codes (written as agencies write them: `I ๒๕`, `e1.1`).
pub fn read_csv(
    ins: &Instrument,
    reader: impl std::io::Read,
    mut each: impl FnMut(Record),
) -> anyhow::Result<()> {
    let mut csv = csv::ReaderBuilder::new()
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(reader);
    let headers: Vec<String> = csv.headers()?.iter().map(normalize_code).collect();
    let known = |h: &str| {
        CSV_META.contains(&h)
            || ins.evidence_of(h).is_some()
            || ins
                .find_item(h)
                .is_some_and(|item| ins.answer_codes(item).contains(&h))
    };
    if let Some(unknown) = headers.iter().find(|h| !known(h)) {
        anyhow::bail!(
            "line 1: column `{unknown}` is not an item code of {} (nor one of {})",
            ins.id,
            CSV_META.join(", ")
        );
    }
    for (i, row) in csv.records().enumerate() {
        let line = i + 2;
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                each(Record::Bad {
                    line,
                    reason: format!("unreadable CSV row: {e}"),
                });
                continue;
            }
        };
        each(csv_record(ins, line, &headers, &row));
    }
    Ok(())
}

fn csv_record(
    ins: &Instrument,
    line: usize,
    headers: &[String],
    row: &csv::StringRecord,
) -> Record {
    let mut answers = Answers::new();
    let mut context = Context::default();
    for (h, cell) in headers.iter().zip(row.iter()) {
        if cell.is_empty() {
            continue;
        }
        match h.as_str() {
            "point" => context.point = Some(cell.to_string()),
            "submitted" | "date" => match Date::parse(cell.get(..10).unwrap_or(cell)) {
                Some(d) => context.date = Some(d),
                None => {
                    return Record::Bad {
                        line,
                        reason: format!("column `{h}`: `{cell}` is not a date YYYY-MM-DD"),
                    }
                }
            },
            c if CSV_META.contains(&c) => {}
            code if ins.evidence_of(code).is_some() => {
                // OIT evidence (`o1.url`, `o1.note`): text as written.
                if !cell.is_empty() {
                    answers.insert(code.to_string(), Value::from(cell));
                }
            }
            code => {
                let scale = ins.find_item(code).and_then(|item| ins.scale(&item.scale));
                match scale.map(|s| csv_value(s, cell)) {
                    Some(Ok(v)) => {
                        answers.insert(code.to_string(), v);
                    }
                    Some(Err(reason)) => {
                        return Record::Bad {
                            line,
                            reason: format!("column `{code}`: {reason}"),
                        }
                    }
                    None => {}
                }
            }
        }
    }
    let problems = ins.check_values(&answers);
    if !problems.is_empty() {
        return Record::Bad {
            line,
            reason: first_problem(&problems),
        };
    }
    Record::Response { answers, context }
}

/// A CSV cell as an answer value: option value, or its Thai/English label; Thai digits accepted.
fn csv_value(scale: &prongsai_core::Scale, cell: &str) -> Result<Value, String> {
    if cell.eq_ignore_ascii_case("na") {
        return Ok(Value::from("na"));
    }
    let by_label = |s: &str| {
        scale
            .options
            .iter()
            .find(|o| {
                o.label.th == s
                    || o.label
                        .en
                        .as_deref()
                        .is_some_and(|en| en.eq_ignore_ascii_case(s))
            })
            .map(|o| o.value.to_json())
    };
    let digits = normalize_digits(cell);
    match scale.kind {
        ScaleKind::Ordinal => digits
            .parse::<i64>()
            .map(Value::from)
            .ok()
            .or_else(|| by_label(cell))
            .ok_or_else(|| format!("`{cell}` is not a level of this scale")),
        ScaleKind::YesNo | ScaleKind::Single => {
            Ok(by_label(cell).unwrap_or_else(|| Value::from(cell.to_ascii_lowercase())))
        }
        ScaleKind::Multiple => Ok(Value::Array(
            cell.split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| by_label(s).unwrap_or_else(|| Value::from(s)))
                .collect(),
        )),
        ScaleKind::Number => digits
            .parse::<f64>()
            .map(Value::from)
            .map_err(|_| format!("`{cell}` is not a number")),
        ScaleKind::Text => Ok(Value::from(cell)),
    }
}
