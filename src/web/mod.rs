//! The browser edge: the only code that touches web-sys (wasm32 only).
//!
//! - [`timer`]: the one `setTimeout`, cleared on drop.
//! - [`socket`]: a `WebSocket` and its four handlers, detached and closed on drop.
//! - [`listener`]: `online` / `visibilitychange` listeners, removed on drop.
//! - [`driver`]: carries out the client's actions and feeds it events; notifies JS.
//! - [`api`]: the `#[wasm_bindgen]` class `WireStoreCore`.
//! - [`share`]: its methods for tabs sharing one socket (`js/share.ts` holds the lock and
//!   the channel; the sequencing is `crate::share`).
//!
//! Closures hold a `Weak` to the driver and are owned by RAII handles, so nothing is
//! leaked with `forget()` and a freed store leaves no live socket or timer behind.

pub mod api;
pub mod driver;
pub mod listener;
pub mod share;
pub mod socket;
pub mod timer;
