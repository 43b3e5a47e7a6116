//! The command-line subcommands over the core crate. Each returns an [`Outcome`] (exit 0 or 1)
//! or an error for things that stop the command itself (a missing file: exit 2).

pub mod codes;
pub mod input;
pub mod instruments;
pub mod linkcheck;
pub mod qr;
pub mod report;
pub mod score;
pub mod validate;

use anyhow::Context as _;
use prongsai_core::{builtin, Instrument, Problem};

/// How a command ended, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Success,
    /// Exit 1: the input was understood and found invalid (problems were printed).
    Invalid,
}

/// An instrument named by a built-in id or a file path.
pub enum Loaded {
    Ok(Box<Instrument>),
    Invalid {
        source: String,
        problems: Vec<Problem>,
    },
}

/// Loads `--instrument ID|FILE`: a built-in id first, otherwise a file.
pub fn load_instrument(spec: &str) -> anyhow::Result<Loaded> {
    if let Some(text) = builtin::json(spec) {
        return Ok(match Instrument::from_json(text) {
            Ok(i) => Loaded::Ok(Box::new(i)),
            Err(problems) => Loaded::Invalid {
                source: spec.to_string(),
                problems,
            },
        });
    }
    let text = std::fs::read_to_string(spec).with_context(|| {
        format!(
            "`{spec}` is neither a built-in instrument ({}) nor a readable file",
            builtin::IDS.join(", ")
        )
    })?;
    Ok(match Instrument::from_json(&text) {
        Ok(i) => Loaded::Ok(Box::new(i)),
        Err(problems) => Loaded::Invalid {
            source: spec.to_string(),
            problems,
        },
    })
}

/// Writes `text` and a newline to standard output. A closed pipe (`prongsai score … | head`) is
/// not an error: the reader has what it wanted.
pub fn out(text: &str) -> anyhow::Result<()> {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    match writeln!(stdout, "{text}").and_then(|()| stdout.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// Prints problems one per line, as `SOURCE: PATH: MESSAGE`.
pub fn print_problems(source: &str, problems: &[Problem]) {
    for p in problems {
        if p.path.is_empty() {
            eprintln!("{source}: {}", p.message);
        } else {
            eprintln!("{source}: {}: {}", p.path, p.message);
        }
    }
}
