# Generated from schema/protocol-v1.json by scripts/gen-types.sh (datamodel-code-generator). Do not edit.

from __future__ import annotations

from typing import Annotated, Any, Literal
from pydantic import BaseModel, ConfigDict, Field, RootModel


class AckStatus(RootModel[Literal["received", "delivered", "error"]]):
    root: Literal["received", "delivered", "error"]
    """
    An ack's status.
    """


class AgentPatch(BaseModel):
    """
    `agent.patch`: an RFC 6902 JSON Patch onto the `state` key.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    patch: list[dict[str, Any]]
    """
    The operations, applied in order.
    """


class AgentState(BaseModel):
    """
    `agent.state`: replaces the session's shared `state` key.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    value: Any | None = None
    """
    The new state.
    """


class Auth(BaseModel):
    """
    `auth`: the token, as the first frame instead of the `token` query parameter.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    token: str
    """
    The token.
    """


class ChatMessage(BaseModel):
    """
    `chat.message`: the user says something. A server may read fields of its own beside these.
    """

    model_config = ConfigDict(
        extra="allow",
        populate_by_name=True,
    )
    content: str
    """
    The user's text.
    """
    conversation_id: Annotated[str | None, Field(alias="conversationId")] = None
    """
    The conversation it belongs to.
    """
    message_id: Annotated[str | None, Field(alias="messageId")] = None
    """
    The client's id for the user message (the server echoes it under this id).
    """


class CitationsAdd(BaseModel):
    """
    `citations.add`: one citation or several (any JSON objects).
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    citation: dict[str, Any] | None = None
    """
    One citation.
    """
    citations: list[dict[str, Any]] | None = None
    """
    Several citations.
    """


class ChatMessageRequest(BaseModel):
    """
    A chat message.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["chat.message"]
    id: str | None = None
    """
    The client's frame id; answers to this frame carry it as `ref`.
    """
    payload: ChatMessage
    """
    The payload.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class AuthRequest(BaseModel):
    """
    The token, when not in the URL.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["auth"]
    id: str | None = None
    """
    The client's frame id; answers to this frame carry it as `ref`.
    """
    payload: Auth
    """
    The payload.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class Elicitation(BaseModel):
    """
    A form the server asks the user to fill (`elicitation.start`'s payload, the slice).
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    elicitation_id: Annotated[str, Field(alias="elicitationId")]
    """
    Which form; `elicitation.submit` names it.
    """
    message: str | None = None
    """
    What to tell the user about the form.
    """
    mode: str | None = None
    """
    `form`, `url`, … (free text).
    """
    schema_: Annotated[dict[str, Any], Field(alias="schema")]
    """
    A JSON Schema of the fields to fill.
    """
    tool_call_id: Annotated[str | None, Field(alias="toolCallId")] = None
    """
    The tool call the form belongs to, if any.
    """


class ElicitationEnd(BaseModel):
    """
    `elicitation.end`.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    elicitation_id: Annotated[str, Field(alias="elicitationId")]
    """
    The form that closed.
    """


class ElicitationSubmit(BaseModel):
    """
    `elicitation.submit`: the user's answers to a form.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    elicitation_id: Annotated[str, Field(alias="elicitationId")]
    """
    The form (`elicitation.start`'s `elicitationId`).
    """
    values: dict[str, Any]
    """
    The filled values, shaped by the form's schema.
    """


class Empty(BaseModel):
    """
    An empty payload (`{}`).
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )


class Event(BaseModel):
    """
    `event`: a named event for the app's listeners (`store.on(name)`); nothing is kept.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    name: str
    """
    The event's name.
    """
    value: Any | None = None
    """
    Its value.
    """


class FollowUpAdd(BaseModel):
    """
    `followUpQuestions.add`.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    question: str
    """
    One more question.
    """


class FollowUpsSet(BaseModel):
    """
    `followUpQuestions.set`.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    questions: list[str]
    """
    The new questions.
    """


class Id(RootModel[str | float]):
    root: str | float
    """
    An id that may be a string or a number (a source's, a part's, an approval's).
    """


class LogEntry(BaseModel):
    """
    A log line (`logs.append`'s payload, an item of `logs`).
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    level: str | None = None
    """
    `info`, `warn`, … (free text).
    """
    text: str
    """
    The line.
    """
    ts: Any | None = None
    """
    A timestamp as the server gives it (ms since the Unix epoch, by convention).
    """


class MergePatch(BaseModel):
    """
    `meta.patch`: an RFC 7386 merge patch onto the message's `meta`.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    patch: Any
    """
    The merge patch.
    """


class MessageError(BaseModel):
    """
    Why a message ended in error (`message.error`'s payload, the `error` slice).
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    code: str | None = None
    """
    A machine-readable code.
    """
    message: str
    """
    What went wrong.
    """


class MessageRef(BaseModel):
    """
    `signal.stop` and `sync`: the message they are about.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    message_id: Annotated[str, Field(alias="messageId")]
    """
    The message.
    """


class MessageStart(BaseModel):
    """
    `message.start`: creates the message, or reopens it for regeneration (slices cleared).
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    meta: Any | None = None
    """
    Free-form metadata.
    """
    role: str | None = None
    """
    `user`, `assistant`, …
    """


class MessageStatus(
    RootModel[Literal["pending", "streaming", "done", "error", "cancelled", "stale"]]
):
    root: Literal["pending", "streaming", "done", "error", "cancelled", "stale"]
    """
    Where a message is in its life.
    """


class PartKind(RootModel[Literal["text", "reasoning"]]):
    root: Literal["text", "reasoning"]
    """
    What a `part.start` begins.
    """


class PartStart(BaseModel):
    """
    `part.start`: a text or reasoning part of the message begins (parts keep their order).
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    kind: PartKind
    """
    `text` or `reasoning`.
    """
    part: Id
    """
    The part's key; later deltas name it as `part`.
    """


class PartType(RootModel[Literal["text", "reasoning", "tool"]]):
    root: Literal["text", "reasoning", "tool"]
    """
    What a part of a message is.
    """


class Resume(BaseModel):
    """
    `resume`: continue a session after a reconnect, from the last seq the client applied.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    epoch: Annotated[int, Field(ge=0)]
    """
    `session.ready.epoch`.
    """
    seq: Annotated[int, Field(ge=0)]
    """
    The last seq applied.
    """
    session_id: Annotated[str, Field(alias="sessionId")]
    """
    `session.ready.sessionId`.
    """


class ResumeFailure(RootModel[Literal["unknown_session", "epoch_changed", "buffer_exceeded"]]):
    root: Literal["unknown_session", "epoch_changed", "buffer_exceeded"]
    """
    Why a `resume` could not be honoured.
    """


class RunFinish(BaseModel):
    """
    `run.finish`: the run ended.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    outcome: Any | None = None
    """
    How it ended, as the agent says.
    """
    result: Any | None = None
    """
    What it produced.
    """
    usage: Any | None = None
    """
    Tokens and the like.
    """


class RunStart(BaseModel):
    """
    `run.start`: an agent run begins.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    run_id: Annotated[Id | None, Field(alias="runId")] = None
    """
    The run's id.
    """
    thread_id: Annotated[Id | None, Field(alias="threadId")] = None
    """
    The thread (conversation) it runs in.
    """


class PongEnvelope(BaseModel):
    """
    The answer to `ping`.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["pong"]
    payload: Annotated[Empty | None, Field(validate_default=True)] = {}
    """
    The payload.
    """
    ref: str | None = None
    """
    The client frame this answers, if any.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class MessageStartEnvelope(BaseModel):
    """
    A message begins (or is regenerated).
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["message.start"]
    message_id: Annotated[str, Field(alias="messageId")]
    """
    The message the event is for.
    """
    payload: Annotated[MessageStart | None, Field(validate_default=True)] = {}
    """
    The payload.
    """
    ref: str | None = None
    """
    The client frame this answers (a `sync`'s id on its `message.snapshot`).
    """
    seq: Annotated[int, Field(ge=0)]
    """
    Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class FollowUpsSetEnvelope(BaseModel):
    """
    Replaces follow-up questions.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["followUpQuestions.set"]
    message_id: Annotated[str, Field(alias="messageId")]
    """
    The message the event is for.
    """
    payload: FollowUpsSet
    """
    The payload.
    """
    ref: str | None = None
    """
    The client frame this answers (a `sync`'s id on its `message.snapshot`).
    """
    seq: Annotated[int, Field(ge=0)]
    """
    Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class FollowUpAddEnvelope(BaseModel):
    """
    Appends one follow-up question.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["followUpQuestions.add"]
    message_id: Annotated[str, Field(alias="messageId")]
    """
    The message the event is for.
    """
    payload: FollowUpAdd
    """
    The payload.
    """
    ref: str | None = None
    """
    The client frame this answers (a `sync`'s id on its `message.snapshot`).
    """
    seq: Annotated[int, Field(ge=0)]
    """
    Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class CitationsAddEnvelope(BaseModel):
    """
    Appends citations.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["citations.add"]
    message_id: Annotated[str, Field(alias="messageId")]
    """
    The message the event is for.
    """
    payload: CitationsAdd
    """
    The payload.
    """
    ref: str | None = None
    """
    The client frame this answers (a `sync`'s id on its `message.snapshot`).
    """
    seq: Annotated[int, Field(ge=0)]
    """
    Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class LogsAppendEnvelope(BaseModel):
    """
    Appends a log line (the client keeps a bounded ring).
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["logs.append"]
    message_id: Annotated[str, Field(alias="messageId")]
    """
    The message the event is for.
    """
    payload: LogEntry
    """
    The payload.
    """
    ref: str | None = None
    """
    The client frame this answers (a `sync`'s id on its `message.snapshot`).
    """
    seq: Annotated[int, Field(ge=0)]
    """
    Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class ElicitationStartEnvelope(BaseModel):
    """
    A form for the user to fill.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["elicitation.start"]
    message_id: Annotated[str, Field(alias="messageId")]
    """
    The message the event is for.
    """
    payload: Elicitation
    """
    The payload.
    """
    ref: str | None = None
    """
    The client frame this answers (a `sync`'s id on its `message.snapshot`).
    """
    seq: Annotated[int, Field(ge=0)]
    """
    Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class ElicitationEndEnvelope(BaseModel):
    """
    The form is answered or withdrawn.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["elicitation.end"]
    message_id: Annotated[str, Field(alias="messageId")]
    """
    The message the event is for.
    """
    payload: ElicitationEnd
    """
    The payload.
    """
    ref: str | None = None
    """
    The client frame this answers (a `sync`'s id on its `message.snapshot`).
    """
    seq: Annotated[int, Field(ge=0)]
    """
    Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class MessageDoneEnvelope(BaseModel):
    """
    The message is complete.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["message.done"]
    message_id: Annotated[str, Field(alias="messageId")]
    """
    The message the event is for.
    """
    payload: Annotated[Empty | None, Field(validate_default=True)] = {}
    """
    The payload.
    """
    ref: str | None = None
    """
    The client frame this answers (a `sync`'s id on its `message.snapshot`).
    """
    seq: Annotated[int, Field(ge=0)]
    """
    Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class MessageErrorEnvelope(BaseModel):
    """
    The message failed.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["message.error"]
    message_id: Annotated[str, Field(alias="messageId")]
    """
    The message the event is for.
    """
    payload: MessageError
    """
    The payload.
    """
    ref: str | None = None
    """
    The client frame this answers (a `sync`'s id on its `message.snapshot`).
    """
    seq: Annotated[int, Field(ge=0)]
    """
    Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class MessageCancelledEnvelope(BaseModel):
    """
    The message was stopped.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["message.cancelled"]
    message_id: Annotated[str, Field(alias="messageId")]
    """
    The message the event is for.
    """
    payload: Annotated[Empty | None, Field(validate_default=True)] = {}
    """
    The payload.
    """
    ref: str | None = None
    """
    The client frame this answers (a `sync`'s id on its `message.snapshot`).
    """
    seq: Annotated[int, Field(ge=0)]
    """
    Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class MessageEnsureEnvelope(BaseModel):
    """
    Creates the message unless it exists (never clears it).
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["message.ensure"]
    message_id: Annotated[str, Field(alias="messageId")]
    """
    The message the event is for.
    """
    payload: Annotated[MessageStart | None, Field(validate_default=True)] = {}
    """
    The payload.
    """
    ref: str | None = None
    """
    The client frame this answers (a `sync`'s id on its `message.snapshot`).
    """
    seq: Annotated[int, Field(ge=0)]
    """
    Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class MetaPatchEnvelope(BaseModel):
    """
    Merge-patches (RFC 7386) the message's `meta`.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["meta.patch"]
    message_id: Annotated[str, Field(alias="messageId")]
    """
    The message the event is for.
    """
    payload: MergePatch
    """
    The payload.
    """
    ref: str | None = None
    """
    The client frame this answers (a `sync`'s id on its `message.snapshot`).
    """
    seq: Annotated[int, Field(ge=0)]
    """
    Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class PartStartEnvelope(BaseModel):
    """
    A text or reasoning part of the message begins.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["part.start"]
    message_id: Annotated[str, Field(alias="messageId")]
    """
    The message the event is for.
    """
    payload: PartStart
    """
    The payload.
    """
    ref: str | None = None
    """
    The client frame this answers (a `sync`'s id on its `message.snapshot`).
    """
    seq: Annotated[int, Field(ge=0)]
    """
    Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class AgentStateEnvelope(BaseModel):
    """
    Replaces the session's `state` key.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["agent.state"]
    payload: AgentState
    """
    The payload.
    """
    ref: str | None = None
    """
    The client frame this answers, if any.
    """
    seq: Annotated[int, Field(ge=0)]
    """
    Position in the session's stream.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class AgentPatchEnvelope(BaseModel):
    """
    JSON-Patches (RFC 6902) the `state` key.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["agent.patch"]
    payload: AgentPatch
    """
    The payload.
    """
    ref: str | None = None
    """
    The client frame this answers, if any.
    """
    seq: Annotated[int, Field(ge=0)]
    """
    Position in the session's stream.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class RunStartEnvelope(BaseModel):
    """
    An agent run begins.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["run.start"]
    payload: Annotated[RunStart | None, Field(validate_default=True)] = {}
    """
    The payload.
    """
    ref: str | None = None
    """
    The client frame this answers, if any.
    """
    seq: Annotated[int, Field(ge=0)]
    """
    Position in the session's stream.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class RunFinishEnvelope(BaseModel):
    """
    The run ended.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["run.finish"]
    payload: Annotated[RunFinish | None, Field(validate_default=True)] = {}
    """
    The payload.
    """
    ref: str | None = None
    """
    The client frame this answers, if any.
    """
    seq: Annotated[int, Field(ge=0)]
    """
    Position in the session's stream.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class RunErrorEnvelope(BaseModel):
    """
    The run failed.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["run.error"]
    payload: MessageError
    """
    The payload.
    """
    ref: str | None = None
    """
    The client frame this answers, if any.
    """
    seq: Annotated[int, Field(ge=0)]
    """
    Position in the session's stream.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class EventEnvelope(BaseModel):
    """
    A named event for the app's listeners.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["event"]
    payload: Event
    """
    The payload.
    """
    ref: str | None = None
    """
    The client frame this answers, if any.
    """
    seq: Annotated[int, Field(ge=0)]
    """
    Position in the session's stream.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class SessionError(BaseModel):
    """
    `session.error`: a connection-scoped error; the connection goes on.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    code: str
    """
    `VALIDATION_ERROR`, `NOT_FOUND`, `AUTH_FAILED`, `AUTH_REQUIRED`, …
    """
    message: str
    """
    What went wrong, for a person.
    """


class SessionReady(BaseModel):
    """
    `session.ready`: the session this connection is on, and the seq after which frames follow.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    epoch: Annotated[int, Field(ge=0)]
    """
    Changes whenever the server lost history it had promised; never resume across epochs.
    """
    seq: Annotated[int, Field(ge=0)]
    """
    The last seq before the frames that follow (0 on a fresh session).
    """
    session_id: Annotated[str, Field(alias="sessionId")]
    """
    What a later `resume` names.
    """


class Source(BaseModel):
    """
    A source, unique in a message by `id`, else by `url`. Any other field is kept as sent.
    """

    model_config = ConfigDict(
        extra="allow",
        populate_by_name=True,
    )
    id: Id | None = None
    """
    The source's identity (a string or a number).
    """
    title: str | None = None
    """
    What to show.
    """
    url: str | None = None
    """
    Where it lives.
    """


class SourcesAdd(BaseModel):
    """
    `sources.add`: one source or several; a source with the same `id` (else `url`) replaces.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    source: Source | None = None
    """
    One source.
    """
    sources: list[Source] | None = None
    """
    Several sources.
    """


class SourcesSet(BaseModel):
    """
    `sources.set`: replaces the sources (none clears them).
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    sources: list[Source] | None = None
    """
    The new sources.
    """


class StateJsonPatch(BaseModel):
    """
    `state.jsonPatch`: an RFC 6902 JSON Patch onto a custom slice.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    patch: list[dict[str, Any]]
    """
    The operations (`{op, path, value?, from?}`), applied in order.
    """
    slice: str
    """
    The slice's name.
    """


class StatePatch(BaseModel):
    """
    `state.patch`: an RFC 7386 JSON Merge Patch onto a custom slice.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    patch: Any
    """
    The merge patch.
    """
    slice: str
    """
    The slice's name.
    """


class StateSet(BaseModel):
    """
    `state.set`: replaces a custom slice.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    slice: str
    """
    The slice's name.
    """
    value: Any
    """
    Its new value.
    """


class Step(BaseModel):
    """
    `step.start` / `step.finish`: a named step of a run.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    name: str
    """
    The step's name.
    """


class Text(BaseModel):
    """
    `content.set` / `reasoning.set`.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    text: str
    """
    The whole text.
    """


class TextDelta(BaseModel):
    """
    `content.delta` / `reasoning.delta`.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    part: Id | None = None
    """
    The part it belongs to (`part.start`), if the server names parts.
    """
    text: str
    """
    The text to append.
    """


class ToolApproval(BaseModel):
    """
    `tool.approval`: a tool call asks for the user's approval, or got the answer.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    approval_id: Annotated[Id, Field(alias="approvalId")]
    """
    Which approval.
    """
    approved: bool | None = None
    """
    The answer, once given.
    """
    part: Id | None = None
    """
    The call's part, if the server names parts.
    """
    reason: str | None = None
    """
    Why, if said.
    """
    tool_call_id: Annotated[str | None, Field(alias="toolCallId")] = None
    """
    The call it is for.
    """


class ToolDelta(BaseModel):
    """
    `tool.delta`: a chunk of a tool call's arguments.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    args_text: Annotated[str, Field(alias="argsText")]
    """
    Appended to the call's `argsText`.
    """
    part: Id | None = None
    """
    The call's part, if the server names parts.
    """
    tool_call_id: Annotated[str, Field(alias="toolCallId")]
    """
    The call's id.
    """


class ToolEnd(BaseModel):
    """
    `tool.end`: the call's result or error.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    denied: bool | None = None
    """
    The user refused the call; its status becomes `denied`.
    """
    error: Any | None = None
    """
    The error; the call's status becomes `error` when present.
    """
    part: Id | None = None
    """
    The call's part, if the server names parts.
    """
    result: Any | None = None
    """
    The result.
    """
    tool_call_id: Annotated[str, Field(alias="toolCallId")]
    """
    The call's id.
    """


class ToolInput(BaseModel):
    """
    `tool.input`: a tool call's arguments are complete.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    args: Any | None = None
    """
    The arguments, parsed.
    """
    args_text: Annotated[str | None, Field(alias="argsText")] = None
    """
    The arguments' whole text (replaces what streamed).
    """
    part: Id | None = None
    """
    The call's part, if the server names parts.
    """
    tool_call_id: Annotated[str, Field(alias="toolCallId")]
    """
    The call's id.
    """


class ToolStart(BaseModel):
    """
    `tool.start`.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    name: str | None = None
    """
    The tool's name.
    """
    part: Id | None = None
    """
    The message part the call is, if the server names parts.
    """
    tool_call_id: Annotated[str, Field(alias="toolCallId")]
    """
    The call's id.
    """


class ToolStatus(RootModel[Literal["running", "done", "error", "denied"]]):
    root: Literal["running", "done", "error", "denied"]
    """
    Where a tool call is.
    """


class Typing(BaseModel):
    """
    `typing.start` / `typing.stop` from a client.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    conversation_id: Annotated[str | None, Field(alias="conversationId")] = None
    """
    The conversation; absent means the connection's current one.
    """


class TypingNotice(BaseModel):
    """
    `typing.start` / `typing.stop` from the server: who is typing where.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    conversation_id: Annotated[str | None, Field(alias="conversationId")] = None
    """
    In which conversation.
    """
    user_id: Annotated[str, Field(alias="userId")]
    """
    Who.
    """


class Ack(BaseModel):
    """
    `ack`: the answer to a client frame sent with an id.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    code: str | None = None
    """
    With `error`: `VALIDATION_ERROR`, `RATE_LIMIT`, `NOT_FOUND`, …
    """
    error: str | None = None
    """
    With `error`: what went wrong, for a person.
    """
    status: AckStatus
    """
    Received, delivered or error.
    """


class SignalStopRequest(BaseModel):
    """
    Stop a streaming reply.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["signal.stop"]
    id: str | None = None
    """
    The client's frame id; answers to this frame carry it as `ref`.
    """
    payload: MessageRef
    """
    The payload.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class ElicitationSubmitRequest(BaseModel):
    """
    Answer a form.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["elicitation.submit"]
    id: str | None = None
    """
    The client's frame id; answers to this frame carry it as `ref`.
    """
    payload: ElicitationSubmit
    """
    The payload.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class TypingStartRequest(BaseModel):
    """
    The user started typing.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["typing.start"]
    id: str | None = None
    """
    The client's frame id; answers to this frame carry it as `ref`.
    """
    payload: Annotated[Typing | None, Field(validate_default=True)] = {}
    """
    The payload.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class TypingStopRequest(BaseModel):
    """
    The user stopped typing.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["typing.stop"]
    id: str | None = None
    """
    The client's frame id; answers to this frame carry it as `ref`.
    """
    payload: Annotated[Typing | None, Field(validate_default=True)] = {}
    """
    The payload.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class PingRequest(BaseModel):
    """
    Heartbeat; answered with `pong`.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["ping"]
    id: str | None = None
    """
    The client's frame id; answers to this frame carry it as `ref`.
    """
    payload: Annotated[Empty | None, Field(validate_default=True)] = {}
    """
    The payload.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class ResumeRequest(BaseModel):
    """
    Continue a session.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["resume"]
    id: str | None = None
    """
    The client's frame id; answers to this frame carry it as `ref`.
    """
    payload: Resume
    """
    The payload.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class SyncRequest(BaseModel):
    """
    Ask for a `message.snapshot`.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["sync"]
    id: str | None = None
    """
    The client's frame id; answers to this frame carry it as `ref`.
    """
    payload: MessageRef
    """
    The payload.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class ClientEnvelope(
    RootModel[
        ChatMessageRequest
        | SignalStopRequest
        | ElicitationSubmitRequest
        | TypingStartRequest
        | TypingStopRequest
        | PingRequest
        | ResumeRequest
        | SyncRequest
        | AuthRequest
    ]
):
    root: (
        ChatMessageRequest
        | SignalStopRequest
        | ElicitationSubmitRequest
        | TypingStartRequest
        | TypingStopRequest
        | PingRequest
        | ResumeRequest
        | SyncRequest
        | AuthRequest
    )
    """
    One client-to-server envelope.
    """


class ClientFrame(RootModel[ClientEnvelope | list[ClientEnvelope]]):
    root: ClientEnvelope | list[ClientEnvelope]
    """
    One client-to-server WebSocket message: an envelope, or a batch handled in order.
    """


class DataPut(BaseModel):
    """
    `data.put`: a keyed data part of the message (replaced by `id`), or a transient one.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    data: Any | None = None
    """
    The data.
    """
    id: Id | None = None
    """
    Its key in the slice (a later put with the same id replaces it).
    """
    slice: str
    """
    The custom slice it goes in.
    """
    transient: bool | None = None
    """
    An event only: not kept in the slice.
    """


class MessagePart(BaseModel):
    """
    One entry of the `parts` slice: the message's parts in the order they began. A text part's
    text is `content` from its `start` (UTF-16 units) to the next text part's; a reasoning
    part's the same in `reasoning`; a tool part names its call.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    key: str
    """
    The protocol's key for it (a part id, a block index, an item id).
    """
    start: Annotated[int | None, Field(ge=0)] = None
    """
    Where a text or reasoning part starts, in UTF-16 units.
    """
    tool_call_id: Annotated[str | None, Field(alias="toolCallId")] = None
    """
    A tool part's call.
    """
    type: PartType
    """
    `text`, `reasoning` or `tool`.
    """


class ResumeFailed(BaseModel):
    """
    `resume.failed`.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    reason: ResumeFailure
    """
    Why.
    """


class SessionReadyEnvelope(BaseModel):
    """
    The session this connection is on.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["session.ready"]
    payload: SessionReady
    """
    The payload.
    """
    ref: str | None = None
    """
    The client frame this answers, if any.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class SessionErrorEnvelope(BaseModel):
    """
    A connection-scoped error.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["session.error"]
    payload: SessionError
    """
    The payload.
    """
    ref: str | None = None
    """
    The client frame this answers, if any.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class ResumeFailedEnvelope(BaseModel):
    """
    A resume could not be honoured.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["resume.failed"]
    payload: ResumeFailed
    """
    The payload.
    """
    ref: str | None = None
    """
    The client frame this answers, if any.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class TypingStartEnvelope(BaseModel):
    """
    Someone else started typing.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["typing.start"]
    payload: TypingNotice
    """
    The payload.
    """
    ref: str | None = None
    """
    The client frame this answers, if any.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class TypingStopEnvelope(BaseModel):
    """
    Someone else stopped typing.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["typing.stop"]
    payload: TypingNotice
    """
    The payload.
    """
    ref: str | None = None
    """
    The client frame this answers, if any.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class AckEnvelope(BaseModel):
    """
    The answer to a client frame's `id`.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["ack"]
    payload: Ack
    """
    The payload.
    """
    ref: str
    """
    The `id` of the client frame this acknowledges.
    """
    seq: Annotated[int, Field(ge=0)]
    """
    Position in the session's stream (acks are replayed like message frames).
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class ContentDeltaEnvelope(BaseModel):
    """
    Appends to `content`.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["content.delta"]
    message_id: Annotated[str, Field(alias="messageId")]
    """
    The message the event is for.
    """
    payload: TextDelta
    """
    The payload.
    """
    ref: str | None = None
    """
    The client frame this answers (a `sync`'s id on its `message.snapshot`).
    """
    seq: Annotated[int, Field(ge=0)]
    """
    Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class ContentSetEnvelope(BaseModel):
    """
    Replaces `content` (a cumulative stream: where it extends the old text, the suffix is new).
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["content.set"]
    message_id: Annotated[str, Field(alias="messageId")]
    """
    The message the event is for.
    """
    payload: Text
    """
    The payload.
    """
    ref: str | None = None
    """
    The client frame this answers (a `sync`'s id on its `message.snapshot`).
    """
    seq: Annotated[int, Field(ge=0)]
    """
    Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class ReasoningDeltaEnvelope(BaseModel):
    """
    Appends to `reasoning`.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["reasoning.delta"]
    message_id: Annotated[str, Field(alias="messageId")]
    """
    The message the event is for.
    """
    payload: TextDelta
    """
    The payload.
    """
    ref: str | None = None
    """
    The client frame this answers (a `sync`'s id on its `message.snapshot`).
    """
    seq: Annotated[int, Field(ge=0)]
    """
    Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class SourcesAddEnvelope(BaseModel):
    """
    Adds sources.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["sources.add"]
    message_id: Annotated[str, Field(alias="messageId")]
    """
    The message the event is for.
    """
    payload: SourcesAdd
    """
    The payload.
    """
    ref: str | None = None
    """
    The client frame this answers (a `sync`'s id on its `message.snapshot`).
    """
    seq: Annotated[int, Field(ge=0)]
    """
    Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class SourcesSetEnvelope(BaseModel):
    """
    Replaces sources.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["sources.set"]
    message_id: Annotated[str, Field(alias="messageId")]
    """
    The message the event is for.
    """
    payload: SourcesSet
    """
    The payload.
    """
    ref: str | None = None
    """
    The client frame this answers (a `sync`'s id on its `message.snapshot`).
    """
    seq: Annotated[int, Field(ge=0)]
    """
    Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class ToolStartEnvelope(BaseModel):
    """
    A tool call starts.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["tool.start"]
    message_id: Annotated[str, Field(alias="messageId")]
    """
    The message the event is for.
    """
    payload: ToolStart
    """
    The payload.
    """
    ref: str | None = None
    """
    The client frame this answers (a `sync`'s id on its `message.snapshot`).
    """
    seq: Annotated[int, Field(ge=0)]
    """
    Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class ToolDeltaEnvelope(BaseModel):
    """
    A chunk of a tool call's arguments.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["tool.delta"]
    message_id: Annotated[str, Field(alias="messageId")]
    """
    The message the event is for.
    """
    payload: ToolDelta
    """
    The payload.
    """
    ref: str | None = None
    """
    The client frame this answers (a `sync`'s id on its `message.snapshot`).
    """
    seq: Annotated[int, Field(ge=0)]
    """
    Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class ToolEndEnvelope(BaseModel):
    """
    A tool call ends.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["tool.end"]
    message_id: Annotated[str, Field(alias="messageId")]
    """
    The message the event is for.
    """
    payload: ToolEnd
    """
    The payload.
    """
    ref: str | None = None
    """
    The client frame this answers (a `sync`'s id on its `message.snapshot`).
    """
    seq: Annotated[int, Field(ge=0)]
    """
    Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class StateSetEnvelope(BaseModel):
    """
    Replaces a custom slice.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["state.set"]
    message_id: Annotated[str, Field(alias="messageId")]
    """
    The message the event is for.
    """
    payload: StateSet
    """
    The payload.
    """
    ref: str | None = None
    """
    The client frame this answers (a `sync`'s id on its `message.snapshot`).
    """
    seq: Annotated[int, Field(ge=0)]
    """
    Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class StatePatchEnvelope(BaseModel):
    """
    Merge-patches a custom slice.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["state.patch"]
    message_id: Annotated[str, Field(alias="messageId")]
    """
    The message the event is for.
    """
    payload: StatePatch
    """
    The payload.
    """
    ref: str | None = None
    """
    The client frame this answers (a `sync`'s id on its `message.snapshot`).
    """
    seq: Annotated[int, Field(ge=0)]
    """
    Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class ReasoningSetEnvelope(BaseModel):
    """
    Replaces `reasoning`.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["reasoning.set"]
    message_id: Annotated[str, Field(alias="messageId")]
    """
    The message the event is for.
    """
    payload: Text
    """
    The payload.
    """
    ref: str | None = None
    """
    The client frame this answers (a `sync`'s id on its `message.snapshot`).
    """
    seq: Annotated[int, Field(ge=0)]
    """
    Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class ToolInputEnvelope(BaseModel):
    """
    A tool call's arguments are complete.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["tool.input"]
    message_id: Annotated[str, Field(alias="messageId")]
    """
    The message the event is for.
    """
    payload: ToolInput
    """
    The payload.
    """
    ref: str | None = None
    """
    The client frame this answers (a `sync`'s id on its `message.snapshot`).
    """
    seq: Annotated[int, Field(ge=0)]
    """
    Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class ToolApprovalEnvelope(BaseModel):
    """
    A tool call asks for (or got) the user's approval.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["tool.approval"]
    message_id: Annotated[str, Field(alias="messageId")]
    """
    The message the event is for.
    """
    payload: ToolApproval
    """
    The payload.
    """
    ref: str | None = None
    """
    The client frame this answers (a `sync`'s id on its `message.snapshot`).
    """
    seq: Annotated[int, Field(ge=0)]
    """
    Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class DataPutEnvelope(BaseModel):
    """
    A keyed data part, or a transient one.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["data.put"]
    message_id: Annotated[str, Field(alias="messageId")]
    """
    The message the event is for.
    """
    payload: DataPut
    """
    The payload.
    """
    ref: str | None = None
    """
    The client frame this answers (a `sync`'s id on its `message.snapshot`).
    """
    seq: Annotated[int, Field(ge=0)]
    """
    Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class StateJsonPatchEnvelope(BaseModel):
    """
    JSON-Patches (RFC 6902) a custom slice.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["state.jsonPatch"]
    message_id: Annotated[str, Field(alias="messageId")]
    """
    The message the event is for.
    """
    payload: StateJsonPatch
    """
    The payload.
    """
    ref: str | None = None
    """
    The client frame this answers (a `sync`'s id on its `message.snapshot`).
    """
    seq: Annotated[int, Field(ge=0)]
    """
    Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class StepStartEnvelope(BaseModel):
    """
    A step of the run begins.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["step.start"]
    payload: Step
    """
    The payload.
    """
    ref: str | None = None
    """
    The client frame this answers, if any.
    """
    seq: Annotated[int, Field(ge=0)]
    """
    Position in the session's stream.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class StepFinishEnvelope(BaseModel):
    """
    A step of the run ends.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["step.finish"]
    payload: Step
    """
    The payload.
    """
    ref: str | None = None
    """
    The client frame this answers, if any.
    """
    seq: Annotated[int, Field(ge=0)]
    """
    Position in the session's stream.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class ToolCall(BaseModel):
    """
    One tool call of the `tools` slice.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    approval: Any | None = None
    """
    The approval asked for (`{approvalId, approved?, reason?}`), if any.
    """
    args: Any | None = None
    """
    The arguments parsed, once `argsText` is complete JSON (`tool.input`), else null.
    """
    args_text: Annotated[str | None, Field(alias="argsText")] = ""
    """
    The arguments' text so far (often JSON, streaming in).
    """
    error: Any | None = None
    """
    The error, if it failed.
    """
    name: str | None = None
    """
    The tool's name.
    """
    result: Any | None = None
    """
    The result, once ended.
    """
    status: ToolStatus
    """
    Running, done or error.
    """
    tool_call_id: Annotated[str, Field(alias="toolCallId")]
    """
    The call's id.
    """


class Message(BaseModel):
    """
    The whole message: `message.snapshot`'s payload, and what the key `messages/<id>` holds.
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    citations: list[dict[str, Any]] | None = None
    """
    Citations (any JSON objects).
    """
    content: str | None = None
    """
    The answer text.
    """
    custom: dict[str, Any] | None = None
    """
    Custom slices by name (`state.set` / `state.patch`).
    """
    elicitation: Elicitation | None = None
    """
    The open form, or null.
    """
    error: MessageError | None = None
    """
    The error when status is `error`, or null.
    """
    follow_up_questions: Annotated[list[str] | None, Field(alias="followUpQuestions")] = None
    """
    Suggested next questions.
    """
    id: str
    """
    The message id.
    """
    logs: list[LogEntry] | None = None
    """
    Log lines, newest last.
    """
    meta: Any | None = None
    """
    Free-form metadata from `message.start`.
    """
    parts: list[MessagePart] | None = None
    """
    Text, reasoning and tool parts in the order they began (the client derives it).
    """
    reasoning: str | None = None
    """
    The reasoning text.
    """
    role: str | None = None
    """
    `user`, `assistant`, …
    """
    sources: list[Source] | None = None
    """
    Sources, unique by `id`, else `url`.
    """
    status: MessageStatus | None = None
    """
    Lifecycle status.
    """
    tools: list[ToolCall] | None = None
    """
    Tool calls in start order.
    """


class MessageSnapshotEnvelope(BaseModel):
    """
    The whole message, for resync (the answer to `sync`).
    """

    model_config = ConfigDict(
        populate_by_name=True,
    )
    action_type: Literal["message.snapshot"]
    message_id: Annotated[str, Field(alias="messageId")]
    """
    The message the event is for.
    """
    payload: Message
    """
    The payload.
    """
    ref: str | None = None
    """
    The client frame this answers (a `sync`'s id on its `message.snapshot`).
    """
    seq: Annotated[int, Field(ge=0)]
    """
    Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
    """
    v: Annotated[int | None, Field(ge=0)] = None
    """
    The protocol version; absent means 1.
    """


class ServerEnvelope(
    RootModel[
        SessionReadyEnvelope
        | SessionErrorEnvelope
        | ResumeFailedEnvelope
        | PongEnvelope
        | TypingStartEnvelope
        | TypingStopEnvelope
        | AckEnvelope
        | MessageStartEnvelope
        | ContentDeltaEnvelope
        | ContentSetEnvelope
        | ReasoningDeltaEnvelope
        | SourcesAddEnvelope
        | SourcesSetEnvelope
        | FollowUpsSetEnvelope
        | FollowUpAddEnvelope
        | CitationsAddEnvelope
        | LogsAppendEnvelope
        | ToolStartEnvelope
        | ToolDeltaEnvelope
        | ToolEndEnvelope
        | ElicitationStartEnvelope
        | ElicitationEndEnvelope
        | StateSetEnvelope
        | StatePatchEnvelope
        | MessageSnapshotEnvelope
        | MessageDoneEnvelope
        | MessageErrorEnvelope
        | MessageCancelledEnvelope
        | ReasoningSetEnvelope
        | MessageEnsureEnvelope
        | MetaPatchEnvelope
        | PartStartEnvelope
        | ToolInputEnvelope
        | ToolApprovalEnvelope
        | DataPutEnvelope
        | StateJsonPatchEnvelope
        | AgentStateEnvelope
        | AgentPatchEnvelope
        | RunStartEnvelope
        | RunFinishEnvelope
        | RunErrorEnvelope
        | StepStartEnvelope
        | StepFinishEnvelope
        | EventEnvelope
    ]
):
    root: (
        SessionReadyEnvelope
        | SessionErrorEnvelope
        | ResumeFailedEnvelope
        | PongEnvelope
        | TypingStartEnvelope
        | TypingStopEnvelope
        | AckEnvelope
        | MessageStartEnvelope
        | ContentDeltaEnvelope
        | ContentSetEnvelope
        | ReasoningDeltaEnvelope
        | SourcesAddEnvelope
        | SourcesSetEnvelope
        | FollowUpsSetEnvelope
        | FollowUpAddEnvelope
        | CitationsAddEnvelope
        | LogsAppendEnvelope
        | ToolStartEnvelope
        | ToolDeltaEnvelope
        | ToolEndEnvelope
        | ElicitationStartEnvelope
        | ElicitationEndEnvelope
        | StateSetEnvelope
        | StatePatchEnvelope
        | MessageSnapshotEnvelope
        | MessageDoneEnvelope
        | MessageErrorEnvelope
        | MessageCancelledEnvelope
        | ReasoningSetEnvelope
        | MessageEnsureEnvelope
        | MetaPatchEnvelope
        | PartStartEnvelope
        | ToolInputEnvelope
        | ToolApprovalEnvelope
        | DataPutEnvelope
        | StateJsonPatchEnvelope
        | AgentStateEnvelope
        | AgentPatchEnvelope
        | RunStartEnvelope
        | RunFinishEnvelope
        | RunErrorEnvelope
        | StepStartEnvelope
        | StepFinishEnvelope
        | EventEnvelope
    )
    """
    One server-to-client envelope.
    """


class ServerFrame(RootModel[ServerEnvelope | list[ServerEnvelope]]):
    root: ServerEnvelope | list[ServerEnvelope]
    """
    One server-to-client WebSocket message: an envelope, or a batch applied in order.
    """


class WirestoreProtocolV1(RootModel[ServerFrame | ClientFrame]):
    root: Annotated[ServerFrame | ClientFrame, Field(title="wirestore protocol v1")]
    """
    The frames of wirestore wire protocol v1 (PROTOCOL.md). A WebSocket message is one envelope or an array of envelopes, as UTF-8 JSON in a text or binary frame. Generated from the Rust types of the wirestore-schema crate: do not edit.
    """
