//! `prongsai serve` settings: the TOML file given with `--config`, the command-line flags (which
//! win over the file), `PRONGSAI_ADMIN_TOKEN` (which wins over the file's `admin_token`), and the
//! demo defaults used without a file.
//!
//! ```toml
//! # All keys are optional. Relative paths are relative to this file's folder.
//! addr = "127.0.0.1:8080"
//! data_dir = "data"                          # SQLite file prongsai.sqlite lives here
//! # database = "postgres://prongsai@127.0.0.1/prongsai"   # instead of SQLite
//! widget_dir = "dist"
//! public_url = "https://survey.example.go.th" # base of the links and QR codes on /demo
//! admin_token = "at least 16 characters"     # or PRONGSAI_ADMIN_TOKEN
//! allowed_origins = ["https://www.example.go.th"]   # cross-origin sites that embed the widget; "*" = any
//! surveys = ["ita-eit", "satisfaction", "quick", "our-survey"]  # enabled; default: every built-in + every file
//! instrument_files = ["instruments/our-survey.json"]
//! code_surveys = ["ita-iit"]                 # surveys that need a one-time code per response
//! public_summaries = ["satisfaction"]        # public result pages /public/<id> (demo defaults: all)
//! agency = "องค์การบริหารส่วนตำบลตัวอย่าง"     # printed on reports and posters (default: the unit's name)
//! contact = "โทร 0 2123 4567 · LINE @agency"  # shown to respondents on the survey's error page
//! max_body_bytes = 65536                    # larger bodies get 413 before they are read
//! max_backdate_days = 60                    # `submitted` older than this (days before today in Bangkok) gets 422
//!
//! [[units]]
//! id = "demo"
//! name = "เทศบาลตัวอย่าง"
//! points = ["counter-1", "counter-2"]
//!
//! [point_areas]           # service point → service area of the satisfaction survey, so that
//! counter-1 = "infrastructure"   # one-tap kiosk ratings (quick) count in the results by area
//!
//! [rate_limit]
//! per_minute = 600          # per client; 0 = no per-client limit
//! burst = 120
//! global_per_second = 0     # all clients together; 0 = no global limit
//! trust_forwarded_for = false   # behind a reverse proxy: key on X-Forwarded-For (kept in memory only)
//! login_failures_per_minute = 10   # wrong admin tokens (login form and Bearer), per client
//! login_failures_burst = 10
//!
//! [connections]
//! max = 512                 # open connections in all; more wait in the listen queue
//! per_client = 64           # open connections per client address (IPv6: per /64); 0 = no cap
//! header_timeout_secs = 10  # a request's headers must arrive within this
//! body_timeout_secs = 30    # a request's body must arrive within this
//! idle_timeout_secs = 60    # a connection with no traffic at all is closed after this
//!
//! [reports]                 # who signs the O42 / O43, in order (role is optional)
//! signatories = [{ name = "นางสาวตัวอย่าง ใจดี", position = "นักวิเคราะห์นโยบายและแผน", role = "ผู้จัดทำรายงาน" }]
//! ```
//!
//! One module a settings section; this one holds the file as written ([`FileConfig`]), the
//! checked result ([`Settings`]) and the order in which sections are resolved.
mod admin_token;
mod connections;
mod origins;
mod point_areas;
mod rate_limit;
mod reports;
mod storage;
mod submissions;
mod surveys;
mod units;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context as _};
use prongsai_core::builtin;
use serde::Deserialize;

pub use admin_token::random_token;
pub use connections::ConnectionsConfig;
pub use origins::Origins;
pub use rate_limit::RateLimitConfig;
pub use reports::ReportsConfig;
pub use storage::{redact_url, StorageTarget, DEFAULT_ADDR};
pub use submissions::{DEFAULT_MAX_BACKDATE_DAYS, DEFAULT_MAX_BODY};
pub use surveys::Surveys;
pub use units::{Unit, UnitConfig};

/// The file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub addr: Option<String>,
    pub data_dir: Option<PathBuf>,
    pub database: Option<String>,
    pub widget_dir: Option<PathBuf>,
    pub public_url: Option<String>,
    pub admin_token: Option<String>,
    pub allowed_origins: Option<Vec<String>>,
    pub surveys: Option<Vec<String>>,
    #[serde(default)]
    pub instrument_files: Vec<PathBuf>,
    #[serde(default)]
    pub code_surveys: Vec<String>,
    /// Surveys whose public summary page (`/public/<id>`) is served without login.
    pub public_summaries: Option<Vec<String>>,
    pub agency: Option<String>,
    /// How respondents reach the agency (shown on the survey page's error screen).
    pub contact: Option<String>,
    pub max_body_bytes: Option<usize>,
    pub max_backdate_days: Option<u32>,
    #[serde(default)]
    pub units: Vec<UnitConfig>,
    /// Service point id → service-area value of the satisfaction survey.
    #[serde(default)]
    pub point_areas: BTreeMap<String, String>,
    pub rate_limit: Option<RateLimitConfig>,
    pub connections: Option<ConnectionsConfig>,
    pub reports: Option<ReportsConfig>,
}

/// Command-line overrides (from `ServeArgs`).
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub addr: Option<SocketAddr>,
    pub data_dir: Option<PathBuf>,
    pub database: Option<String>,
    pub widget_dir: Option<PathBuf>,
}

/// Everything `serve` runs with, checked.
#[derive(Debug)]
pub struct Settings {
    pub addr: SocketAddr,
    pub storage: StorageTarget,
    pub widget_dir: PathBuf,
    pub public_url: Option<String>,
    pub admin_token: String,
    /// True when the token was made up at start-up (printed once to stderr).
    pub admin_token_generated: bool,
    pub origins: Origins,
    pub surveys: Surveys,
    pub code_surveys: HashSet<String>,
    /// Surveys with a public summary page.
    pub public_summaries: BTreeSet<String>,
    /// The agency's name for reports and posters, if configured.
    pub agency: Option<String>,
    /// The agency's contact for respondents, if configured.
    pub contact: Option<String>,
    pub units: BTreeMap<String, Unit>,
    /// The service area of a service point (`[point_areas]`), by point id.
    pub point_areas: BTreeMap<String, String>,
    pub max_body_bytes: usize,
    /// How many days before today (Bangkok) `submitted` may be.
    pub max_backdate_days: u32,
    pub rate_limit: RateLimitConfig,
    pub connections: ConnectionsConfig,
    /// Who signs the O42 / O43, in order.
    pub signatories: Vec<prongsai_reports::measures::Signatory>,
    /// Where the settings came from, for the start-up log.
    pub source: String,
}

impl Settings {
    /// Reads `--config FILE` (if any) and applies the overrides; `env_token` is
    /// `PRONGSAI_ADMIN_TOKEN`. Every problem is reported, not just the first.
    pub fn load(
        config: Option<&Path>,
        overrides: Overrides,
        env_token: Option<String>,
    ) -> anyhow::Result<Settings> {
        match config {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read the config file {}", path.display()))?;
                let file: FileConfig = toml::from_str(&text).map_err(|e| {
                    anyhow!(
                        "config file {}: {}",
                        path.display(),
                        e.to_string().trim_end()
                    )
                })?;
                let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
                Settings::resolve(
                    file,
                    &base,
                    overrides,
                    env_token,
                    &path.display().to_string(),
                )
                .map_err(|e| anyhow!("config file {}: {e}", path.display()))
            }
            None => Settings::resolve(
                FileConfig::demo(),
                Path::new(""),
                overrides,
                env_token,
                "demo defaults",
            ),
        }
    }

    /// Checks every section of `file`; relative paths are taken from `base`.
    pub fn resolve(
        file: FileConfig,
        base: &Path,
        overrides: Overrides,
        env_token: Option<String>,
        source: &str,
    ) -> anyhow::Result<Settings> {
        let mut problems: Vec<String> = Vec::new();
        let rel = |p: &Path| {
            if p.is_absolute() || base.as_os_str().is_empty() {
                p.to_path_buf()
            } else {
                base.join(p)
            }
        };

        let addr = storage::resolve_addr(&overrides, &file, &mut problems);
        let storage = storage::resolve_storage(&overrides, &file, &rel, &mut problems);
        let widget_dir = overrides.widget_dir.clone().unwrap_or_else(|| {
            file.widget_dir
                .as_deref()
                .map(rel)
                .unwrap_or_else(|| PathBuf::from("dist"))
        });
        let public_url = origins::resolve_public_url(&file, &mut problems);
        let (admin_token, admin_token_generated) =
            admin_token::resolve_admin_token(env_token, &file, &mut problems);
        let origins = origins::resolve_origins(&file, &mut problems);
        let surveys = surveys::resolve_surveys(&file, &rel, &mut problems);
        let code_surveys = surveys::resolve_enabled_ids(
            "code_surveys",
            &file.code_surveys,
            &surveys,
            &mut problems,
        );
        let public_summaries = surveys::resolve_enabled_ids(
            "public_summaries",
            file.public_summaries.as_deref().unwrap_or_default(),
            &surveys,
            &mut problems,
        );
        let agency = trimmed(file.agency.as_deref());
        let contact = trimmed(file.contact.as_deref());
        let units = units::resolve_units(&file, &mut problems);
        let point_areas =
            point_areas::resolve_point_areas(&file.point_areas, &surveys, &units, &mut problems);
        let max_body_bytes = submissions::resolve_max_body_bytes(&file, &mut problems);
        let max_backdate_days = submissions::resolve_max_backdate_days(&file, &mut problems);
        let rate_limit = file.rate_limit.clone().unwrap_or_default();
        rate_limit.check(&mut problems);
        let connections = file.connections.clone().unwrap_or_default();
        connections.check(&mut problems);

        if !problems.is_empty() {
            bail!("{}", problems.join("\n  "));
        }
        Ok(Settings {
            addr,
            storage,
            widget_dir,
            public_url,
            admin_token,
            admin_token_generated,
            origins,
            surveys,
            code_surveys,
            public_summaries,
            agency,
            contact,
            units,
            point_areas,
            max_body_bytes,
            max_backdate_days,
            rate_limit,
            connections,
            signatories: file.reports.clone().unwrap_or_default().signatories,
            source: source.to_string(),
        })
    }
}

/// A free-text setting, `None` when empty after trimming.
fn trimmed(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

impl FileConfig {
    /// Without `--config`: every built-in survey, unit `demo` with two counters, same-origin only.
    pub fn demo() -> FileConfig {
        FileConfig {
            units: vec![UnitConfig {
                id: "demo".to_string(),
                name: Some("หน่วยงานสาธิต (demo)".to_string()),
                points: vec!["counter-1".to_string(), "counter-2".to_string()],
            }],
            // The demo shows every survey's public summary page.
            public_summaries: Some(builtin::IDS.iter().map(|s| s.to_string()).collect()),
            ..FileConfig::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> anyhow::Result<Settings> {
        let file: FileConfig = toml::from_str(text).map_err(|e| anyhow!("{e}"))?;
        Settings::resolve(file, Path::new(""), Overrides::default(), None, "test")
    }

    #[test]
    fn demo_defaults_enable_every_builtin() {
        let s = Settings::resolve(
            FileConfig::demo(),
            Path::new(""),
            Overrides::default(),
            None,
            "demo",
        )
        .unwrap();
        for id in builtin::IDS {
            assert!(s.surveys.get(id, None).is_some(), "{id} enabled");
        }
        assert!(s.admin_token_generated);
        assert_eq!(s.units["demo"].points, vec!["counter-1", "counter-2"]);
        assert!(!s.origins.any && s.origins.list.is_empty());
    }

    #[test]
    fn every_bad_setting_is_named() {
        let err = parse(
            r#"
            admin_token = "short"
            allowed_origins = ["https://ok.example", "ftp://bad", "https://x.example/path"]
            surveys = ["ita-eit", "nope"]
            code_surveys = ["quick"]
            [[units]]
            id = "a"
            points = ["p 1"]
            [[units]]
            id = "a"
            "#,
        )
        .unwrap_err()
        .to_string();
        for needle in [
            "admin_token",
            "allowed_origins[1]",
            "allowed_origins[2]",
            "unknown survey `nope`",
            "code_surveys[0]",
            "units[0].points[0]",
            "duplicate unit `a`",
        ] {
            assert!(err.contains(needle), "{needle} missing from: {err}");
        }
    }

    #[test]
    fn unknown_keys_are_named_by_toml() {
        let err = toml::from_str::<FileConfig>("admin_tokn = \"x\"")
            .unwrap_err()
            .to_string();
        assert!(err.contains("admin_tokn"), "{err}");
    }

    #[test]
    fn redacts_passwords() {
        assert_eq!(
            redact_url("postgres://u:secret@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
    }
}
