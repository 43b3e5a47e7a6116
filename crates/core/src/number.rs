//! Numbers as people read them: rounding half away from zero (as spreadsheets round, so 4.125 is
//! 4.13, not the 4.12 of round-half-to-even) and fixed-decimal text made with integer arithmetic.
//!
//! Every judgement (strength / to develop, target met, band, grade) is made on the value rounded
//! to the decimals displayed ([`round_half_away`]), so a printed "85.00" is never listed "below 85".
//! [`fixed`] formats without Rust's float formatting machinery, which keeps the widget's wasm
//! small (no `{:.2}` tables).

/// Decimals shown for scores and percentages unless a report says otherwise.
pub const DISPLAY_DECIMALS: u32 = 2;

/// `x` rounded to `decimals` places, half away from zero, robust against binary noise:
/// 84.99999999999999 (an exact 85 computed as a mean) rounds to 85.00, 84.995 to 85.00,
/// 84.994 to 84.99, 4.125 to 4.13, -2.5 (0 decimals) to -3. Non-finite values are returned as is.
pub fn round_half_away(x: f64, decimals: u32) -> f64 {
    if !x.is_finite() {
        return x;
    }
    let scale = 10f64.powi(decimals.min(15) as i32);
    let scaled = x * scale;
    // Values such as 84.995 are stored as 84.99499999999999…; a tiny relative nudge (far below
    // the precision any survey score carries) lets them round the way they are written.
    let nudged = scaled + scaled.signum() * scaled.abs().max(1.0) * 1e-12;
    let r = nudged.abs().floor()
        + if nudged.abs().fract() >= 0.5 {
            1.0
        } else {
            0.0
        };
    (r.copysign(x)) / scale
}

/// `x` as text with exactly `decimals` places, rounded half away from zero: `fixed(4.125, 2)` is
/// "4.13", `fixed(85.0, 2)` "85.00", `fixed(-0.001, 2)` "0.00". Non-finite values give "–".
pub fn fixed(x: f64, decimals: u32) -> String {
    if !x.is_finite() {
        return "–".to_owned();
    }
    let decimals = decimals.min(9);
    let scale = 10u64.pow(decimals);
    let r = round_half_away(x, decimals);
    // Integer units of the last shown decimal; |x| beyond ~9e15 loses precision anyway.
    let units = (r.abs() * scale as f64).round() as u64;
    let whole = units / scale;
    let frac = units % scale;
    let mut out = String::new();
    if r < 0.0 && units != 0 {
        out.push('-');
    }
    out.push_str(&whole.to_string());
    if decimals > 0 {
        out.push('.');
        let frac = frac.to_string();
        for _ in frac.len()..decimals as usize {
            out.push('0');
        }
        out.push_str(&frac);
    }
    out
}

/// `a >= b` judged on both values rounded to `decimals` places (the rule for pass marks and
/// targets: a shown 85.00 meets "85 or more").
pub fn at_least(a: f64, b: f64, decimals: u32) -> bool {
    round_half_away(a, decimals) >= round_half_away(b, decimals)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_half_away_from_zero_at_the_edges() {
        assert_eq!(fixed(84.994, 2), "84.99");
        assert_eq!(fixed(84.995, 2), "85.00");
        assert_eq!(fixed(84.996, 2), "85.00");
        assert_eq!(fixed(85.0, 2), "85.00");
        assert_eq!(fixed(84.999_999_999_999_99, 2), "85.00");
        assert_eq!(fixed(4.125, 2), "4.13");
        assert_eq!(fixed(165.0 / 40.0, 2), "4.13");
        assert_eq!(fixed(4.5075, 2), "4.51");
        assert_eq!(fixed(79.995, 2), "80.00");
        assert_eq!(fixed(0.0, 2), "0.00");
        assert_eq!(fixed(100.0, 0), "100");
        assert_eq!(fixed(-2.5, 0), "-3");
        assert_eq!(fixed(-0.001, 2), "0.00");
        assert_eq!(fixed(33.333_333, 2), "33.33");
        assert_eq!(fixed(66.666_666, 2), "66.67");
        assert_eq!(fixed(f64::NAN, 2), "–");
    }

    #[test]
    fn judgements_use_the_shown_value() {
        assert!(at_least(84.995, 85.0, 2));
        assert!(at_least(84.999_999_999_999_99, 85.0, 2));
        assert!(!at_least(84.994, 85.0, 2));
        assert!(at_least(79.995, 80.0, 2));
        assert_eq!(round_half_away(4.5075, 2), 4.51);
    }

    #[test]
    fn fixed_agrees_with_round_half_away() {
        for i in 0..100_000u32 {
            let x = f64::from(i) / 1000.0 + 0.0005;
            let shown: f64 = fixed(x, 2).parse().unwrap();
            assert_eq!(shown, round_half_away(x, 2), "{x}");
        }
    }
}
