//! The comment index (table `comments`): what is indexed of each free-text answer, which
//! comments a moderation page lists, and how a listed row reads.
use std::collections::{BTreeMap, HashMap};

use prongsai_core::Answers;

use super::{Filter, NewResponse};
use crate::server::masking;
use crate::server::moderation::{self, Status};

/// A comment to index: everything but its text, which stays in the response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewComment {
    pub id: String,
    pub response_id: String,
    pub code: String,
    pub instrument: String,
    pub edition: String,
    pub unit: String,
    pub point: String,
    pub day: String,
    pub flags: String,
    /// The group key of its text (see `masking::text_key`).
    pub text_key: String,
}

impl NewResponse {
    /// The comments of this response (its non-empty free-text answers).
    pub fn comments(&self) -> Vec<NewComment> {
        let codes = moderation::text_codes(&self.instrument);
        moderation::comments_in(&codes, &self.answers)
            .into_iter()
            .map(|(code, text)| NewComment {
                id: moderation::comment_id(&self.id, code),
                response_id: self.id.clone(),
                code: code.to_string(),
                instrument: self.instrument.id.clone(),
                edition: self.instrument.edition.clone(),
                unit: self.unit.clone(),
                point: self.point.clone(),
                day: self.day.to_string(),
                flags: moderation::flags_to_string(&moderation::detect(text)),
                text_key: masking::text_key(text),
            })
            .collect()
    }
}

/// The comments of a stored response (for indexing databases from before schema 2).
#[allow(clippy::too_many_arguments)]
pub(crate) fn comments_of_row(
    text_codes: &TextCodes,
    response_id: &str,
    instrument: &str,
    edition: &str,
    unit: &str,
    point: &str,
    day: &str,
    answers_json: &str,
) -> Vec<NewComment> {
    let Some(codes) = text_codes.get(&(instrument.to_string(), edition.to_string())) else {
        return Vec::new();
    };
    let Ok(answers) = serde_json::from_str::<Answers>(answers_json) else {
        return Vec::new();
    };
    moderation::comments_in(codes, &answers)
        .into_iter()
        .map(|(code, text)| NewComment {
            id: moderation::comment_id(response_id, code),
            response_id: response_id.to_string(),
            code: code.to_string(),
            instrument: instrument.to_string(),
            edition: edition.to_string(),
            unit: unit.to_string(),
            point: point.to_string(),
            day: day.to_string(),
            flags: moderation::flags_to_string(&moderation::detect(text)),
            text_key: masking::text_key(text),
        })
        .collect()
}

/// Free-text answer codes per (instrument, edition).
pub type TextCodes = HashMap<(String, String), Vec<String>>;

/// Which comments to list.
#[derive(Debug, Clone, Default)]
pub struct CommentQuery {
    pub instrument: Option<String>,
    pub edition: Option<String>,
    pub unit: Option<String>,
    pub point: Option<String>,
    /// Inclusive ISO dates.
    pub from: Option<String>,
    pub to: Option<String>,
    pub status: Option<Status>,
    /// `Some(true)`: only flagged ones; `Some(false)`: only unflagged ones.
    pub flagged: Option<bool>,
    pub limit: u32,
    pub offset: u64,
}

impl CommentQuery {
    /// The approved comments of a results filter (what may be published), newest first.
    pub fn approved(filter: &Filter, limit: u32) -> CommentQuery {
        CommentQuery {
            instrument: Some(filter.instrument.id.clone()),
            edition: Some(filter.instrument.edition.clone()),
            unit: filter.unit.clone(),
            point: filter.point.clone(),
            from: filter.from.clone(),
            to: filter.to.clone(),
            status: Some(Status::Approved),
            flagged: None,
            limit,
            offset: 0,
        }
    }

    /// `WHERE` conditions over the `comments` table aliased `c`; `ph(k)` writes the k-th
    /// placeholder (1-based).
    pub(crate) fn conditions(&self, ph: impl Fn(usize) -> String) -> (String, Vec<String>) {
        let mut sql = String::from("1 = 1");
        let mut args: Vec<String> = Vec::new();
        let status = self.status.map(|s| s.as_str().to_string());
        let eq = [
            ("c.instrument =", &self.instrument),
            ("c.edition =", &self.edition),
            ("c.unit =", &self.unit),
            ("c.point =", &self.point),
            ("c.day >=", &self.from),
            ("c.day <=", &self.to),
            ("c.status =", &status),
        ];
        for (cond, value) in eq {
            if let Some(v) = value {
                args.push(v.clone());
                sql.push_str(&format!(" AND {cond} {}", ph(args.len())));
            }
        }
        match self.flagged {
            Some(true) => sql.push_str(" AND c.flags <> ''"),
            Some(false) => sql.push_str(" AND c.flags = ''"),
            None => {}
        }
        (sql, args)
    }
}

/// A comment with its text, for the moderation page and for publishing approved ones. Lists
/// give one row per group of identical comments (see `masking.rs`): the newest of the group,
/// with the group's size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentRow {
    pub id: String,
    pub instrument: String,
    pub edition: String,
    pub unit: String,
    pub point: String,
    pub day: String,
    pub code: String,
    pub status: Status,
    pub flags: Vec<moderation::Flag>,
    pub decided_day: Option<String>,
    /// The answer's text, read from the response (empty if it cannot be read).
    pub text: String,
    /// The text as published when part of it is masked.
    pub published: Option<String>,
    /// How many identical comments this row stands for (in a list: those matching its query).
    pub count: u64,
}

impl CommentRow {
    /// The text that may be published: masked where the officer masked it.
    pub fn shown(&self) -> &str {
        self.published.as_deref().unwrap_or(&self.text)
    }

    /// What looks like personal data in the text that would be published: the stored flags and
    /// what is detected now, or, once something is masked, only what is still visible.
    pub fn flags_now(&self) -> Vec<moderation::Flag> {
        let mut flags = moderation::detect(self.shown());
        if self.published.is_none() {
            flags.extend(self.flags.iter().copied());
        }
        flags.sort();
        flags.dedup();
        flags
    }

    /// One line of a published list: the text, and "(× 7)" for a group.
    pub fn published_line(&self) -> String {
        if self.count > 1 {
            format!("{} (× {})", self.shown(), self.count)
        } else {
            self.shown().to_string()
        }
    }
}

/// The columns `comment_row` reads, in order, from `comments c JOIN responses r`; a query
/// adds the group's size as the last column.
pub(crate) const COMMENT_COLUMNS: &str =
    "c.id, c.instrument, c.edition, c.unit, c.point, c.day, c.code, c.status, c.flags, c.decided_day, r.answers, c.published";

/// The group of comment `c` (identical text of the same question) as a condition on `g`.
pub(crate) const SAME_GROUP: &str = "g.instrument = c.instrument AND g.edition = c.edition
     AND g.code = c.code AND g.text_key = c.text_key";

#[allow(clippy::too_many_arguments)]
pub(crate) fn comment_row(
    id: String,
    instrument: String,
    edition: String,
    unit: String,
    point: String,
    day: String,
    code: String,
    status: String,
    flags: String,
    decided_day: Option<String>,
    answers: String,
    published: Option<String>,
    count: u64,
) -> CommentRow {
    let text = moderation::text_of(&answers, &code).unwrap_or_default();
    CommentRow {
        id,
        instrument,
        edition,
        unit,
        point,
        day,
        code,
        status: Status::parse(&status).unwrap_or(Status::Pending),
        flags: moderation::flags_from_string(&flags),
        decided_day,
        text,
        published,
        count,
    }
}

/// Number of comments per (instrument, edition, status).
pub type CommentCounts = BTreeMap<(String, String), BTreeMap<&'static str, u64>>;
