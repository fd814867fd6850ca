//! The `#[wasm_bindgen]` surface: the class `WireStoreCore` the JS shim wraps.
//!
//! Only API misuse throws (a bad URL or option, at construction). Everything a server
//! sends is data: bad frames become entries of the `errors` key.

use crate::json::Value;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

use super::driver::{now_ms, Driver};
use crate::client::options::connection_options;
use crate::client::Client;
use crate::connection::Event;
use crate::key::Key;
use crate::options::StoreOptions;
use crate::source::SourceId;
use crate::store::{KeyValue, Store};
use crate::stream::options::stream_options;
use crate::stream::resume::Attempt;

/// A store, optionally owning a WebSocket. See `js/index.ts` for the public wrapper.
#[wasm_bindgen]
pub struct WireStoreCore {
    pub(super) driver: Rc<Driver>,
    /// The buffer JS writes frames into (`inputView`, `ingestInput`): no allocation and
    /// one call per frame instead of an allocation, a copy, two calls and a free.
    input: RefCell<Vec<u8>>,
}

/// The input buffer's first size: most frames are far smaller.
const INPUT_MIN_BYTES: usize = 4096;

fn to_json(value: &JsValue, what: &str) -> Result<Value, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(Value::Null);
    }
    let text = js_sys::JSON::stringify(value)
        .map_err(|_| JsError::new(&format!("{what} must be JSON-serialisable")))?;
    let text: String = text.into();
    crate::json::parse(&text).map_err(|e| JsError::new(&format!("{what}: {}", e.message())))
}

#[wasm_bindgen]
impl WireStoreCore {
    /// Creates a store from an options object; throws with a message naming a bad option.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<WireStoreCore, JsError> {
        let token = js_sys::Reflect::get(&options, &JsValue::from_str("token"))
            .unwrap_or(JsValue::UNDEFINED);
        let has_token = !token.is_undefined() && !token.is_null();
        if has_token && !token.is_string() && !token.is_function() {
            return Err(JsError::new("options.token must be a string or a function returning a string or a Promise of one"));
        }
        let json = to_json(&options, "options")?;
        let store = StoreOptions::from_json(&json).map_err(|e| JsError::new(&e))?;
        let conn = connection_options(&json, has_token).map_err(|e| JsError::new(&e))?;
        let seed = (js_sys::Math::random() * 4_294_967_296.0) as u64 ^ now_ms();
        let driver = Driver::new(Client::new(store, conn, seed), token);
        Ok(WireStoreCore {
            driver,
            input: RefCell::new(Vec::new()),
        })
    }

    /// Connects (and reconnects, with backoff) until `close()`.
    pub fn connect(&self) {
        self.driver.watch_page();
        self.driver.run(|c, now| c.handle(Event::Connect, now));
    }

    /// Closes for good: no reconnect follows.
    pub fn close(&self) {
        self.driver.run(|c, now| c.handle(Event::UserClose, now));
    }

    /// Sends `actionType` with `payload`; queued while not open. Returns the frame id: `id`
    /// if given, else the payload's `envelope.clientId` field for flat frames, else a fresh
    /// one; with `ack`, its status is the key `acks/<id>`.
    pub fn send(
        &self,
        action_type: &str,
        payload: JsValue,
        ack: bool,
        id: Option<String>,
    ) -> Result<String, JsError> {
        let payload = to_json(&payload, "payload")?;
        let mut sent_id = String::new();
        self.driver.run(|c, now| {
            let (sent, actions) = c.send_as(action_type, payload, ack, id, now);
            sent_id = sent;
            actions
        });
        Ok(sent_id)
    }

    /// Applies one event whose name and payload (JSON text) arrived apart: the name routes
    /// it like an action type (socket.io's `onAny`, a Pusher callback, `postMessage`).
    #[wasm_bindgen(js_name = ingestEvent)]
    pub fn ingest_event(&self, name: &str, payload: &str) {
        self.on_store(|s, now| s.ingest_event(name, payload, now));
    }

    /// Opens a stream (see `stream::options` for `options`); answers its source id. Throws
    /// on a wrong option.
    #[wasm_bindgen(js_name = openStream)]
    pub fn open_stream(&self, options: JsValue) -> Result<u32, JsError> {
        let json = to_json(&options, "stream options")?;
        let seed = (js_sys::Math::random() * 4_294_967_296.0) as u64 ^ now_ms();
        let (spec, policy) = stream_options(&json, seed).map_err(|e| JsError::new(&e))?;
        Ok(self
            .driver
            .with_mut(|c| c.store_mut().open_stream(spec, policy).0))
    }

    /// An attempt's response arrived: `{"read":true}` to read its body, else what follows
    /// (`{"retry":ms,"lastEventId"?}` or `{"end":{…}}`). `label` (method and path, no
    /// query) names the request in error entries.
    #[wasm_bindgen(js_name = streamResponse)]
    pub fn stream_response(
        &self,
        source: u32,
        status: u16,
        content_type: &str,
        label: &str,
    ) -> String {
        let next = self.on_store(|s, now| {
            Some(s.stream_response(SourceId(source), status, content_type, label, now))
        });
        next.map(|n| crate::json::to_string(&n)).unwrap_or_default()
    }

    /// Applies the first `len` bytes of the input buffer (see `inputView`) as the next chunk
    /// of stream `source`'s body. Answers whether the stream is done (`data: [DONE]`).
    #[wasm_bindgen(js_name = streamInput)]
    pub fn stream_input(&self, source: u32, len: u32) -> bool {
        let mut done = false;
        // As in `ingestInput`: no JS runs while the buffer is borrowed.
        let actions = match self.input.try_borrow() {
            Ok(input) => {
                let chunk = input.get(..len as usize).unwrap_or_default();
                self.driver.apply(|c, now| {
                    let (d, actions) =
                        c.with_store(now, |s| s.stream_chunk(SourceId(source), chunk, now));
                    done = d;
                    actions
                })
            }
            Err(_) => Vec::new(),
        };
        self.driver.settle(actions);
        done
    }

    /// `streamInput` for a chunk passed as bytes (larger than the input buffer may grow).
    #[wasm_bindgen(js_name = streamBytes)]
    pub fn stream_bytes(&self, source: u32, bytes: &[u8]) -> bool {
        self.on_store(|s, now| s.stream_chunk(SourceId(source), bytes, now))
    }

    /// The attempt's body or request ended: `how` is `end` (the body ended), `broken` (its
    /// read failed) or `network` (no response). Answers what follows, as `streamResponse`.
    #[wasm_bindgen(js_name = streamEnded)]
    pub fn stream_ended(&self, source: u32, how: &str, label: &str) -> String {
        let attempt = match how {
            "end" => Attempt::Ended {
                broken: false,
                partial: false,
            },
            "broken" => Attempt::Ended {
                broken: true,
                partial: false,
            },
            _ => Attempt::Network,
        };
        let next =
            self.on_store(|s, now| Some(s.stream_ended(SourceId(source), attempt, label, now)));
        next.map(|n| crate::json::to_string(&n)).unwrap_or_default()
    }

    /// Stops stream `source`; with `cancel` the messages it was filling become `cancelled`.
    /// Answers its end (`{"status":"aborted",…}`), or `""` if it had ended already.
    #[wasm_bindgen(js_name = abortStream)]
    pub fn abort_stream(&self, source: u32, cancel: bool) -> String {
        let end = self.on_store(|s, now| s.abort_stream(SourceId(source), cancel, now));
        end.map(|e| crate::json::to_string(&e)).unwrap_or_default()
    }

    /// Applies a frame from any transport (SSE, a fetch stream, a replay).
    pub fn ingest(&self, text: &str) {
        self.driver.run(|c, now| c.ingest_text(text, now));
    }

    /// Applies a frame given as UTF-8 bytes (the fast path).
    #[wasm_bindgen(js_name = ingestBytes)]
    pub fn ingest_bytes(&self, bytes: &[u8]) {
        self.driver.run(|c, now| c.ingest(bytes, now));
    }

    /// A view of the input buffer, with room for at least `len` bytes: write a frame at its
    /// start, then call `ingestInput`. The view stays valid until the next `inputView` or
    /// until wasm memory grows (then its `length` reads 0): ask again when it is too short.
    /// It never grows past `limits.maxFrameBytes`: for a larger frame it is too short, and
    /// the frame goes by `ingestBytes` (which rejects it) instead.
    #[wasm_bindgen(js_name = inputView)]
    pub fn input_view(&self, len: u32) -> js_sys::Uint8Array {
        let Ok(mut input) = self.input.try_borrow_mut() else {
            return js_sys::Uint8Array::new_with_length(0);
        };
        let len = len as usize;
        let max = self.driver.with(|c| c.store().max_frame_bytes());
        if input.len() < len && len <= max {
            *input = vec![0; len.max(INPUT_MIN_BYTES).next_power_of_two()];
        }
        let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
        js_sys::Uint8Array::new_with_byte_offset_and_length(
            &memory.buffer(),
            input.as_ptr() as u32,
            input.len() as u32,
        )
    }

    /// Applies the first `len` bytes of the input buffer as a frame (see `inputView`); a
    /// `len` past its end is an empty, invalid frame.
    #[wasm_bindgen(js_name = ingestInput)]
    pub fn ingest_input(&self, len: u32) {
        // The borrow ends before any JS runs (`apply` calls none), so JS may write the next
        // frame from a notify callback.
        let actions = match self.input.try_borrow() {
            Ok(input) => {
                let frame = input.get(..len as usize).unwrap_or_default();
                self.driver.apply(|c, now| c.ingest(frame, now))
            }
            Err(_) => self.driver.apply(|c, now| c.ingest(&[], now)),
        };
        self.driver.settle(actions);
    }

    /// The current value of `key` as plain JS, or `undefined`.
    ///
    /// Text slices cross as strings; anything else as JSON text read by `JSON.parse`:
    /// one copy and plain objects, instead of a JS call per field.
    pub fn get(&self, key: &str) -> JsValue {
        self.driver
            .with(|c| value_js(c.store(), c.store().key(key).as_ref()))
    }

    /// Interns `key` as a handle for the `…Of` reads (0: not a key). Release it when done.
    #[wasm_bindgen(js_name = keyHandle)]
    pub fn key_handle(&self, key: &str) -> u32 {
        self.driver.with_mut(|c| c.store_mut().intern(key))
    }

    /// Releases a handle from `keyHandle`.
    #[wasm_bindgen(js_name = releaseHandle)]
    pub fn release_handle(&self, handle: u32) {
        self.driver.with_mut(|c| c.store_mut().release(handle));
    }

    /// `version` by handle.
    #[wasm_bindgen(js_name = versionOf)]
    pub fn version_of(&self, handle: u32) -> f64 {
        self.driver.with(|c| {
            c.store()
                .key_at(handle)
                .map_or(0.0, |k| c.store().version(k) as f64)
        })
    }

    /// `get` by handle.
    #[wasm_bindgen(js_name = getOf)]
    pub fn get_of(&self, handle: u32) -> JsValue {
        self.driver
            .with(|c| value_js(c.store(), c.store().key_at(handle)))
    }

    /// A text slice read through the handle's own cursor: `"+"` and the text added since
    /// this handle's last read, or `"="` and the whole text (first read, or a rewrite since).
    /// `undefined` for a handle that is not a text slice of an existing message.
    #[wasm_bindgen(js_name = textTailOf)]
    pub fn text_tail_of(&self, handle: u32) -> JsValue {
        self.driver.with_mut(|c| {
            let Some((chunk, appended)) = c.store_mut().text_tail(handle) else {
                return JsValue::UNDEFINED;
            };
            let mut out = String::with_capacity(chunk.len() + 1);
            out.push(if appended { '+' } else { '=' });
            out.push_str(chunk);
            JsValue::from_str(&out)
        })
    }

    /// The version of `key`: 0 if absent; it moves exactly when the value does.
    pub fn version(&self, key: &str) -> f64 {
        self.driver.with(|c| {
            c.store()
                .key(key)
                .map_or(0.0, |k| c.store().version(&k) as f64)
        })
    }

    /// Ends the flush like `takeChanged`, for a reader holding handles: per changed key
    /// that has a handle (`keyHandle`), the handle's number, then, for a text slice, `+` or
    /// `=` (as `textTailOf`), the chunk's length in UTF-16 code units, `:` and the chunk, or
    /// `!` when it has no text; else `;`. One string: the keys and their new text.
    #[wasm_bindgen(js_name = takeFlush)]
    pub fn take_flush(&self) -> String {
        let mut out = String::new();
        self.driver
            .with_mut(|c| c.store_mut().write_flush(&mut out));
        out
    }

    /// The events since the last call (`event` ops, transient data parts): `""`, or a JSON
    /// array of `[name, value]` pairs, oldest first.
    #[wasm_bindgen(js_name = takeEvents)]
    pub fn take_events(&self) -> String {
        self.driver.with_mut(|c| c.store_mut().take_events_json())
    }

    /// The user answered message `message_id`'s open form `elicitation_id`: it ends locally,
    /// and an approval's answer is recorded on its tool call. False when it was not open.
    pub fn answer(
        &self,
        message_id: &str,
        elicitation_id: &str,
        approved: Option<bool>,
        reason: Option<String>,
    ) -> bool {
        let mut found = false;
        self.driver.run(|c, _now| {
            found = c
                .store_mut()
                .answer(message_id, elicitation_id, approved, reason);
            Vec::new()
        });
        found
    }

    /// The keys changed since the last call, each once.
    #[wasm_bindgen(js_name = takeChanged)]
    pub fn take_changed(&self) -> Vec<String> {
        self.driver.with_mut(|c| c.store_mut().take_flush().keys)
    }

    /// Sets the callback told `(urgent)` when a flush is due: after the first change since
    /// the last `takeChanged`/`takeFlush`, and once more if that flush turns urgent.
    #[wasm_bindgen(js_name = setNotify)]
    pub fn set_notify(&self, callback: Option<js_sys::Function>) {
        self.driver.set_notify(callback);
    }
}

impl WireStoreCore {
    /// Runs `f` on the store through the client (signals settled, timer re-armed), then
    /// notifies JS.
    fn on_store<R: Default>(&self, f: impl FnOnce(&mut Store, u64) -> R) -> R {
        let mut out = R::default();
        self.driver.run(|c, now| {
            let (r, actions) = c.with_store(now, |s| f(s, now));
            out = r;
            actions
        });
        out
    }
}

/// A key's value as plain JS: text slices as strings, anything else as JSON text read by
/// `JSON.parse` (one copy and plain objects, instead of a JS call per field).
fn value_js(store: &Store, key: Option<&Key>) -> JsValue {
    let Some(value) = key.and_then(|k| store.value(k)) else {
        return JsValue::UNDEFINED;
    };
    if let KeyValue::Text(text) = value {
        return JsValue::from_str(text);
    }
    js_sys::JSON::parse(&crate::json::to_string(&value)).unwrap_or(JsValue::UNDEFINED)
}

impl Drop for WireStoreCore {
    fn drop(&mut self) {
        self.driver.shut_down();
    }
}
