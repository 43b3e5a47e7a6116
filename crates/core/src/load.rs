//! Reading an instrument from JSON text.
//!
//! With the `validate` feature (the server and the CLI): syntax, then structure (every element on
//! its own, so that one wrong item does not hide the problems of the next), then meaning
//! (`validate`), every problem with its JSON path.
//!
//! Without it (the widget, which only shows instruments the server has validated): one typed
//! serde pass straight from the text, then the few checks the widget needs to render safely.
use serde::de::DeserializeOwned;
use serde_json::Value;

use serde::Deserialize as _;

use crate::instrument::{GradeScheme, GradesRef, Instrument, OptionValue};
#[cfg(feature = "validate")]
use crate::instrument::{Item, Scale, Section};
use crate::problem::Problem;
#[cfg(feature = "validate")]
use crate::validate::validate;

fn not_json(e: &serde_json::Error) -> Problem {
    Problem::new(
        "",
        format!(
            "not valid JSON (line {}, column {}): {}",
            e.line(),
            e.column(),
            strip_position(&e.to_string())
        ),
    )
}

#[cfg(feature = "validate")]
impl Instrument {
    /// Parses and validates an instrument; on failure returns every problem found, each with its
    /// JSON path.
    pub fn from_json(text: &str) -> Result<Instrument, Vec<Problem>> {
        let value: Value = serde_json::from_str(text).map_err(|e| vec![not_json(&e)])?;
        Instrument::from_value(&value)
    }

    /// As [`Instrument::from_json`], from an already parsed JSON value.
    pub fn from_value(value: &Value) -> Result<Instrument, Vec<Problem>> {
        if !value.is_object() {
            return Err(vec![Problem::new(
                "",
                "an instrument must be a JSON object",
            )]);
        }
        let mut problems = Vec::new();
        let Some(instrument) = typed::<Instrument>(value, "", &mut problems) else {
            // The whole did not deserialize: look at the parts one by one to report them all.
            problems.clear();
            structural_problems(value, &mut problems);
            if problems.is_empty() {
                // Defensive: the parts were fine but the whole was not; report the whole's error.
                typed::<Instrument>(value, "", &mut problems);
            }
            return Err(problems);
        };
        let problems = validate(&instrument);
        if problems.is_empty() {
            Ok(instrument)
        } else {
            Err(problems)
        }
    }
}

#[cfg(not(feature = "validate"))]
impl Instrument {
    /// Reads an instrument that the server has validated: one typed pass (serde's first error,
    /// with line and column), then [`render_problems`].
    pub fn from_json(text: &str) -> Result<Instrument, Vec<Problem>> {
        let instrument: Instrument = serde_json::from_str(text).map_err(|e| {
            vec![if e.is_syntax() || e.is_eof() {
                not_json(&e)
            } else {
                Problem::new(
                    "",
                    format!(
                        "not a valid instrument (line {}, column {}): {}",
                        e.line(),
                        e.column(),
                        humanize(&e.to_string())
                    ),
                )
            }]
        })?;
        let problems = render_problems(&instrument);
        if problems.is_empty() {
            Ok(instrument)
        } else {
            Err(problems)
        }
    }
}

impl Instrument {
    /// Reads an instrument from JSON already parsed (in the widget, by the browser's
    /// `JSON.parse`), without serde (`read.rs`); then the same checks as [`Instrument::from_json`].
    pub fn from_parsed(value: &Value) -> Result<Instrument, Vec<Problem>> {
        let instrument = crate::read::instrument(value).map_err(|p| vec![p])?;
        #[cfg(feature = "validate")]
        let problems = validate(&instrument);
        #[cfg(not(feature = "validate"))]
        let problems = render_problems(&instrument);
        if problems.is_empty() {
            Ok(instrument)
        } else {
            Err(problems)
        }
    }
}

/// What the widget cannot show without it: at least one question, for every question a scale
/// that exists, and something to pick on every scale answered by picking. Same paths and words
/// as `validate`, which the server runs on everything it serves (and `prongsai validate`).
#[cfg(not(feature = "validate"))]
pub(crate) fn render_problems(ins: &Instrument) -> Vec<Problem> {
    use crate::instrument::ScaleKind;
    let mut problems = Vec::new();
    if ins.sections.iter().all(|s| s.items.is_empty()) {
        problems.push(Problem::new("sections", "the instrument has no questions"));
    }
    for (i, scale) in ins.scales.iter().enumerate() {
        if scale.options.is_empty() && !matches!(scale.kind, ScaleKind::Text | ScaleKind::Number) {
            problems.push(Problem::new(
                format!("scales[{i}].options"),
                "the scale has no options",
            ));
        }
    }
    for (i, section) in ins.sections.iter().enumerate() {
        for (j, item) in section.items.iter().enumerate() {
            if ins.scale(&item.scale).is_none() {
                problems.push(Problem::new(
                    format!("sections[{i}].items[{j}].scale"),
                    format!("unknown scale \"{}\"", item.scale),
                ));
            }
        }
    }
    problems
}

/// Deserializes `value` as `T`, recording a problem at the exact path of the first mismatch.
#[cfg(feature = "paths")]
pub(crate) fn typed<T: DeserializeOwned>(
    value: &Value,
    prefix: &str,
    problems: &mut Vec<Problem>,
) -> Option<T> {
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(v) => Some(v),
        Err(err) => {
            let inner = err.path().to_string();
            let path = join_path(prefix, if inner == "." { "" } else { &inner });
            problems.push(Problem::new(path, humanize(&err.into_inner().to_string())));
            None
        }
    }
}

/// Deserializes `value` as `T`, recording a problem at `prefix` (the element) on a mismatch.
#[cfg(not(feature = "paths"))]
pub(crate) fn typed<T: DeserializeOwned>(
    value: &Value,
    prefix: &str,
    problems: &mut Vec<Problem>,
) -> Option<T> {
    match T::deserialize(value) {
        Ok(v) => Some(v),
        Err(err) => {
            problems.push(Problem::new(prefix, humanize(&err.to_string())));
            None
        }
    }
}

#[cfg(feature = "paths")]
pub(crate) fn join_path(prefix: &str, inner: &str) -> String {
    match (prefix.is_empty(), inner.is_empty()) {
        (true, _) => inner.to_string(),
        (false, true) => prefix.to_string(),
        (false, false) if inner.starts_with('[') => format!("{prefix}{inner}"),
        (false, false) => format!("{prefix}.{inner}"),
    }
}

#[cfg(feature = "validate")]
const TOP_LEVEL: &[&str] = &[
    "format",
    "id",
    "edition",
    "kind",
    "anonymous",
    "title",
    "description",
    "eligibility",
    "unverified",
    "review",
    "scales",
    "tools",
    "indicators",
    "dimensions",
    "sections",
    "scoring",
    "sample",
];
#[cfg(feature = "validate")]
const REQUIRED: &[&str] = &[
    "format", "id", "edition", "kind", "title", "scales", "sections",
];

#[cfg(feature = "validate")]
fn structural_problems(value: &Value, problems: &mut Vec<Problem>) {
    let Some(obj) = value.as_object() else { return };
    for key in obj.keys() {
        if !TOP_LEVEL.contains(&key.as_str()) {
            problems.push(Problem::new(key.clone(), format!("unknown field `{key}`")));
        }
    }
    for key in REQUIRED {
        if !obj.contains_key(*key) {
            problems.push(Problem::new(*key, "required field is missing"));
        }
    }
    for (key, v) in obj {
        match key.as_str() {
            "scales" => each::<Scale>(v, key, problems),
            "tools" => each::<crate::instrument::Tool>(v, key, problems),
            "indicators" => each::<crate::instrument::Indicator>(v, key, problems),
            "dimensions" => each::<crate::instrument::Dimension>(v, key, problems),
            "sections" => sections(v, problems),
            "format" | "id" | "edition" => {
                typed::<String>(v, key, problems);
            }
            "kind" => {
                typed::<crate::instrument::Kind>(v, key, problems);
            }
            "anonymous" | "review" => {
                typed::<bool>(v, key, problems);
            }
            "title" | "description" | "eligibility" | "unverified" => {
                typed::<crate::text::Text>(v, key, problems);
            }
            "scoring" => {
                typed::<crate::instrument::Scoring>(v, key, problems);
            }
            "sample" => {
                typed::<crate::instrument::Sample>(v, key, problems);
            }
            _ => {}
        }
    }
}

#[cfg(feature = "validate")]
fn each<T: DeserializeOwned>(v: &Value, key: &str, problems: &mut Vec<Problem>) {
    match v.as_array() {
        Some(list) => {
            for (i, el) in list.iter().enumerate() {
                typed::<T>(el, &format!("{key}[{i}]"), problems);
            }
        }
        None => problems.push(Problem::new(key, "must be an array")),
    }
}

#[cfg(feature = "validate")]
fn sections(v: &Value, problems: &mut Vec<Problem>) {
    let Some(list) = v.as_array() else {
        problems.push(Problem::new("sections", "must be an array"));
        return;
    };
    for (i, section) in list.iter().enumerate() {
        let path = format!("sections[{i}]");
        let before = problems.len();
        if typed::<Section>(section, &path, problems).is_some() {
            continue;
        }
        // Report each item of a broken section separately.
        if let Some(items) = section.get("items").and_then(Value::as_array) {
            problems.truncate(before);
            let mut item_problems = Vec::new();
            for (j, item) in items.iter().enumerate() {
                typed::<Item>(item, &format!("{path}.items[{j}]"), &mut item_problems);
            }
            let mut shell = section.clone();
            if let Some(obj) = shell.as_object_mut() {
                obj.insert("items".into(), Value::Array(Vec::new()));
            }
            typed::<Section>(&shell, &path, problems);
            problems.extend(item_problems);
        }
    }
}

/// serde's messages, made a little friendlier for people writing instruments by hand.
fn humanize(msg: &str) -> String {
    let msg = strip_position(msg);
    if let Some(rest) = msg.strip_prefix("missing field ") {
        return format!("required field {rest} is missing");
    }
    msg.to_string()
}

fn strip_position(msg: &str) -> &str {
    match msg.find(" at line ") {
        Some(i) => &msg[..i],
        None => msg,
    }
}

// The two instrument values that are "this or that" by JSON type. `#[serde(untagged)]` would
// buffer every such value into serde's generic `Content` and try each variant in turn: code the
// widget would carry for two fields, and a vaguer message ("did not match any variant").

impl<'de> serde::Deserialize<'de> for OptionValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = OptionValue;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an integer or a string")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<OptionValue, E> {
                Ok(OptionValue::Int(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<OptionValue, E> {
                i64::try_from(v)
                    .map(OptionValue::Int)
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(v), &self))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<OptionValue, E> {
                Ok(OptionValue::Id(v.to_owned()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<OptionValue, E> {
                Ok(OptionValue::Id(v))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> serde::Deserialize<'de> for GradesRef {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = GradesRef;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a grade scheme key such as \"2568\" or a grade scheme object")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<GradesRef, E> {
                Ok(GradesRef::Edition(v.to_owned()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<GradesRef, E> {
                Ok(GradesRef::Edition(v))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<GradesRef, A::Error> {
                GradeScheme::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(GradesRef::Inline)
            }
        }
        d.deserialize_any(V)
    }
}
