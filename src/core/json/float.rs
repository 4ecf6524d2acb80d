//! Decimal text to the nearest `f64` (ties to even), for JSON's numbers. Core's `str::parse::<f64>` does
//! the same with a 10 KB table of powers of five (Eisel–Lemire): ~17 KB of WebAssembly that compresses
//! badly. This does it with exact integer arithmetic in a few hundred bytes: short numbers by Clinger's
//! fast path, the rest by one big-integer division. The tests check it against core's on random and hard
//! inputs (exact halfway points, subnormals, the edges of the range). Pure.

/// Significant digits kept: a double's halfway points have at most 767, so 800 decide every rounding
/// (the rest only say whether anything nonzero followed).
const MAX_DIGITS: usize = 800;

/// The value of `text`, which has JSON's number grammar (`-?digits(.digits)?([eE][+-]?digits)?`), rounded
/// to the nearest double; `None` when that is infinite (beyond `f64::MAX`).
pub(super) fn parse(text: &str) -> Option<f64> {
    let b = text.as_bytes();
    let negative = b.first() == Some(&b'-');
    let mut digits: Vec<u8> = Vec::new();
    // The value is 0.d1d2…dn × 10^point; `sticky`: a nonzero digit was left out beyond `MAX_DIGITS`.
    let (mut point, mut sticky, mut seen_point, mut i) = (0i64, false, false, usize::from(negative));
    while let Some(&c) = b.get(i) {
        match c {
            b'0'..=b'9' => {
                if digits.is_empty() && c == b'0' {
                    point -= i64::from(seen_point);
                } else {
                    if digits.len() < MAX_DIGITS {
                        digits.push(c - b'0');
                    } else {
                        sticky |= c != b'0';
                    }
                    point += i64::from(!seen_point);
                }
            }
            b'.' => seen_point = true,
            _ => break,
        }
        i += 1;
    }
    if let Some(b'e' | b'E') = b.get(i) {
        let sign = if b.get(i + 1) == Some(&b'-') { -1 } else { 1 };
        let exp = b[i + 1..]
            .iter()
            .filter(|d| d.is_ascii_digit())
            .fold(0i64, |e, d| (e * 10 + i64::from(d - b'0')).min(1 << 40));
        point += sign * exp;
    }
    let sign = if negative { -1.0 } else { 1.0 };
    // 0.d… × 10^point lies in [10^(point-1), 10^point): below 10^-325 it rounds to zero, from 10^310 up
    // it is beyond the largest double.
    if digits.is_empty() || point < -324 {
        return Some(sign * 0.0);
    }
    if point > 310 {
        return None;
    }
    // The value is D × 10^e, D the digits as an integer.
    let e = point - digits.len() as i64;
    let x = if !sticky && digits.len() <= 15 && e.abs() <= 22 {
        // Clinger: D and 10^|e| are exact doubles, so the one operation rounds once.
        let d = digits.iter().fold(0u64, |n, &c| n * 10 + u64::from(c)) as f64;
        let p = (0..e.abs()).fold(1.0f64, |p, _| p * 10.0);
        if e < 0 {
            d / p
        } else {
            d * p
        }
    } else {
        slow(&digits, e, sticky)?
    };
    Some(sign * x)
}

/// D × 10^e exactly: a quotient of at least 64 bits and its binary exponent, then one rounding.
fn slow(digits: &[u8], e: i64, sticky: bool) -> Option<f64> {
    let mut n = Big::from_digits(digits);
    let (q, exp2, rest) = if e >= 0 {
        n.mul_pow10(e as u32);
        let shift = n.bits().saturating_sub(64);
        let rest = n.shr(shift);
        (n.low_u128(), shift as i64, rest)
    } else {
        let mut s = Big::from_digits(&[1]);
        s.mul_pow10(e.unsigned_abs() as u32);
        // Scaled by a power of two so that the quotient has 64 or 65 bits (a floor of a floor is one floor).
        let shift = n.bits() as i64 - s.bits() as i64 - 64;
        let lost = if shift < 0 {
            n.shl(shift.unsigned_abs());
            false
        } else {
            n.shr(shift as u64)
        };
        let (q, rest) = n.div(&s);
        (q, shift, rest || lost)
    };
    round(q, exp2, rest || sticky)
}

/// The double nearest to (`q` + a fraction, nonzero when `sticky`) × 2^`exp2`, ties to even; `None`
/// when that is infinite.
fn round(q: u128, exp2: i64, sticky: bool) -> Option<f64> {
    let bits = 128 - i64::from(q.leading_zeros());
    // The unit in the last place of the result: 53 significant bits, or the subnormals' 2^-1074.
    let mut ulp = (bits + exp2 - 53).max(-1074);
    let drop = ulp - exp2;
    let mut m = if drop <= 0 {
        (q << (-drop).min(127)) as u64
    } else if drop > 127 {
        0
    } else {
        let kept = q >> drop;
        let half = 1u128 << (drop - 1);
        let below = q & ((half << 1) - 1);
        let up = below > half || (below == half && (sticky || kept & 1 == 1));
        (kept + u128::from(up)) as u64
    };
    if m == 1 << 53 {
        m >>= 1;
        ulp += 1;
    }
    let biased = if m >= 1 << 52 { ulp + 1075 } else { 0 };
    if biased >= 2047 {
        return None;
    }
    Some(f64::from_bits((biased as u64) << 52 | (m & ((1 << 52) - 1))))
}

/// An unsigned integer in 32-bit limbs, least significant first, with no leading zero limb: only what
/// the slow path needs.
struct Big(Vec<u32>);

impl Big {
    fn from_digits(digits: &[u8]) -> Big {
        let mut n = Big(Vec::new());
        for &d in digits {
            n.mul_add(10, u32::from(d));
        }
        n
    }

    fn mul_add(&mut self, m: u32, add: u32) {
        let mut carry = u64::from(add);
        for limb in &mut self.0 {
            let x = u64::from(*limb) * u64::from(m) + carry;
            *limb = x as u32;
            carry = x >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    fn mul_pow10(&mut self, mut e: u32) {
        while e > 0 {
            let step = e.min(9);
            self.mul_add(10u32.pow(step), 0);
            e -= step;
        }
    }

    fn bits(&self) -> u64 {
        self.0.last().map_or(0, |top| self.0.len() as u64 * 32 - u64::from(top.leading_zeros()))
    }

    fn shl(&mut self, by: u64) {
        let (limbs, bits) = ((by / 32) as usize, (by % 32) as u32);
        if bits > 0 {
            let mut carry = 0;
            for limb in &mut self.0 {
                let x = (*limb << bits) | carry;
                carry = *limb >> (32 - bits);
                *limb = x;
            }
            if carry > 0 {
                self.0.push(carry);
            }
        }
        self.0.splice(0..0, std::iter::repeat_n(0, limbs));
    }

    /// Shifts right by `by` bits; whether any bit shifted out was one.
    fn shr(&mut self, by: u64) -> bool {
        let (limbs, bits) = ((by / 32) as usize, (by % 32) as u32);
        let mut lost = self.0.iter().take(limbs).any(|&l| l != 0);
        self.0.drain(..limbs.min(self.0.len()));
        if bits > 0 {
            lost |= self.0.first().is_some_and(|l| l & ((1 << bits) - 1) != 0);
            for k in 0..self.0.len() {
                let high = self.0.get(k + 1).map_or(0, |h| h << (32 - bits));
                self.0[k] = (self.0[k] >> bits) | high;
            }
        }
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
        lost
    }

    fn low_u128(&self) -> u128 {
        self.0.iter().take(4).rev().fold(0, |n, &l| n << 32 | u128::from(l))
    }

    fn at_least(&self, other: &Big) -> bool {
        self.0.len().cmp(&other.0.len()).then_with(|| self.0.iter().rev().cmp(other.0.iter().rev())).is_ge()
    }

    /// `self` − `other`, which is not larger.
    fn sub(&mut self, other: &Big) {
        let mut borrow = 0u64;
        for (k, limb) in self.0.iter_mut().enumerate() {
            let x = (u64::from(*limb) + (1 << 32)) - u64::from(other.0.get(k).copied().unwrap_or(0)) - borrow;
            *limb = x as u32;
            borrow = u64::from(x < 1 << 32);
        }
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    /// The quotient of `self` by `d` (it fits in 128 bits here), and whether a remainder is left.
    fn div(mut self, d: &Big) -> (u128, bool) {
        let span = self.bits().saturating_sub(d.bits()).min(127);
        let mut shifted = Big(d.0.clone());
        shifted.shl(span);
        let mut q = 0u128;
        for k in (0..=span).rev() {
            if self.at_least(&shifted) {
                self.sub(&shifted);
                q |= 1 << k;
            }
            shifted.shr(1);
        }
        (q, !self.0.is_empty())
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::parse;
    use proptest::prelude::*;

    fn same(text: &str) {
        let want = text.parse::<f64>().unwrap();
        let got = parse(text);
        if want.is_finite() {
            assert_eq!(got.map(f64::to_bits), Some(want.to_bits()), "{text}: {got:?} against {want:e}");
        } else {
            assert_eq!(got, None, "{text}");
        }
    }

    #[test]
    fn hard_cases_round_as_core_does() {
        for t in [
            "0",
            "-0",
            "0.0",
            "-0.0e5",
            "1",
            "-1",
            "0.1",
            "0.3",
            "1.5",
            "123.456",
            "1e22",
            "1e23",
            "9007199254740993",
            "9007199254740995",
            "9007199254740993.0000000000000001",
            "4.9406564584124654e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "2.2250738585072011e-308",
            "2.2250738585072014e-308",
            "2.2250738585072012e-308",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "1e309",
            "1e-400",
            "-1e-400",
            "1e400",
            "123456789012345678901234567890",
            "0.000000000000000000000000000001",
            "1e-324",
            "5e-324",
            "8.98846567431158e307",
            "0.1e1",
            "100000000000000000000000e-10",
            "7.038531e-26",
            "1448997445238699",
            "3.0540412e5",
            "1e0",
            "1E+2",
            "1e-0",
            "2.5e-324",
            "3e-324",
            "1e99999999999999999999",
            "1e-99999999999999999999",
            "0e99999",
            "0.0000e-99999",
        ] {
            same(t);
        }
        // Exactly half of the smallest subnormal rounds to even (zero); anything more rounds up.
        let half = "2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125e-324";
        same(half);
        same(&half.replace("125e-324", "1250000000000000000000000000000000000000000000000001e-324"));
        same(&half.replace("125e-324", "124999999999999999999999999999999999999999999999999e-324"));
        same(&format!("1.{}", "0".repeat(2000)));
        same(&format!("1.{}1", "0".repeat(2000)));
        same(&format!("0.{}1e-2000", "0".repeat(1000)));
        same(&format!("9{}e-500", "9".repeat(1500)));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        #[test]
        fn any_double_written_reads_back(bits in any::<u64>()) {
            let x = f64::from_bits(bits);
            prop_assume!(x.is_finite());
            same(&format!("{x:e}"));
            same(&format!("{x}"));
            same(&format!("{x:.3e}"));
            same(&format!("{x:.25e}"));
        }

        #[test]
        fn any_decimal_rounds_as_core_does(
            negative in any::<bool>(),
            int in "[0-9]{1,40}",
            frac in proptest::option::of("[0-9]{1,40}"),
            exp in proptest::option::of(-400i32..400),
        ) {
            let mut t = format!("{}{int}", if negative { "-" } else { "" });
            if let Some(f) = frac {
                t = format!("{t}.{f}");
            }
            if let Some(e) = exp {
                t = format!("{t}e{e}");
            }
            same(&t);
        }

        #[test]
        fn numbers_near_halfway_round_as_core_does(bits in any::<u64>(), tail in "[0-9]{0,30}") {
            // Near the midpoint between a double and the next, written with many digits, then extended.
            let x = f64::from_bits(bits >> 1);
            let next = f64::from_bits(x.to_bits() + 1);
            prop_assume!(x > 0.0 && next.is_finite());
            let mid = format!("{:.60e}", x / 2.0 + next / 2.0);
            let (m, e) = mid.split_once('e').unwrap();
            same(&format!("{m}{tail}e{e}"));
        }

        #[test]
        fn exact_halfway_points_round_to_even(m in (1u128 << 52)..(1u128 << 53), e in -19i32..=70) {
            // Halfway between m × 2^e and (m + 1) × 2^e: (2m + 1) × 2^(e - 1), written exactly, then a
            // hair above it.
            let (digits, exp) = if e >= 1 {
                (((2 * m + 1) << (e - 1)).to_string(), 0)
            } else {
                let k = (1 - e) as u32;
                (((2 * m + 1) * 5u128.pow(k)).to_string(), k)
            };
            same(&format!("{digits}e-{exp}"));
            same(&format!("{digits}1e-{}", exp + 1));
        }
    }
}
