//! The O42 measures plan and its O43 progress, as the officer edits and the server stores them
//! (documents of kind `o42` and `o43`, one per unit and fiscal year the measures are for).
use serde::{Deserialize, Serialize};

/// The measures of one fiscal year (the year they are carried out, the year after the official
/// results they answer).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MeasuresPlan {
    pub measures: Vec<Measure>,
}

/// One measure (มาตรการ) of the O42.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Measure {
    /// Stable key within the plan (`m1`, `m2`, …): the O43 progress refers to it.
    pub id: String,
    pub title: String,
    /// The defect or point it answers (indicator, item code, alert).
    pub issue: String,
    /// ผู้รับผิดชอบ / ผู้ที่เกี่ยวข้อง
    pub owner: String,
    /// ขั้นตอน / วิธีการปฏิบัติ
    pub steps: String,
    /// กำหนดเวลาแล้วเสร็จ (as the officer writes it, e.g. "มีนาคม 2569").
    pub deadline: String,
    /// การกำกับติดตาม
    pub monitoring: String,
    /// การรายงานผล
    pub reporting: String,
    /// A defect to fix urgently rather than a point to develop.
    pub urgent: bool,
}

/// Where a measure stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    NotStarted,
    InProgress,
    Done,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::NotStarted, Status::InProgress, Status::Done];

    pub fn key(self) -> &'static str {
        match self {
            Status::NotStarted => "not_started",
            Status::InProgress => "in_progress",
            Status::Done => "done",
        }
    }

    pub fn from_key(key: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.key() == key)
    }

    /// The wording of the O43 seeds.
    pub fn label(self) -> &'static str {
        match self {
            Status::NotStarted => "ยังไม่ดำเนินการ",
            Status::InProgress => "อยู่ระหว่างดำเนินการ",
            Status::Done => "ดำเนินการเสร็จเรียบร้อยแล้ว",
        }
    }
}

/// The progress of every measure of a plan (document kind `o43`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub entries: Vec<MeasureProgress>,
}

impl Progress {
    /// The progress of measure `id`, or a blank "not started" one.
    pub fn of(&self, id: &str) -> MeasureProgress {
        self.entries
            .iter()
            .find(|e| e.measure == id)
            .cloned()
            .unwrap_or_else(|| MeasureProgress {
                measure: id.to_string(),
                ..MeasureProgress::default()
            })
    }
}

/// What was done for one measure.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MeasureProgress {
    /// The [`Measure::id`].
    pub measure: String,
    pub status: Status,
    /// Started and finished (ISO dates or as written).
    pub started: String,
    pub finished: String,
    /// ผลการดำเนินการ
    pub result: String,
    /// ผลลัพธ์ / ผลสัมฤทธิ์
    pub outcome: String,
    /// ผู้รับผิดชอบ (defaults to the measure's owner when empty)
    pub responsible: String,
    /// Evidence links (http/https).
    pub evidence: Vec<String>,
}

/// One signatory of the O42 / O43 (from the server settings).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signatory {
    /// The role line printed under the name ("ผู้จัดทำรายงาน", "หัวหน้าสำนักปลัด"…); may be empty.
    #[serde(default)]
    pub role: String,
    pub name: String,
    pub position: String,
}
