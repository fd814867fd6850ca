//! Tabs sharing one socket, on the host: a fake server with sessions, seq and resume, a
//! fake channel whose deliveries the test orders, and real clients. What the browser test
//! shows with real tabs, here with every interleaving under control.

use std::collections::VecDeque;

use serde_json::{json, Value};

use super::{Catchup, Post};
use crate::client::options::connection_options;
use crate::client::{Action, Client};
use crate::connection::Event;
use crate::json::jv;
use crate::options::StoreOptions;
use crate::share::{Forward, Item, Position};

/// What crosses the channel.
#[derive(Debug, Clone)]
enum Msg {
    Item(Position, Item<'static>),
    Hello(u64, Option<Position>),
    Join(usize),
    Image(usize, String),
    Send(Forward),
}

/// The reference server, reduced: one session streams; a resume replays after a seq.
#[derive(Default)]
struct Server {
    /// The session's frames, seq = index + 1.
    history: Vec<String>,
    /// The tab whose socket is on the session, and the last seq it was sent.
    on: Option<(usize, usize)>,
    fresh: u64,
    /// Client frames received, in order.
    got: Vec<Value>,
    /// Leaves `resume` unanswered (a server that lost track of the connection).
    mute_resume: bool,
}

const SESSION: &str = "s1";
const EPOCH: u64 = 7;

struct Tab {
    client: Client,
    inbox: VecDeque<Msg>,
    alive: bool,
}

struct World {
    tabs: Vec<Tab>,
    server: Server,
    now: u64,
    /// Socket frames on their way to a tab: (tab, bytes).
    wire: VecDeque<(usize, Vec<u8>)>,
    /// Sockets opening: (tab, generation).
    opening: VecDeque<(usize, u32)>,
}

fn client(seed: u64) -> Client {
    let conn = connection_options(
        &jv!({"url": "ws://127.0.0.1:9/ws", "heartbeat": false, "ackTimeoutMs": 5000}),
        false,
    )
    .unwrap();
    Client::new(StoreOptions::default(), conn, seed)
}

fn delta(seq: usize, id: &str, text: &str) -> String {
    json!({"action_type": "content.delta", "messageId": id, "seq": seq, "payload": {"text": text}})
        .to_string()
}

impl World {
    fn new(tabs: usize) -> Self {
        let mut w = World {
            tabs: Vec::new(),
            server: Server::default(),
            now: 1000,
            wire: VecDeque::new(),
            opening: VecDeque::new(),
        };
        for _ in 0..tabs {
            w.open_tab();
        }
        w
    }

    /// A new tab: it follows (joining) and asks for an image.
    fn open_tab(&mut self) -> usize {
        let i = self.tabs.len();
        let mut client = client(i as u64 + 1);
        client.follow(self.now);
        self.tabs.push(Tab {
            client,
            inbox: VecDeque::new(),
            alive: true,
        });
        self.post(i, Msg::Join(i));
        i
    }

    fn post(&mut self, from: usize, msg: Msg) {
        for (i, tab) in self.tabs.iter_mut().enumerate() {
            if i != from && tab.alive {
                tab.inbox.push_back(msg.clone());
            }
        }
    }

    /// Tab `i` takes the lock: hello, then its socket opens and resumes.
    fn lead(&mut self, i: usize, term: u64) {
        let (from, actions) = self.tabs[i].client.lead(term, self.now);
        self.post(i, Msg::Hello(term, from));
        self.perform(i, actions);
        let actions = self.tabs[i].client.handle(Event::Connect, self.now);
        self.perform(i, actions);
    }

    fn perform(&mut self, i: usize, actions: Vec<Action>) {
        for action in actions {
            match action {
                Action::Post(Post::Item(at, item)) => self.post(i, Msg::Item(at, item)),
                Action::Post(Post::Send(f)) => self.post(i, Msg::Send(f)),
                Action::Open { generation, .. } => self.opening.push_back((i, generation)),
                Action::Send(text) => self.server_got(i, &text),
                _ => {}
            }
        }
    }

    /// A client frame reaches the server.
    fn server_got(&mut self, i: usize, text: &str) {
        let frame: Value = serde_json::from_str(text).unwrap();
        self.server.got.push(frame.clone());
        let id = frame["id"].as_str().unwrap_or_default().to_owned();
        match frame["action_type"].as_str() {
            Some("resume") if self.server.mute_resume => {}
            Some("resume") => {
                let seq = frame["payload"]["seq"].as_u64().unwrap() as usize;
                assert_eq!(frame["payload"]["sessionId"], SESSION);
                let ready = json!({"action_type": "session.ready", "ref": id,
                    "payload": {"sessionId": SESSION, "epoch": EPOCH, "seq": seq}});
                self.wire.push_back((i, ready.to_string().into_bytes()));
                self.server.on = Some((i, seq));
                self.pump();
            }
            Some("chat.message") => {
                for status in ["received", "delivered"] {
                    let seq = self.server.history.len() + 1;
                    let ack = json!({"action_type": "ack", "ref": id, "seq": seq, "payload": {"status": status}});
                    self.server.history.push(ack.to_string());
                }
                self.pump();
            }
            _ => {}
        }
    }

    /// The session's first connection (no resume: a new session).
    fn start_session(&mut self, i: usize) {
        let ready = json!({"action_type": "session.ready",
            "payload": {"sessionId": SESSION, "epoch": EPOCH, "seq": 0}});
        self.wire.clear();
        self.wire.push_back((i, ready.to_string().into_bytes()));
        self.server.on = Some((i, 0));
    }

    /// The server streams one frame into the session.
    fn emit(&mut self, frame: String) {
        self.server.history.push(frame);
        self.pump();
    }

    /// Frames of the session not yet sent go on the wire of the tab on it.
    fn pump(&mut self) {
        let Some((i, sent)) = self.server.on else {
            return;
        };
        for frame in self.server.history.iter().skip(sent) {
            self.wire.push_back((i, frame.clone().into_bytes()));
        }
        self.server.on = Some((i, self.server.history.len()));
    }

    /// Delivers socket frames, as the driver does: stamped and posted, then applied.
    fn deliver_wire(&mut self) {
        while let Some((i, generation)) = self.opening.pop_front() {
            // The server greets every new socket with a fresh session first.
            self.server.fresh += 1;
            let ready = json!({"action_type": "session.ready",
                "payload": {"sessionId": format!("fresh-{}", self.server.fresh), "epoch": EPOCH, "seq": 0}});
            self.wire.push_front((i, ready.to_string().into_bytes()));
            let opened = Event::Opened {
                generation,
                resume: None,
            };
            let actions = self.tabs[i].client.handle(opened, self.now);
            self.perform(i, actions);
        }
        while let Some((i, bytes)) = self.wire.pop_front() {
            if !self.tabs[i].alive {
                continue;
            }
            self.now += 1;
            let c = &mut self.tabs[i].client;
            let generation = c.generation();
            if let Some(at) = c.stamp_frame(generation) {
                self.post(i, Msg::Item(at, Item::Frame(bytes.clone().into())));
            }
            let actions = self.tabs[i].client.receive(generation, &bytes, self.now);
            self.perform(i, actions);
        }
    }

    /// Delivers one channel message to tab `i`; false when its inbox is empty.
    fn deliver_one(&mut self, i: usize) -> bool {
        let Some(msg) = self.tabs[i].inbox.pop_front() else {
            return false;
        };
        self.now += 1;
        let now = self.now;
        let c = &mut self.tabs[i].client;
        let (ask, actions) = match msg {
            Msg::Item(at, item) => c.follow_item(at, item, now),
            Msg::Hello(term, from) => c.hello(term, from, now),
            Msg::Join(from) => {
                if let Some(image) = c.share_image() {
                    self.post(i, Msg::Image(from, image));
                }
                (Catchup::Done, Vec::new())
            }
            Msg::Image(to, text) if to == i => c.follow_image(&text, now).unwrap(),
            Msg::Image(..) => (Catchup::Done, Vec::new()),
            Msg::Send(f) => (Catchup::Done, c.relay(f, now)),
        };
        self.perform(i, actions);
        if ask == Catchup::AskImage {
            self.post(i, Msg::Join(i));
        }
        true
    }

    /// Everything delivered, everywhere, until nothing moves.
    fn settle(&mut self) {
        for _ in 0..10_000 {
            let mut moved = !self.opening.is_empty();
            self.deliver_wire();
            for i in 0..self.tabs.len() {
                while self.tabs[i].alive && self.deliver_one(i) {
                    moved = true;
                }
            }
            if !moved && self.wire.is_empty() && self.opening.is_empty() {
                return;
            }
        }
        panic!("the world did not settle");
    }

    /// The tab's page goes away (closed or crashed): nothing more reaches it or leaves it.
    fn kill(&mut self, i: usize) {
        self.tabs[i].alive = false;
        self.tabs[i].inbox.clear();
        if self.server.on.map(|(t, _)| t) == Some(i) {
            self.server.on = None; // the socket dropped; the session outlives it
        }
        self.wire.retain(|(t, _)| *t != i);
    }

    fn content(&self, i: usize, id: &str) -> String {
        let store = self.tabs[i].client.store();
        store
            .message(id)
            .map(|m| m.content.clone())
            .unwrap_or_default()
    }

    /// What the server streamed for message `id`.
    fn truth(&self, id: &str) -> String {
        self.server
            .history
            .iter()
            .filter_map(|f| serde_json::from_str::<Value>(f).ok())
            .filter(|f| f["messageId"] == id && f["action_type"] == "content.delta")
            .map(|f| f["payload"]["text"].as_str().unwrap_or_default().to_owned())
            .collect()
    }

    fn ack(&self, i: usize, id: &str) -> Option<String> {
        let store = self.tabs[i].client.store();
        let key = store.key(&format!("acks/{id}"))?;
        let v: Value = serde_json::from_str(&crate::json::to_string(&store.value(&key)?)).ok()?;
        v["status"].as_str().map(str::to_owned)
    }

    fn duplicates(&self, i: usize) -> u64 {
        self.tabs[i].client.store().stats().duplicates
    }
}

/// Tab 0 leads, tabs 1.. follow; all caught up on a new session.
fn started(tabs: usize) -> World {
    let mut w = World::new(tabs);
    w.lead(0, 100);
    w.start_session(0);
    w.settle();
    w
}

#[test]
fn followers_apply_the_leaders_frames_and_open_no_socket() {
    let mut w = started(3);
    for n in 1..=20 {
        w.emit(delta(n, "a", &format!("t{n} ")));
    }
    w.settle();
    let truth = w.truth("a");
    assert!(truth.starts_with("t1 t2 ") && truth.ends_with("t20 "));
    for i in 0..3 {
        assert_eq!(w.content(i, "a"), truth, "tab {i}");
        assert_eq!(w.duplicates(i), 0, "tab {i}");
        assert!(!w.tabs[i].client.is_joining());
    }
    assert!(w.tabs[1].client.is_following() && w.tabs[0].client.is_leading());
    assert_eq!(
        w.tabs[1].client.generation(),
        0,
        "a follower never opened a socket"
    );
    let followers_status = w.tabs[2].client.store().value(&crate::Key::Connection);
    let v = crate::json::to_string(&followers_status.unwrap());
    assert!(
        v.contains(r#""status":"open""#) && v.contains(r#""role":"follower""#),
        "{v}"
    );
}

#[test]
fn a_late_tab_catches_up_with_no_gap_and_no_duplicate() {
    let mut w = started(2);
    for n in 1..=5 {
        w.emit(delta(n, "a", &format!("x{n}")));
    }
    w.settle();
    // The late tab asks; before the leader answers, more frames reach everyone.
    let late = w.open_tab();
    for n in 6..=8 {
        w.emit(delta(n, "a", &format!("x{n}")));
    }
    w.deliver_wire(); // the leader applies 6..=8 and posts them: the late tab holds them
    assert!(
        w.deliver_one(0),
        "the leader gets the join: its image is taken at 8"
    );
    for n in 9..=10 {
        w.emit(delta(n, "a", &format!("x{n}")));
    }
    w.settle();
    assert_eq!(w.content(late, "a"), w.truth("a"));
    assert_eq!(w.duplicates(late), 0);
    assert!(!w.tabs[late].client.is_joining());
}

#[test]
fn a_late_tab_whose_image_comes_first_waits_for_nothing() {
    let mut w = started(1);
    w.emit(delta(1, "a", "one "));
    w.settle();
    let late = w.open_tab();
    w.deliver_one(0); // join → image at the current position, before any new frame
    w.emit(delta(2, "a", "two"));
    w.settle();
    assert_eq!(w.content(late, "a"), "one two");
}

#[test]
fn when_the_leader_closes_mid_stream_the_next_resumes_the_session() {
    let mut w = started(3);
    for n in 1..=6 {
        w.emit(delta(n, "a", &format!("a{n} ")));
    }
    w.settle();
    // The leader applies 7..=9; tab 1 gets them all, tab 2 only 7; then the leader dies.
    for n in 7..=9 {
        w.emit(delta(n, "a", &format!("a{n} ")));
    }
    w.deliver_wire();
    while w.deliver_one(1) {}
    w.deliver_one(2);
    w.kill(0);
    // The server keeps streaming into the session while nobody is on it.
    for n in 10..=12 {
        w.emit(delta(n, "a", &format!("a{n} ")));
    }
    // Tab 2 (behind: it lost 8 and 9 with the leader) takes the lock first.
    w.lead(2, 200);
    w.settle();
    for n in 13..=15 {
        w.emit(delta(n, "a", &format!("a{n} ")));
    }
    w.settle();
    let truth = w.truth("a");
    assert!(truth.ends_with("a15 "));
    for i in [1, 2] {
        assert_eq!(
            w.content(i, "a"),
            truth,
            "tab {i}: nothing lost, nothing doubled"
        );
    }
    let resumes: Vec<&Value> = w
        .server
        .got
        .iter()
        .filter(|f| f["action_type"] == "resume")
        .collect();
    assert_eq!(resumes.len(), 1);
    assert_eq!(
        resumes[0]["payload"],
        json!({"sessionId": SESSION, "epoch": EPOCH, "seq": 7})
    );
    assert!(
        w.duplicates(1) >= 2,
        "tab 1 was ahead: the replays of 8 and 9 dropped by seq"
    );
}

#[test]
fn a_follower_ahead_of_the_new_leader_keeps_its_position() {
    let mut w = started(3);
    for n in 1..=4 {
        w.emit(delta(n, "a", &format!("b{n} ")));
    }
    w.deliver_wire();
    while w.deliver_one(2) {} // tab 2 has 1..=4; tab 1 has nothing yet
    w.kill(0);
    w.lead(1, 300);
    w.settle();
    w.emit(delta(5, "a", "b5"));
    w.settle();
    assert_eq!(w.content(1, "a"), w.truth("a"));
    assert_eq!(w.content(2, "a"), w.truth("a"));
}

#[test]
fn a_follower_sends_through_the_leader_and_gets_its_ack() {
    let mut w = started(2);
    let (id, actions) = w.tabs[1]
        .client
        .send("chat.message", jv!({"content": "hi"}), true, w.now);
    assert_eq!(w.ack(1, &id).as_deref(), Some("pending"));
    assert!(
        !actions.iter().any(|a| matches!(a, Action::Send(_))),
        "no socket of its own"
    );
    w.perform(1, actions);
    w.settle();
    let sent = w
        .server
        .got
        .iter()
        .find(|f| f["action_type"] == "chat.message");
    assert_eq!(sent.map(|f| f["id"].clone()), Some(json!(id)));
    assert_eq!(w.ack(1, &id).as_deref(), Some("delivered"));
    assert_eq!(
        w.ack(0, &id).as_deref(),
        Some("delivered"),
        "every tab sees every ack"
    );
    assert!(w.tabs[1].client.unsettled.is_empty());
}

#[test]
fn a_frame_the_gone_leader_never_sent_goes_through_the_next_one() {
    let mut w = started(3);
    let (id, actions) =
        w.tabs[2]
            .client
            .send("chat.message", jv!({"content": "late"}), true, w.now);
    w.perform(2, actions);
    w.kill(0); // the leader dies before it reads the forward
    w.lead(1, 400);
    w.settle();
    let sent: Vec<&Value> = w
        .server
        .got
        .iter()
        .filter(|f| f["action_type"] == "chat.message")
        .collect();
    assert_eq!(sent.len(), 1, "sent once, by the new leader");
    assert_eq!(sent[0]["id"], json!(id));
    assert_eq!(w.ack(2, &id).as_deref(), Some("delivered"));
}

#[test]
fn a_follower_frame_sent_while_the_socket_is_down_waits_in_the_leaders_outbox() {
    let mut w = World::new(2);
    let (from, actions) = w.tabs[0].client.lead(1, w.now);
    assert_eq!(from, None);
    w.perform(0, actions);
    let (id, actions) =
        w.tabs[1]
            .client
            .send("chat.message", jv!({"content": "queued"}), true, w.now);
    w.perform(1, actions);
    w.settle(); // the leader relays it: its socket is not open, so it is queued
    assert!(w.server.got.is_empty());
    assert_eq!(
        w.tabs[1].client.unsettled.len(),
        1,
        "unsettled while queued"
    );
    let actions = w.tabs[0].client.handle(Event::Connect, w.now);
    w.perform(0, actions); // opens: the outbox drains
    w.settle();
    assert!(w.server.got.iter().any(|f| f["id"] == json!(id)));
    assert!(w.tabs[1].client.unsettled.is_empty(), "settled once sent");
}

#[test]
fn an_image_nobody_asked_for_changes_nothing() {
    let mut w = started(2);
    w.emit(delta(1, "a", "x"));
    w.settle();
    let image = w.tabs[0].client.share_image().unwrap();
    w.emit(delta(2, "a", "y"));
    w.settle();
    let (ask, _) = w.tabs[1].client.follow_image(&image, w.now).unwrap();
    assert_eq!(ask, Catchup::Done);
    assert_eq!(w.content(1, "a"), "xy");
}

#[test]
fn a_bad_image_is_an_error_and_the_tab_stays_joining() {
    let mut c = client(1);
    c.follow(0);
    for bad in [
        "{",
        r#"{"term":1}"#,
        r#"{"term":1,"n":2,"store":{"messages":7}}"#,
    ] {
        assert!(c.follow_image(bad, 1).is_err(), "{bad}");
        assert!(c.is_joining());
    }
}

#[test]
fn a_follower_leaves_resumes_and_resyncs_to_the_leader() {
    let mut w = started(2);
    w.emit(delta(1, "a", "x"));
    w.settle();
    // A gap in the stream: both stores hold seq 3; only the leader may ask for a resume.
    w.server.history.push(delta(2, "a", "lost"));
    w.server.on = Some((0, 2));
    w.emit(delta(3, "a", "z"));
    w.settle();
    let later = w.now + 60_000;
    let follower = w.tabs[1].client.handle(Event::TimerFired, later);
    assert!(!follower
        .iter()
        .any(|a| matches!(a, Action::Send(_) | Action::Post(Post::Send(_)))));
    let leader = w.tabs[0].client.handle(Event::TimerFired, later);
    assert!(leader
        .iter()
        .any(|a| matches!(a, Action::Send(t) if t.contains("\"resume\""))));
}

#[test]
fn an_unanswered_resume_lapses_in_every_tab_on_the_leaders_clock() {
    let mut w = started(3);
    w.emit(delta(1, "a", "half"));
    w.settle();
    w.kill(0);
    w.server.mute_resume = true;
    w.lead(1, 500);
    w.settle();
    assert!(w.tabs[1].client.store().is_resuming() && w.tabs[2].client.store().is_resuming());
    // The follower's own clock never fails the leader's resume...
    let later = w.now + 60_000;
    let actions = w.tabs[2].client.handle(Event::TimerFired, later);
    w.perform(2, actions);
    assert!(w.tabs[2].client.store().is_resuming());
    // ...the leader's does, and says so.
    let actions = w.tabs[1].client.handle(Event::TimerFired, later);
    w.perform(1, actions);
    w.settle();
    for i in [1, 2] {
        let store = w.tabs[i].client.store();
        assert!(!store.is_resuming(), "tab {i}");
        assert_eq!(
            store.message("a").map(|m| m.status),
            Some(crate::message::Status::Stale)
        );
        let view = crate::json::to_string(&store.value(&crate::Key::Connection).unwrap());
        assert!(
            view.contains(r#""sessionId":"fresh-"#),
            "tab {i} follows the fresh session: {view}"
        );
    }
}
