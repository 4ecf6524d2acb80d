//! One tab at a time keeps the workspace: a Web Lock (`navigator.locks`) held for the tab's life. A second
//! tab of Sockpit does not get it and works in memory, so two tabs never write over each other. Browser
//! effect.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The lock's name, shared by every Sockpit tab of this origin.
pub const LOCK_NAME: &str = "sockpit-workspace";

/// The held lock: released when dropped (or when the tab goes).
pub struct TabLock {
    release: Rc<RefCell<Option<Function>>>,
    _granted: Option<Closure<dyn FnMut(JsValue) -> Promise>>,
}

impl Drop for TabLock {
    fn drop(&mut self) {
        if let Some(release) = self.release.borrow_mut().take() {
            let _ = release.call0(&JsValue::NULL);
        }
    }
}

/// Takes the lock if no other tab holds it: `Some` when this tab keeps the workspace. A browser without
/// Web Locks gets `Some` too (nothing to coordinate with).
pub async fn acquire() -> Option<TabLock> {
    let release: Rc<RefCell<Option<Function>>> = Rc::default();
    let navigator = web_sys::window()?.navigator();
    let locks = Reflect::get(&navigator, &"locks".into()).ok().filter(|l| !l.is_undefined());
    let Some(locks) = locks else { return Some(TabLock { release, _granted: None }) };
    let request = Reflect::get(&locks, &"request".into()).ok()?.dyn_into::<Function>().ok()?;
    let mut decide: Option<Function> = None;
    let decided = Promise::new(&mut |resolve, _| decide = Some(resolve));
    let decide = decide?;
    let granted = Closure::<dyn FnMut(JsValue) -> Promise>::new({
        let release = release.clone();
        move |lock: JsValue| {
            let got = !lock.is_null() && !lock.is_undefined();
            let _ = decide.call1(&JsValue::NULL, &JsValue::from_bool(got));
            if got {
                // Held until `release` is called: when the TabLock is dropped, or the tab closes.
                Promise::new(&mut |resolve, _| *release.borrow_mut() = Some(resolve))
            } else {
                Promise::resolve(&JsValue::NULL)
            }
        }
    });
    let options = js_sys::Object::new();
    Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE).ok()?;
    let _ = request.call3(&locks, &LOCK_NAME.into(), &options, granted.as_ref().unchecked_ref());
    let got = JsFuture::from(decided).await.ok()?.as_bool().unwrap_or(false);
    got.then(|| TabLock { release, _granted: Some(granted) })
}
