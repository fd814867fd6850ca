//! Browser tests: the real wasm module in headless Chromium against the real reference
//! server on loopback (started by scripts/test-browser.sh, its address baked in at
//! compile time as `WS_TEST_URL`, like gloo-net's tests).
//!
//! Each test drives `WireStoreCore` exactly as the JS shim does and reads keys back.
#![cfg(target_arch = "wasm32")]
// A test crate: failing loudly is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use serde_json::{json, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use wirestore::web::api::WireStoreCore;

wasm_bindgen_test_configure!(run_in_browser);

const URL: &str = match option_env!("WS_TEST_URL") {
    Some(url) => url,
    None => "ws://127.0.0.1:8787/ws",
};

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let window = web_sys::window().unwrap();
        window
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// The options object the tests share, plus `extra` fields.
fn options(query: &str, extra: Value) -> JsValue {
    let mut options = json!({
        "url": format!("{URL}?{query}"),
        "reconnect": {"baseDelayMs": 50, "maxDelayMs": 400},
        "heartbeat": false,
    });
    if let (Some(o), Value::Object(more)) = (options.as_object_mut(), extra) {
        o.extend(more);
    }
    js_sys::JSON::parse(&options.to_string()).unwrap()
}

fn store(query: &str, extra: Value) -> WireStoreCore {
    WireStoreCore::new(options(query, extra)).unwrap()
}

/// A store whose token is a real JS function returning a Promise, counting its calls in
/// `globalThis[counter]`.
fn store_with_token_fn(query: &str, token: &str, counter: &str, extra: Value) -> WireStoreCore {
    let options = options(query, extra);
    let body = format!(
        "globalThis.{counter} = (globalThis.{counter} || 0) + 1; \
         return new Promise((resolve) => setTimeout(() => resolve('{token}'), 5));"
    );
    let f = js_sys::Function::new_no_args(&body);
    js_sys::Reflect::set(&options, &"token".into(), &f).unwrap();
    WireStoreCore::new(options).unwrap()
}

fn global_number(name: &str) -> f64 {
    js_sys::Reflect::get(&js_sys::global(), &name.into())
        .unwrap()
        .as_f64()
        .unwrap_or(0.0)
}

fn get(core: &WireStoreCore, key: &str) -> Value {
    let v = core.get(key);
    if v.is_undefined() {
        return Value::Null;
    }
    serde_wasm_bindgen::from_value(v).unwrap()
}

/// Connects and waits for the socket to be open.
async fn connect_open(core: &WireStoreCore) {
    core.connect();
    wait_for("open", 5000, || {
        get(core, "connection")["status"] == json!("open")
    })
    .await;
}

/// Polls `check` every 20 ms until it holds or `ms` pass.
async fn wait_for(what: &str, ms: i32, mut check: impl FnMut() -> bool) {
    let mut waited = 0;
    while !check() {
        assert!(waited < ms, "timed out after {ms} ms waiting for {what}");
        sleep(20).await;
        waited += 20;
    }
}

/// The ids of assistant messages, in order.
fn assistant_ids(core: &WireStoreCore) -> Vec<String> {
    let ids = get(core, "messages");
    ids.as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter(|id| get(core, &format!("messages/{id}/role")) == json!("assistant"))
        .map(str::to_owned)
        .collect()
}

/// Sends `prompt`, waits for the whole reply; answers its id and every connection
/// status seen meanwhile.
async fn chat_watching(core: &WireStoreCore, prompt: &str) -> (String, Vec<Value>) {
    let mut seen = Vec::new();
    let mut note = |core: &WireStoreCore| {
        let status = get(core, "connection")["status"].clone();
        if seen.last() != Some(&status) {
            seen.push(status);
        }
    };
    connect_open(core).await;
    let payload = js_sys::JSON::parse(&json!({"content": prompt}).to_string()).unwrap();
    let id = core.send("chat.message", payload, true, None).unwrap();
    wait_for("an assistant reply", 5000, || {
        !assistant_ids(core).is_empty()
    })
    .await;
    let reply = assistant_ids(core).remove(0);
    let status_key = format!("messages/{reply}/status");
    wait_for("the reply to finish", 15000, || {
        note(core);
        get(core, &status_key) == json!("done")
    })
    .await;
    wait_for("the ack", 2000, || {
        get(core, &format!("acks/{id}"))["status"] == json!("delivered")
    })
    .await;
    (reply, seen)
}

async fn chat(core: &WireStoreCore, prompt: &str) -> String {
    chat_watching(core, prompt).await.0
}

#[wasm_bindgen_test]
async fn connects_and_streams_a_whole_reply() {
    let core = store("token=user-web1&tokenMs=2", json!({}));
    let reply = chat(&core, "tell me about wasm").await;
    let message = get(&core, &format!("messages/{reply}"));
    assert!(
        message["content"].as_str().unwrap().len() > 100,
        "{message}"
    );
    assert_eq!(message["sources"].as_array().unwrap().len(), 3);
    assert_eq!(message["followUpQuestions"].as_array().unwrap().len(), 3);
    assert_eq!(message["tools"][0]["status"], json!("done"));
    assert_eq!(get(&core, "errors"), json!([]));
    core.close();
}

#[wasm_bindgen_test]
async fn a_server_drop_mid_stream_resumes_token_for_token() {
    let clean = store("token=user-web2&tokenMs=2", json!({}));
    let expected_id = chat(&clean, "resume me long").await;
    let expected = get(&clean, &format!("messages/{expected_id}/content"));
    clean.close();

    // The server drops this socket abruptly after 40 frames, mid-reply.
    let dropped = store("token=user-web3&tokenMs=2&faults=dropAfter:40", json!({}));
    let (reply, seen) = chat_watching(&dropped, "resume me long").await;
    assert!(
        seen.contains(&json!("reconnecting")),
        "no reconnect was seen: {seen:?}"
    );
    let got = get(&dropped, &format!("messages/{reply}/content"));
    assert_eq!(
        got, expected,
        "content after a drop differs from a clean stream"
    );
    assert_eq!(
        get(&dropped, "errors"),
        json!([]),
        "the resume reported errors"
    );
    dropped.close();
}

#[wasm_bindgen_test]
async fn a_bad_token_sets_last_error_and_does_not_reconnect() {
    let core = store("token=bad-token", json!({}));
    core.connect();
    wait_for("failed", 5000, || {
        get(&core, "connection")["status"] == json!("failed")
    })
    .await;
    let conn = get(&core, "connection");
    let error = conn["lastError"].as_str().unwrap_or_default().to_owned();
    assert!(error.contains("4401"), "{conn}");
    assert!(
        !error.contains("bad-token"),
        "the token leaked into lastError: {error}"
    );
    sleep(600).await; // several backoff periods (base 50 ms)
    let later = get(&core, "connection");
    assert_eq!(later["status"], json!("failed"));
    assert_eq!(later["attempt"], conn["attempt"], "it kept reconnecting");
}

#[wasm_bindgen_test]
async fn malformed_frames_become_errors_and_the_socket_stays_open() {
    let core = store("token=user-web4&tokenMs=2&faults=malformed:4", json!({}));
    core.connect();
    wait_for("4 error entries", 5000, || {
        get(&core, "errors").as_array().map_or(0, Vec::len) >= 4
    })
    .await;
    let kinds: Vec<Value> = get(&core, "errors")
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].clone())
        .collect();
    assert!(
        kinds.contains(&json!("protocol")) && kinds.contains(&json!("unrouted")),
        "{kinds:?}"
    );
    assert_eq!(get(&core, "connection")["status"], json!("open"));
    let reply = chat(&core, "still works").await;
    assert_eq!(
        get(&core, &format!("messages/{reply}/status")),
        json!("done")
    );
    core.close();
}

#[wasm_bindgen_test]
async fn close_means_no_reconnect() {
    let core = store("token=user-web5", json!({}));
    connect_open(&core).await;
    core.close();
    wait_for("closed", 2000, || {
        get(&core, "connection")["status"] == json!("closed")
    })
    .await;
    sleep(500).await;
    assert_eq!(get(&core, "connection")["status"], json!("closed"));
}

#[wasm_bindgen_test]
async fn binary_frames_apply_like_text_frames() {
    let core = store("token=user-web6&tokenMs=2&binary=1", json!({}));
    let reply = chat(&core, "tell me about wasm").await;
    let text = store("token=user-web7&tokenMs=2", json!({}));
    let reply_text = chat(&text, "tell me about wasm").await;
    assert_eq!(
        get(&core, &format!("messages/{reply}/content")),
        get(&text, &format!("messages/{reply_text}/content"))
    );
    core.close();
    text.close();
}

#[wasm_bindgen_test]
async fn an_async_token_function_is_called_on_every_connect_and_never_shown() {
    // No token in the URL: the function's answer goes into `?token=`.
    let core = store_with_token_fn(
        "tokenMs=2&faults=dropAfter:30",
        "user-web8",
        "__calls8",
        json!({}),
    );
    let (reply, seen) = chat_watching(&core, "token me long").await;
    assert!(
        seen.contains(&json!("reconnecting")),
        "no reconnect was seen: {seen:?}"
    );
    assert!(
        global_number("__calls8") >= 2.0,
        "the token function ran once only"
    );
    assert_eq!(
        get(&core, &format!("messages/{reply}/status")),
        json!("done")
    );
    let shown = format!("{}{}", get(&core, "connection"), get(&core, "errors"));
    assert!(!shown.contains("user-web8"), "the token leaked: {shown}");
    core.close();
}

#[wasm_bindgen_test]
async fn token_mode_frame_sends_the_token_as_the_first_frame() {
    let core = store_with_token_fn(
        "tokenMs=2",
        "user-web9",
        "__calls9",
        json!({"tokenMode": "frame"}),
    );
    let reply = chat(&core, "first frame auth").await;
    assert_eq!(
        get(&core, &format!("messages/{reply}/status")),
        json!("done")
    );
    assert_eq!(global_number("__calls9"), 1.0);
    core.close();
}
