//! Tolerant reading of item codes as agencies write them: Thai digits, a space after the letter,
//! upper case, and the Thai digit zero `๐` standing for the letter O ("I ๒๕" = i25, "๐ ๔๒" = o42).

/// Normalises an item code: `"I ๒๕"` → `"i25"`, `"E 1.2"` → `"e1.2"`, `"๐๔๒"` → `"o42"`.
/// Codes that are not of the letter-number form are only trimmed and lower-cased.
pub fn normalize_code(raw: &str) -> String {
    let trimmed = raw.trim();
    let mut chars: Vec<char> = trimmed.chars().filter(|c| !c.is_whitespace()).collect();
    // A leading Thai zero followed by digits is the letter O (OIT items).
    if chars.len() > 1
        && chars[0] == '๐'
        && chars[1..].iter().any(|c| thai_or_ascii_digit(*c).is_some())
    {
        chars[0] = 'o';
    }
    let letter_number = chars.first().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.len() > 1
        && chars[1..]
            .iter()
            .all(|c| thai_or_ascii_digit(*c).is_some() || *c == '.');
    if !letter_number {
        return trimmed.to_lowercase();
    }
    chars
        .iter()
        .map(|c| match thai_or_ascii_digit(*c) {
            Some(d) => char::from(b'0' + d),
            None => c.to_ascii_lowercase(),
        })
        .collect()
}

fn thai_or_ascii_digit(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '๐'..='๙' => Some((c as u32 - '๐' as u32) as u8),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::normalize_code;

    #[test]
    fn reads_codes_as_agencies_write_them() {
        assert_eq!(normalize_code("I ๒๕"), "i25");
        assert_eq!(normalize_code("E ๑๒"), "e12");
        assert_eq!(normalize_code("๐ ๔๒"), "o42");
        assert_eq!(normalize_code("๐๓๖"), "o36");
        assert_eq!(normalize_code(" i1.2 "), "i1.2");
        assert_eq!(normalize_code("E1.๒"), "e1.2");
        assert_eq!(normalize_code("comment"), "comment");
        assert_eq!(normalize_code("Area"), "area");
    }
}

/// Replaces Thai digits with ASCII digits ("๘๕.๔๒" → "85.42").
pub fn normalize_digits(raw: &str) -> String {
    raw.trim()
        .chars()
        .map(|c| match thai_or_ascii_digit(c) {
            Some(d) => char::from(b'0' + d),
            None => c,
        })
        .collect()
}

#[cfg(test)]
mod digit_tests {
    #[test]
    fn thai_digits_become_ascii() {
        assert_eq!(super::normalize_digits(" ๘๕.๔๒ "), "85.42");
        assert_eq!(super::normalize_digits("๒๕๖5"), "2565");
    }
}
