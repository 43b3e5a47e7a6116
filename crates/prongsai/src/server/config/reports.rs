//! `[reports]`: who signs the O42 / O43.

use serde::Deserialize;

/// `[reports]`: the signatories of the O42 / O43 (author → head of สำนักปลัด → ปลัด → นายก).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportsConfig {
    #[serde(default)]
    pub signatories: Vec<prongsai_reports::measures::Signatory>,
}
