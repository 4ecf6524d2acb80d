//! Numbers written and read for people, with integer arithmetic: `12.3`, `0.5`. Core's float
//! formatting and parsing machinery costs the download ~20 KB; these few lines do what the page needs.
//! Pure.

/// `x` with exactly `decimals` decimals (rounded half away from zero): `fixed(12.345, 1)` is `12.3`.
pub fn fixed(x: f64, decimals: u32) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    let scale = 10u64.pow(decimals.min(9));
    let scaled = (x.abs() * scale as f64).round();
    if !scaled.is_finite() || scaled >= 1e19 {
        return if x < 0.0 { "-∞".into() } else { "∞".into() };
    }
    let n = scaled as u64;
    let mut s = String::new();
    if x < 0.0 && n != 0 {
        s.push('-');
    }
    s.push_str(&(n / scale).to_string());
    if decimals > 0 {
        let frac = (n % scale).to_string();
        s.push('.');
        s.extend(std::iter::repeat_n('0', decimals as usize - frac.len()));
        s.push_str(&frac);
    }
    s
}

/// `x` with at most `decimals` decimals and no trailing zeros: `short(2.0, 3)` is `2`, `short(1.5, 3)`
/// is `1.5`.
pub fn short(x: f64, decimals: u32) -> String {
    let s = fixed(x, decimals);
    match s.contains('.') {
        true => s.trim_end_matches('0').trim_end_matches('.').to_owned(),
        false => s,
    }
}

/// A plain decimal number as typed: digits with at most one `.` (`30`, `0.5`, `.5`, `2.`); anything
/// else (signs, exponents, words) is `None`.
pub fn parse_decimal(s: &str) -> Option<f64> {
    let s = s.trim();
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !digits(int) || !digits(frac) {
        return None;
    }
    let mut v = int.bytes().fold(0.0f64, |v, b| v * 10.0 + f64::from(b - b'0'));
    let mut unit = 1.0;
    for b in frac.bytes() {
        unit /= 10.0;
        v += f64::from(b - b'0') * unit;
    }
    Some(v)
}

/// A float as the shortest text that reads back as the same value (`0.1`, `1.0`, `1e300`).
pub fn shortest(x: f64) -> String {
    match super::json::Number::from_f64(x) {
        Some(n) => n.to_string(),
        None if x.is_nan() => "NaN".into(),
        None if x > 0.0 => "Infinity".into(),
        None => "-Infinity".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_and_short_write_like_people_do() {
        assert_eq!(fixed(12.345, 1), "12.3");
        assert_eq!(fixed(0.05, 1), "0.1");
        assert_eq!(fixed(999.96, 1), "1000.0");
        assert_eq!(fixed(7.0, 0), "7");
        assert_eq!(fixed(1.005, 2), "1.00", "binary 1.005 is just below");
        assert_eq!(fixed(-0.04, 1), "0.0");
        assert_eq!(fixed(-2.5, 1), "-2.5");
        assert_eq!(fixed(f64::INFINITY, 1), "∞");
        assert_eq!(fixed(1e30, 1), "∞");
        assert_eq!(short(2.0, 3), "2");
        assert_eq!(short(1.5, 3), "1.5");
        assert_eq!(short(30.0, 1), "30");
    }

    #[test]
    fn parse_decimal_reads_plain_numbers_only() {
        assert_eq!(parse_decimal("30"), Some(30.0));
        assert_eq!(parse_decimal(" 0.5 "), Some(0.5));
        assert_eq!(parse_decimal(".5"), Some(0.5));
        assert_eq!(parse_decimal("2."), Some(2.0));
        assert_eq!(parse_decimal("1.25"), Some(1.25));
        for bad in ["", ".", "-1", "+1", "1e3", "1.2.3", "abc", "0x10", "١"] {
            assert_eq!(parse_decimal(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn shortest_reads_back() {
        for x in [0.1, 1.0, 1e300, -2.5e-8, 123456.789] {
            assert_eq!(shortest(x).parse::<f64>().unwrap(), x);
        }
        assert_eq!(shortest(f64::NAN), "NaN");
    }
}
