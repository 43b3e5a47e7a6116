//! Typed reading of an instrument from an already parsed JSON value, without serde's derives.
//!
//! The widget's build: the browser's own `JSON.parse` does the parsing and this walks the result
//! into the instrument types, so the wasm carries neither a JSON parser nor one serde routine
//! per type. The server and the CLI read with serde (`load.rs`) and validate everything they
//! serve; both readers give the same [`Instrument`] for the same JSON (tested on every built-in
//! and on the format's edge cases below). Unknown fields are ignored here: the server's reader
//! rejects them.
use serde_json::{Map, Value};

use crate::instrument::*;
use crate::problem::Problem;
use crate::text::Text;

type Read<T> = Result<T, Problem>;

fn wrong(path: &str, expected: &str) -> Problem {
    Problem::new(path, format!("expected {expected}"))
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// One JSON object being read, with its path for messages.
struct Obj<'a> {
    map: &'a Map<String, Value>,
    path: &'a str,
}

impl<'a> Obj<'a> {
    fn new(v: &'a Value, path: &'a str) -> Read<Obj<'a>> {
        v.as_object()
            .map(|map| Obj { map, path })
            .ok_or_else(|| wrong(path, "an object"))
    }

    /// A present, non-null field.
    fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    fn need(&self, key: &str) -> Read<&'a Value> {
        self.get(key)
            .ok_or_else(|| Problem::new(join(self.path, key), "required field is missing"))
    }

    fn opt<T>(&self, key: &str, f: impl Fn(&Value, &str) -> Read<T>) -> Read<Option<T>> {
        self.get(key)
            .map(|v| f(v, &join(self.path, key)))
            .transpose()
    }

    fn req<T>(&self, key: &str, f: impl Fn(&Value, &str) -> Read<T>) -> Read<T> {
        f(self.need(key)?, &join(self.path, key))
    }

    fn string(&self, key: &str) -> Read<String> {
        self.req(key, string)
    }

    fn opt_string(&self, key: &str) -> Read<Option<String>> {
        self.opt(key, string)
    }

    fn text(&self, key: &str) -> Read<Text> {
        self.req(key, text)
    }

    fn opt_text(&self, key: &str) -> Read<Option<Text>> {
        self.opt(key, text)
    }

    fn flag(&self, key: &str, default: bool) -> Read<bool> {
        Ok(self.opt(key, boolean)?.unwrap_or(default))
    }

    fn opt_f64(&self, key: &str) -> Read<Option<f64>> {
        self.opt(key, number)
    }

    fn opt_u32(&self, key: &str) -> Read<Option<u32>> {
        self.opt(key, |v, p| {
            v.as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .ok_or_else(|| wrong(p, "a whole number ≥ 0"))
        })
    }

    /// A list; absent or null is empty when `required` is false.
    fn list<T>(
        &self,
        key: &str,
        required: bool,
        f: impl Fn(&Value, &str) -> Read<T>,
    ) -> Read<Vec<T>> {
        let path = join(self.path, key);
        let Some(v) = (if required {
            Some(self.need(key)?)
        } else {
            self.get(key)
        }) else {
            return Ok(Vec::new());
        };
        let list = v.as_array().ok_or_else(|| wrong(&path, "an array"))?;
        list.iter()
            .enumerate()
            .map(|(i, el)| f(el, &format!("{path}[{i}]")))
            .collect()
    }
}

fn string(v: &Value, path: &str) -> Read<String> {
    v.as_str()
        .map(str::to_string)
        .ok_or_else(|| wrong(path, "a string"))
}

fn boolean(v: &Value, path: &str) -> Read<bool> {
    v.as_bool().ok_or_else(|| wrong(path, "true or false"))
}

fn number(v: &Value, path: &str) -> Read<f64> {
    v.as_f64().ok_or_else(|| wrong(path, "a number"))
}

fn text(v: &Value, path: &str) -> Read<Text> {
    let o = Obj::new(v, path)?;
    Ok(Text {
        th: o.string("th")?,
        en: o.opt_string("en")?,
    })
}

/// One of the `names`, as its index.
fn variant(v: &Value, path: &str, names: &[&str]) -> Read<usize> {
    v.as_str()
        .and_then(|s| names.iter().position(|n| *n == s))
        .ok_or_else(|| wrong(path, &format!("one of {}", names.join(", "))))
}

fn kind(v: &Value, path: &str) -> Read<Kind> {
    const ALL: [Kind; 6] = [
        Kind::Iit,
        Kind::Eit,
        Kind::Satisfaction,
        Kind::Quick,
        Kind::Custom,
        Kind::Oit,
    ];
    let names = ["iit", "eit", "satisfaction", "quick", "custom", "oit"];
    Ok(ALL[variant(v, path, &names)?])
}

fn scale_kind(v: &Value, path: &str) -> Read<ScaleKind> {
    const ALL: [ScaleKind; 6] = [
        ScaleKind::Ordinal,
        ScaleKind::YesNo,
        ScaleKind::Single,
        ScaleKind::Multiple,
        ScaleKind::Text,
        ScaleKind::Number,
    ];
    let names = ["ordinal", "yesno", "single", "multiple", "text", "number"];
    Ok(ALL[variant(v, path, &names)?])
}

fn display(v: &Value, path: &str) -> Read<Display> {
    const ALL: [Display; 3] = [Display::Radios, Display::Faces, Display::Select];
    Ok(ALL[variant(v, path, &["radios", "faces", "select"])?])
}

fn role(v: &Value, path: &str) -> Read<Role> {
    const ALL: [Role; 3] = [Role::ServiceArea, Role::ServicePoint, Role::Profile];
    let names = ["service_area", "service_point", "profile"];
    Ok(ALL[variant(v, path, &names)?])
}

fn score_by(v: &Value, path: &str) -> Read<ScoreBy> {
    const ALL: [ScoreBy; 2] = [ScoreBy::Items, ScoreBy::SubIndicators];
    Ok(ALL[variant(v, path, &["items", "sub_indicators"])?])
}

fn at_threshold(v: &Value, path: &str) -> Read<AtThreshold> {
    const ALL: [AtThreshold; 3] = [
        AtThreshold::Strength,
        AtThreshold::Develop,
        AtThreshold::Neither,
    ];
    Ok(ALL[variant(v, path, &["strength", "develop", "neither"])?])
}

fn option_value(v: &Value, path: &str) -> Read<OptionValue> {
    match v {
        Value::String(s) => Ok(OptionValue::Id(s.clone())),
        Value::Number(n) => n
            .as_i64()
            .map(OptionValue::Int)
            .ok_or_else(|| wrong(path, "an integer or a string")),
        _ => Err(wrong(path, "an integer or a string")),
    }
}

fn scale_option(v: &Value, path: &str) -> Read<ScaleOption> {
    let o = Obj::new(v, path)?;
    Ok(ScaleOption {
        value: o.req("value", option_value)?,
        label: o.text("label")?,
        score: o.opt_f64("score")?,
    })
}

fn scale(v: &Value, path: &str) -> Read<Scale> {
    let o = Obj::new(v, path)?;
    Ok(Scale {
        id: o.string("id")?,
        kind: o.req("kind", scale_kind)?,
        options: o.list("options", false, scale_option)?,
        not_applicable: o.opt_text("not_applicable")?,
        display: o.opt("display", display)?,
        max_length: o.opt_u32("max_length")?,
        min: o.opt_f64("min")?,
        max: o.opt_f64("max")?,
    })
}

fn id_title(v: &Value, path: &str) -> Read<(String, Text)> {
    let o = Obj::new(v, path)?;
    Ok((o.string("id")?, o.text("title")?))
}

fn indicator(v: &Value, path: &str) -> Read<Indicator> {
    let o = Obj::new(v, path)?;
    Ok(Indicator {
        id: o.string("id")?,
        tool: o.string("tool")?,
        title: o.text("title")?,
        sub_indicators: o.list("sub_indicators", false, |v, p| {
            id_title(v, p).map(|(id, title)| SubIndicator { id, title })
        })?,
        score_by: o.opt("score_by", score_by)?.unwrap_or_default(),
    })
}

fn condition(v: &Value, path: &str) -> Read<Condition> {
    let o = Obj::new(v, path)?;
    Ok(Condition {
        item: o.string("item")?,
        one_of: o.list("in", true, |v, _| Ok(v.clone()))?,
    })
}

fn sub_item(v: &Value, path: &str) -> Read<SubItem> {
    let o = Obj::new(v, path)?;
    Ok(SubItem {
        code: o.string("code")?,
        text: o.text("text")?,
        reverse: o.opt("reverse", boolean)?,
    })
}

fn item(v: &Value, path: &str) -> Read<Item> {
    let o = Obj::new(v, path)?;
    Ok(Item {
        code: o.string("code")?,
        text: o.text("text")?,
        note: o.opt_text("note")?,
        scale: o.string("scale")?,
        indicator: o.opt_string("indicator")?,
        dimension: o.opt_string("dimension")?,
        required: o.flag("required", false)?,
        reverse: o.flag("reverse", false)?,
        sub_items: o.list("sub_items", false, sub_item)?,
        show_if: o.opt("show_if", condition)?,
        role: o.opt("role", role)?,
        sub_indicator: o.opt_string("sub_indicator")?,
        criteria: o.opt_text("criteria")?,
        needs_url: o.flag("needs_url", false)?,
        alert: o.flag("alert", false)?,
    })
}

fn section(v: &Value, path: &str) -> Read<Section> {
    let o = Obj::new(v, path)?;
    Ok(Section {
        id: o.string("id")?,
        title: o.text("title")?,
        intro: o.opt_text("intro")?,
        show_if: o.opt("show_if", condition)?,
        items: o.list("items", true, item)?,
    })
}

fn grade_scheme(v: &Value, path: &str) -> Read<GradeScheme> {
    let o = Obj::new(v, path)?;
    Ok(GradeScheme {
        unverified: o.flag("unverified", false)?,
        source: o.opt_text("source")?,
        bands: o.list("bands", true, |v, p| {
            let o = Obj::new(v, p)?;
            Ok(GradeBand {
                label: o.text("label")?,
                min: o.req("min", number)?,
                every_tool_min: o.opt_f64("every_tool_min")?,
            })
        })?,
    })
}

fn grades(v: &Value, path: &str) -> Read<GradesRef> {
    match v {
        Value::String(s) => Ok(GradesRef::Edition(s.clone())),
        Value::Object(_) => grade_scheme(v, path).map(GradesRef::Inline),
        _ => Err(wrong(
            path,
            "a grade scheme key such as \"2568\" or a grade scheme object",
        )),
    }
}

fn thresholds(v: &Value, path: &str) -> Read<Thresholds> {
    let o = Obj::new(v, path)?;
    let d = Thresholds::default();
    Ok(Thresholds {
        pass: o.opt_f64("pass")?.unwrap_or(d.pass),
        strength_above: o.opt_f64("strength_above")?.unwrap_or(d.strength_above),
        develop_below: o.opt_f64("develop_below")?.unwrap_or(d.develop_below),
        at_threshold: o
            .opt("at_threshold", at_threshold)?
            .unwrap_or(d.at_threshold),
    })
}

fn scoring(v: &Value, path: &str) -> Read<Scoring> {
    let o = Obj::new(v, path)?;
    Ok(Scoring {
        thresholds: o.opt("thresholds", thresholds)?.unwrap_or_default(),
        grades: o.opt("grades", grades)?,
        overall: o.opt("overall", |v, p| {
            let o = Obj::new(v, p)?;
            let weights = o.need("weights")?;
            let path = join(p, "weights");
            let map = weights
                .as_object()
                .ok_or_else(|| wrong(&path, "an object"))?;
            // Inserted, not collected: see `crate::object`.
            let mut weights = std::collections::BTreeMap::new();
            for (k, w) in map {
                weights.insert(k.clone(), number(w, &join(&path, k))?);
            }
            Ok(Overall { weights })
        })?,
        satisfaction: o.opt("satisfaction", |v, p| {
            let o = Obj::new(v, p)?;
            Ok(SatisfactionRules {
                target: o.opt_f64("target")?.unwrap_or(80.0),
                bands: o.list("bands", false, |v, p| {
                    let o = Obj::new(v, p)?;
                    Ok(MeanBand {
                        min: o.req("min", number)?,
                        label: o.text("label")?,
                    })
                })?,
                satisfied_from: o.opt("satisfied_from", |v, p| {
                    v.as_i64().ok_or_else(|| wrong(p, "an integer"))
                })?,
            })
        })?,
        decimals: o.opt_u32("decimals")?,
    })
}

fn sample(v: &Value, path: &str) -> Read<Sample> {
    let o = Obj::new(v, path)?;
    Ok(Sample {
        min: o.opt_u32("min")?,
        max: o.opt_u32("max")?,
        share: o.opt_f64("share")?,
        note: o.opt_text("note")?,
    })
}

/// Reads the instrument in `v`; the first problem found, with its JSON path.
pub(crate) fn instrument(v: &Value) -> Read<Instrument> {
    let o = Obj::new(v, "")?;
    Ok(Instrument {
        format: o.string("format")?,
        id: o.string("id")?,
        edition: o.string("edition")?,
        kind: o.req("kind", kind)?,
        anonymous: o.flag("anonymous", true)?,
        title: o.text("title")?,
        description: o.opt_text("description")?,
        eligibility: o.opt_text("eligibility")?,
        unverified: o.opt_text("unverified")?,
        review: o.flag("review", false)?,
        scales: o.list("scales", true, scale)?,
        tools: o.list("tools", false, |v, p| {
            id_title(v, p).map(|(id, title)| Tool { id, title })
        })?,
        indicators: o.list("indicators", false, indicator)?,
        dimensions: o.list("dimensions", false, |v, p| {
            id_title(v, p).map(|(id, title)| Dimension { id, title })
        })?,
        sections: o.list("sections", true, section)?,
        scoring: o.opt("scoring", scoring)?.unwrap_or_default(),
        sample: o.opt("sample", sample)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(json: &str) -> (Read<Instrument>, Result<Instrument, serde_json::Error>) {
        let value: Value = serde_json::from_str(json).expect("test JSON parses");
        (instrument(&value), serde_json::from_str(json))
    }

    #[cfg(feature = "builtin")]
    #[test]
    fn every_builtin_reads_as_serde_reads_it() {
        for id in crate::builtin::IDS {
            let json = crate::builtin::json(id).expect("built-in exists");
            let (ours, serde) = both(json);
            assert_eq!(ours.ok(), serde.ok(), "{id}");
        }
    }

    const EDGES: &str = r#"{
      "format": "prongsai.instrument/1", "id": "edge", "edition": "2569", "kind": "custom",
      "anonymous": false, "review": true,
      "title": {"th": "ทดสอบ"}, "description": {"th": "ก", "en": "a"},
      "scales": [
        {"id": "n", "kind": "number", "min": -1.5, "max": 10},
        {"id": "t", "kind": "text", "max_length": 200},
        {"id": "c", "kind": "single", "display": "select",
         "options": [{"value": "x", "label": {"th": "x"}}, {"value": 2, "label": {"th": "2"}, "score": 50}],
         "not_applicable": {"th": "ไม่เกี่ยว"}}
      ],
      "indicators": [{"id": "9", "tool": "oit", "title": {"th": "9"}, "score_by": "sub_indicators",
                      "sub_indicators": [{"id": "9.1", "title": {"th": "9.1"}}]}],
      "dimensions": [{"id": "d", "title": {"th": "d"}}],
      "tools": [{"id": "oit", "title": {"th": "OIT"}}],
      "sections": [{"id": "s", "title": {"th": "s"}, "intro": {"th": "i"},
        "show_if": {"item": "q0", "in": ["x", 2]},
        "items": [{"code": "q1", "text": {"th": "q"}, "scale": "c", "required": true, "reverse": true,
                   "indicator": "9", "sub_indicator": "9.1", "dimension": "d", "role": "service_point",
                   "needs_url": true, "alert": true, "criteria": {"th": "c"}, "note": {"th": "n"},
                   "sub_items": [{"code": "q1.1", "text": {"th": "a"}, "reverse": false}]}]}],
      "scoring": {"thresholds": {"pass": 80, "at_threshold": "neither"}, "decimals": 1,
                  "grades": {"unverified": true, "bands": [{"label": {"th": "A"}, "min": 95, "every_tool_min": 85}]},
                  "overall": {"weights": {"oit": 100}},
                  "satisfaction": {"target": 75, "satisfied_from": 3, "bands": [{"min": 4.5, "label": {"th": "ดี"}}]}},
      "sample": {"min": 10, "max": 400, "share": 0.1, "note": {"th": "s"}}
    }"#;

    #[test]
    fn every_field_of_the_format_reads_as_serde_reads_it() {
        let (ours, serde) = both(EDGES);
        let serde = serde.expect("serde reads the edge cases");
        assert_eq!(ours.expect("we read the edge cases"), serde);
        let grades_key = EDGES.replace(
            r#""grades": {"unverified": true, "bands": [{"label": {"th": "A"}, "min": 95, "every_tool_min": 85}]}"#,
            r#""grades": "2568""#,
        );
        let (ours, serde) = both(&grades_key);
        assert_eq!(ours.ok(), serde.ok());
    }

    #[test]
    fn a_wrong_part_is_named_by_its_path() {
        let broken = EDGES.replace(r#""scale": "c""#, r#""scale": 3"#);
        let p = instrument(&serde_json::from_str(&broken).expect("JSON")).unwrap_err();
        assert_eq!(p.path, "sections[0].items[0].scale");
        let missing = EDGES.replace(r#""kind": "custom","#, "");
        let p = instrument(&serde_json::from_str(&missing).expect("JSON")).unwrap_err();
        assert_eq!(p.path, "kind");
        assert!(p.message.contains("missing"), "{}", p.message);
        let p = instrument(&Value::from(3)).unwrap_err();
        assert_eq!(
            (p.path.as_str(), p.message.as_str()),
            ("", "expected an object")
        );
        let bad_kind = EDGES.replace(r#""kind": "single""#, r#""kind": "many""#);
        let p = instrument(&serde_json::from_str(&bad_kind).expect("JSON")).unwrap_err();
        assert_eq!(p.path, "scales[2].kind");
        assert!(p.message.contains("ordinal"), "{}", p.message);
    }
}
