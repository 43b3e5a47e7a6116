//! Admin sessions for the results pages: `/admin/login` takes the admin token and answers with an
//! opaque session token in a cookie (`HttpOnly; SameSite=Strict; Path=/admin`, plus `Secure` when
//! the request came over HTTPS or through a proxy that says so in `X-Forwarded-Proto`).
//!
//! Sessions live in the database (table `sessions`), so every `serve` process of one PostgreSQL
//! database knows them (log in through one, continue through another) and a restart logs no
//! one out. Only a SHA-256 hash of the token is stored: a copy of the database opens no session.
//! A session ends after 2 hours without a request, 12 hours after login, or at logout; expired
//! ones are deleted at the next login.
//!
//! Every state-changing admin request (POST) must come from a page of this server: its `Origin`
//! (or, without one, its `Referer`) must name the host of the request's `Host` header (CSRF).
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::http::{header, HeaderMap, HeaderValue};
use sha2::{Digest, Sha256};

use super::storage::{SessionTimes, Storage};

pub const COOKIE: &str = "prongsai_admin";
pub const IDLE: Duration = Duration::from_secs(2 * 3600);
pub const LIFETIME: Duration = Duration::from_secs(12 * 3600);
/// At most this many sessions at once; those that end first are dropped beyond it.
const MAX_SESSIONS: u64 = 1000;

/// The admin sessions, kept in the storage.
pub struct Sessions {
    storage: Arc<dyn Storage>,
}

/// What is stored of a session token.
fn token_hash(token: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"prongsai.session/1\0");
    h.update(token.as_bytes());
    format!("{:x}", h.finalize())
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

fn times(now: i64) -> SessionTimes {
    SessionTimes {
        now,
        ends: now.saturating_add(LIFETIME.as_secs() as i64),
        idle_until: now.saturating_add(IDLE.as_secs() as i64),
    }
}

impl Sessions {
    pub fn new(storage: Arc<dyn Storage>) -> Sessions {
        Sessions { storage }
    }

    /// Starts a session; returns its token (64 hex digits from the OS random generator).
    pub async fn create(&self) -> anyhow::Result<String> {
        self.create_at(unix_now()).await
    }

    async fn create_at(&self, now: i64) -> anyhow::Result<String> {
        use rand::Rng;
        let bytes: [u8; 32] = rand::rng().random();
        let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        self.storage
            .start_session(&token_hash(&token), times(now), MAX_SESSIONS)
            .await?;
        Ok(token)
    }

    /// Whether `token` is a live session; a live one is kept alive. A storage failure counts
    /// as "not live" (and is logged): the officer is asked to log in again.
    pub async fn touch(&self, token: &str) -> bool {
        self.touch_at(token, unix_now()).await
    }

    async fn touch_at(&self, token: &str, now: i64) -> bool {
        match self
            .storage
            .touch_session(&token_hash(token), times(now))
            .await
        {
            Ok(live) => live,
            Err(e) => {
                tracing::error!("cannot read the admin sessions: {e:#}");
                false
            }
        }
    }

    /// Whether the request's cookie names a live session (kept alive).
    pub async fn live(&self, headers: &HeaderMap) -> bool {
        match cookie(headers) {
            Some(token) => self.touch(&token).await,
            None => false,
        }
    }

    pub async fn remove(&self, token: &str) {
        if let Err(e) = self.storage.end_session(&token_hash(token)).await {
            tracing::error!("cannot end an admin session: {e:#}");
        }
    }
}

/// The session id in the request's cookies, if any.
pub fn cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.trim().to_string())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Whether the browser reached us over HTTPS (directly or through a proxy that says so).
pub fn is_https(headers: &HeaderMap) -> bool {
    let forwarded_proto = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("https"));
    let forwarded = headers
        .get(header::FORWARDED)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().contains("proto=https"));
    forwarded_proto || forwarded
}

/// `Set-Cookie` for a new session.
pub fn set_cookie(id: &str, secure: bool) -> HeaderValue {
    let value = format!(
        "{COOKIE}={id}; Path=/admin; HttpOnly; SameSite=Strict; Max-Age={}{}",
        LIFETIME.as_secs(),
        if secure { "; Secure" } else { "" }
    );
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// `Set-Cookie` that removes the session cookie.
pub fn clear_cookie(secure: bool) -> HeaderValue {
    HeaderValue::from_static(if secure {
        "prongsai_admin=; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=0; Secure"
    } else {
        "prongsai_admin=; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=0"
    })
}

/// The host (with port) an origin or URL names: `https://a.example:8443/x` → `a.example:8443`.
fn host_of(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = &rest[..end];
    (!host.is_empty() && !host.contains('@')).then_some(host)
}

/// CSRF check of a state-changing request: `Origin` (or `Referer` when a browser sent no
/// `Origin`) must name the same host as `Host`. `Sec-Fetch-Site: cross-site` is refused too.
pub fn same_origin(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    if headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("cross-site"))
    {
        return false;
    }
    let claimed = match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        Some("null") => return false,
        Some(origin) => origin,
        None => match headers.get(header::REFERER).and_then(|v| v.to_str().ok()) {
            Some(r) => r,
            None => return false,
        },
    };
    host_of(claimed).is_some_and(|h| h.eq_ignore_ascii_case(host))
}

/// A safe place to go after login: a path under `/admin/` of this server.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if (n == "/admin" || n.starts_with("/admin/"))
                && !n.contains("//")
                && !n.contains('\\')
                && !n.chars().any(|c| c.is_control() || c == ' ') =>
        {
            n.to_string()
        }
        _ => "/admin/results".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut m = HeaderMap::new();
        for (k, v) in pairs {
            m.append(
                axum::http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        m
    }

    async fn sessions(dir: &std::path::Path) -> Sessions {
        let storage = crate::server::storage::sqlite::SqliteStorage::open(dir)
            .await
            .unwrap();
        Sessions::new(Arc::new(storage))
    }

    #[tokio::test]
    async fn sessions_are_random_and_end_at_logout() {
        let dir = tempfile::tempdir().unwrap();
        let s = sessions(dir.path()).await;
        let a = s.create().await.unwrap();
        let b = s.create().await.unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert!(s.touch(&a).await);
        s.remove(&a).await;
        assert!(!s.touch(&a).await);
        assert!(s.touch(&b).await);
        assert!(!s.touch("0".repeat(64).as_str()).await);
    }

    #[tokio::test]
    async fn sessions_expire_when_idle_and_at_the_end_of_their_lifetime() {
        let dir = tempfile::tempdir().unwrap();
        let s = sessions(dir.path()).await;
        let t0 = 1_800_000_000;
        let idle = IDLE.as_secs() as i64;
        let a = s.create_at(t0).await.unwrap();
        assert!(
            s.touch_at(&a, t0 + idle - 1).await,
            "used just before the idle limit"
        );
        assert!(
            s.touch_at(&a, t0 + 2 * idle - 2).await,
            "a request keeps the session alive for another idle period"
        );
        assert!(!s.touch_at(&a, t0 + 3 * idle).await, "idle too long");

        let b = s.create_at(t0).await.unwrap();
        let life = LIFETIME.as_secs() as i64;
        let mut t = t0;
        while t + idle / 2 < t0 + life {
            t += idle / 2;
            assert!(s.touch_at(&b, t).await, "in use at {}", t - t0);
        }
        assert!(
            !s.touch_at(&b, t0 + life).await,
            "over after its lifetime, however busy"
        );

        // A login cleans up the expired ones: only the hash of the new one is left.
        let c = s.create_at(t0 + 10 * life).await.unwrap();
        let mut db = std::fs::read(dir.path().join("prongsai.sqlite")).unwrap_or_default();
        db.extend(std::fs::read(dir.path().join("prongsai.sqlite-wal")).unwrap_or_default());
        assert!(!contains(&db, &c), "the token itself is never stored");
        assert!(s.touch_at(&c, t0 + 10 * life + 1).await);
    }

    fn contains(haystack: &[u8], needle: &str) -> bool {
        haystack
            .windows(needle.len())
            .any(|w| w == needle.as_bytes())
    }

    #[test]
    fn reads_the_cookie_among_others() {
        let id = "ab".repeat(32);
        let headers = h(&[("cookie", &format!("x=1; {COOKIE}={id}; y=2"))]);
        assert_eq!(cookie(&headers), Some(id));
        assert_eq!(cookie(&h(&[("cookie", "prongsai_admin=../../x")])), None);
    }

    #[test]
    fn csrf_needs_a_same_host_origin_or_referer() {
        let host = ("host", "127.0.0.1:8080");
        assert!(same_origin(&h(&[
            host,
            ("origin", "http://127.0.0.1:8080")
        ])));
        assert!(same_origin(&h(&[
            host,
            ("referer", "http://127.0.0.1:8080/admin/comments?x=1")
        ])));
        assert!(!same_origin(&h(&[host])));
        assert!(!same_origin(&h(&[host, ("origin", "http://evil.example")])));
        assert!(!same_origin(&h(&[host, ("origin", "null")])));
        assert!(!same_origin(&h(&[
            host,
            ("origin", "http://127.0.0.1:8080.evil.example")
        ])));
        assert!(!same_origin(&h(&[
            host,
            ("referer", "http://evil.example/?http://127.0.0.1:8080")
        ])));
        assert!(!same_origin(&h(&[
            host,
            ("origin", "http://127.0.0.1:8080"),
            ("sec-fetch-site", "cross-site")
        ])));
    }

    #[test]
    fn cookies_are_strict_and_secure_over_https() {
        let c = set_cookie(&"a".repeat(64), false);
        let c = c.to_str().unwrap();
        assert!(
            c.contains("HttpOnly") && c.contains("SameSite=Strict") && c.contains("Path=/admin")
        );
        assert!(!c.contains("Secure"));
        assert!(set_cookie("x", true)
            .to_str()
            .unwrap()
            .ends_with("; Secure"));
        assert!(is_https(&h(&[("x-forwarded-proto", "https")])));
        assert!(!is_https(&h(&[("x-forwarded-proto", "http")])));
    }

    #[test]
    fn next_stays_under_admin() {
        assert_eq!(
            safe_next(Some("/admin/comments?status=pending")),
            "/admin/comments?status=pending"
        );
        assert_eq!(safe_next(Some("//evil.example/admin/")), "/admin/results");
        assert_eq!(safe_next(Some("https://evil.example")), "/admin/results");
        assert_eq!(safe_next(Some("/admin//evil")), "/admin/results");
        assert_eq!(safe_next(None), "/admin/results");
    }
}
