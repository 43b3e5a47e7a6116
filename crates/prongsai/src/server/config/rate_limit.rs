//! `[rate_limit]`: requests per client and in all, and wrong admin tokens per client.

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateLimitConfig {
    #[serde(default = "default_per_minute")]
    pub per_minute: u32,
    #[serde(default = "default_burst")]
    pub burst: u32,
    #[serde(default)]
    pub global_per_second: u32,
    #[serde(default)]
    pub trust_forwarded_for: bool,
    /// Wrong admin tokens allowed per client and minute (login form, Bearer on the API and
    /// on `/admin/*` together).
    #[serde(default = "default_login_failures")]
    pub login_failures_per_minute: u32,
    #[serde(default = "default_login_failures")]
    pub login_failures_burst: u32,
}

fn default_per_minute() -> u32 {
    600
}
fn default_burst() -> u32 {
    120
}
fn default_login_failures() -> u32 {
    10
}

impl Default for RateLimitConfig {
    fn default() -> Self {
        RateLimitConfig {
            per_minute: default_per_minute(),
            burst: default_burst(),
            global_per_second: 0,
            trust_forwarded_for: false,
            login_failures_per_minute: default_login_failures(),
            login_failures_burst: default_login_failures(),
        }
    }
}

impl RateLimitConfig {
    pub(super) fn check(&self, problems: &mut Vec<String>) {
        if self.per_minute > 0 && self.burst == 0 {
            problems
                .push("rate_limit.burst: must be at least 1 when per_minute is set".to_string());
        }
        if self.login_failures_per_minute == 0 || self.login_failures_burst == 0 {
            problems.push(
                "rate_limit.login_failures_per_minute and login_failures_burst: must be at least 1"
                    .to_string(),
            );
        }
    }
}
