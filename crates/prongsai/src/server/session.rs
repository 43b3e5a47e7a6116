//! Admin sessions for the results pages: `/admin/login` takes the admin token and answers with an
//! opaque session id in a cookie (`HttpOnly; SameSite=Strict; Path=/admin`, plus `Secure` when
//! the request came over HTTPS or through a proxy that says so in `X-Forwarded-Proto`).
//!
//! Sessions live in memory only (a restart logs everyone out; behind a load balancer with
//! several `serve` processes, route `/admin` to one of them or use sticky sessions). A session
//! ends after 2 hours without a request, 12 hours after login, or at logout.
//!
//! Every state-changing admin request (POST) must come from a page of this server: its `Origin`
//! (or, without one, its `Referer`) must name the host of the request's `Host` header (CSRF).
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::{header, HeaderMap, HeaderValue};

pub const COOKIE: &str = "prongsai_admin";
pub const IDLE: Duration = Duration::from_secs(2 * 3600);
pub const LIFETIME: Duration = Duration::from_secs(12 * 3600);
/// At most this many sessions at once; the oldest is dropped beyond it.
const MAX_SESSIONS: usize = 1000;

struct Session {
    created: Instant,
    last: Instant,
}

#[derive(Default)]
pub struct Sessions {
    inner: Mutex<HashMap<String, Session>>,
}

impl Sessions {
    /// Starts a session; returns its id (64 hex digits from the OS random generator).
    pub fn create(&self) -> String {
        use rand::Rng;
        let bytes: [u8; 32] = rand::rng().random();
        let id: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let now = Instant::now();
        let mut map = self.lock();
        map.retain(|_, s| alive(s, now));
        if map.len() >= MAX_SESSIONS {
            if let Some(oldest) = map
                .iter()
                .min_by_key(|(_, s)| s.created)
                .map(|(k, _)| k.clone())
            {
                map.remove(&oldest);
            }
        }
        map.insert(
            id.clone(),
            Session {
                created: now,
                last: now,
            },
        );
        id
    }

    /// Whether `id` is a live session; a live one is kept alive.
    pub fn touch(&self, id: &str) -> bool {
        let now = Instant::now();
        let mut map = self.lock();
        match map.get_mut(id) {
            Some(s) if alive(s, now) => {
                s.last = now;
                true
            }
            Some(_) => {
                map.remove(id);
                false
            }
            None => false,
        }
    }

    pub fn remove(&self, id: &str) {
        self.lock().remove(id);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Session>> {
        // A panic while holding the lock leaves a consistent map: keep using it.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn alive(s: &Session, now: Instant) -> bool {
    now.duration_since(s.last) < IDLE && now.duration_since(s.created) < LIFETIME
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

    #[test]
    fn sessions_are_random_and_end_at_logout() {
        let s = Sessions::default();
        let a = s.create();
        let b = s.create();
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert!(s.touch(&a));
        s.remove(&a);
        assert!(!s.touch(&a));
        assert!(s.touch(&b));
        assert!(!s.touch("0".repeat(64).as_str()));
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
