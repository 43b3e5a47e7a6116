//! A [`Tally`] as JSON (`prongsai.tally/1`): what the server stores per bucket and
//! `prongsai score` can read back. Counts only, keyed by answer code and option key, so a stored
//! tally stays readable when codes are added to an instrument.
use serde_json::{json, Map, Value};

use super::{Counts, SlotKind, Tally, TALLY_FORMAT};
use crate::instrument::Instrument;
use crate::problem::Problem;

impl Tally {
    fn counts_to_json(&self, c: &Counts) -> Value {
        let mut answers = Map::new();
        for slot in &self.layout.slots {
            let answered = c.cells[slot.offset];
            if answered == 0 {
                continue;
            }
            let mut cell = Map::new();
            cell.insert("answered".into(), answered.into());
            if let SlotKind::Choice { keys, .. } = &slot.kind {
                let na = c.cells[slot.offset + 1];
                if na > 0 {
                    cell.insert("na".into(), na.into());
                }
                for (k, key) in keys.iter().enumerate() {
                    let v = c.cells[slot.offset + 2 + k];
                    if v > 0 {
                        cell.insert(format!("={}", key.key()), v.into());
                    }
                }
            }
            answers.insert(slot.code.clone(), Value::Object(cell));
        }
        let mut out = Map::new();
        out.insert("n".into(), c.n.into());
        let l = &self.layout;
        for (key, cell) in [
            ("alerts", l.alert_respondents),
            ("rated", l.rated_respondents),
            ("satisfied", l.satisfied_respondents),
        ] {
            if c.cells[cell] > 0 {
                out.insert(key.into(), c.cells[cell].into());
            }
        }
        out.insert("answers".into(), Value::Object(answers));
        Value::Object(out)
    }

    fn counts_from_json(&self, v: &Value, path: &str) -> Result<Counts, Problem> {
        let bad = |p: &str, m: &str| Problem::new(format!("{path}{p}"), m.to_string());
        let mut c = Counts::new(self.layout.width);
        c.n = v
            .get("n")
            .and_then(Value::as_u64)
            .ok_or_else(|| bad(".n", "expected a count"))?;
        let l = &self.layout;
        for (key, cell) in [
            ("alerts", l.alert_respondents),
            ("rated", l.rated_respondents),
            ("satisfied", l.satisfied_respondents),
        ] {
            if let Some(v) = v.get(key) {
                c.cells[cell] = v
                    .as_u64()
                    .ok_or_else(|| bad(&format!(".{key}"), "expected a count"))?;
            }
        }
        let answers = v
            .get("answers")
            .and_then(Value::as_object)
            .ok_or_else(|| bad(".answers", "expected an object"))?;
        for (code, cell) in answers {
            let slot = self
                .layout
                .index
                .get(code)
                .map(|&i| &self.layout.slots[i])
                .ok_or_else(|| {
                    bad(
                        &format!(".answers.{code}"),
                        "unknown answer code for this instrument",
                    )
                })?;
            let cell = cell
                .as_object()
                .ok_or_else(|| bad(&format!(".answers.{code}"), "expected an object"))?;
            for (key, count) in cell {
                let count = count
                    .as_u64()
                    .ok_or_else(|| bad(&format!(".answers.{code}.{key}"), "expected a count"))?;
                let at = match (key.as_str(), &slot.kind) {
                    ("answered", _) => slot.offset,
                    ("na", SlotKind::Choice { .. }) => slot.offset + 1,
                    (k, SlotKind::Choice { keys, .. }) if k.starts_with('=') => {
                        let k = &k[1..];
                        let pos = keys.iter().position(|o| o.key() == k).ok_or_else(|| {
                            bad(&format!(".answers.{code}.{key}"), "unknown option")
                        })?;
                        slot.offset + 2 + pos
                    }
                    _ => return Err(bad(&format!(".answers.{code}.{key}"), "unknown count")),
                };
                c.cells[at] = count;
            }
        }
        Ok(c)
    }

    /// The tally as JSON (`prongsai.tally/1`), e.g. to store pre-aggregated buckets.
    pub fn to_json(&self) -> Value {
        let groups = |m: Vec<(String, &Counts)>| -> Value {
            Value::Object(
                m.into_iter()
                    .map(|(k, c)| (k, self.counts_to_json(c)))
                    .collect(),
            )
        };
        json!({
            "format": TALLY_FORMAT,
            "instrument": self.instrument,
            "edition": self.edition,
            "total": self.counts_to_json(&self.total),
            "point": groups(self.point.iter().map(|(k, c)| (k.clone(), c)).collect()),
            "area": groups(self.area.iter().map(|(k, c)| (k.clone(), c)).collect()),
            "fiscal_year": groups(self.fiscal_year.iter().map(|(k, c)| (k.to_string(), c)).collect()),
            "half": groups(self.half.iter().map(|((y, h), c)| (format!("{y}-{h}"), c)).collect()),
            "quarter": groups(self.quarter.iter().map(|((y, q), c)| (format!("{y}-{q}"), c)).collect()),
            "month": groups(self.month.iter().map(|((y, m), c)| (format!("{y:04}-{m:02}"), c)).collect()),
        })
    }

    /// Reads a tally written by [`Tally::to_json`] for the same instrument edition.
    pub fn from_json(ins: &Instrument, v: &Value) -> Result<Tally, Problem> {
        let mut t = Tally::new(ins);
        if v.get("format").and_then(Value::as_str) != Some(TALLY_FORMAT) {
            return Err(Problem::new(
                "format",
                format!("expected \"{TALLY_FORMAT}\""),
            ));
        }
        if v.get("instrument").and_then(Value::as_str) != Some(ins.id.as_str())
            || v.get("edition").and_then(Value::as_str) != Some(ins.edition.as_str())
        {
            return Err(Problem::new(
                "instrument",
                format!("this tally is not for {} {}", ins.id, ins.edition),
            ));
        }
        t.total = t.counts_from_json(v.get("total").unwrap_or(&Value::Null), "total")?;
        let each = |name: &str| -> Vec<(String, &Value)> {
            v.get(name)
                .and_then(Value::as_object)
                .map(|o| o.iter().map(|(k, v)| (k.clone(), v)).collect())
                .unwrap_or_default()
        };
        let pair = |k: &str, name: &str| -> Result<(i32, u32), Problem> {
            k.split_once('-')
                .and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)))
                .ok_or_else(|| Problem::new(format!("{name}.{k}"), "expected YEAR-NUMBER"))
        };
        for (k, c) in each("point") {
            let counts = t.counts_from_json(c, &format!("point.{k}"))?;
            t.point.insert(k, counts);
        }
        for (k, c) in each("area") {
            let counts = t.counts_from_json(c, &format!("area.{k}"))?;
            t.area.insert(k, counts);
        }
        for (k, c) in each("fiscal_year") {
            let y = k
                .parse()
                .map_err(|_| Problem::new(format!("fiscal_year.{k}"), "expected a year"))?;
            let counts = t.counts_from_json(c, &format!("fiscal_year.{k}"))?;
            t.fiscal_year.insert(y, counts);
        }
        for name in ["half", "quarter", "month"] {
            for (k, c) in each(name) {
                let key = pair(&k, name)?;
                let counts = t.counts_from_json(c, &format!("{name}.{k}"))?;
                match name {
                    "half" => t.half.insert(key, counts),
                    "quarter" => t.quarter.insert(key, counts),
                    _ => t.month.insert(key, counts),
                };
            }
        }
        Ok(t)
    }
}
