//! The `logs` slice: a ring bounded by `limits.maxLogsPerMessage`; the oldest line goes.

use std::collections::VecDeque;

use crate::message::LogEntry;

/// Pushes `entry`, dropping the oldest lines beyond `max`.
pub fn push(logs: &mut VecDeque<LogEntry>, entry: LogEntry, max: usize) {
    logs.push_back(entry);
    while logs.len() > max {
        logs.pop_front();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ring_keeps_the_newest() {
        let mut logs = VecDeque::new();
        for i in 0..10 {
            push(
                &mut logs,
                LogEntry {
                    level: None,
                    text: i.to_string(),
                    ts: None,
                },
                4,
            );
        }
        assert_eq!(logs.len(), 4);
        assert_eq!(logs.front().map(|l| l.text.as_str()), Some("6"));
    }
}
