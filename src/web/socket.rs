//! A browser `WebSocket` with its handlers, tagged with the attempt's generation.
//!
//! `binaryType = "arraybuffer"`: binary frames (UTF-8 JSON bytes, the fast path) arrive
//! as `ArrayBuffer`s and are copied straight into wasm memory, skipping the UTF-16 round
//! trip of text frames. Every handler is set (including `onerror`/`onclose`) so a dead
//! server can never leave an attempt hanging. Dropping the handle detaches the handlers
//! first — a superseded socket's late events go nowhere — then closes it.
//! <https://developer.mozilla.org/en-US/docs/Web/API/WebSocket>

use std::rc::Weak;
use wasm_bindgen::prelude::*;
use web_sys::{BinaryType, CloseEvent, MessageEvent, WebSocket};

use super::driver::Driver;

/// An open or opening socket.
pub struct Socket {
    ws: WebSocket,
    _onopen: Closure<dyn FnMut()>,
    _onmessage: Closure<dyn FnMut(MessageEvent)>,
    _onclose: Closure<dyn FnMut(CloseEvent)>,
    _onerror: Closure<dyn FnMut()>,
}

impl Socket {
    /// Opens `url`; events reach `driver` tagged with `generation`.
    pub fn open(url: &str, generation: u32, driver: Weak<Driver>) -> Result<Socket, JsValue> {
        let ws = WebSocket::new(url)?;
        ws.set_binary_type(BinaryType::Arraybuffer);
        let d = driver.clone();
        let onopen = Closure::<dyn FnMut()>::new(move || {
            if let Some(d) = d.upgrade() {
                d.on_open(generation);
            }
        });
        let d = driver.clone();
        let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            if let Some(d) = d.upgrade() {
                d.on_message(generation, e.data());
            }
        });
        let d = driver.clone();
        let onclose = Closure::<dyn FnMut(CloseEvent)>::new(move |e: CloseEvent| {
            if let Some(d) = d.upgrade() {
                d.on_close(generation, e.code(), e.reason(), e.was_clean());
            }
        });
        let d = driver;
        let onerror = Closure::<dyn FnMut()>::new(move || {
            if let Some(d) = d.upgrade() {
                d.on_error(generation);
            }
        });
        ws.set_onopen(Some(onopen.as_ref().unchecked_ref()));
        ws.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        ws.set_onclose(Some(onclose.as_ref().unchecked_ref()));
        ws.set_onerror(Some(onerror.as_ref().unchecked_ref()));
        Ok(Socket {
            ws,
            _onopen: onopen,
            _onmessage: onmessage,
            _onclose: onclose,
            _onerror: onerror,
        })
    }

    /// Sends a text frame.
    pub fn send(&self, text: &str) -> Result<(), JsValue> {
        self.ws.send_with_str(text)
    }

    /// Closes with `code` and `reason`.
    pub fn close(&self, code: u16, reason: &str) {
        // Browsers accept only 1000 and 3000..=4999 from scripts.
        let code = if code == 1000 || (3000..=4999).contains(&code) {
            code
        } else {
            1000
        };
        let _ = self.ws.close_with_code_and_reason(code, reason);
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        self.ws.set_onopen(None);
        self.ws.set_onmessage(None);
        self.ws.set_onclose(None);
        self.ws.set_onerror(None);
        if self.ws.ready_state() <= WebSocket::OPEN {
            let _ = self.ws.close();
        }
    }
}
