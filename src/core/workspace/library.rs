//! The message library: named messages with their format and tags, kept in the user's order; search,
//! rename, duplicate, reorder, delete with undo, and a JSON file to import and export. Pure.

use crate::core::json::{json, Value};

use crate::core::choice::Choice;
use crate::core::fold::fold;
use crate::core::payload::SendFormat;

/// The longest item name.
pub const ITEM_NAME_MAX: usize = 100;
/// The most items.
pub const ITEMS_MAX: usize = 5_000;
/// The longest body kept in the library.
pub const BODY_MAX: usize = 1024 * 1024;
/// The most tags on an item, and the longest tag.
pub const TAGS_MAX: usize = 16;
pub const TAG_MAX: usize = 40;

/// One saved message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub name: String,
    pub format: SendFormat,
    pub body: String,
    pub tags: Vec<String>,
}

/// The saved messages, in order, and the last one deleted (for undo).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Library {
    items: Vec<Item>,
    deleted: Option<(usize, Item)>,
}

/// Whether a save added an item or replaced one of the same name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Saved {
    Added,
    Replaced,
}

/// A name as the library keeps it, or why it cannot be one.
pub fn clean_name(name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("Give the message a name first (library-name-input).".to_owned());
    }
    if name.chars().count() > ITEM_NAME_MAX {
        return Err(format!("A library name is at most {ITEM_NAME_MAX} characters."));
    }
    Ok(name.to_owned())
}

/// Tags from a comma-separated list: trimmed, non-empty, each at most `TAG_MAX`, at most `TAGS_MAX`.
pub fn parse_tags(text: &str) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for t in text.split(',').map(str::trim).filter(|t| !t.is_empty()) {
        let t: String = t.chars().take(TAG_MAX).collect();
        if !tags.contains(&t) && tags.len() < TAGS_MAX {
            tags.push(t);
        }
    }
    tags
}

impl Library {
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    pub fn get(&self, name: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.name == name)
    }

    fn position(&self, name: &str) -> Option<usize> {
        self.items.iter().position(|i| i.name == name)
    }

    /// Saves `body` in `format` under `name`; an item of that name is replaced in place (keeping its tags
    /// unless `tags` are given).
    pub fn save(
        &mut self,
        name: &str,
        format: SendFormat,
        body: &str,
        tags: Option<Vec<String>>,
    ) -> Result<Saved, String> {
        let name = clean_name(name)?;
        if body.len() > BODY_MAX {
            return Err("A library message is at most 1 MB: send bigger ones as files.".to_owned());
        }
        if let Some(i) = self.position(&name) {
            let item = &mut self.items[i];
            item.format = format;
            item.body = body.to_owned();
            if let Some(tags) = tags {
                item.tags = tags;
            }
            return Ok(Saved::Replaced);
        }
        if self.items.len() >= ITEMS_MAX {
            return Err(format!("The library is full ({ITEMS_MAX} messages): delete some first."));
        }
        self.items.push(Item { name, format, body: body.to_owned(), tags: tags.unwrap_or_default() });
        Ok(Saved::Added)
    }

    /// Deletes `name`; `undo` brings it back where it was.
    pub fn delete(&mut self, name: &str) -> Option<Item> {
        let i = self.position(name)?;
        let item = self.items.remove(i);
        self.deleted = Some((i, item.clone()));
        Some(item)
    }

    /// The item `undo` would bring back.
    pub fn deleted(&self) -> Option<&Item> {
        self.deleted.as_ref().map(|(_, item)| item)
    }

    /// Brings back the last deleted item (under a free name if its own was taken since).
    pub fn undo(&mut self) -> Option<String> {
        let (at, mut item) = self.deleted.take()?;
        if self.position(&item.name).is_some() {
            item.name = self.free_name(&item.name);
        }
        let name = item.name.clone();
        self.items.insert(at.min(self.items.len()), item);
        Some(name)
    }

    /// Renames `from` to `to`.
    pub fn rename(&mut self, from: &str, to: &str) -> Result<String, String> {
        let to = clean_name(to)?;
        let i = self.position(from).ok_or_else(|| format!("No library message is named {from:?}."))?;
        if to != from && self.position(&to).is_some() {
            return Err(format!("A library message is already named {to:?}."));
        }
        self.items[i].name = to.clone();
        Ok(to)
    }

    /// Sets the tags of `name`.
    pub fn set_tags(&mut self, name: &str, tags: Vec<String>) -> bool {
        let Some(i) = self.position(name) else { return false };
        self.items[i].tags = tags;
        true
    }

    fn free_name(&self, base: &str) -> String {
        let stem: String = base.chars().take(ITEM_NAME_MAX - 8).collect();
        let mut n = 1;
        loop {
            let candidate = if n == 1 { format!("{stem} copy") } else { format!("{stem} copy {n}") };
            if self.position(&candidate).is_none() {
                return candidate;
            }
            n += 1;
        }
    }

    /// Copies `name` right after itself as "<name> copy"; returns the copy's name.
    pub fn duplicate(&mut self, name: &str) -> Result<String, String> {
        let i = self.position(name).ok_or_else(|| format!("No library message is named {name:?}."))?;
        if self.items.len() >= ITEMS_MAX {
            return Err(format!("The library is full ({ITEMS_MAX} messages): delete some first."));
        }
        let mut copy = self.items[i].clone();
        copy.name = self.free_name(name);
        let new_name = copy.name.clone();
        self.items.insert(i + 1, copy);
        Ok(new_name)
    }

    /// Moves `name` by `by` places (negative: up), clamped to the list.
    pub fn move_by(&mut self, name: &str, by: i64) -> bool {
        let Some(i) = self.position(name) else { return false };
        let to = (i as i64 + by).clamp(0, self.items.len() as i64 - 1) as usize;
        if to == i {
            return false;
        }
        let item = self.items.remove(i);
        self.items.insert(to, item);
        true
    }

    /// Moves `name` to just before `before` (or to the end): a drag and drop.
    pub fn move_before(&mut self, name: &str, before: Option<&str>) -> bool {
        let Some(i) = self.position(name) else { return false };
        if before == Some(name) {
            return false;
        }
        let item = self.items.remove(i);
        let at = before.and_then(|b| self.position(b)).unwrap_or(self.items.len());
        self.items.insert(at, item);
        true
    }

    /// The items whose name, tags or body contain `search` (case-insensitive); `#tag` matches a tag
    /// exactly.
    pub fn matching<'a>(&'a self, search: &'a str) -> impl Iterator<Item = &'a Item> + 'a {
        let search = search.trim();
        let lower = fold(search);
        let tag = search.strip_prefix('#').map(fold);
        self.items.iter().filter(move |item| match &tag {
            Some(tag) => item.tags.iter().any(|t| fold(t) == *tag),
            None => {
                lower.is_empty()
                    || fold(&item.name).contains(&lower)
                    || item.tags.iter().any(|t| fold(t).contains(&lower))
                    || fold(crate::core::payload::text_head(&item.body, 64 * 1024)).contains(&lower)
            }
        })
    }

    /// Every tag in use, sorted.
    pub fn tags(&self) -> Vec<String> {
        // Each put in its place (a library has tens of tags; a sort's code is kilobytes).
        let mut tags: Vec<String> = Vec::new();
        for tag in self.items.iter().flat_map(|i| i.tags.iter()) {
            if let Err(at) = tags.binary_search(tag) {
                tags.insert(at, tag.clone());
            }
        }
        tags
    }

    /// The items as JSON values (for the library file and the workspace).
    pub fn to_json(items: &[Item]) -> Value {
        Value::Array(
            items
                .iter()
                .map(
                    |i| json!({ "name": i.name, "format": i.format.value(), "body": i.body, "tags": i.tags }),
                )
                .collect(),
        )
    }

    /// The library file: `{"sockpit": "library", "version": 1, "items": [...]}`.
    pub fn export(&self) -> String {
        let doc = json!({ "sockpit": "library", "version": 1, "items": Library::to_json(&self.items) });
        doc.to_pretty()
    }

    /// Reads items from JSON values; each that cannot be read is named in the errors.
    pub fn items_from_json(value: &Value) -> (Vec<Item>, Vec<String>) {
        let mut items = Vec::new();
        let mut errors = Vec::new();
        let Some(list) = value.as_array() else {
            return (items, vec!["the items are not a list".to_owned()]);
        };
        for (n, v) in list.iter().enumerate().take(ITEMS_MAX) {
            let name = v.get("name").and_then(Value::as_str).map(clean_name);
            let format = v.get("format").and_then(Value::as_str).and_then(SendFormat::from_value);
            let body = v.get("body").and_then(Value::as_str);
            match (name, format, body) {
                (Some(Ok(name)), Some(format), Some(body)) if body.len() <= BODY_MAX => {
                    let tags = v
                        .get("tags")
                        .and_then(Value::as_array)
                        .map(|t| {
                            parse_tags(&t.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(","))
                        })
                        .unwrap_or_default();
                    items.push(Item { name, format, body: body.to_owned(), tags });
                }
                _ => errors.push(format!(
                    "item {} (a name, a known format and a body of at most 1 MB are needed)",
                    n + 1
                )),
            }
        }
        if list.len() > ITEMS_MAX {
            errors.push(format!("{} items over the limit of {ITEMS_MAX}", list.len() - ITEMS_MAX));
        }
        (items, errors)
    }

    /// Adds items (replacing those of the same name); returns how many were added and replaced.
    pub fn merge(&mut self, items: Vec<Item>) -> (usize, usize) {
        let (mut added, mut replaced) = (0, 0);
        for item in items {
            match self.save(&item.name, item.format, &item.body, Some(item.tags)) {
                Ok(Saved::Added) => added += 1,
                Ok(Saved::Replaced) => replaced += 1,
                Err(_) => {}
            }
        }
        (added, replaced)
    }

    /// Reads a library file (or a workspace file's library); says what it could not read.
    pub fn import(&mut self, text: &str) -> Result<(usize, usize, Vec<String>), String> {
        let doc: Value =
            crate::core::json::from_str(text).map_err(|e| format!("The file is not JSON: {e}."))?;
        let list = match doc.get("items").or_else(|| doc.get("library")) {
            Some(list) => list,
            None if doc.is_array() => &doc,
            None => return Err("The file has no library items.".to_owned()),
        };
        let (items, errors) = Library::items_from_json(list);
        let (added, replaced) = self.merge(items);
        Ok((added, replaced, errors))
    }

    /// Replaces every item (a restore).
    pub fn replace_all(&mut self, items: Vec<Item>) {
        self.items = items;
        self.items.truncate(ITEMS_MAX);
        self.deleted = None;
    }
}
