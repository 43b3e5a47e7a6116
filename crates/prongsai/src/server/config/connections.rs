//! `[connections]`: caps and timeouts for open connections.

use serde::Deserialize;

/// Limits on connections, so that slow or idle clients cannot hold the server (see
/// docs/server.md "Connections and timeouts").
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ConnectionsConfig {
    pub max: usize,
    pub per_client: usize,
    pub header_timeout_secs: u64,
    pub body_timeout_secs: u64,
    pub idle_timeout_secs: u64,
}

impl Default for ConnectionsConfig {
    fn default() -> Self {
        ConnectionsConfig {
            max: 512,
            per_client: 64,
            header_timeout_secs: 10,
            body_timeout_secs: 30,
            idle_timeout_secs: 60,
        }
    }
}

impl ConnectionsConfig {
    pub(super) fn check(&self, problems: &mut Vec<String>) {
        if self.max == 0 || self.max > 1_000_000 {
            problems.push(format!(
                "connections.max: {} is outside 1 … 1000000",
                self.max
            ));
        }
        for (name, secs) in [
            ("header_timeout_secs", self.header_timeout_secs),
            ("body_timeout_secs", self.body_timeout_secs),
            ("idle_timeout_secs", self.idle_timeout_secs),
        ] {
            if !(1..=3600).contains(&secs) {
                problems.push(format!("connections.{name}: {secs} is outside 1 … 3600"));
            }
        }
    }
}
