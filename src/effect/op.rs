//! The built-in ops: every action of PROTOCOL.md by its wire name.

/// The built-in actions, by their PROTOCOL.md names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `message.start`
    MessageStart,
    /// `content.delta`
    ContentDelta,
    /// `content.set`
    ContentSet,
    /// `reasoning.delta`
    ReasoningDelta,
    /// `reasoning.set`
    ReasoningSet,
    /// `sources.add`
    SourcesAdd,
    /// `sources.set`
    SourcesSet,
    /// `followUpQuestions.set`
    FollowUpSet,
    /// `followUpQuestions.add`
    FollowUpAdd,
    /// `citations.add`
    CitationsAdd,
    /// `logs.append`
    LogsAppend,
    /// `tool.start`
    ToolStart,
    /// `tool.delta`
    ToolDelta,
    /// `tool.end`
    ToolEnd,
    /// `elicitation.start`
    ElicitationStart,
    /// `elicitation.end`
    ElicitationEnd,
    /// `state.set`
    StateSet,
    /// `state.patch`
    StatePatch,
    /// `message.snapshot`
    MessageSnapshot,
    /// `message.done`
    MessageDone,
    /// `message.error`
    MessageError,
    /// `message.cancelled`
    MessageCancelled,
    /// `session.ready`
    SessionReady,
    /// `session.error`
    SessionError,
    /// `ack`
    Ack,
    /// `typing.start`
    TypingStart,
    /// `typing.stop`
    TypingStop,
    /// `pong`
    Pong,
    /// `resume.failed`
    ResumeFailed,
    /// A known action to ignore (routes only: `{"op": "ignore"}`).
    Ignore,
    /// `message.ensure`: creates the message unless it exists (never clears it).
    MessageEnsure,
    /// `meta.patch`: RFC 7386 merge patch onto the message's `meta`.
    MetaPatch,
    /// `part.start`: a text or reasoning part of the message begins.
    PartStart,
    /// `tool.input`: a tool call's arguments are complete.
    ToolInput,
    /// `tool.approval`: a tool call asks for (or got) the user's approval.
    ToolApproval,
    /// `data.put`: a keyed data part (replaced by id), or a transient one (an event only).
    DataPut,
    /// `state.jsonPatch`: RFC 6902 JSON Patch onto a custom slice.
    StateJsonPatch,
    /// `agent.state`: replaces the store's `state` key.
    AgentState,
    /// `agent.patch`: RFC 6902 JSON Patch onto the store's `state` key.
    AgentPatch,
    /// `run.start`
    RunStart,
    /// `run.finish`
    RunFinish,
    /// `run.error`
    RunError,
    /// `step.start`
    StepStart,
    /// `step.finish`
    StepFinish,
    /// `event`: delivered to `store.on(name)` listeners; nothing is kept.
    Event,
}

const OPS: [(&str, Op); 45] = [
    ("message.start", Op::MessageStart),
    ("content.delta", Op::ContentDelta),
    ("content.set", Op::ContentSet),
    ("reasoning.delta", Op::ReasoningDelta),
    ("reasoning.set", Op::ReasoningSet),
    ("sources.add", Op::SourcesAdd),
    ("sources.set", Op::SourcesSet),
    ("followUpQuestions.set", Op::FollowUpSet),
    ("followUpQuestions.add", Op::FollowUpAdd),
    ("citations.add", Op::CitationsAdd),
    ("logs.append", Op::LogsAppend),
    ("tool.start", Op::ToolStart),
    ("tool.delta", Op::ToolDelta),
    ("tool.end", Op::ToolEnd),
    ("elicitation.start", Op::ElicitationStart),
    ("elicitation.end", Op::ElicitationEnd),
    ("state.set", Op::StateSet),
    ("state.patch", Op::StatePatch),
    ("message.snapshot", Op::MessageSnapshot),
    ("message.done", Op::MessageDone),
    ("message.error", Op::MessageError),
    ("message.cancelled", Op::MessageCancelled),
    ("session.ready", Op::SessionReady),
    ("session.error", Op::SessionError),
    ("ack", Op::Ack),
    ("typing.start", Op::TypingStart),
    ("typing.stop", Op::TypingStop),
    ("pong", Op::Pong),
    ("resume.failed", Op::ResumeFailed),
    ("ignore", Op::Ignore),
    ("message.ensure", Op::MessageEnsure),
    ("meta.patch", Op::MetaPatch),
    ("part.start", Op::PartStart),
    ("tool.input", Op::ToolInput),
    ("tool.approval", Op::ToolApproval),
    ("data.put", Op::DataPut),
    ("state.jsonPatch", Op::StateJsonPatch),
    ("agent.state", Op::AgentState),
    ("agent.patch", Op::AgentPatch),
    ("run.start", Op::RunStart),
    ("run.finish", Op::RunFinish),
    ("run.error", Op::RunError),
    ("step.start", Op::StepStart),
    ("step.finish", Op::StepFinish),
    ("event", Op::Event),
];

impl Op {
    /// The op named `name` on the wire, if it is a built-in one.
    pub fn from_name(name: &str) -> Option<Op> {
        OPS.iter().find(|(n, _)| *n == name).map(|(_, op)| *op)
    }

    /// The wire name of the op.
    pub fn name(self) -> &'static str {
        OPS.iter()
            .find(|(_, op)| *op == self)
            .map_or("ignore", |(n, _)| n)
    }

    /// All wire names, for error messages that list what is allowed.
    pub fn names() -> impl Iterator<Item = &'static str> {
        OPS.iter().map(|(n, _)| *n)
    }

    /// Whether the op acts on one message (and so needs a message id).
    pub fn is_message_scoped(self) -> bool {
        !matches!(
            self,
            Op::SessionReady
                | Op::SessionError
                | Op::Ack
                | Op::TypingStart
                | Op::TypingStop
                | Op::Pong
                | Op::ResumeFailed
                | Op::Ignore
                | Op::AgentState
                | Op::AgentPatch
                | Op::RunStart
                | Op::RunFinish
                | Op::RunError
                | Op::StepStart
                | Op::StepFinish
                | Op::Event
        )
    }
}
