//! `[[units]]`: the agency's units and their service points.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::FileConfig;

/// A `[[units]]` entry as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitConfig {
    pub id: String,
    pub name: Option<String>,
    #[serde(default)]
    pub points: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Unit {
    pub id: String,
    pub name: Option<String>,
    pub points: Vec<String>,
}

pub(super) fn resolve_units(
    file: &FileConfig,
    problems: &mut Vec<String>,
) -> BTreeMap<String, Unit> {
    let mut units = BTreeMap::new();
    if file.units.is_empty() {
        problems.push("units: list at least one unit ([[units]] with an id)".to_string());
    }
    for (i, u) in file.units.iter().enumerate() {
        if let Err(why) = check_slug(&u.id) {
            problems.push(format!("units[{i}].id: `{}` {why}", u.id));
        }
        let mut points = Vec::new();
        for (j, p) in u.points.iter().enumerate() {
            if let Err(why) = check_slug(p) {
                problems.push(format!("units[{i}].points[{j}]: `{p}` {why}"));
            }
            if points.contains(p) {
                problems.push(format!(
                    "units[{i}].points[{j}]: duplicate service point `{p}`"
                ));
            }
            points.push(p.clone());
        }
        let unit = Unit {
            id: u.id.clone(),
            name: u.name.clone(),
            points,
        };
        if units.insert(u.id.clone(), unit).is_some() {
            problems.push(format!("units[{i}].id: duplicate unit `{}`", u.id));
        }
    }
    units
}

/// Ids of units and service points travel in URLs and QR codes: keep them plain.
fn check_slug(s: &str) -> Result<(), &'static str> {
    if s.is_empty() || s.len() > 64 {
        return Err("must have 1 to 64 characters");
    }
    if !s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
    {
        return Err("may use only a-z, A-Z, 0-9, '-', '_' and '.'");
    }
    Ok(())
}
