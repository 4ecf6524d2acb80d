//! MessagePack (msgpack/spec.md) read into a `Value`. Pure.

use super::{capacity, deeper, text_or_bytes, Reader, Value};

pub(super) fn value(r: &mut Reader, depth: usize) -> Result<Value, String> {
    let inner = deeper(depth)?;
    let b = r.byte()?;
    Ok(match b {
        0x00..=0x7f => Value::Integer(i128::from(b)),
        0x80..=0x8f => msgpack_map(r, u64::from(b & 0x0f), inner)?,
        0x90..=0x9f => msgpack_array(r, u64::from(b & 0x0f), inner)?,
        0xa0..=0xbf => text_or_bytes(r.take(u64::from(b & 0x1f))?),
        0xc0 => Value::Null,
        0xc1 => return Err("0xc1 is never used".into()),
        0xc2 => Value::Bool(false),
        0xc3 => Value::Bool(true),
        0xc4..=0xc6 => {
            let n = r.uint(1 << (b - 0xc4))?;
            Value::Bytes(r.take(n)?.to_vec())
        }
        0xc7..=0xc9 => {
            let n = r.uint(1 << (b - 0xc7))?;
            extension(r, n)?
        }
        0xca => Value::Float(f64::from(f32::from_bits(r.uint(4)? as u32))),
        0xcb => Value::Float(f64::from_bits(r.uint(8)?)),
        0xcc..=0xcf => Value::Integer(i128::from(r.uint(1 << (b - 0xcc))?)),
        0xd0..=0xd3 => {
            let bytes = 1u32 << (b - 0xd0);
            let n = r.uint(u64::from(bytes))?;
            // Sign-extend from the top bit of the `bytes`-byte number.
            let shift = 64 - 8 * bytes;
            Value::Integer(i128::from(((n << shift) as i64) >> shift))
        }
        0xd4..=0xd8 => extension(r, 1 << (b - 0xd4))?,
        0xd9..=0xdb => {
            let n = r.uint(1 << (b - 0xd9))?;
            text_or_bytes(r.take(n)?)
        }
        0xdc | 0xdd => {
            let n = r.uint(if b == 0xdc { 2 } else { 4 })?;
            msgpack_array(r, n, inner)?
        }
        0xde | 0xdf => {
            let n = r.uint(if b == 0xde { 2 } else { 4 })?;
            msgpack_map(r, n, inner)?
        }
        0xe0..=0xff => Value::Integer(i128::from(b as i8)),
    })
}

/// An extension: its type and bytes, as `[type, bytes]`.
fn extension(r: &mut Reader, n: u64) -> Result<Value, String> {
    let kind = r.byte()? as i8;
    Ok(Value::Array(vec![Value::Integer(i128::from(kind)), Value::Bytes(r.take(n)?.to_vec())]))
}

fn msgpack_array(r: &mut Reader, n: u64, inner: usize) -> Result<Value, String> {
    let mut items = Vec::with_capacity(capacity(n, r, 1));
    for _ in 0..n {
        items.push(value(r, inner)?);
    }
    Ok(Value::Array(items))
}

fn msgpack_map(r: &mut Reader, n: u64, inner: usize) -> Result<Value, String> {
    let mut entries = Vec::with_capacity(capacity(n, r, 2));
    for _ in 0..n {
        let k = value(r, inner)?;
        entries.push((k, value(r, inner)?));
    }
    Ok(Value::Map(entries))
}
