//! The admin token, however it is presented (the login form, `Authorization: Bearer` on the API
//! and on `/admin/*`): compared in constant time, and every wrong token spends from ONE failure
//! bucket per client network (`AppState::auth_failures`), so guessing is slow whichever door is
//! used. A client over its failure limit is refused before its token is looked at.
use std::net::IpAddr;

use axum::http::{header, HeaderMap};

use super::AppState;

/// What the `Authorization` header of a request says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bearer {
    /// No `Authorization: Bearer …` header.
    Absent,
    Valid,
    /// A wrong token (counted as a failure).
    Wrong,
    /// Too many wrong tokens from this client lately: seconds to wait.
    Limited(u64),
}

/// How an officer proved to be one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminProof {
    /// The admin token as `Authorization: Bearer`.
    Bearer,
    /// A live session cookie from the login form.
    Session,
}

/// The officer's proof on a request to the admin pages: the Bearer token (checked first, a wrong
/// one counted) or else a live session; `Ok(None)` for neither, `Err(seconds to wait)` when this
/// client sent too many wrong tokens lately.
pub async fn admin_proof(
    app: &AppState,
    client: Option<IpAddr>,
    headers: &HeaderMap,
) -> Result<Option<AdminProof>, u64> {
    match bearer(app, client, headers) {
        Bearer::Valid => return Ok(Some(AdminProof::Bearer)),
        Bearer::Limited(retry) => return Err(retry),
        Bearer::Absent | Bearer::Wrong => {}
    }
    Ok(app
        .sessions
        .live(headers)
        .await
        .then_some(AdminProof::Session))
}

/// Checks the request's Bearer token, counting a wrong one.
pub fn bearer(app: &AppState, client: Option<IpAddr>, headers: &HeaderMap) -> Bearer {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Bearer::Absent;
    };
    let token = value
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .unwrap_or("");
    match check_token(app, client, token) {
        Ok(true) => Bearer::Valid,
        Ok(false) => Bearer::Wrong,
        Err(retry) => Bearer::Limited(retry),
    }
}

/// `Ok(true)` for the admin token, `Ok(false)` for anything else (counted as a failure),
/// `Err(seconds to wait)` when the client has failed too often to be heard now.
pub fn check_token(app: &AppState, client: Option<IpAddr>, token: &str) -> Result<bool, u64> {
    app.auth_failures.check(client)?;
    let ok = !token.is_empty()
        && constant_time_eq(token.as_bytes(), app.settings.admin_token.as_bytes());
    if !ok {
        app.auth_failures.failed(client);
    }
    Ok(ok)
}

pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let mut diff = a.len() ^ b.len();
    for i in 0..a.len().max(b.len()) {
        diff |= usize::from(a.get(i).copied().unwrap_or(0) ^ b.get(i).copied().unwrap_or(0xff));
    }
    diff == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_exactly() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
        assert!(!constant_time_eq(b"", b"a"));
    }
}
