//! The built-in instruments (edition 2568) and grade schemes, embedded at build time from
//! `instruments/` at the repository root.
use crate::instrument::Instrument;

pub const IDS: &[&str] = &["ita-iit", "ita-eit", "ita-oit", "satisfaction", "quick"];

pub(crate) const GRADE_SCHEMES_JSON: &str = include_str!("../../../instruments/grade-schemes.json");

/// The JSON text of a built-in instrument.
pub fn json(id: &str) -> Option<&'static str> {
    Some(match id {
        "ita-iit" => include_str!("../../../instruments/ita-iit.json"),
        "ita-eit" => include_str!("../../../instruments/ita-eit.json"),
        "ita-oit" => include_str!("../../../instruments/ita-oit.json"),
        "satisfaction" => include_str!("../../../instruments/satisfaction.json"),
        "quick" => include_str!("../../../instruments/quick.json"),
        _ => return None,
    })
}

/// A built-in instrument, parsed. Built-ins are validated by the test suite.
pub fn load(id: &str) -> Option<Instrument> {
    Instrument::from_json(json(id)?).ok()
}

/// The grade schemes file's text (for `prongsai instruments --grades`).
pub fn grade_schemes_json() -> &'static str {
    GRADE_SCHEMES_JSON
}
