//! What one submission may carry: `max_body_bytes` and `max_backdate_days`.

use super::FileConfig;

pub const DEFAULT_MAX_BODY: usize = 64 * 1024;
pub const DEFAULT_MAX_BACKDATE_DAYS: u32 = 60;

pub(super) fn resolve_max_body_bytes(file: &FileConfig, problems: &mut Vec<String>) -> usize {
    let max_body_bytes = file.max_body_bytes.unwrap_or(DEFAULT_MAX_BODY);
    if !(1024..=16 * 1024 * 1024).contains(&max_body_bytes) {
        problems.push(format!(
            "max_body_bytes: {max_body_bytes} is outside 1024 … 16777216"
        ));
    }
    max_body_bytes
}

pub(super) fn resolve_max_backdate_days(file: &FileConfig, problems: &mut Vec<String>) -> u32 {
    let max_backdate_days = file.max_backdate_days.unwrap_or(DEFAULT_MAX_BACKDATE_DAYS);
    if max_backdate_days > 3660 {
        problems.push(format!(
            "max_backdate_days: {max_backdate_days} is over 3660 (ten years); import older paper data with `prongsai score`"
        ));
    }
    max_backdate_days
}
