//! CBOR (RFC 8949) read into a `Value`. Pure.

use super::{capacity, deeper, Reader, Value, ENDS_EARLY};

const BREAK: u8 = 0xff;

/// An item's argument: the additional information itself, or the 1, 2, 4 or 8 bytes after it.
fn cbor_argument(r: &mut Reader, info: u8) -> Result<u64, String> {
    match info {
        0..=23 => Ok(u64::from(info)),
        24..=27 => r.uint(1 << (info - 24)),
        _ => Err(format!("reserved additional information {info}")),
    }
}

pub(super) fn value(r: &mut Reader, depth: usize) -> Result<Value, String> {
    let inner = deeper(depth)?;
    let initial = r.byte()?;
    let (major, info) = (initial >> 5, initial & 0x1f);
    if major == 7 {
        return cbor_simple(r, info);
    }
    if info == 31 {
        return cbor_indefinite(r, major, inner);
    }
    let n = cbor_argument(r, info)?;
    Ok(match major {
        0 => Value::Integer(i128::from(n)),
        1 => Value::Integer(-1 - i128::from(n)),
        2 => Value::Bytes(r.take(n)?.to_vec()),
        3 => Value::Text(cbor_text(r.take(n)?)?.to_owned()),
        4 => {
            let mut items = Vec::with_capacity(capacity(n, r, 1));
            for _ in 0..n {
                items.push(value(r, inner)?);
            }
            Value::Array(items)
        }
        5 => {
            let mut entries = Vec::with_capacity(capacity(n, r, 2));
            for _ in 0..n {
                let k = value(r, inner)?;
                entries.push((k, value(r, inner)?));
            }
            Value::Map(entries)
        }
        _ => {
            // Whether the tag holds a definite-length byte string: only such a one is read as a bignum.
            let definite_bytes = r.peek().is_some_and(|b| b >> 5 == 2 && b & 0x1f != 31);
            match (n, value(r, inner)?) {
                (2 | 3, Value::Bytes(b)) if definite_bytes && b.len() <= 16 => bignum(n == 3, &b)?,
                (tag, held) => Value::Tag(tag, Box::new(held)),
            }
        }
    })
}

fn cbor_text(b: &[u8]) -> Result<&str, String> {
    std::str::from_utf8(b).map_err(|_| "a text string that is not UTF-8".to_owned())
}

/// A bignum (tag 2, or 3 for `negative`) of at most 16 bytes, as ciborium reads one: the integer it stands
/// for when that fits 64 bits, else the tag around its bytes without their leading zeros; a negative one
/// past 128 bits is refused. (Longer byte strings, and ones in chunks, stay tags around their bytes.)
fn bignum(negative: bool, b: &[u8]) -> Result<Value, String> {
    let digits: &[u8] = &b[b.iter().take_while(|&&x| x == 0).count()..];
    let raw = digits.iter().fold(0u128, |acc, &x| (acc << 8) | u128::from(x));
    if negative && raw > i128::MAX as u128 {
        return Err("a negative bignum past 128 bits".to_owned());
    }
    Ok(match u64::try_from(raw) {
        Ok(n) => Value::Integer(if negative { -1 - i128::from(n) } else { i128::from(n) }),
        Err(_) => Value::Tag(if negative { 3 } else { 2 }, Box::new(Value::Bytes(digits.to_vec()))),
    })
}

/// Byte and text strings in chunks, arrays and maps, each up to a break.
fn cbor_indefinite(r: &mut Reader, major: u8, inner: usize) -> Result<Value, String> {
    let at_break = |r: &mut Reader| -> Result<bool, String> {
        match r.peek() {
            Some(BREAK) => {
                r.at += 1;
                Ok(true)
            }
            Some(_) => Ok(false),
            None => Err(ENDS_EARLY.to_owned()),
        }
    };
    match major {
        2 | 3 => {
            let mut joined = Vec::new();
            while !at_break(r)? {
                let initial = r.byte()?;
                if initial >> 5 != major || initial & 0x1f == 31 {
                    return Err("a chunk of another type inside an indefinite-length string".into());
                }
                let n = cbor_argument(r, initial & 0x1f)?;
                let chunk = r.take(n)?;
                if major == 3 {
                    cbor_text(chunk)?;
                }
                joined.extend_from_slice(chunk);
            }
            Ok(if major == 2 { Value::Bytes(joined) } else { Value::Text(cbor_text(&joined)?.to_owned()) })
        }
        4 => {
            let mut items = Vec::new();
            while !at_break(r)? {
                items.push(value(r, inner)?);
            }
            Ok(Value::Array(items))
        }
        5 => {
            let mut entries = Vec::new();
            while !at_break(r)? {
                let k = value(r, inner)?;
                entries.push((k, value(r, inner)?));
            }
            Ok(Value::Map(entries))
        }
        _ => Err(format!("an indefinite length on major type {major}")),
    }
}

/// Major type 7: false, true, null, undefined and floats (other simple values are not shown).
fn cbor_simple(r: &mut Reader, info: u8) -> Result<Value, String> {
    Ok(match info {
        20 => Value::Bool(false),
        21 => Value::Bool(true),
        22 | 23 => Value::Null,
        25 => Value::Float(half(r.uint(2)? as u16)),
        26 => Value::Float(f64::from(f32::from_bits(r.uint(4)? as u32))),
        27 => Value::Float(f64::from_bits(r.uint(8)?)),
        31 => return Err("a break outside an indefinite-length item".into()),
        _ => return Err(format!("simple value {info} has no meaning here")),
    })
}

/// An IEEE 754 half-precision float.
fn half(bits: u16) -> f64 {
    let sign = if bits & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exponent = i32::from((bits >> 10) & 0x1f);
    let fraction = f64::from(bits & 0x3ff);
    sign * match exponent {
        0 => fraction * 2f64.powi(-24),
        31 if fraction == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        _ => (1.0 + fraction / 1024.0) * 2f64.powi(exponent - 15),
    }
}
