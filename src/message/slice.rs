//! The built-in slices of a message, and which of them one effect changed.

/// The built-in slices; each is a key `messages/<id>/<name>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Slice {
    /// `content`
    Content,
    /// `reasoning`
    Reasoning,
    /// `sources`
    Sources,
    /// `followUpQuestions`
    FollowUpQuestions,
    /// `citations`
    Citations,
    /// `logs`
    Logs,
    /// `tools`
    Tools,
    /// `elicitation`
    Elicitation,
    /// `status`
    Status,
    /// `error`
    Error,
    /// `role`
    Role,
    /// `meta`
    Meta,
    /// `parts`: the message's text, reasoning and tool parts in order.
    Parts,
}

impl Slice {
    /// Every built-in slice, in bit order.
    pub const ALL: [Slice; 13] = [
        Slice::Content,
        Slice::Reasoning,
        Slice::Sources,
        Slice::FollowUpQuestions,
        Slice::Citations,
        Slice::Logs,
        Slice::Tools,
        Slice::Elicitation,
        Slice::Status,
        Slice::Error,
        Slice::Role,
        Slice::Meta,
        Slice::Parts,
    ];

    /// The slice's key segment.
    pub fn name(self) -> &'static str {
        match self {
            Slice::Content => "content",
            Slice::Reasoning => "reasoning",
            Slice::Sources => "sources",
            Slice::FollowUpQuestions => "followUpQuestions",
            Slice::Citations => "citations",
            Slice::Logs => "logs",
            Slice::Tools => "tools",
            Slice::Elicitation => "elicitation",
            Slice::Status => "status",
            Slice::Error => "error",
            Slice::Role => "role",
            Slice::Meta => "meta",
            Slice::Parts => "parts",
        }
    }

    /// The built-in slice with that key segment.
    pub fn from_name(name: &str) -> Option<Slice> {
        Slice::ALL.into_iter().find(|s| s.name() == name)
    }

    fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

/// Which slices one effect changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changed {
    bits: u16,
    /// Custom slices that changed, by name.
    pub custom: Vec<String>,
}

impl Changed {
    /// One custom slice changed.
    pub(crate) fn of_custom(name: String) -> Self {
        Self {
            bits: 0,
            custom: vec![name],
        }
    }

    pub(crate) fn of(slice: Slice) -> Self {
        Self {
            bits: slice.bit(),
            custom: Vec::new(),
        }
    }
    pub(crate) fn add(&mut self, slice: Slice) {
        self.bits |= slice.bit();
    }
    /// Adds what `other` changed.
    pub(crate) fn merge(&mut self, other: Changed) {
        self.bits |= other.bits;
        self.custom.extend(other.custom);
    }
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.bits == 0 && self.custom.is_empty()
    }
    /// Whether `slice` changed.
    pub fn has(&self, slice: Slice) -> bool {
        self.bits & slice.bit() != 0
    }
    /// The built-in slices that changed.
    pub fn slices(&self) -> impl Iterator<Item = Slice> + '_ {
        Slice::ALL.into_iter().filter(|s| self.has(*s))
    }
}

/// Per-message bounds the reducer keeps.
#[derive(Debug, Clone, Copy)]
pub struct MessageLimits {
    /// The `logs` ring's size.
    pub max_logs: usize,
}
