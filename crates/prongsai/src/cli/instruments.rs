//! `prongsai instruments`: the built-in instruments, or one of them as JSON to start from.
use clap::Args;
use prongsai_core::{builtin, Instrument};

use super::Outcome;

#[derive(Debug, Args)]
pub struct InstrumentsArgs {
    /// Print this built-in instrument's JSON (a starting point for an agency's own).
    #[arg(long, value_name = "ID")]
    pub show: Option<String>,
    /// Print the built-in grade schemes (grade labels per edition).
    #[arg(long, conflicts_with = "show")]
    pub grades: bool,
    /// List as JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: InstrumentsArgs) -> anyhow::Result<Outcome> {
    if args.grades {
        super::out(builtin::grade_schemes_json().trim_end())?;
        return Ok(Outcome::Success);
    }
    if let Some(id) = args.show {
        let Some(text) = builtin::json(&id) else {
            anyhow::bail!(
                "no built-in instrument `{id}` (built in: {})",
                builtin::IDS.join(", ")
            );
        };
        super::out(text.trim_end())?;
        return Ok(Outcome::Success);
    }
    let mut rows = Vec::new();
    for id in builtin::IDS {
        let text = builtin::json(id).unwrap_or_default();
        let ins = Instrument::from_json(text).map_err(|p| {
            anyhow::anyhow!(
                "built-in `{id}` is invalid: {}",
                p.first().map(|p| p.to_string()).unwrap_or_default()
            )
        })?;
        let scored = ins.items().filter(|i| ins.is_scored(i)).count();
        let answers: usize = ins
            .items()
            .filter(|i| ins.is_scored(i))
            .map(|i| ins.answer_codes(i).len())
            .sum();
        rows.push((ins, scored, answers));
    }
    if args.json {
        let list: Vec<_> = rows
            .iter()
            .map(|(ins, scored, answers)| {
                serde_json::json!({
                    "id": ins.id, "edition": ins.edition, "kind": ins.kind, "title": ins.title,
                    "anonymous": ins.anonymous, "sections": ins.sections.len(),
                    "scored_items": scored, "scored_answers": answers,
                })
            })
            .collect();
        super::out(&serde_json::to_string_pretty(&list)?)?;
    } else {
        let mut table = format!(
            "{:<14} {:<8} {:<13} {:>6} {:>8}  title",
            "id", "edition", "kind", "items", "answers"
        );
        for (ins, scored, answers) in &rows {
            let kind = serde_json::to_value(ins.kind)?
                .as_str()
                .unwrap_or_default()
                .to_string();
            table.push_str(&format!(
                "\n{:<14} {:<8} {:<13} {:>6} {:>8}  {} / {}",
                ins.id,
                ins.edition,
                kind,
                scored,
                answers,
                ins.title.th,
                ins.title.get(prongsai_core::Locale::En)
            ));
        }
        super::out(&table)?;
    }
    Ok(Outcome::Success)
}
