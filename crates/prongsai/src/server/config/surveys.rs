//! The enabled instruments (`surveys`, `instrument_files`) and the per-survey lists that name
//! them: `code_surveys` and `public_summaries`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use prongsai_core::{builtin, Instrument};

use super::FileConfig;

/// The enabled instruments, by id; several editions of one id may be loaded (sorted, newest last).
#[derive(Debug, Default)]
pub struct Surveys {
    by_id: BTreeMap<String, Vec<Arc<Instrument>>>,
}

impl Surveys {
    pub fn get(&self, id: &str, edition: Option<&str>) -> Option<Arc<Instrument>> {
        let editions = self.by_id.get(id)?;
        match edition {
            Some(e) => editions.iter().find(|i| i.edition == e).cloned(),
            None => editions.last().cloned(),
        }
    }

    pub fn contains(&self, id: &str) -> bool {
        self.by_id.contains_key(id)
    }

    /// Every enabled edition of every instrument, in id order, oldest edition first.
    pub fn all(&self) -> impl Iterator<Item = &Arc<Instrument>> {
        self.by_id.values().flatten()
    }

    /// The newest edition of each enabled instrument, in id order.
    pub fn latest(&self) -> impl Iterator<Item = &Arc<Instrument>> {
        self.by_id.values().filter_map(|v| v.last())
    }

    pub fn editions(&self, id: &str) -> Vec<String> {
        self.by_id
            .get(id)
            .map(|v| v.iter().map(|i| i.edition.clone()).collect())
            .unwrap_or_default()
    }

    fn insert(&mut self, instrument: Instrument) {
        let editions = self.by_id.entry(instrument.id.clone()).or_default();
        editions.retain(|i| i.edition != instrument.edition);
        editions.push(Arc::new(instrument));
        editions.sort_by(|a, b| edition_order(&a.edition, &b.edition));
    }
}

/// Editions are Thai fiscal years ("2568"); compare numerically when both are numbers.
fn edition_order(a: &str, b: &str) -> std::cmp::Ordering {
    match (a.parse::<u64>(), b.parse::<u64>()) {
        (Ok(x), Ok(y)) => x.cmp(&y),
        _ => a.cmp(b),
    }
}

/// Built-ins plus the agency's own files, narrowed to `surveys` when it is given.
pub(super) fn resolve_surveys(
    file: &FileConfig,
    rel: &dyn Fn(&Path) -> PathBuf,
    problems: &mut Vec<String>,
) -> Surveys {
    let mut available = Surveys::default();
    for id in builtin::IDS {
        if let Some(ins) = builtin::load(id) {
            available.insert(ins);
        }
    }
    for (i, path) in file.instrument_files.iter().enumerate() {
        let full = rel(path);
        let text = match std::fs::read_to_string(&full) {
            Ok(t) => t,
            Err(e) => {
                problems.push(format!(
                    "instrument_files[{i}]: cannot read {}: {e}",
                    full.display()
                ));
                continue;
            }
        };
        match Instrument::from_json(&text) {
            Ok(ins) => available.insert(ins),
            Err(found) => {
                let mut msg = format!(
                    "instrument_files[{i}]: {} is not a valid instrument ({} problem{}):",
                    full.display(),
                    found.len(),
                    if found.len() == 1 { "" } else { "s" }
                );
                for p in found {
                    let _ = write!(msg, "\n    {p}");
                }
                problems.push(msg);
            }
        }
    }
    let Some(list) = &file.surveys else {
        return available;
    };
    let mut surveys = Surveys::default();
    let mut seen = BTreeSet::new();
    for (i, id) in list.iter().enumerate() {
        if !seen.insert(id.clone()) {
            problems.push(format!("surveys[{i}]: `{id}` is listed twice"));
        }
        match available.by_id.get(id) {
            Some(editions) => {
                for ins in editions {
                    surveys.insert((**ins).clone());
                }
            }
            None => problems.push(format!(
                "surveys[{i}]: unknown survey `{id}`; the built-ins are {} and instrument_files add their own ids",
                builtin::IDS.join(", ")
            )),
        }
    }
    surveys
}

/// A list of survey ids such as `code_surveys` or `public_summaries` (named `key` in messages):
/// each must be an enabled survey.
pub(super) fn resolve_enabled_ids<C: Default + Extend<String>>(
    key: &str,
    ids: &[String],
    surveys: &Surveys,
    problems: &mut Vec<String>,
) -> C {
    let mut chosen = C::default();
    for (i, id) in ids.iter().enumerate() {
        if !surveys.contains(id) {
            problems.push(format!("{key}[{i}]: `{id}` is not an enabled survey"));
        }
        chosen.extend([id.clone()]);
    }
    chosen
}
