//! Where answers are stored: `database` (PostgreSQL) or `data_dir` (SQLite), and the address
//! `serve` listens on.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use super::{FileConfig, Overrides};

pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

#[derive(Debug, Clone)]
pub enum StorageTarget {
    Sqlite { data_dir: PathBuf },
    Postgres { url: String },
}

/// `addr`, with `--addr` winning over the file.
pub(super) fn resolve_addr(
    overrides: &Overrides,
    file: &FileConfig,
    problems: &mut Vec<String>,
) -> SocketAddr {
    match (overrides.addr, &file.addr) {
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
    }
}

fn fallback_addr() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 8080))
}

/// `database` or `data_dir`, with the command line winning over the file; `rel` makes a path
/// relative to the config file's folder.
pub(super) fn resolve_storage(
    overrides: &Overrides,
    file: &FileConfig,
    rel: &dyn Fn(&Path) -> PathBuf,
    problems: &mut Vec<String>,
) -> StorageTarget {
    let database = overrides.database.clone().or(file.database.clone());
    match database {
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
    }
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
