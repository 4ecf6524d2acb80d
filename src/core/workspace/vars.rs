//! Variables in messages: `{{counter}}`, `{{uuid}}`, `{{now}}`, `{{iso}}`, `{{random A B}}`, and named
//! user or captured variables, expanded when a message is sent; `\{{` is a literal `{{`. Pure.

use std::fmt;

/// The names the page defines itself; a user variable may not take one.
pub const BUILTINS: &[&str] = &["counter", "uuid", "now", "iso", "random"];
/// The longest variable name.
pub const NAME_MAX: usize = 64;
/// The longest message an expansion may make (as a sent file).
pub const EXPANDED_MAX: usize = 64 * 1024 * 1024;

/// Why a message could not be expanded (nothing is sent).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VarError {
    /// `{{name}}` names no variable.
    Unknown(String),
    /// A `{{` with no `}}` after it (at this character).
    Unclosed { at: usize },
    /// `{{random …}}` without two integers A ≤ B.
    BadRandom(String),
    /// The message would be longer than `EXPANDED_MAX`.
    TooLong,
}

impl fmt::Display for VarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VarError::Unknown(name) => write!(
                f,
                "Unknown variable {{{{{name}}}}}: define it in the variables (name = value), capture it, or write \\{{{{ for a literal {{{{."
            ),
            VarError::Unclosed { at } => {
                write!(f, "The {{{{ at character {at} has no closing }}}} (write \\{{{{ for a literal {{{{).")
            }
            VarError::BadRandom(args) => {
                write!(f, "{{{{random {args}}}}} needs two integers A ≤ B, as in {{{{random 1 100}}}}.")
            }
            VarError::TooLong => write!(f, "The expanded message would be over 64 MB."),
        }
    }
}

/// A small, fast pseudo-random generator (SplitMix64), seeded by the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// An integer in `[a, b]` (a ≤ b).
    pub fn between(&mut self, a: i64, b: i64) -> i64 {
        let span = (b as i128 - a as i128 + 1) as u128;
        let pick = (self.next_u64() as u128 * span) >> 64;
        (a as i128 + pick as i128) as i64
    }

    /// A random (version 4) UUID.
    pub fn uuid(&mut self) -> String {
        let (hi, lo) = (self.next_u64(), self.next_u64());
        let hi = (hi & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000;
        let lo = (lo & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000;
        format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            hi >> 32,
            (hi >> 16) & 0xFFFF,
            hi & 0xFFFF,
            lo >> 48,
            lo & 0xFFFF_FFFF_FFFF
        )
    }
}

/// What the variables mean for one message.
pub struct Env<'a> {
    pub now_ms: u64,
    /// The value `{{counter}}` takes in this message.
    pub counter: u64,
    pub user: &'a VarMap,
    pub captured: &'a VarMap,
}

/// Variables by name, in the names' order: a list kept sorted. A workspace has tens of variables, and a
/// tree map's code (insertion, balancing, dropping) was kilobytes of the download.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VarMap(Vec<(String, String)>);

impl VarMap {
    pub fn new() -> Self {
        VarMap(Vec::new())
    }

    fn find(&self, name: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(n, _)| n.as_str().cmp(name))
    }

    pub fn get(&self, name: &str) -> Option<&String> {
        self.find(name).ok().map(|i| &self.0[i].1)
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.find(name).is_ok()
    }

    /// Sets `name` to `value`; the value it had, if it had one.
    pub fn insert(&mut self, name: String, value: String) -> Option<String> {
        match self.find(&name) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (name, value));
                None
            }
        }
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// (name, value), in the names' order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &String)> {
        self.0.iter().map(|(n, v)| (n, v))
    }
}

impl<const N: usize> From<[(String, String); N]> for VarMap {
    fn from(pairs: [(String, String); N]) -> Self {
        let mut map = VarMap::new();
        for (n, v) in pairs {
            map.insert(n, v);
        }
        map
    }
}

/// What an expansion made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expanded {
    pub text: String,
    /// Whether `{{counter}}` was used (then the connection's counter moves on).
    pub counted: bool,
}

/// Whether `text` has anything to expand (`{{` or `\{{`): a plain message is sent as it is.
pub fn has_variables(text: &str) -> bool {
    text.contains("{{")
}

/// Expands every `{{…}}` of `template`.
pub fn expand(template: &str, env: &Env, rng: &mut Rng) -> Result<Expanded, VarError> {
    let mut out = String::with_capacity(template.len());
    let mut counted = false;
    let mut rest = template;
    let mut offset = 0;
    while let Some(i) = rest.find("{{") {
        let escaped = rest[..i].ends_with('\\');
        let before = if escaped { &rest[..i - 1] } else { &rest[..i] };
        out.push_str(before);
        if escaped {
            out.push_str("{{");
            rest = &rest[i + 2..];
            offset += i + 2;
            continue;
        }
        let inner_start = i + 2;
        let Some(close) = rest[inner_start..].find("}}") else {
            return Err(VarError::Unclosed { at: template[..offset + i].chars().count() + 1 });
        };
        let inner = rest[inner_start..inner_start + close].trim();
        let value = value_of(inner, env, rng, &mut counted)?;
        if out.len() + value.len() > EXPANDED_MAX {
            return Err(VarError::TooLong);
        }
        out.push_str(&value);
        let used = inner_start + close + 2;
        rest = &rest[used..];
        offset += used;
    }
    out.push_str(rest);
    if out.len() > EXPANDED_MAX {
        return Err(VarError::TooLong);
    }
    Ok(Expanded { text: out, counted })
}

fn value_of(inner: &str, env: &Env, rng: &mut Rng, counted: &mut bool) -> Result<String, VarError> {
    let mut words = inner.split_whitespace();
    let name = words.next().unwrap_or("");
    match name {
        "counter" if words.next().is_none() => {
            *counted = true;
            Ok(env.counter.to_string())
        }
        "uuid" if words.next().is_none() => Ok(rng.uuid()),
        "now" if words.next().is_none() => Ok(env.now_ms.to_string()),
        "iso" if words.next().is_none() => Ok(iso_utc(env.now_ms)),
        "random" => {
            let args: Vec<&str> = words.collect();
            let bad = || VarError::BadRandom(cut(&args.join(" "), 40));
            let [a, b] = args[..] else { return Err(bad()) };
            let (Ok(a), Ok(b)) = (a.parse::<i64>(), b.parse::<i64>()) else { return Err(bad()) };
            if a > b {
                return Err(bad());
            }
            Ok(rng.between(a, b).to_string())
        }
        _ => env
            .user
            .get(inner)
            .or_else(|| env.captured.get(inner))
            .cloned()
            .ok_or_else(|| VarError::Unknown(cut(inner, NAME_MAX))),
    }
}

fn cut(s: &str, chars: usize) -> String {
    match s.char_indices().nth(chars) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

/// `2024-05-06T07:08:09.010Z` for milliseconds since the Unix epoch (UTC): the export's time format.
pub use crate::core::export::utc_text as iso_utc;

/// A user variable, as the variables editor defines it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserVar {
    pub name: String,
    pub value: String,
    /// Marked `secret`: never put in a share link, masked in the preview.
    pub secret: bool,
}

/// Reads the variables editor: one `name = value` a line (`secret name = value` marks it secret);
/// blank lines and lines starting with `#` are skipped. Each bad line is said, by its number.
pub fn parse_user_vars(text: &str) -> (Vec<UserVar>, Vec<String>) {
    let mut vars: Vec<UserVar> = Vec::new();
    let mut errors = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (secret, line) = match line.strip_prefix("secret ") {
            Some(rest) => (true, rest.trim_start()),
            None => (false, line),
        };
        let Some((name, value)) = line.split_once('=') else {
            errors.push(format!("line {}: not `name = value`", i + 1));
            continue;
        };
        let name = name.trim();
        if let Err(why) = check_name(name) {
            errors.push(format!("line {}: {why}", i + 1));
            continue;
        }
        let value = value.strip_prefix(' ').unwrap_or(value).to_owned();
        vars.retain(|v| v.name != name);
        vars.push(UserVar { name: name.to_owned(), value, secret });
    }
    (vars, errors)
}

/// A variable's name: a letter or `_`, then letters, digits, `_`, `-` or `.`; not a built-in.
pub fn check_name(name: &str) -> Result<(), String> {
    let mut chars = name.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    if !first_ok || !chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')) {
        return Err(format!(
            "{:?} is not a variable name (a letter, then letters, digits, _ - .)",
            cut(name, 40)
        ));
    }
    if name.len() > NAME_MAX {
        return Err(format!("a name is at most {NAME_MAX} characters"));
    }
    if BUILTINS.contains(&name) {
        return Err(format!("{name} is built in"));
    }
    Ok(())
}

/// Writes user variables back as the editor's text.
pub fn user_vars_text(vars: &[UserVar]) -> String {
    vars.iter()
        .map(|v| format!("{}{} = {}", if v.secret { "secret " } else { "" }, v.name, v.value))
        .collect::<Vec<_>>()
        .join("\n")
}
