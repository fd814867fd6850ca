//! An event listener on a DOM target, removed when the handle drops (gloo-events' model).

use wasm_bindgen::prelude::*;
use web_sys::EventTarget;

/// A registered listener.
pub struct Listener {
    target: EventTarget,
    kind: &'static str,
    callback: Closure<dyn FnMut()>,
}

impl Listener {
    /// Listens for `kind` events on `target`; `None` if the target refused.
    pub fn new(
        target: EventTarget,
        kind: &'static str,
        f: impl FnMut() + 'static,
    ) -> Option<Listener> {
        let callback = Closure::<dyn FnMut()>::new(f);
        target
            .add_event_listener_with_callback(kind, callback.as_ref().unchecked_ref())
            .ok()?;
        Some(Listener {
            target,
            kind,
            callback,
        })
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self
            .target
            .remove_event_listener_with_callback(self.kind, self.callback.as_ref().unchecked_ref());
    }
}
