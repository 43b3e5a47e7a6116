//! `prongsai validate FILE`: every problem of an instrument file with its JSON path.
use std::path::PathBuf;

use anyhow::Context as _;
use clap::Args;
use prongsai_core::Instrument;

use super::{print_problems, Outcome};

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The instrument file (JSON).
    pub file: PathBuf,
}

pub fn run(args: ValidateArgs) -> anyhow::Result<Outcome> {
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let source = args.file.display().to_string();
    let Ok(text) = String::from_utf8(bytes) else {
        eprintln!("{source}: not UTF-8 text (is this a JSON instrument?)");
        eprintln!("{source}: invalid (1 problem)");
        return Ok(Outcome::Invalid);
    };
    match Instrument::from_json(&text) {
        Ok(ins) => {
            let answers: usize = ins
                .items()
                .filter(|i| ins.is_scored(i))
                .map(|i| ins.answer_codes(i).len())
                .sum();
            println!(
                "{source}: valid — {} edition {}, {} sections, {} items, {} scored answers",
                ins.id,
                ins.edition,
                ins.sections.len(),
                ins.items().count(),
                answers
            );
            Ok(Outcome::Success)
        }
        Err(problems) => {
            print_problems(&source, &problems);
            let n = problems.len();
            eprintln!(
                "{source}: invalid ({n} problem{})",
                if n == 1 { "" } else { "s" }
            );
            Ok(Outcome::Invalid)
        }
    }
}
