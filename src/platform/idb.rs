//! The browser's database (IndexedDB) through web-sys directly: one database, `sockpit`, with a `kv`
//! store (the settings record) and a `log` store (a record per entry, keyed by its number: its fields as
//! JSON and, for a binary payload, a Blob). Each request is awaited as a Promise whose resolve and reject
//! are the request's own handlers, so no Rust closure outlives its call. Browser effect.
//!
//! Why web-sys rather than a wrapper crate (`rexie`, `idb`, `indexed_db_futures`): the app needs five
//! operations, a Blob per binary entry and exact control of transactions; web-sys is already compiled in,
//! adds nothing to the download, and its errors (VersionError, QuotaExceededError) reach us unchanged.

use js_sys::{Array, Promise, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, IdbDatabase, IdbKeyRange, IdbObjectStore, IdbRequest, IdbTransaction, IdbTransactionMode,
};

/// The database's name and schema version (a new store or index means a new version, with its
/// upgrade in `open`).
pub const DB_NAME: &str = "sockpit";
pub const DB_VERSION: u32 = 1;
const KV: &str = "kv";
const LOG: &str = "log";

/// Why the database cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DbError {
    /// A newer Sockpit made it (its version is higher than ours).
    Newer,
    /// The quota is exceeded.
    Full(String),
    /// Missing (some private modes), blocked, or failing.
    Unavailable(String),
}

impl std::fmt::Display for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DbError::Newer => write!(f, "the stored workspace was written by a newer Sockpit"),
            DbError::Full(e) => write!(f, "the browser's storage is full ({e})"),
            DbError::Unavailable(e) => write!(f, "the browser's database is unavailable ({e})"),
        }
    }
}

fn describe(e: &JsValue) -> DbError {
    let name = js_sys::Reflect::get(e, &"name".into()).ok().and_then(|n| n.as_string());
    let message = js_sys::Reflect::get(e, &"message".into()).ok().and_then(|m| m.as_string());
    let text = match (&name, &message) {
        (Some(n), Some(m)) if !m.is_empty() => format!("{n}: {m}"),
        (Some(n), _) => n.clone(),
        _ => e.as_string().unwrap_or_else(|| "unknown error".to_owned()),
    };
    match name.as_deref() {
        Some("VersionError") => DbError::Newer,
        Some("QuotaExceededError") => DbError::Full(text),
        _ => DbError::Unavailable(text),
    }
}

/// The error behind a failed request's event (or the thrown value itself).
fn error_of(v: JsValue) -> DbError {
    let target = js_sys::Reflect::get(&v, &"target".into()).ok().filter(|t| !t.is_undefined());
    let error = target
        .as_ref()
        .and_then(|t| js_sys::Reflect::get(t, &"error".into()).ok())
        .filter(|e| !e.is_null() && !e.is_undefined());
    describe(&error.unwrap_or(v))
}

/// Awaits a request: its result, or its error.
async fn done(req: &IdbRequest) -> Result<JsValue, DbError> {
    let promise = Promise::new(&mut |resolve, reject| {
        req.set_onsuccess(Some(&resolve));
        req.set_onerror(Some(&reject));
    });
    let outcome = JsFuture::from(promise).await;
    req.set_onsuccess(None);
    req.set_onerror(None);
    outcome.map_err(error_of)?;
    req.result().map_err(|e| describe(&e))
}

/// Awaits a transaction's end.
pub async fn committed(tx: &IdbTransaction) -> Result<(), DbError> {
    let promise = Promise::new(&mut |resolve, reject| {
        tx.set_oncomplete(Some(&resolve));
        tx.set_onerror(Some(&reject));
        tx.set_onabort(Some(&reject));
    });
    let outcome = JsFuture::from(promise).await;
    tx.set_oncomplete(None);
    tx.set_onerror(None);
    tx.set_onabort(None);
    match outcome {
        Ok(_) => Ok(()),
        Err(e) => Err(tx.error().map(|d| describe(&d.into())).unwrap_or_else(|| error_of(e))),
    }
}

/// Opens (creating or upgrading) the database.
pub async fn open() -> Result<IdbDatabase, DbError> {
    let window = web_sys::window().ok_or_else(|| DbError::Unavailable("no window".into()))?;
    let factory = window
        .indexed_db()
        .map_err(|e| describe(&e))?
        .ok_or_else(|| DbError::Unavailable("this browser (or mode) has no IndexedDB".into()))?;
    let req = factory.open_with_u32(DB_NAME, DB_VERSION).map_err(|e| describe(&e))?;
    // The upgrade runs inside the open request, before its success: kept alive until then.
    let upgrade = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::Event)>::new({
        let req = req.clone();
        move |_e: web_sys::Event| {
            if let Ok(db) = req.result().and_then(|r| r.dyn_into::<IdbDatabase>()) {
                let names = db.object_store_names();
                if !names.contains(KV) {
                    let _ = db.create_object_store(KV);
                }
                if !names.contains(LOG) {
                    let _ = db.create_object_store(LOG);
                }
            }
        }
    });
    req.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let result = done(&req).await;
    req.set_onupgradeneeded(None);
    drop(upgrade);
    result?.dyn_into::<IdbDatabase>().map_err(|_| DbError::Unavailable("open gave no database".into()))
}

fn store(db: &IdbDatabase, names: &[&str], mode: IdbTransactionMode) -> Result<IdbTransaction, DbError> {
    let list = Array::new();
    for n in names {
        list.push(&JsValue::from_str(n));
    }
    // Relaxed: a commit does not wait for the disk to confirm (measured here: ~200 ms per strict commit).
    // A crash of the whole machine may lose the last second; a crash of the tab loses nothing written.
    // (web-sys has the options only behind its unstable flag: the call is made through JS.)
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"durability".into(), &"relaxed".into());
    let mode = if mode == IdbTransactionMode::Readwrite { "readwrite" } else { "readonly" };
    let transaction = js_sys::Reflect::get(db, &"transaction".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or_else(|| DbError::Unavailable("no transaction()".into()))?;
    transaction
        .call3(db, &list, &mode.into(), &options)
        .map_err(|e| describe(&e))?
        .dyn_into::<IdbTransaction>()
        .map_err(|_| DbError::Unavailable("transaction() gave no transaction".into()))
}

fn object(tx: &IdbTransaction, name: &str) -> Result<IdbObjectStore, DbError> {
    tx.object_store(name).map_err(|e| describe(&e))
}

/// The settings record's text, if any.
pub async fn settings(db: &IdbDatabase) -> Result<Option<String>, DbError> {
    let tx = store(db, &[KV], IdbTransactionMode::Readonly)?;
    let req = object(&tx, KV)?
        .get(&JsValue::from_str(crate::core::store::SETTINGS_KEY))
        .map_err(|e| describe(&e))?;
    let value = done(&req).await?;
    Ok(value.as_string())
}

/// The number of log records.
pub async fn log_count(db: &IdbDatabase) -> Result<u32, DbError> {
    let tx = store(db, &[LOG], IdbTransactionMode::Readonly)?;
    let req = object(&tx, LOG)?.count().map_err(|e| describe(&e))?;
    Ok(done(&req).await?.as_f64().unwrap_or(0.0) as u32)
}

/// One log record read back: its number, fields and (binary) bytes; or the record as it was, unreadable.
pub enum Record {
    Entry { seq: u64, json: String, bytes: Option<Vec<u8>> },
    Unreadable(String),
}

/// Up to `limit` log records numbered `from` or later, in order.
pub async fn log_chunk(db: &IdbDatabase, from: u64, limit: u32) -> Result<Vec<Record>, DbError> {
    let tx = store(db, &[LOG], IdbTransactionMode::Readonly)?;
    let log = object(&tx, LOG)?;
    let range = IdbKeyRange::lower_bound(&JsValue::from_f64(from as f64)).map_err(|e| describe(&e))?;
    let keys = done(&log.get_all_keys_with_key_and_limit(&range, limit).map_err(|e| describe(&e))?).await?;
    let values = done(&log.get_all_with_key_and_limit(&range, limit).map_err(|e| describe(&e))?).await?;
    let (keys, values) = (Array::from(&keys), Array::from(&values));
    let mut out = Vec::with_capacity(values.length() as usize);
    for (k, v) in keys.iter().zip(values.iter()) {
        let seq = k.as_f64().filter(|s| *s >= 0.0 && s.fract() == 0.0).map(|s| s as u64);
        let json = js_sys::Reflect::get(&v, &"json".into()).ok().and_then(|j| j.as_string());
        let blob = js_sys::Reflect::get(&v, &"blob".into()).ok().and_then(|b| b.dyn_into::<Blob>().ok());
        match (seq, json) {
            (Some(seq), Some(json)) => {
                let bytes = match blob {
                    Some(blob) => match JsFuture::from(blob.array_buffer()).await {
                        Ok(buf) => Some(Uint8Array::new(&buf).to_vec()),
                        Err(_) => {
                            out.push(Record::Unreadable(json));
                            continue;
                        }
                    },
                    None => None,
                };
                out.push(Record::Entry { seq, json, bytes });
            }
            (_, json) => out.push(Record::Unreadable(
                json.or_else(|| js_sys::JSON::stringify(&v).ok().and_then(|s| s.as_string()))
                    .unwrap_or_default(),
            )),
        }
    }
    Ok(out)
}

/// What one write does: the settings (if changed), log records to put, and the log's records to drop
/// (all of them, or those numbered below a number).
#[derive(Default)]
pub struct Write {
    pub settings: Option<String>,
    pub clear_log: bool,
    pub drop_below: Option<u64>,
    pub records: Vec<(u64, String, Option<Vec<u8>>)>,
}

/// Runs `w` in one transaction and waits for it to commit.
pub async fn write(db: &IdbDatabase, w: Write) -> Result<(), DbError> {
    let tx = issue(db, w)?;
    committed(&tx).await
}

/// Issues `w`'s requests in one transaction, at once (the caller times this part); `committed` waits
/// for it.
pub fn issue(db: &IdbDatabase, w: Write) -> Result<IdbTransaction, DbError> {
    let tx = store(db, &[KV, LOG], IdbTransactionMode::Readwrite)?;
    let (kv, log) = (object(&tx, KV)?, object(&tx, LOG)?);
    let fail = |e: JsValue| {
        let _ = tx.abort();
        describe(&e)
    };
    if let Some(settings) = &w.settings {
        kv.put_with_key(&JsValue::from_str(settings), &JsValue::from_str(crate::core::store::SETTINGS_KEY))
            .map_err(fail)?;
    }
    if w.clear_log {
        log.clear().map_err(fail)?;
    }
    if let Some(below) = w.drop_below {
        let range =
            IdbKeyRange::upper_bound_with_open(&JsValue::from_f64(below as f64), true).map_err(fail)?;
        log.delete(&range).map_err(fail)?;
    }
    for (seq, json, bytes) in w.records {
        let record = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&record, &"json".into(), &JsValue::from_str(&json));
        if let Some(bytes) = bytes {
            let parts = Array::of1(&Uint8Array::from(bytes.as_slice()));
            let blob = Blob::new_with_u8_array_sequence(&parts).map_err(fail)?;
            let _ = js_sys::Reflect::set(&record, &"blob".into(), &blob);
        }
        log.put_with_key(&record, &JsValue::from_f64(seq as f64)).map_err(fail)?;
    }
    Ok(tx)
}
