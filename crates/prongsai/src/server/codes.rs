//! One-time codes for staff surveys: printed on slips and handed out, one per eligible person.
//! A code is 10 characters from an alphabet without look-alikes (no 0/O, 1/I/L), shown as
//! `ABCDE-FGHJK`; typing is forgiving (case, spaces and dashes are ignored). Only a SHA-256 hash
//! of the survey id and the code is stored, so the database does not hold usable codes.
use prongsai_core::Date;
use rand::Rng;
use sha2::{Digest, Sha256};

use super::storage::Storage;

const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const LEN: usize = 10;

/// A new printable code.
pub fn generate() -> String {
    let mut rng = rand::rng();
    let raw: String = (0..LEN)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect();
    format!("{}-{}", &raw[..LEN / 2], &raw[LEN / 2..])
}

/// The code as typed → its canonical form, or `None` when it cannot be a code.
pub fn normalize(typed: &str) -> Option<String> {
    let canonical: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (canonical.len() == LEN && canonical.bytes().all(|b| ALPHABET.contains(&b)))
        .then_some(canonical)
}

/// Makes `count` new codes of `survey` and stores their hashes; returns the printable codes
/// (shown once: only their hashes are kept). Used by the admin page and `prongsai codes`.
pub async fn make(
    storage: &dyn Storage,
    survey: &str,
    count: usize,
    today: Date,
) -> anyhow::Result<Vec<String>> {
    let mut made: Vec<String> = Vec::with_capacity(count);
    while made.len() < count {
        let mut round: Vec<String> = Vec::new();
        while made.len() + round.len() < count {
            let c = generate();
            if !made.contains(&c) && !round.contains(&c) {
                round.push(c);
            }
        }
        let hashes: Vec<String> = round
            .iter()
            .map(|c| hash(survey, &normalize(c).unwrap_or_default()))
            .collect();
        if storage.add_codes(survey, hashes, today).await? == round.len() {
            made.extend(round);
        } else {
            // A collision with a stored code (astronomically rare): this round is not handed
            // out; its stored hashes are unused codes nobody holds.
            tracing::warn!("one-time code collision; making another round");
        }
    }
    Ok(made)
}

/// What is stored for a code of a survey.
pub fn hash(survey: &str, canonical: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"prongsai.code/1\0");
    h.update(survey.as_bytes());
    h.update(b"\0");
    h.update(canonical.as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_codes_read_back_however_typed() {
        let code = generate();
        assert_eq!(code.len(), LEN + 1);
        let canonical = normalize(&code).unwrap();
        assert_eq!(
            normalize(&code.to_lowercase().replace('-', " ")).as_deref(),
            Some(canonical.as_str())
        );
        assert_eq!(
            hash("ita-iit", &canonical),
            hash("ita-iit", &normalize(&code).unwrap())
        );
        assert_ne!(hash("ita-iit", &canonical), hash("quick", &canonical));
        assert_eq!(normalize("ABCDE-FGHJ0"), None, "0 is not in the alphabet");
        assert_eq!(normalize("short"), None);
    }
}
