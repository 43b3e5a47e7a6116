//! `allowed_origins` (who may call the API cross-origin) and `public_url` (the base of links
//! and QR codes): both are origins, checked the same way.

use std::collections::HashSet;

use super::FileConfig;

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

pub(super) fn resolve_public_url(file: &FileConfig, problems: &mut Vec<String>) -> Option<String> {
    let u = file.public_url.as_ref()?;
    match check_origin_like(u, true) {
        Ok(()) => Some(u.trim_end_matches('/').to_string()),
        Err(why) => {
            problems.push(format!("public_url: `{u}` {why}"));
            None
        }
    }
}

pub(super) fn resolve_origins(file: &FileConfig, problems: &mut Vec<String>) -> Origins {
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
    origins
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
