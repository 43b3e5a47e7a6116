//! The admin token: `PRONGSAI_ADMIN_TOKEN`, else the file's `admin_token`, else one made up for
//! this run.

use super::FileConfig;

const MIN_TOKEN_LEN: usize = 16;

/// The token and whether it was made up at start-up.
pub(super) fn resolve_admin_token(
    env_token: Option<String>,
    file: &FileConfig,
    problems: &mut Vec<String>,
) -> (String, bool) {
    match env_token.filter(|t| !t.is_empty()) {
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
