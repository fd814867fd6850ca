//! The live connections: who is connected, in which conversation, on which session; used for
//! typing broadcasts and for the control endpoint's per-connection faults.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use tokio_util::sync::CancellationToken;

use crate::writer::{Outbound, Outbox};

/// One live connection.
#[derive(Debug)]
pub struct ConnHandle {
    /// The connection's id.
    pub id: u64,
    /// The user (token) it authenticated as.
    pub user: String,
    /// Its writer.
    pub outbox: Outbox,
    /// Cancelling this drops the connection abruptly.
    pub kill: CancellationToken,
    conversation: Mutex<String>,
    session_id: Mutex<String>,
}

fn lock(m: &Mutex<String>) -> MutexGuard<'_, String> {
    m.lock().unwrap_or_else(|poison| poison.into_inner())
}

impl ConnHandle {
    /// The conversation the connection is in.
    pub fn conversation(&self) -> String {
        lock(&self.conversation).clone()
    }

    /// Moves the connection to another conversation.
    pub fn set_conversation(&self, conversation: &str) {
        *lock(&self.conversation) = conversation.to_owned();
    }

    /// The session the connection is attached to.
    pub fn session_id(&self) -> String {
        lock(&self.session_id).clone()
    }

    /// Records which session the connection is attached to.
    pub fn set_session_id(&self, id: &str) {
        *lock(&self.session_id) = id.to_owned();
    }
}

/// Every live connection.
#[derive(Debug, Default)]
pub struct Hub {
    next_id: AtomicU64,
    conns: Mutex<HashMap<u64, Arc<ConnHandle>>>,
}

impl Hub {
    fn lock(&self) -> MutexGuard<'_, HashMap<u64, Arc<ConnHandle>>> {
        self.conns
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }

    /// Registers a connection.
    pub fn register(&self, user: &str, conversation: &str, outbox: Outbox) -> Arc<ConnHandle> {
        let id = self.next_id.fetch_add(1, Ordering::SeqCst) + 1;
        let handle = Arc::new(ConnHandle {
            id,
            user: user.to_owned(),
            outbox,
            kill: CancellationToken::new(),
            conversation: Mutex::new(conversation.to_owned()),
            session_id: Mutex::new(String::new()),
        });
        self.lock().insert(id, handle.clone());
        handle
    }

    /// Forgets a connection.
    pub fn remove(&self, id: u64) {
        self.lock().remove(&id);
    }

    /// Every live connection.
    pub fn all(&self) -> Vec<Arc<ConnHandle>> {
        self.lock().values().cloned().collect()
    }

    /// How many connections are live.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether no connection is live.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Sends `text` to every live connection in `conversation` except `from`. Returns how many.
    pub fn broadcast(&self, from: u64, conversation: &str, text: &str) -> usize {
        let targets: Vec<_> = self
            .all()
            .into_iter()
            .filter(|c| c.id != from && c.conversation() == conversation)
            .collect();
        let text: Arc<str> = text.into();
        for conn in &targets {
            let _ = conn.outbox.send(Outbound::Frame {
                text: text.clone(),
                seq: None,
            });
        }
        targets.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::sync::mpsc;

    #[test]
    fn broadcast_skips_the_sender_and_other_conversations() {
        let hub = Hub::default();
        let (tx1, mut rx1) = mpsc::unbounded_channel();
        let (tx2, mut rx2) = mpsc::unbounded_channel();
        let (tx3, mut rx3) = mpsc::unbounded_channel();
        let a = hub.register("a", "c1", tx1);
        hub.register("b", "c1", tx2);
        hub.register("c", "c2", tx3);
        assert_eq!(hub.broadcast(a.id, "c1", "{}"), 1);
        assert!(rx1.try_recv().is_err());
        assert!(rx2.try_recv().is_ok());
        assert!(rx3.try_recv().is_err());
    }
}
