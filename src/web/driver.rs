//! The driver: carries out the client's actions with web-sys and feeds it events.
//!
//! Re-entrancy rule: JS is never called while a `RefCell` is borrowed. Every entry point
//! borrows the client, collects the actions, releases it, performs the actions, and only
//! then calls the JS notify callback (which may synchronously read keys back).

use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::listener::Listener;
use super::socket::Socket;
use super::timer::Timer;
use crate::client::share::{item_to_channel, Catchup, ChannelData, Post};
use crate::client::{Action, Client};
use crate::connection::Event;
use crate::share::Position;

/// Milliseconds since the epoch.
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// The live half of a store: its socket, timer, listeners and JS callback.
pub struct Driver {
    client: RefCell<Client>,
    socket: RefCell<Option<Socket>>,
    timer: RefCell<Option<Timer>>,
    listeners: RefCell<Vec<Listener>>,
    notify: RefCell<Option<js_sys::Function>>,
    /// `post(kind, term, n, data)`: posts on the share channel (`js/share.ts`).
    share_post: RefCell<Option<js_sys::Function>>,
    token: JsValue,
    scratch: RefCell<Vec<u8>>,
    me: Weak<Driver>,
}

impl Driver {
    /// A driver for `client`; `token` is a string, a function, or undefined.
    pub fn new(client: Client, token: JsValue) -> Rc<Driver> {
        Rc::new_cyclic(|me| Driver {
            client: RefCell::new(client),
            socket: RefCell::new(None),
            timer: RefCell::new(None),
            listeners: RefCell::new(Vec::new()),
            notify: RefCell::new(None),
            share_post: RefCell::new(None),
            token,
            scratch: RefCell::new(Vec::new()),
            me: me.clone(),
        })
    }

    /// Sets the JS callback told `(urgent)` when a flush is due (see `Store::take_notice`).
    pub fn set_notify(&self, f: Option<js_sys::Function>) {
        *self.notify.borrow_mut() = f;
        // A new callback has not been told yet: tell it now if a flush is due.
        self.client.borrow_mut().store_mut().forget_notice();
        self.notify_js();
    }

    /// Reads the client.
    pub fn with<R>(&self, f: impl FnOnce(&Client) -> R) -> R {
        f(&self.client.borrow())
    }

    /// Changes the client (no actions result), e.g. taking a flush.
    pub fn with_mut<R>(&self, f: impl FnOnce(&mut Client) -> R) -> R {
        f(&mut self.client.borrow_mut())
    }

    /// Runs `f` on the client, performs its actions, then notifies JS.
    pub fn run(&self, f: impl FnOnce(&mut Client, u64) -> Vec<Action>) {
        let actions = self.apply(f);
        self.settle(actions);
    }

    /// The first half of [`Driver::run`]: `f` on the client, which calls no JS, so a caller
    /// may hold a borrow of its own across it (the input buffer, see `api.rs`).
    pub fn apply(&self, f: impl FnOnce(&mut Client, u64) -> Vec<Action>) -> Vec<Action> {
        f(&mut self.client.borrow_mut(), now_ms())
    }

    /// The second half of [`Driver::run`]: performs `actions`, then notifies JS.
    pub fn settle(&self, actions: Vec<Action>) {
        self.perform(actions);
        self.notify_js();
    }

    /// Starts watching `online` and page visibility (reconnect at once instead of
    /// waiting out the backoff).
    pub fn watch_page(&self) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let mut listeners = self.listeners.borrow_mut();
        if !listeners.is_empty() {
            return;
        }
        let me = self.me.clone();
        listeners.extend(Listener::new(window.clone().into(), "online", move || {
            if let Some(d) = me.upgrade() {
                d.run(|c, now| c.handle(Event::Online, now));
            }
        }));
        if let Some(document) = window.document() {
            let me = self.me.clone();
            let doc = document.clone();
            listeners.extend(Listener::new(
                document.into(),
                "visibilitychange",
                move || {
                    if doc.visibility_state() == web_sys::VisibilityState::Visible {
                        if let Some(d) = me.upgrade() {
                            d.run(|c, now| c.handle(Event::Online, now));
                        }
                    }
                },
            ));
        }
    }

    /// Drops the socket, the timer and the listeners.
    pub fn shut_down(&self) {
        self.socket.borrow_mut().take();
        self.timer.borrow_mut().take();
        self.listeners.borrow_mut().clear();
    }

    pub(super) fn on_open(&self, generation: u32) {
        self.run(|c, now| {
            c.handle(
                Event::Opened {
                    generation,
                    resume: None,
                },
                now,
            )
        });
    }

    /// The token, when the app gave a string (a follower keeps it out of its strings too,
    /// as the leader's store does once it connected).
    pub fn token_text(&self) -> Option<String> {
        self.token.as_string()
    }

    /// Sets the callback that posts on the share channel.
    pub fn set_share_post(&self, f: Option<js_sys::Function>) {
        *self.share_post.borrow_mut() = f;
    }

    /// A feed item from the share channel: `data` is a frame's `ArrayBuffer` or text, or an
    /// item's JSON. Answers whether to ask the leader for an image (a hole, or a bad item).
    pub fn on_share_item(&self, at: Position, kind: &str, data: &JsValue) -> bool {
        let mut ask = false;
        if let Some(buf) = data.dyn_ref::<js_sys::ArrayBuffer>() {
            let mut scratch = std::mem::take(&mut *self.scratch.borrow_mut());
            let bytes = js_sys::Uint8Array::new(buf);
            scratch.clear();
            scratch.resize(bytes.length() as usize, 0);
            bytes.copy_to(&mut scratch);
            self.run(|c, now| {
                let (a, out) = c.follow_channel(at, kind, ChannelData::Bytes(&scratch), now);
                ask = a == Catchup::AskImage;
                out
            });
            *self.scratch.borrow_mut() = scratch;
            return ask;
        }
        let text = data.as_string();
        let data = text.as_deref().map_or(ChannelData::None, ChannelData::Text);
        self.run(|c, now| {
            let (a, out) = c.follow_channel(at, kind, data, now);
            ask = a == Catchup::AskImage;
            out
        });
        ask
    }

    pub(super) fn on_message(&self, generation: u32, data: JsValue) {
        // A leader tells the followers first: they apply it while this tab does.
        let stamped = self.client.borrow_mut().stamp_frame(generation);
        if let Some(at) = stamped {
            self.post("f", at, &data);
        }
        // Binary first: the fast path pays no string check.
        if let Some(buf) = data.dyn_ref::<js_sys::ArrayBuffer>() {
            let mut scratch = std::mem::take(&mut *self.scratch.borrow_mut());
            let bytes = js_sys::Uint8Array::new(buf);
            scratch.clear();
            scratch.resize(bytes.length() as usize, 0);
            bytes.copy_to(&mut scratch);
            self.run(|c, now| c.receive(generation, &scratch, now));
            *self.scratch.borrow_mut() = scratch;
        } else if let Some(text) = data.as_string() {
            self.run(|c, now| c.receive_text(generation, &text, now));
        } else {
            // Neither (binaryType is arraybuffer, so never a Blob): an empty, invalid frame.
            self.run(|c, now| c.receive(generation, &[], now));
        }
    }

    pub(super) fn on_close(&self, generation: u32, code: u16, reason: String, clean: bool) {
        self.run(|c, now| {
            c.handle(
                Event::Closed {
                    generation,
                    code,
                    reason,
                    clean,
                },
                now,
            )
        });
    }

    pub(super) fn on_error(&self, generation: u32) {
        self.run(|c, now| c.handle(Event::Errored { generation }, now));
    }

    fn perform(&self, actions: Vec<Action>) {
        for action in actions {
            match action {
                Action::Open { generation, url } => self.open(generation, &url),
                Action::Send(text) => {
                    if let Some(socket) = self.socket.borrow().as_ref() {
                        let _ = socket.send(&text);
                    }
                }
                Action::Close { code, reason } => {
                    if let Some(socket) = self.socket.borrow_mut().take() {
                        socket.close(code, &reason);
                    }
                }
                Action::Schedule(at) => {
                    let me = self.me.clone();
                    let delay = at.saturating_sub(now_ms());
                    let timer = Timer::after(delay, move || {
                        if let Some(d) = me.upgrade() {
                            d.timer.borrow_mut().take();
                            d.run(|c, now| c.handle(Event::TimerFired, now));
                        }
                    });
                    *self.timer.borrow_mut() = Some(timer);
                }
                Action::CancelTimer => {
                    self.timer.borrow_mut().take();
                }
                Action::RequestToken { generation } => self.resolve_token(generation),
                Action::Post(Post::Item(at, item)) => {
                    let (kind, data) = item_to_channel(&item);
                    let data = data.map_or(JsValue::NULL, |d| JsValue::from_str(&d));
                    self.post(kind, at, &data);
                }
                Action::Post(Post::Send(forward)) => {
                    let data = JsValue::from_str(&forward.to_json());
                    self.post("send", Position { term: 0, n: 0 }, &data);
                }
            }
        }
    }

    /// Calls the share channel's `post(kind, term, n, data)`, if set.
    fn post(&self, kind: &str, at: Position, data: &JsValue) {
        let f = self.share_post.borrow().clone();
        let Some(f) = f else { return };
        let args = js_sys::Array::of4(
            &JsValue::from_str(kind),
            &JsValue::from_f64(at.term as f64),
            &JsValue::from_f64(at.n as f64),
            data,
        );
        let _ = f.apply(&JsValue::UNDEFINED, &args);
    }

    fn open(&self, generation: u32, url: &str) {
        self.socket.borrow_mut().take();
        match Socket::open(url, generation, self.me.clone()) {
            Ok(socket) => *self.socket.borrow_mut() = Some(socket),
            Err(_) => {
                // A refused URL behaves like a socket that closed at once.
                let closed = Event::Closed {
                    generation,
                    code: 1006,
                    reason: "could not open the socket".into(),
                    clean: false,
                };
                let actions = self.client.borrow_mut().handle(closed, now_ms());
                self.perform(actions);
            }
        }
    }

    fn resolve_token(&self, generation: u32) {
        let answer = move |d: &Driver, value: Result<JsValue, JsValue>| {
            let event = match value {
                Ok(v) => Event::TokenReady {
                    generation,
                    token: v.as_string(),
                },
                Err(e) => Event::TokenFailed {
                    generation,
                    message: e
                        .as_string()
                        .unwrap_or_else(|| "the token function failed".into()),
                },
            };
            d.run(|c, now| c.handle(event, now));
        };
        let token = &self.token;
        let Some(f) = token.dyn_ref::<js_sys::Function>() else {
            return answer(self, Ok(token.clone()));
        };
        match f.call0(&JsValue::UNDEFINED) {
            Ok(v) if v.has_type::<js_sys::Promise>() => {
                let me = self.me.clone();
                let promise: js_sys::Promise = v.unchecked_into();
                wasm_bindgen_futures::spawn_local(async move {
                    let result = wasm_bindgen_futures::JsFuture::from(promise).await;
                    if let Some(d) = me.upgrade() {
                        answer(&d, result);
                    }
                });
            }
            other => answer(self, other),
        }
    }

    /// Tells JS a flush is due: once per flush (and again if it turns urgent), not per frame.
    fn notify_js(&self) {
        if self.notify.borrow().is_none() {
            return; // the notice stays for a callback set later
        }
        let Some(urgent) = self.client.borrow_mut().store_mut().take_notice() else {
            return;
        };
        // A clone (one externref) only when calling: the callback may replace itself.
        let f = self.notify.borrow().clone();
        if let Some(f) = f {
            let _ = f.call1(&JsValue::UNDEFINED, &JsValue::from_bool(urgent));
        }
    }
}
