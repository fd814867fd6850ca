//! What a scripted assistant reply says: sources, reasoning, logs, a tool call, content text
//! and its token chunks, follow-up questions. Pure and deterministic (seeded by the prompt), so
//! tests can predict it and a resumed stream can be compared with a fresh one.
//!
//! Prompt switches: `long` gives 400 words, `/form` asks for a form first, `/error` ends the
//! reply with `message.error`.

use serde_json::{json, Value};

/// Words in a reply whose prompt contains [`LONG_SWITCH`].
pub const LONG_WORDS: usize = 400;
/// Prompt substring for a long reply.
pub const LONG_SWITCH: &str = "long";
/// Prompt substring that makes the reply ask for a form.
pub const FORM_SWITCH: &str = "/form";
/// Prompt substring that makes the reply fail.
pub const ERROR_SWITCH: &str = "/error";
/// Longest content chunk, in characters.
pub const MAX_CHUNK_CHARS: u64 = 8;

const VOCABULARY: [&str; 24] = [
    "stream", "socket", "frame", "state", "react", "store", "delta", "message", "server", "client",
    "render", "token", "replay", "session", "buffer", "order", "resume", "signal", "wire", "slice",
    "snapshot", "reason", "source", "answer",
];

/// A tiny deterministic generator (splitmix64); no dependency, no global state.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next number.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `1..=max`.
    pub fn between_1_and(&mut self, max: u64) -> u64 {
        1 + self.next_u64() % max.max(1)
    }
}

/// FNV-1a, to seed from text.
fn hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Everything one reply will send, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Script {
    /// `sources.add` payload sources.
    pub sources: Vec<Value>,
    /// `reasoning.delta` texts.
    pub reasoning: Vec<String>,
    /// `logs.append` payloads.
    pub logs: Vec<Value>,
    /// The tool call's id.
    pub tool_call_id: String,
    /// The tool's name.
    pub tool_name: String,
    /// `tool.delta` argsText chunks; joined they are a JSON object.
    pub tool_args: Vec<String>,
    /// `tool.end` result.
    pub tool_result: Value,
    /// The whole content text (before any form answer is prepended).
    pub text: String,
    /// `followUpQuestions.set` questions.
    pub follow_ups: Vec<String>,
    /// Ask for a form after the sources.
    pub form: bool,
    /// End with `message.error`.
    pub error: bool,
    /// Seed for [`chunks`].
    pub seed: u64,
}

/// The reply number `index` (0-based) to `prompt`, as message `message_id`.
pub fn plan(prompt: &str, message_id: &str, index: usize, words: usize) -> Script {
    let seed = hash(prompt) ^ (index as u64).wrapping_mul(0x1000_0000_01b3);
    let mut rng = Rng::new(seed);
    let topic: Vec<&str> = prompt
        .split_whitespace()
        .filter(|w| !w.starts_with('/'))
        .take(4)
        .collect();
    let topic = if topic.is_empty() {
        "your question".to_owned()
    } else {
        topic.join(" ")
    };
    let slug: String = topic
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let count = if prompt.contains(LONG_SWITCH) {
        LONG_WORDS
    } else {
        words
    };
    let body: Vec<&str> = (0..count)
        .map(|_| {
            let i = (rng.next_u64() % VOCABULARY.len() as u64) as usize;
            VOCABULARY.get(i).copied().unwrap_or("word")
        })
        .collect();
    let text = format!("Reply {} on \"{}\": {}.", index + 1, topic, body.join(" "));
    let args = json!({"query": topic, "limit": 3}).to_string();
    Script {
        sources: (1..=3)
            .map(|k| {
                json!({"id": format!("{message_id}-s{k}"),
                       "url": format!("https://example.com/{slug}/{k}"),
                       "title": format!("Source {k} on {topic}")})
            })
            .collect(),
        reasoning: vec![
            format!("The user asks about {topic}. "),
            "I will look it up, ".to_owned(),
            "then answer briefly.".to_owned(),
        ],
        logs: vec![
            json!({"level": "info", "text": format!("planning reply {}", index + 1)}),
            json!({"level": "debug", "text": "calling search"}),
        ],
        tool_call_id: format!("{message_id}-t1"),
        tool_name: "search".to_owned(),
        tool_args: chunks(&args, seed ^ 1),
        tool_result: json!({"hits": 3, "query": topic}),
        text,
        follow_ups: vec![
            format!("Tell me more about {topic}?"),
            "Can you give an example?".to_owned(),
            "What are the trade-offs?".to_owned(),
        ],
        form: prompt.contains(FORM_SWITCH),
        error: prompt.contains(ERROR_SWITCH),
        seed,
    }
}

/// Splits `text` into chunks of 1..=8 characters (never inside a UTF-8 character).
pub fn chunks(text: &str, seed: u64) -> Vec<String> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let want = rng.between_1_and(MAX_CHUNK_CHARS) as usize;
        let end = rest.char_indices().nth(want).map_or(rest.len(), |(i, _)| i);
        let (head, tail) = rest.split_at(end);
        out.push(head.to_owned());
        rest = tail;
    }
    out
}

/// The JSON Schema of the `/form` elicitation.
pub fn form_schema() -> Value {
    json!({
        "type": "object",
        "title": "Booking details",
        "properties": {
            "name": {"type": "string", "title": "Your name"},
            "seats": {"type": "integer", "title": "Seats", "minimum": 1, "maximum": 8}
        },
        "required": ["name"]
    })
}

/// A sentence that mentions the submitted form values, e.g. `You submitted name=Ada, seats=2. `
pub fn mention_values(values: &Value) -> String {
    let listed = match values.as_object() {
        Some(map) if !map.is_empty() => map
            .iter()
            .map(|(k, v)| match v.as_str() {
                Some(s) => format!("{k}={s}"),
                None => format!("{k}={v}"),
            })
            .collect::<Vec<_>>()
            .join(", "),
        _ => values.to_string(),
    };
    format!("You submitted {listed}. ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_is_deterministic_and_sized() {
        let a = plan("tell me about sockets", "a-1", 0, 60);
        assert_eq!(a, plan("tell me about sockets", "a-1", 0, 60));
        assert_ne!(a.text, plan("tell me about sockets", "a-1", 1, 60).text);
        assert_eq!(a.sources.len(), 3);
        assert_eq!(a.follow_ups.len(), 3);
        let long = plan("a long one", "a-2", 0, 60);
        assert!(long.text.split_whitespace().count() > LONG_WORDS);
    }

    #[test]
    fn chunks_rejoin_and_stay_small() {
        let text = "héllo wörld, ünïcode ✓ text";
        let parts = chunks(text, 42);
        assert_eq!(parts.concat(), text);
        assert!(parts
            .iter()
            .all(|p| (1..=MAX_CHUNK_CHARS as usize).contains(&p.chars().count())));
    }

    #[test]
    fn tool_args_are_json_once_joined() {
        let s = plan("x", "a-1", 0, 5);
        let joined = s.tool_args.concat();
        assert!(serde_json::from_str::<Value>(&joined).is_ok());
    }

    #[test]
    fn switches_are_read_from_the_prompt() {
        assert!(plan("please /form", "a", 0, 5).form);
        assert!(plan("boom /error", "a", 0, 5).error);
        assert_eq!(
            mention_values(&json!({"name": "Ada", "seats": 2})),
            "You submitted name=Ada, seats=2. "
        );
    }
}
