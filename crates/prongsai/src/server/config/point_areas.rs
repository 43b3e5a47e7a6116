//! `[point_areas]`: the service area each service point serves, so that a one-tap kiosk rating
//! (`quick`, which asks no area) from that point counts in the results by service area.
//!
//! ```toml
//! [point_areas]
//! counter-1 = "infrastructure"   # a service point of [[units]] = a service-area value of the
//! counter-2 = "environment"    # satisfaction survey's area question
//! ```

use std::collections::BTreeMap;

use prongsai_core::{builtin, Instrument, Kind, Role};

use super::{Surveys, Unit};

/// The choice values of the service-area question of the enabled satisfaction surveys (the
/// built-in `satisfaction` when none is enabled), each once, in order.
fn area_values(surveys: &Surveys) -> Vec<String> {
    let of = |ins: &Instrument| -> Vec<String> {
        ins.items()
            .filter(|i| i.role == Some(Role::ServiceArea))
            .filter_map(|i| ins.scale(&i.scale))
            .flat_map(|s| s.options.iter().map(|o| o.value.key()))
            .collect()
    };
    let mut values: Vec<String> = surveys
        .latest()
        .filter(|i| i.kind == Kind::Satisfaction)
        .flat_map(|i| of(i))
        .collect();
    if values.is_empty() {
        if let Some(ins) = builtin::load("satisfaction") {
            values = of(&ins);
        }
    }
    let mut seen = Vec::new();
    values.retain(|v| {
        let new = !seen.contains(v);
        seen.push(v.clone());
        new
    });
    values
}

/// Checks the mapping: every key a configured service point, every value a service area.
pub(super) fn resolve_point_areas(
    written: &BTreeMap<String, String>,
    surveys: &Surveys,
    units: &BTreeMap<String, Unit>,
    problems: &mut Vec<String>,
) -> BTreeMap<String, String> {
    let areas = area_values(surveys);
    let mut out = BTreeMap::new();
    for (point, area) in written {
        let area = area.trim();
        if !units.values().any(|u| u.points.contains(point)) {
            problems.push(format!(
                "point_areas.{point}: no unit has the service point `{point}` (list it in points of [[units]])"
            ));
        } else if !areas.iter().any(|a| a == area) {
            problems.push(format!(
                "point_areas.{point}: `{area}` is not a service area of the satisfaction survey; use one of: {}",
                areas.join(", ")
            ));
        } else {
            out.insert(point.clone(), area.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> anyhow::Result<crate::server::config::Settings> {
        let file: super::super::FileConfig = toml::from_str(text)?;
        crate::server::config::Settings::resolve(
            file,
            std::path::Path::new(""),
            super::super::Overrides::default(),
            Some("a-token-of-at-least-16-chars".into()),
            "test",
        )
    }

    const UNITS: &str = "[[units]]\nid = \"demo\"\npoints = [\"counter-1\", \"counter-2\"]\n";

    #[test]
    fn maps_points_to_areas_and_names_every_bad_key() {
        let s = parse(&format!(
            "{UNITS}[point_areas]\ncounter-1 = \"infrastructure\"\ncounter-2 = \"other\"\n"
        ))
        .unwrap();
        assert_eq!(s.point_areas["counter-1"], "infrastructure");
        assert_eq!(s.point_areas["counter-2"], "other");
        let err = parse(&format!(
            "{UNITS}[point_areas]\ncounter-1 = \"parking\"\ncounter-9 = \"environment\"\n"
        ))
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("point_areas.counter-1: `parking` is not a service area"),
            "{err}"
        );
        assert!(
            err.contains("infrastructure"),
            "the choices are listed: {err}"
        );
        assert!(
            err.contains("point_areas.counter-9: no unit has the service point"),
            "{err}"
        );
        // Without the section nothing is mapped.
        assert!(parse(UNITS).unwrap().point_areas.is_empty());
    }

    #[test]
    fn the_builtin_areas_include_other() {
        let values = area_values(&Surveys::default());
        assert!(values.len() >= 7, "{values:?}");
        assert!(values.contains(&"other".to_string()));
    }
}
