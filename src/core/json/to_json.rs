//! Rust values written as JSON: the `ToJson` trait and the `json!` macro that builds a [`Value`] as it is
//! written (as `serde_json`'s did, which it replaced). Pure.

use super::{Map, Number, Value, N};

/// What `json!` writes a Rust value as (it takes the value by reference, as `serde_json`'s did).
pub trait ToJson {
    fn to_json(&self) -> Value;
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn to_json(&self) -> Value {
        (**self).to_json()
    }
}

impl ToJson for Value {
    fn to_json(&self) -> Value {
        self.clone()
    }
}

impl ToJson for Map {
    fn to_json(&self) -> Value {
        Value::Object(self.clone())
    }
}

impl ToJson for bool {
    fn to_json(&self) -> Value {
        Value::Bool(*self)
    }
}

impl ToJson for str {
    fn to_json(&self) -> Value {
        Value::String(self.to_owned())
    }
}

impl ToJson for String {
    fn to_json(&self) -> Value {
        Value::String(self.clone())
    }
}

macro_rules! unsigned_to_json {
    ($($t:ty),*) => {$(
        impl ToJson for $t {
            fn to_json(&self) -> Value {
                Value::Number(Number(N::U(*self as u64)))
            }
        }
    )*};
}
unsigned_to_json!(u8, u16, u32, u64, usize);

macro_rules! signed_to_json {
    ($($t:ty),*) => {$(
        impl ToJson for $t {
            fn to_json(&self) -> Value {
                match u64::try_from(*self) {
                    Ok(u) => Value::Number(Number(N::U(u))),
                    Err(_) => Value::Number(Number(N::I(*self as i64))),
                }
            }
        }
    )*};
}
signed_to_json!(i32, i64);

impl ToJson for f64 {
    /// A finite float; `null` otherwise (as `JSON.stringify` writes NaN).
    fn to_json(&self) -> Value {
        Number::from_f64(*self).map_or(Value::Null, Value::Number)
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn to_json(&self) -> Value {
        self.as_ref().map_or(Value::Null, ToJson::to_json)
    }
}

impl<T: ToJson> ToJson for [T] {
    fn to_json(&self) -> Value {
        Value::Array(self.iter().map(ToJson::to_json).collect())
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn to_json(&self) -> Value {
        self.as_slice().to_json()
    }
}

impl<T: ToJson, const K: usize> ToJson for [T; K] {
    fn to_json(&self) -> Value {
        self.as_slice().to_json()
    }
}

/// A JSON value written as JSON: `json!({ "type": "start", "id": id, "payload": { "query": q } })`,
/// `json!([a, b])`, `json!(null)`, `json!(expr)` for anything [`ToJson`] (taken by reference). A member's value runs
/// to the next comma; objects and arrays may nest; members are kept as written (a key is not looked for).
macro_rules! json {
    (null) => { $crate::core::json::Value::Null };
    ([]) => { $crate::core::json::Value::Array(::std::vec::Vec::new()) };
    ([ $($tt:tt)+ ]) => {
        $crate::core::json::Value::Array($crate::core::json::json!(@array [] () ($($tt)+)))
    };
    ({}) => { $crate::core::json::Value::Object($crate::core::json::Map::new()) };
    ({ $($tt:tt)+ }) => {{
        let mut map = $crate::core::json::Map::new();
        $crate::core::json::json!(@object map ($($tt)+));
        $crate::core::json::Value::Object(map)
    }};
    // An array's items, each gathered up to the next comma.
    (@array [$($done:expr),*] ($($item:tt)+) ()) => {
        ::std::vec![$($done,)* $crate::core::json::json!($($item)+)]
    };
    (@array [$($done:expr),*] ($($item:tt)+) (, $($rest:tt)*)) => {
        $crate::core::json::json!(@array [$($done,)* $crate::core::json::json!($($item)+)] () ($($rest)*))
    };
    (@array [$($done:expr),*] () ()) => { ::std::vec![$($done),*] };
    (@array [$($done:expr),*] ($($item:tt)*) ($next:tt $($rest:tt)*)) => {
        $crate::core::json::json!(@array [$($done),*] ($($item)* $next) ($($rest)*))
    };
    // An object's members: a key, a colon, a value up to the next comma.
    (@object $map:ident ()) => {};
    (@object $map:ident ($key:literal : $($rest:tt)+)) => {
        $crate::core::json::json!(@member $map $key () ($($rest)+));
    };
    (@member $map:ident $key:literal ($($v:tt)+) ()) => {
        $map.push(::std::string::String::from($key), $crate::core::json::json!($($v)+));
    };
    (@member $map:ident $key:literal ($($v:tt)+) (, $($rest:tt)*)) => {
        $map.push(::std::string::String::from($key), $crate::core::json::json!($($v)+));
        $crate::core::json::json!(@object $map ($($rest)*));
    };
    (@member $map:ident $key:literal ($($v:tt)*) ($next:tt $($rest:tt)*)) => {
        $crate::core::json::json!(@member $map $key ($($v)* $next) ($($rest)*));
    };
    ($other:expr) => { $crate::core::json::ToJson::to_json(&$other) };
}
pub(crate) use json;
