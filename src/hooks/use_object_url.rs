//! `use_object_url`: a `blob:` URL of an entry's binary payload for as long as the component shows it;
//! revoked when the entry changes or the component goes. Browser effect.

use yew::prelude::*;

use super::WorkbenchHandle;
use crate::core::payload::Payload;
use crate::platform::object_url::ObjectUrl;

/// The URL of entry `seq`'s bytes (log epoch `epoch`) typed `mime`, once made.
#[hook]
pub fn use_object_url(wb: &WorkbenchHandle, seq: u64, epoch: u64, mime: &'static str) -> Option<String> {
    let src = use_state(|| None::<String>);
    let owned = use_mut_ref(|| None::<ObjectUrl>);
    {
        let (src, owned, wb) = (src.clone(), owned.clone(), wb.clone());
        use_effect_with((seq, epoch), move |&(seq, _)| {
            let url = match wb.model().log.by_seq(seq).and_then(|e| e.kind.payload()) {
                Some(Payload::Binary(b)) => ObjectUrl::new(&b.all(), mime),
                _ => None,
            };
            src.set(url.as_ref().map(|u| u.as_str().to_owned()));
            *owned.borrow_mut() = url;
            move || {
                owned.borrow_mut().take();
            }
        });
    }
    (*src).clone()
}
