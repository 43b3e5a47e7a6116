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
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{anyhow, bail, Context as _};
use prongsai_core::{builtin, Instrument};
use serde::Deserialize;

pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";
pub const DEFAULT_MAX_BODY: usize = 64 * 1024;
const MIN_TOKEN_LEN: usize = 16;

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
    pub rate_limit: Option<RateLimitConfig>,
    pub connections: Option<ConnectionsConfig>,
    pub reports: Option<ReportsConfig>,
}

/// `[reports]`: the signatories of the O42 / O43 (author → head of สำนักปลัด → ปลัด → นายก).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportsConfig {
    #[serde(default)]
    pub signatories: Vec<prongsai_reports::measures::Signatory>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitConfig {
    pub id: String,
    pub name: Option<String>,
    #[serde(default)]
    pub points: Vec<String>,
}

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

pub const DEFAULT_MAX_BACKDATE_DAYS: u32 = 60;

/// Command-line overrides (from `ServeArgs`).
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub addr: Option<SocketAddr>,
    pub data_dir: Option<PathBuf>,
    pub database: Option<String>,
    pub widget_dir: Option<PathBuf>,
}

#[derive(Debug, Clone)]
pub enum StorageTarget {
    Sqlite { data_dir: PathBuf },
    Postgres { url: String },
}

#[derive(Debug, Clone)]
pub struct Unit {
    pub id: String,
    pub name: Option<String>,
    pub points: Vec<String>,
}

/// Origins allowed to call the API cross-origin. Same-origin requests are always allowed.
#[derive(Debug, Clone, Default)]
pub struct Origins {
    pub any: bool,
    pub list: HashSet<String>,
}

impl Origins {
    pub fn allows(&self, origin: &str) -> bool {
        self.any || self.list.contains(origin)
    }
}

/// The enabled instruments, by id; several editions of one id may be loaded (sorted, newest last).
#[derive(Debug, Default)]
pub struct Surveys {
    by_id: BTreeMap<String, Vec<Arc<Instrument>>>,
}

impl Surveys {
    pub fn get(&self, id: &str, edition: Option<&str>) -> Option<Arc<Instrument>> {
        let editions = self.by_id.get(id)?;
        match edition {
            Some(e) => editions.iter().find(|i| i.edition == e).cloned(),
            None => editions.last().cloned(),
        }
    }

    pub fn contains(&self, id: &str) -> bool {
        self.by_id.contains_key(id)
    }

    /// Every enabled edition of every instrument, in id order, oldest edition first.
    pub fn all(&self) -> impl Iterator<Item = &Arc<Instrument>> {
        self.by_id.values().flatten()
    }

    /// The newest edition of each enabled instrument, in id order.
    pub fn latest(&self) -> impl Iterator<Item = &Arc<Instrument>> {
        self.by_id.values().filter_map(|v| v.last())
    }

    pub fn editions(&self, id: &str) -> Vec<String> {
        self.by_id
            .get(id)
            .map(|v| v.iter().map(|i| i.edition.clone()).collect())
            .unwrap_or_default()
    }

    fn insert(&mut self, instrument: Instrument) {
        let editions = self.by_id.entry(instrument.id.clone()).or_default();
        editions.retain(|i| i.edition != instrument.edition);
        editions.push(Arc::new(instrument));
        editions.sort_by(|a, b| edition_order(&a.edition, &b.edition));
    }
}

/// Editions are Thai fiscal years ("2568"); compare numerically when both are numbers.
fn edition_order(a: &str, b: &str) -> std::cmp::Ordering {
    match (a.parse::<u64>(), b.parse::<u64>()) {
        (Ok(x), Ok(y)) => x.cmp(&y),
        _ => a.cmp(b),
    }
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

        // Address.
        let addr = match (overrides.addr, &file.addr) {
            (Some(a), _) => a,
            (None, Some(text)) => match text.parse::<SocketAddr>() {
                Ok(a) => a,
                Err(_) => {
                    problems.push(format!(
                        "addr: `{text}` is not an address like 127.0.0.1:8080"
                    ));
                    fallback_addr()
                }
            },
            (None, None) => fallback_addr(),
        };

        // Storage.
        let database = overrides.database.clone().or(file.database.clone());
        let storage = match database {
            Some(url) => {
                if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
                    problems.push(format!(
                        "database: `{}` is not a PostgreSQL URL (postgres://user:password@host:port/db); \
                         leave it out to use SQLite in data_dir",
                        redact_url(&url)
                    ));
                }
                StorageTarget::Postgres { url }
            }
            None => StorageTarget::Sqlite {
                data_dir: overrides.data_dir.clone().unwrap_or_else(|| {
                    file.data_dir
                        .as_deref()
                        .map(rel)
                        .unwrap_or_else(|| PathBuf::from("data"))
                }),
            },
        };

        let widget_dir = overrides.widget_dir.clone().unwrap_or_else(|| {
            file.widget_dir
                .as_deref()
                .map(rel)
                .unwrap_or_else(|| PathBuf::from("dist"))
        });

        // Public URL.
        let public_url = match &file.public_url {
            Some(u) => match check_origin_like(u, true) {
                Ok(()) => Some(u.trim_end_matches('/').to_string()),
                Err(why) => {
                    problems.push(format!("public_url: `{u}` {why}"));
                    None
                }
            },
            None => None,
        };

        // Admin token.
        let (admin_token, admin_token_generated) = match env_token.filter(|t| !t.is_empty()) {
            Some(t) => {
                if t.chars().count() < MIN_TOKEN_LEN {
                    problems.push(format!(
                        "PRONGSAI_ADMIN_TOKEN: use at least {MIN_TOKEN_LEN} characters"
                    ));
                }
                (t, false)
            }
            None => match &file.admin_token {
                Some(t) => {
                    if t.chars().count() < MIN_TOKEN_LEN {
                        problems.push(format!(
                            "admin_token: use at least {MIN_TOKEN_LEN} characters"
                        ));
                    }
                    if t.chars().any(|c| c.is_control() || c == ' ') {
                        problems.push("admin_token: no spaces or control characters".to_string());
                    }
                    (t.clone(), false)
                }
                None => (random_token(), true),
            },
        };

        // Origins.
        let mut origins = Origins::default();
        for (i, o) in file.allowed_origins.iter().flatten().enumerate() {
            if o == "*" {
                origins.any = true;
                continue;
            }
            match check_origin_like(o, false) {
                Ok(()) => {
                    if !origins.list.insert(o.clone()) {
                        problems.push(format!("allowed_origins[{i}]: `{o}` is listed twice"));
                    }
                }
                Err(why) => problems.push(format!("allowed_origins[{i}]: `{o}` {why}")),
            }
        }

        // Instruments: built-ins plus the agency's own files.
        let mut available = Surveys::default();
        for id in builtin::IDS {
            if let Some(ins) = builtin::load(id) {
                available.insert(ins);
            }
        }
        let mut file_ids: Vec<String> = Vec::new();
        for (i, path) in file.instrument_files.iter().enumerate() {
            let full = rel(path);
            let text = match std::fs::read_to_string(&full) {
                Ok(t) => t,
                Err(e) => {
                    problems.push(format!(
                        "instrument_files[{i}]: cannot read {}: {e}",
                        full.display()
                    ));
                    continue;
                }
            };
            match Instrument::from_json(&text) {
                Ok(ins) => {
                    file_ids.push(ins.id.clone());
                    available.insert(ins);
                }
                Err(found) => {
                    let mut msg = format!(
                        "instrument_files[{i}]: {} is not a valid instrument ({} problem{}):",
                        full.display(),
                        found.len(),
                        if found.len() == 1 { "" } else { "s" }
                    );
                    for p in found {
                        let _ = write!(msg, "\n    {p}");
                    }
                    problems.push(msg);
                }
            }
        }
        let mut surveys = Surveys::default();
        match &file.surveys {
            Some(list) => {
                let mut seen = BTreeSet::new();
                for (i, id) in list.iter().enumerate() {
                    if !seen.insert(id.clone()) {
                        problems.push(format!("surveys[{i}]: `{id}` is listed twice"));
                    }
                    match available.by_id.get(id) {
                        Some(editions) => {
                            for ins in editions {
                                surveys.insert((**ins).clone());
                            }
                        }
                        None => problems.push(format!(
                            "surveys[{i}]: unknown survey `{id}`; the built-ins are {} and instrument_files add their own ids",
                            builtin::IDS.join(", ")
                        )),
                    }
                }
            }
            None => surveys = available,
        }

        let mut code_surveys = HashSet::new();
        for (i, id) in file.code_surveys.iter().enumerate() {
            if !surveys.contains(id) {
                problems.push(format!(
                    "code_surveys[{i}]: `{id}` is not an enabled survey"
                ));
            }
            code_surveys.insert(id.clone());
        }

        let mut public_summaries = BTreeSet::new();
        if let Some(list) = &file.public_summaries {
            for (i, id) in list.iter().enumerate() {
                if !surveys.contains(id) {
                    problems.push(format!(
                        "public_summaries[{i}]: `{id}` is not an enabled survey"
                    ));
                }
                public_summaries.insert(id.clone());
            }
        }
        let agency = file
            .agency
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_string);
        let contact = file
            .contact
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string);

        // Units and service points.
        let mut units = BTreeMap::new();
        if file.units.is_empty() {
            problems.push("units: list at least one unit ([[units]] with an id)".to_string());
        }
        for (i, u) in file.units.iter().enumerate() {
            if let Err(why) = check_slug(&u.id) {
                problems.push(format!("units[{i}].id: `{}` {why}", u.id));
            }
            let mut points = Vec::new();
            for (j, p) in u.points.iter().enumerate() {
                if let Err(why) = check_slug(p) {
                    problems.push(format!("units[{i}].points[{j}]: `{p}` {why}"));
                }
                if points.contains(p) {
                    problems.push(format!(
                        "units[{i}].points[{j}]: duplicate service point `{p}`"
                    ));
                }
                points.push(p.clone());
            }
            let unit = Unit {
                id: u.id.clone(),
                name: u.name.clone(),
                points,
            };
            if units.insert(u.id.clone(), unit).is_some() {
                problems.push(format!("units[{i}].id: duplicate unit `{}`", u.id));
            }
        }

        let max_body_bytes = file.max_body_bytes.unwrap_or(DEFAULT_MAX_BODY);
        if !(1024..=16 * 1024 * 1024).contains(&max_body_bytes) {
            problems.push(format!(
                "max_body_bytes: {max_body_bytes} is outside 1024 … 16777216"
            ));
        }
        let rate_limit = file.rate_limit.clone().unwrap_or_default();
        if rate_limit.per_minute > 0 && rate_limit.burst == 0 {
            problems
                .push("rate_limit.burst: must be at least 1 when per_minute is set".to_string());
        }

        let max_backdate_days = file.max_backdate_days.unwrap_or(DEFAULT_MAX_BACKDATE_DAYS);
        if max_backdate_days > 3660 {
            problems.push(format!(
                "max_backdate_days: {max_backdate_days} is over 3660 (ten years); import older paper data with `prongsai score`"
            ));
        }
        if rate_limit.login_failures_per_minute == 0 || rate_limit.login_failures_burst == 0 {
            problems.push(
                "rate_limit.login_failures_per_minute and login_failures_burst: must be at least 1"
                    .to_string(),
            );
        }
        let connections = file.connections.clone().unwrap_or_default();
        if connections.max == 0 || connections.max > 1_000_000 {
            problems.push(format!(
                "connections.max: {} is outside 1 … 1000000",
                connections.max
            ));
        }
        for (name, secs) in [
            ("header_timeout_secs", connections.header_timeout_secs),
            ("body_timeout_secs", connections.body_timeout_secs),
            ("idle_timeout_secs", connections.idle_timeout_secs),
        ] {
            if !(1..=3600).contains(&secs) {
                problems.push(format!("connections.{name}: {secs} is outside 1 … 3600"));
            }
        }

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
            max_body_bytes,
            max_backdate_days,
            rate_limit,
            connections,
            signatories: file.reports.clone().unwrap_or_default().signatories,
            source: source.to_string(),
        })
    }
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

fn fallback_addr() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 8080))
}

/// Ids of units and service points travel in URLs and QR codes: keep them plain.
fn check_slug(s: &str) -> Result<(), &'static str> {
    if s.is_empty() || s.len() > 64 {
        return Err("must have 1 to 64 characters");
    }
    if !s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
    {
        return Err("may use only a-z, A-Z, 0-9, '-', '_' and '.'");
    }
    Ok(())
}

/// `scheme://host[:port]` (an origin, as browsers send it), or with `allow_path` also a path.
fn check_origin_like(s: &str, allow_path: bool) -> Result<(), &'static str> {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .ok_or("must start with https:// or http://")?;
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    if host.is_empty() {
        return Err("has no host name");
    }
    if !host
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c))
    {
        return Err("has characters that cannot be in a host name");
    }
    if let Some((_, port)) = host.rsplit_once(':').filter(|_| !host.ends_with(']')) {
        if port.parse::<u16>().is_err() {
            return Err("has a bad port number");
        }
    }
    if !allow_path && !path.is_empty() {
        return Err(
            "must be an origin only (scheme://host[:port]), without a path or trailing slash",
        );
    }
    if s.chars().any(|c| c.is_whitespace() || c == '?' || c == '#') {
        return Err("must not contain spaces, '?' or '#'");
    }
    Ok(())
}

/// Hides the password of a database URL in messages.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let userinfo = &url[s + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..s + 3], user, &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

pub fn random_token() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    (0..32)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
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
