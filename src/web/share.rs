//! `WireStoreCore`'s methods for tabs sharing one socket, and `shareIdentity`.
//!
//! `js/share.ts` holds the Web Lock and the `BroadcastChannel` and carries messages; every
//! decision (what to apply, hold or ask for, what to tell) is made here by the client
//! (`crate::client::share`). Nothing a channel message holds throws: a bad item or image is
//! an entry of the `errors` key (kind `share`) and asks for a new image.

use wasm_bindgen::prelude::*;

use super::api::WireStoreCore;
use crate::client::share::Catchup;
use crate::share::identity::{differences, identity};
use crate::share::{Forward, Position};

/// The share name and the options tabs must agree on, for a store created with `options`:
/// `{"name","options"}` as JSON text. Throws, saying what to change, when the store cannot
/// share (no `url`; a token function and no `name`; a bad `name`).
#[wasm_bindgen(js_name = shareIdentity)]
pub fn share_identity(
    options: JsValue,
    name: Option<String>,
    token_is_function: bool,
) -> Result<String, JsError> {
    let text = js_sys::JSON::stringify(&options)
        .map_err(|_| JsError::new("options must be JSON-serialisable"))?;
    let text: String = text.into();
    let value = crate::json::parse(&text).map_err(|e| JsError::new(&e.message()))?;
    let id = identity(&value, name.as_deref(), token_is_function)
        .map_err(|e| JsError::new(&format!("wirestore: {e}")))?;
    let mut out = String::new();
    let mut o = crate::json::ObjectWriter::new(&mut out);
    o.field("name", &id.name).field("options", &id.options);
    o.end();
    Ok(out)
}

fn position(term: f64, n: f64) -> Position {
    Position {
        term: term as u64,
        n: n as u64,
    }
}

#[wasm_bindgen]
impl WireStoreCore {
    /// Sets `post(kind, term, n, data)`, called with what to post on the share channel.
    #[wasm_bindgen(js_name = setSharePost)]
    pub fn set_share_post(&self, callback: Option<js_sys::Function>) {
        self.driver.set_share_post(callback);
    }

    /// Starts following another tab's socket (joining: ask for an image next).
    #[wasm_bindgen(js_name = shareFollow)]
    pub fn share_follow(&self) {
        let token = self.driver.token_text();
        self.driver.run(|c, now| {
            if let Some(token) = token.as_deref().filter(|t| !t.is_empty()) {
                c.store_mut().remember_secret(token);
            }
            c.follow(now)
        });
    }

    /// Shares nothing, for `reason` (said in `connection.share`): connect a socket of its own.
    #[wasm_bindgen(js_name = shareAlone)]
    pub fn share_alone(&self, reason: &str) {
        self.driver.run(|c, now| c.alone(reason, now));
    }

    /// The leader refused this tab: its options differ. Says which, in `errors` and in
    /// `connection.share`; the tab is then alone.
    #[wasm_bindgen(js_name = shareRefused)]
    pub fn share_refused(&self, mine: &str, theirs: &str) {
        let differ = differences(mine, theirs).join(", ");
        let reason = format!("the tab leading this share has other options ({differ}): not joining; this tab has its own socket");
        self.driver.run(|c, now| {
            c.report_share(&reason);
            c.alone(&reason, now)
        });
    }

    /// Leaves the share.
    #[wasm_bindgen(js_name = shareStop)]
    pub fn share_stop(&self) {
        self.driver.run(|c, now| c.stop_sharing(now));
    }

    /// Becomes the leader of `term`; answers `[term, n]`, where it stood in the previous
    /// term, for its hello (`undefined`: it never caught up). Call `connect()` next.
    #[wasm_bindgen(js_name = shareLead)]
    pub fn share_lead(&self, term: f64) -> Option<Vec<f64>> {
        let mut from = None;
        self.driver.run(|c, now| {
            let (at, out) = c.lead(term as u64, now);
            from = at;
            out
        });
        from.map(|p| vec![p.term as f64, p.n as f64])
    }

    /// A new leader's hello; answers whether to ask it for an image.
    #[wasm_bindgen(js_name = shareHello)]
    pub fn share_hello(&self, term: f64, from_term: Option<f64>, from_n: Option<f64>) -> bool {
        let from = from_term.zip(from_n).map(|(t, n)| position(t, n));
        let mut ask = false;
        self.driver.run(|c, now| {
            let (a, out) = c.hello(term as u64, from, now);
            ask = a == Catchup::AskImage;
            out
        });
        ask
    }

    /// A feed item (`kind`, at `term`/`n`, with its `data`); answers whether to ask for an
    /// image.
    #[wasm_bindgen(js_name = shareItem)]
    pub fn share_item(&self, term: f64, n: f64, kind: &str, data: JsValue) -> bool {
        self.driver.on_share_item(position(term, n), kind, &data)
    }

    /// The leader's image for a joining tab, as text (`undefined` when not leading).
    #[wasm_bindgen(js_name = shareImage)]
    pub fn share_image(&self) -> Option<String> {
        self.driver.with(|c| c.share_image())
    }

    /// An image for this tab; answers whether to ask for another (a bad one is reported).
    #[wasm_bindgen(js_name = shareImport)]
    pub fn share_import(&self, text: &str) -> bool {
        let mut ask = false;
        self.driver.run(|c, now| match c.follow_image(text, now) {
            Ok((a, out)) => {
                ask = a == Catchup::AskImage;
                out
            }
            Err(e) => {
                c.report_share(&e);
                ask = true;
                Vec::new()
            }
        });
        ask
    }

    /// A follower's frame to send (`{"id","text","ack","coalesce"}`), when leading.
    #[wasm_bindgen(js_name = shareRelay)]
    pub fn share_relay(&self, forward: &str) {
        self.driver.run(|c, now| match Forward::from_json(forward) {
            Ok(f) => c.relay(f, now),
            Err(e) => {
                c.report_share(&e);
                Vec::new()
            }
        });
    }

    /// Whether this follower waits for an image.
    #[wasm_bindgen(js_name = shareJoining)]
    pub fn share_joining(&self) -> bool {
        self.driver.with(|c| c.is_joining())
    }
}
