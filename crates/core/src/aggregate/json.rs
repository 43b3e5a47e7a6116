//! A [`Tally`] as JSON (`prongsai.tally/1`): what the server stores per bucket and
//! `prongsai score` can read back. Counts only, keyed by answer code and option key, so a stored
//! tally stays readable when codes are added to an instrument.
use serde_json::{json, Map, Value};

use super::{Counts, SlotKind, Tally, TALLY_FORMAT};
use crate::instrument::Instrument;
use crate::period::Date;
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

/// [`Tally::to_json`] written straight to JSON text, without building the `Value` tree first:
/// the server rewrites the tally of every touched bucket in each ingest transaction, and
/// building and dropping the tree took about a third of its CPU per response.
///
/// `compact`: the point and period breakdowns are left out (see [`Tally::to_bucket_json_string`]).
struct TallyText<'a>(&'a Tally, bool);

/// One [`Counts`] as [`Tally::counts_to_json`] writes it.
struct CountsText<'a>(&'a Tally, &'a Counts);

/// The `"answers"` object of one [`Counts`].
struct AnswersText<'a>(&'a Tally, &'a Counts);

/// One answer code's cell: `answered`, `na` and `=key` counts.
struct CellText<'a>(&'a super::Slot, &'a Counts);

/// A group of breakdown counts keyed as `to_json` keys them.
struct GroupsText<'a, K, I>(&'a Tally, I, fn(&K) -> String)
where
    I: Iterator<Item = (&'a K, &'a Counts)> + Clone,
    K: 'a;

impl serde::Serialize for TallyText<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let t = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("format", TALLY_FORMAT)?;
        m.serialize_entry("instrument", &t.instrument)?;
        m.serialize_entry("edition", &t.edition)?;
        m.serialize_entry("total", &CountsText(t, &t.total))?;
        if self.1 {
            m.serialize_entry("area", &GroupsText(t, t.area.iter(), String::clone))?;
            return m.end();
        }
        m.serialize_entry("point", &GroupsText(t, t.point.iter(), String::clone))?;
        m.serialize_entry("area", &GroupsText(t, t.area.iter(), String::clone))?;
        m.serialize_entry(
            "fiscal_year",
            &GroupsText(t, t.fiscal_year.iter(), |y: &i32| y.to_string()),
        )?;
        m.serialize_entry(
            "half",
            &GroupsText(t, t.half.iter(), |(y, h): &(i32, u32)| format!("{y}-{h}")),
        )?;
        m.serialize_entry(
            "quarter",
            &GroupsText(t, t.quarter.iter(), |(y, q): &(i32, u32)| {
                format!("{y}-{q}")
            }),
        )?;
        m.serialize_entry(
            "month",
            &GroupsText(t, t.month.iter(), |(y, mo): &(i32, u32)| {
                format!("{y:04}-{mo:02}")
            }),
        )?;
        m.end()
    }
}

impl<'a, K, I> serde::Serialize for GroupsText<'a, K, I>
where
    I: Iterator<Item = (&'a K, &'a Counts)> + Clone,
{
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        for (k, c) in self.1.clone() {
            m.serialize_entry(&(self.2)(k), &CountsText(self.0, c))?;
        }
        m.end()
    }
}

impl serde::Serialize for CountsText<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let (t, c) = (self.0, self.1);
        let l = &t.layout;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("n", &c.n)?;
        for (key, cell) in [
            ("alerts", l.alert_respondents),
            ("rated", l.rated_respondents),
            ("satisfied", l.satisfied_respondents),
        ] {
            if c.cells[cell] > 0 {
                m.serialize_entry(key, &c.cells[cell])?;
            }
        }
        m.serialize_entry("answers", &AnswersText(t, c))?;
        m.end()
    }
}

impl serde::Serialize for AnswersText<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let (t, c) = (self.0, self.1);
        let mut m = s.serialize_map(None)?;
        for slot in &t.layout.slots {
            if c.cells[slot.offset] > 0 {
                m.serialize_entry(&slot.code, &CellText(slot, c))?;
            }
        }
        m.end()
    }
}

impl serde::Serialize for CellText<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        struct OptionKey<'a>(&'a crate::instrument::OptionValue);
        impl serde::Serialize for OptionKey<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self.0 {
                    crate::instrument::OptionValue::Int(i) => s.collect_str(&format_args!("={i}")),
                    crate::instrument::OptionValue::Id(id) => s.collect_str(&format_args!("={id}")),
                }
            }
        }
        let (slot, c) = (self.0, self.1);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("answered", &c.cells[slot.offset])?;
        if let SlotKind::Choice { keys, .. } = &slot.kind {
            let na = c.cells[slot.offset + 1];
            if na > 0 {
                m.serialize_entry("na", &na)?;
            }
            for (k, key) in keys.iter().enumerate() {
                let v = c.cells[slot.offset + 2 + k];
                if v > 0 {
                    m.serialize_entry(&OptionKey(key), &v)?;
                }
            }
        }
        m.end()
    }
}

impl Tally {
    /// The text of [`Tally::to_json`] (the same object, the same key order), written without
    /// building a `serde_json::Value`.
    pub fn to_json_string(&self) -> String {
        self.text(false)
    }

    fn text(&self, compact: bool) -> String {
        let mut out = Vec::with_capacity(4096);
        // Writing maps of string keys and integers into memory cannot fail.
        if serde::Serialize::serialize(
            &TallyText(self, compact),
            &mut serde_json::Serializer::new(&mut out),
        )
        .is_err()
        {
            return self.to_json().to_string();
        }
        String::from_utf8(out).unwrap_or_else(|_| self.to_json().to_string())
    }

    /// The tally of one bucket — responses at one service point (`""`: none) within one day
    /// or one month that `date` falls in — as JSON text without the point, fiscal year, half,
    /// quarter and month breakdowns, which in such a bucket are each one group equal to the
    /// total (five copies of it: 5/6 of the text the server rewrote in every ingest
    /// transaction). [`Tally::restore_bucket_breakdowns`] puts them back after
    /// [`Tally::from_json`]; the keys' absence marks the compact form. A tally that is not
    /// shaped so (or counts nothing) is written whole, as [`Tally::to_json_string`].
    pub fn to_bucket_json_string(&self, point: &str, date: Date) -> String {
        let mut shaped = self.clone();
        shaped.restore_bucket_breakdowns(point, date);
        let compact = self.total.n > 0 && shaped == *self;
        self.text(compact)
    }

    /// Puts back the breakdowns that [`Tally::to_bucket_json_string`] left out of a bucket's
    /// text: each is the total, keyed by the bucket's point and by the periods of `date`.
    pub fn restore_bucket_breakdowns(&mut self, point: &str, date: Date) {
        let (point_map, fy, half, quarter, month) = (
            &mut self.point,
            &mut self.fiscal_year,
            &mut self.half,
            &mut self.quarter,
            &mut self.month,
        );
        point_map.clear();
        fy.clear();
        half.clear();
        quarter.clear();
        month.clear();
        if self.total.n == 0 {
            return;
        }
        if !point.is_empty() {
            point_map.insert(point.to_string(), self.total.clone());
        }
        let y = date.fiscal_year();
        fy.insert(y, self.total.clone());
        half.insert((y, date.fiscal_half()), self.total.clone());
        quarter.insert((y, date.fiscal_quarter()), self.total.clone());
        month.insert((date.year, date.month), self.total.clone());
    }
}
