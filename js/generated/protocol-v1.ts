/* Generated from schema/protocol-v1.json by scripts/gen-types.sh (json-schema-to-typescript). Do not edit. */

/**
 * The frames of wirestore wire protocol v1 (PROTOCOL.md). A WebSocket message is one envelope or an array of envelopes, as UTF-8 JSON in a text or binary frame. Generated from the Rust types of the wirestore-schema crate: do not edit.
 */
export type WirestoreFrame = ServerFrame | ClientFrame;
/**
 * One server-to-client WebSocket message: an envelope, or a batch applied in order.
 */
export type ServerFrame =
  | (
      | SessionReadyEnvelope
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
  | ServerEnvelope[];
/**
 * An id that may be a string or a number (a source's, a part's, an approval's).
 */
export type Id = string | number;
/**
 * Where a message is in its life.
 */
export type MessageStatus = 'pending' | 'streaming' | 'done' | 'error' | 'cancelled' | 'stale';
/**
 * One server-to-client envelope.
 */
export type ServerEnvelope =
  | SessionReadyEnvelope
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
  | EventEnvelope;
/**
 * One client-to-server WebSocket message: an envelope, or a batch handled in order.
 */
export type ClientFrame =
  | (
      | ChatMessageRequest
      | SignalStopRequest
      | ElicitationSubmitRequest
      | TypingStartRequest
      | TypingStopRequest
      | PingRequest
      | ResumeRequest
      | SyncRequest
      | AuthRequest
    )
  | ClientEnvelope[];
/**
 * One client-to-server envelope.
 */
export type ClientEnvelope =
  | ChatMessageRequest
  | SignalStopRequest
  | ElicitationSubmitRequest
  | TypingStartRequest
  | TypingStopRequest
  | PingRequest
  | ResumeRequest
  | SyncRequest
  | AuthRequest;

/**
 * The session this connection is on.
 */
export interface SessionReadyEnvelope {
  action_type: 'session.ready';
  payload: SessionReady;
  /**
   * The client frame this answers, if any.
   */
  ref?: string | null;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface SessionReady {
  /**
   * Changes whenever the server lost history it had promised; never resume across epochs.
   */
  epoch: number;
  /**
   * The last seq before the frames that follow (0 on a fresh session).
   */
  seq: number;
  /**
   * What a later `resume` names.
   */
  sessionId: string;
}
/**
 * A connection-scoped error.
 */
export interface SessionErrorEnvelope {
  action_type: 'session.error';
  payload: SessionError;
  /**
   * The client frame this answers, if any.
   */
  ref?: string | null;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface SessionError {
  /**
   * `VALIDATION_ERROR`, `NOT_FOUND`, `AUTH_FAILED`, `AUTH_REQUIRED`, …
   */
  code: string;
  /**
   * What went wrong, for a person.
   */
  message: string;
}
/**
 * A resume could not be honoured.
 */
export interface ResumeFailedEnvelope {
  action_type: 'resume.failed';
  payload: ResumeFailed;
  /**
   * The client frame this answers, if any.
   */
  ref?: string | null;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface ResumeFailed {
  /**
   * Why.
   */
  reason: 'unknown_session' | 'epoch_changed' | 'buffer_exceeded';
}
/**
 * The answer to `ping`.
 */
export interface PongEnvelope {
  action_type: 'pong';
  payload?: Empty;
  /**
   * The client frame this answers, if any.
   */
  ref?: string | null;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface Empty {}
/**
 * Someone else started typing.
 */
export interface TypingStartEnvelope {
  action_type: 'typing.start';
  payload: TypingNotice;
  /**
   * The client frame this answers, if any.
   */
  ref?: string | null;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface TypingNotice {
  /**
   * In which conversation.
   */
  conversationId?: string | null;
  /**
   * Who.
   */
  userId: string;
}
/**
 * Someone else stopped typing.
 */
export interface TypingStopEnvelope {
  action_type: 'typing.stop';
  payload: TypingNotice1;
  /**
   * The client frame this answers, if any.
   */
  ref?: string | null;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface TypingNotice1 {
  /**
   * In which conversation.
   */
  conversationId?: string | null;
  /**
   * Who.
   */
  userId: string;
}
/**
 * The answer to a client frame's `id`.
 */
export interface AckEnvelope {
  action_type: 'ack';
  payload: Ack;
  /**
   * The `id` of the client frame this acknowledges.
   */
  ref: string;
  /**
   * Position in the session's stream (acks are replayed like message frames).
   */
  seq: number;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface Ack {
  /**
   * With `error`: `VALIDATION_ERROR`, `RATE_LIMIT`, `NOT_FOUND`, …
   */
  code?: string | null;
  /**
   * With `error`: what went wrong, for a person.
   */
  error?: string | null;
  /**
   * Received, delivered or error.
   */
  status: 'received' | 'delivered' | 'error';
}
/**
 * A message begins (or is regenerated).
 */
export interface MessageStartEnvelope {
  action_type: 'message.start';
  /**
   * The message the event is for.
   */
  messageId: string;
  payload?: MessageStart;
  /**
   * The client frame this answers (a `sync`'s id on its `message.snapshot`).
   */
  ref?: string | null;
  /**
   * Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
   */
  seq: number;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface MessageStart {
  /**
   * Free-form metadata.
   */
  meta?: unknown;
  /**
   * `user`, `assistant`, …
   */
  role?: string | null;
}
/**
 * Appends to `content`.
 */
export interface ContentDeltaEnvelope {
  action_type: 'content.delta';
  /**
   * The message the event is for.
   */
  messageId: string;
  payload: TextDelta;
  /**
   * The client frame this answers (a `sync`'s id on its `message.snapshot`).
   */
  ref?: string | null;
  /**
   * Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
   */
  seq: number;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface TextDelta {
  /**
   * The part it belongs to (`part.start`), if the server names parts.
   */
  part?: Id | null;
  /**
   * The text to append.
   */
  text: string;
}
/**
 * Replaces `content` (a cumulative stream: where it extends the old text, the suffix is new).
 */
export interface ContentSetEnvelope {
  action_type: 'content.set';
  /**
   * The message the event is for.
   */
  messageId: string;
  payload: Text;
  /**
   * The client frame this answers (a `sync`'s id on its `message.snapshot`).
   */
  ref?: string | null;
  /**
   * Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
   */
  seq: number;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface Text {
  /**
   * The whole text.
   */
  text: string;
}
/**
 * Appends to `reasoning`.
 */
export interface ReasoningDeltaEnvelope {
  action_type: 'reasoning.delta';
  /**
   * The message the event is for.
   */
  messageId: string;
  payload: TextDelta1;
  /**
   * The client frame this answers (a `sync`'s id on its `message.snapshot`).
   */
  ref?: string | null;
  /**
   * Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
   */
  seq: number;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface TextDelta1 {
  /**
   * The part it belongs to (`part.start`), if the server names parts.
   */
  part?: Id | null;
  /**
   * The text to append.
   */
  text: string;
}
/**
 * Adds sources.
 */
export interface SourcesAddEnvelope {
  action_type: 'sources.add';
  /**
   * The message the event is for.
   */
  messageId: string;
  payload: SourcesAdd;
  /**
   * The client frame this answers (a `sync`'s id on its `message.snapshot`).
   */
  ref?: string | null;
  /**
   * Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
   */
  seq: number;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface SourcesAdd {
  /**
   * One source.
   */
  source?: Source | null;
  /**
   * Several sources.
   */
  sources?: Source[] | null;
}
/**
 * A source, unique in a message by `id`, else by `url`. Any other field is kept as sent.
 */
export interface Source {
  /**
   * The source's identity (a string or a number).
   */
  id?: Id | null;
  /**
   * What to show.
   */
  title?: string | null;
  /**
   * Where it lives.
   */
  url?: string | null;
  [k: string]: unknown | undefined;
}
/**
 * Replaces sources.
 */
export interface SourcesSetEnvelope {
  action_type: 'sources.set';
  /**
   * The message the event is for.
   */
  messageId: string;
  payload: SourcesSet;
  /**
   * The client frame this answers (a `sync`'s id on its `message.snapshot`).
   */
  ref?: string | null;
  /**
   * Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
   */
  seq: number;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface SourcesSet {
  /**
   * The new sources.
   */
  sources?: Source[] | null;
}
/**
 * Replaces follow-up questions.
 */
export interface FollowUpsSetEnvelope {
  action_type: 'followUpQuestions.set';
  /**
   * The message the event is for.
   */
  messageId: string;
  payload: FollowUpsSet;
  /**
   * The client frame this answers (a `sync`'s id on its `message.snapshot`).
   */
  ref?: string | null;
  /**
   * Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
   */
  seq: number;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface FollowUpsSet {
  /**
   * The new questions.
   */
  questions: string[];
}
/**
 * Appends one follow-up question.
 */
export interface FollowUpAddEnvelope {
  action_type: 'followUpQuestions.add';
  /**
   * The message the event is for.
   */
  messageId: string;
  payload: FollowUpAdd;
  /**
   * The client frame this answers (a `sync`'s id on its `message.snapshot`).
   */
  ref?: string | null;
  /**
   * Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
   */
  seq: number;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface FollowUpAdd {
  /**
   * One more question.
   */
  question: string;
}
/**
 * Appends citations.
 */
export interface CitationsAddEnvelope {
  action_type: 'citations.add';
  /**
   * The message the event is for.
   */
  messageId: string;
  payload: CitationsAdd;
  /**
   * The client frame this answers (a `sync`'s id on its `message.snapshot`).
   */
  ref?: string | null;
  /**
   * Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
   */
  seq: number;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface CitationsAdd {
  /**
   * One citation.
   */
  citation?: {
    [k: string]: unknown | undefined;
  } | null;
  /**
   * Several citations.
   */
  citations?:
    | {
        [k: string]: unknown | undefined;
      }[]
    | null;
}
/**
 * Appends a log line (the client keeps a bounded ring).
 */
export interface LogsAppendEnvelope {
  action_type: 'logs.append';
  /**
   * The message the event is for.
   */
  messageId: string;
  payload: LogEntry;
  /**
   * The client frame this answers (a `sync`'s id on its `message.snapshot`).
   */
  ref?: string | null;
  /**
   * Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
   */
  seq: number;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * A log line (`logs.append`'s payload, an item of `logs`).
 */
export interface LogEntry {
  /**
   * `info`, `warn`, … (free text).
   */
  level?: string | null;
  /**
   * The line.
   */
  text: string;
  /**
   * A timestamp as the server gives it (ms since the Unix epoch, by convention).
   */
  ts?: unknown;
}
/**
 * A tool call starts.
 */
export interface ToolStartEnvelope {
  action_type: 'tool.start';
  /**
   * The message the event is for.
   */
  messageId: string;
  payload: ToolStart;
  /**
   * The client frame this answers (a `sync`'s id on its `message.snapshot`).
   */
  ref?: string | null;
  /**
   * Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
   */
  seq: number;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface ToolStart {
  /**
   * The tool's name.
   */
  name?: string | null;
  /**
   * The message part the call is, if the server names parts.
   */
  part?: Id | null;
  /**
   * The call's id.
   */
  toolCallId: string;
}
/**
 * A chunk of a tool call's arguments.
 */
export interface ToolDeltaEnvelope {
  action_type: 'tool.delta';
  /**
   * The message the event is for.
   */
  messageId: string;
  payload: ToolDelta;
  /**
   * The client frame this answers (a `sync`'s id on its `message.snapshot`).
   */
  ref?: string | null;
  /**
   * Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
   */
  seq: number;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface ToolDelta {
  /**
   * Appended to the call's `argsText`.
   */
  argsText: string;
  /**
   * The call's part, if the server names parts.
   */
  part?: Id | null;
  /**
   * The call's id.
   */
  toolCallId: string;
}
/**
 * A tool call ends.
 */
export interface ToolEndEnvelope {
  action_type: 'tool.end';
  /**
   * The message the event is for.
   */
  messageId: string;
  payload: ToolEnd;
  /**
   * The client frame this answers (a `sync`'s id on its `message.snapshot`).
   */
  ref?: string | null;
  /**
   * Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
   */
  seq: number;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface ToolEnd {
  /**
   * The user refused the call; its status becomes `denied`.
   */
  denied?: boolean | null;
  /**
   * The error; the call's status becomes `error` when present.
   */
  error?: unknown;
  /**
   * The call's part, if the server names parts.
   */
  part?: Id | null;
  /**
   * The result.
   */
  result?: unknown;
  /**
   * The call's id.
   */
  toolCallId: string;
}
/**
 * A form for the user to fill.
 */
export interface ElicitationStartEnvelope {
  action_type: 'elicitation.start';
  /**
   * The message the event is for.
   */
  messageId: string;
  payload: Elicitation;
  /**
   * The client frame this answers (a `sync`'s id on its `message.snapshot`).
   */
  ref?: string | null;
  /**
   * Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
   */
  seq: number;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * A form the server asks the user to fill (`elicitation.start`'s payload, the slice).
 */
export interface Elicitation {
  /**
   * Which form; `elicitation.submit` names it.
   */
  elicitationId: string;
  /**
   * What to tell the user about the form.
   */
  message?: string | null;
  /**
   * `form`, `url`, … (free text).
   */
  mode?: string | null;
  /**
   * A JSON Schema of the fields to fill.
   */
  schema: {
    [k: string]: unknown | undefined;
  };
  /**
   * The tool call the form belongs to, if any.
   */
  toolCallId?: string | null;
}
/**
 * The form is answered or withdrawn.
 */
export interface ElicitationEndEnvelope {
  action_type: 'elicitation.end';
  /**
   * The message the event is for.
   */
  messageId: string;
  payload: ElicitationEnd;
  /**
   * The client frame this answers (a `sync`'s id on its `message.snapshot`).
   */
  ref?: string | null;
  /**
   * Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
   */
  seq: number;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface ElicitationEnd {
  /**
   * The form that closed.
   */
  elicitationId: string;
}
/**
 * Replaces a custom slice.
 */
export interface StateSetEnvelope {
  action_type: 'state.set';
  /**
   * The message the event is for.
   */
  messageId: string;
  payload: StateSet;
  /**
   * The client frame this answers (a `sync`'s id on its `message.snapshot`).
   */
  ref?: string | null;
  /**
   * Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
   */
  seq: number;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface StateSet {
  /**
   * The slice's name.
   */
  slice: string;
  /**
   * Its new value.
   */
  value: unknown;
}
/**
 * Merge-patches a custom slice.
 */
export interface StatePatchEnvelope {
  action_type: 'state.patch';
  /**
   * The message the event is for.
   */
  messageId: string;
  payload: StatePatch;
  /**
   * The client frame this answers (a `sync`'s id on its `message.snapshot`).
   */
  ref?: string | null;
  /**
   * Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
   */
  seq: number;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface StatePatch {
  /**
   * The merge patch.
   */
  patch: unknown;
  /**
   * The slice's name.
   */
  slice: string;
}
/**
 * The whole message, for resync (the answer to `sync`).
 */
export interface MessageSnapshotEnvelope {
  action_type: 'message.snapshot';
  /**
   * The message the event is for.
   */
  messageId: string;
  payload: Message;
  /**
   * The client frame this answers (a `sync`'s id on its `message.snapshot`).
   */
  ref?: string | null;
  /**
   * Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
   */
  seq: number;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface Message {
  /**
   * Citations (any JSON objects).
   */
  citations?:
    | {
        [k: string]: unknown | undefined;
      }[]
    | null;
  /**
   * The answer text.
   */
  content?: string | null;
  /**
   * Custom slices by name (`state.set` / `state.patch`).
   */
  custom?: {
    [k: string]: unknown | undefined;
  } | null;
  /**
   * The open form, or null.
   */
  elicitation?: Elicitation1 | null;
  /**
   * The error when status is `error`, or null.
   */
  error?: MessageError | null;
  /**
   * Suggested next questions.
   */
  followUpQuestions?: string[] | null;
  /**
   * The message id.
   */
  id: string;
  /**
   * Log lines, newest last.
   */
  logs?: LogEntry1[] | null;
  /**
   * Free-form metadata from `message.start`.
   */
  meta?: unknown;
  /**
   * Text, reasoning and tool parts in the order they began (the client derives it).
   */
  parts?: MessagePart[] | null;
  /**
   * The reasoning text.
   */
  reasoning?: string | null;
  /**
   * `user`, `assistant`, …
   */
  role?: string | null;
  /**
   * Sources, unique by `id`, else `url`.
   */
  sources?: Source[] | null;
  /**
   * Lifecycle status.
   */
  status?: MessageStatus | null;
  /**
   * Tool calls in start order.
   */
  tools?: ToolCall[] | null;
}
/**
 * A form the server asks the user to fill (`elicitation.start`'s payload, the slice).
 */
export interface Elicitation1 {
  /**
   * Which form; `elicitation.submit` names it.
   */
  elicitationId: string;
  /**
   * What to tell the user about the form.
   */
  message?: string | null;
  /**
   * `form`, `url`, … (free text).
   */
  mode?: string | null;
  /**
   * A JSON Schema of the fields to fill.
   */
  schema: {
    [k: string]: unknown | undefined;
  };
  /**
   * The tool call the form belongs to, if any.
   */
  toolCallId?: string | null;
}
/**
 * Why a message ended in error (`message.error`'s payload, the `error` slice).
 */
export interface MessageError {
  /**
   * A machine-readable code.
   */
  code?: string | null;
  /**
   * What went wrong.
   */
  message: string;
}
/**
 * A log line (`logs.append`'s payload, an item of `logs`).
 */
export interface LogEntry1 {
  /**
   * `info`, `warn`, … (free text).
   */
  level?: string | null;
  /**
   * The line.
   */
  text: string;
  /**
   * A timestamp as the server gives it (ms since the Unix epoch, by convention).
   */
  ts?: unknown;
}
/**
 * One entry of the `parts` slice: the message's parts in the order they began. A text part's
 * text is `content` from its `start` (UTF-16 units) to the next text part's; a reasoning
 * part's the same in `reasoning`; a tool part names its call.
 */
export interface MessagePart {
  /**
   * The protocol's key for it (a part id, a block index, an item id).
   */
  key: string;
  /**
   * Where a text or reasoning part starts, in UTF-16 units.
   */
  start?: number | null;
  /**
   * A tool part's call.
   */
  toolCallId?: string | null;
  /**
   * `text`, `reasoning` or `tool`.
   */
  type: 'text' | 'reasoning' | 'tool';
}
/**
 * One tool call of the `tools` slice.
 */
export interface ToolCall {
  /**
   * The approval asked for (`{approvalId, approved?, reason?}`), if any.
   */
  approval?: unknown;
  /**
   * The arguments parsed, once `argsText` is complete JSON (`tool.input`), else null.
   */
  args?: unknown;
  /**
   * The arguments' text so far (often JSON, streaming in).
   */
  argsText?: string;
  /**
   * The error, if it failed.
   */
  error?: unknown;
  /**
   * The tool's name.
   */
  name?: string | null;
  /**
   * The result, once ended.
   */
  result?: unknown;
  /**
   * Running, done or error.
   */
  status: 'running' | 'done' | 'error' | 'denied';
  /**
   * The call's id.
   */
  toolCallId: string;
}
/**
 * The message is complete.
 */
export interface MessageDoneEnvelope {
  action_type: 'message.done';
  /**
   * The message the event is for.
   */
  messageId: string;
  payload?: Empty1;
  /**
   * The client frame this answers (a `sync`'s id on its `message.snapshot`).
   */
  ref?: string | null;
  /**
   * Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
   */
  seq: number;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface Empty1 {}
/**
 * The message failed.
 */
export interface MessageErrorEnvelope {
  action_type: 'message.error';
  /**
   * The message the event is for.
   */
  messageId: string;
  payload: MessageError1;
  /**
   * The client frame this answers (a `sync`'s id on its `message.snapshot`).
   */
  ref?: string | null;
  /**
   * Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
   */
  seq: number;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * Why a message ended in error (`message.error`'s payload, the `error` slice).
 */
export interface MessageError1 {
  /**
   * A machine-readable code.
   */
  code?: string | null;
  /**
   * What went wrong.
   */
  message: string;
}
/**
 * The message was stopped.
 */
export interface MessageCancelledEnvelope {
  action_type: 'message.cancelled';
  /**
   * The message the event is for.
   */
  messageId: string;
  payload?: Empty2;
  /**
   * The client frame this answers (a `sync`'s id on its `message.snapshot`).
   */
  ref?: string | null;
  /**
   * Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
   */
  seq: number;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface Empty2 {}
/**
 * Replaces `reasoning`.
 */
export interface ReasoningSetEnvelope {
  action_type: 'reasoning.set';
  /**
   * The message the event is for.
   */
  messageId: string;
  payload: Text1;
  /**
   * The client frame this answers (a `sync`'s id on its `message.snapshot`).
   */
  ref?: string | null;
  /**
   * Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
   */
  seq: number;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface Text1 {
  /**
   * The whole text.
   */
  text: string;
}
/**
 * Creates the message unless it exists (never clears it).
 */
export interface MessageEnsureEnvelope {
  action_type: 'message.ensure';
  /**
   * The message the event is for.
   */
  messageId: string;
  payload?: MessageStart1;
  /**
   * The client frame this answers (a `sync`'s id on its `message.snapshot`).
   */
  ref?: string | null;
  /**
   * Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
   */
  seq: number;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface MessageStart1 {
  /**
   * Free-form metadata.
   */
  meta?: unknown;
  /**
   * `user`, `assistant`, …
   */
  role?: string | null;
}
/**
 * Merge-patches (RFC 7386) the message's `meta`.
 */
export interface MetaPatchEnvelope {
  action_type: 'meta.patch';
  /**
   * The message the event is for.
   */
  messageId: string;
  payload: MergePatch;
  /**
   * The client frame this answers (a `sync`'s id on its `message.snapshot`).
   */
  ref?: string | null;
  /**
   * Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
   */
  seq: number;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface MergePatch {
  /**
   * The merge patch.
   */
  patch: unknown;
}
/**
 * A text or reasoning part of the message begins.
 */
export interface PartStartEnvelope {
  action_type: 'part.start';
  /**
   * The message the event is for.
   */
  messageId: string;
  payload: PartStart;
  /**
   * The client frame this answers (a `sync`'s id on its `message.snapshot`).
   */
  ref?: string | null;
  /**
   * Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
   */
  seq: number;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface PartStart {
  /**
   * `text` or `reasoning`.
   */
  kind: 'text' | 'reasoning';
  /**
   * An id that may be a string or a number (a source's, a part's, an approval's).
   */
  part: string | number;
}
/**
 * A tool call's arguments are complete.
 */
export interface ToolInputEnvelope {
  action_type: 'tool.input';
  /**
   * The message the event is for.
   */
  messageId: string;
  payload: ToolInput;
  /**
   * The client frame this answers (a `sync`'s id on its `message.snapshot`).
   */
  ref?: string | null;
  /**
   * Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
   */
  seq: number;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface ToolInput {
  /**
   * The arguments, parsed.
   */
  args?: unknown;
  /**
   * The arguments' whole text (replaces what streamed).
   */
  argsText?: string | null;
  /**
   * The call's part, if the server names parts.
   */
  part?: Id | null;
  /**
   * The call's id.
   */
  toolCallId: string;
}
/**
 * A tool call asks for (or got) the user's approval.
 */
export interface ToolApprovalEnvelope {
  action_type: 'tool.approval';
  /**
   * The message the event is for.
   */
  messageId: string;
  payload: ToolApproval;
  /**
   * The client frame this answers (a `sync`'s id on its `message.snapshot`).
   */
  ref?: string | null;
  /**
   * Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
   */
  seq: number;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface ToolApproval {
  /**
   * An id that may be a string or a number (a source's, a part's, an approval's).
   */
  approvalId: string | number;
  /**
   * The answer, once given.
   */
  approved?: boolean | null;
  /**
   * The call's part, if the server names parts.
   */
  part?: Id | null;
  /**
   * Why, if said.
   */
  reason?: string | null;
  /**
   * The call it is for.
   */
  toolCallId?: string | null;
}
/**
 * A keyed data part, or a transient one.
 */
export interface DataPutEnvelope {
  action_type: 'data.put';
  /**
   * The message the event is for.
   */
  messageId: string;
  payload: DataPut;
  /**
   * The client frame this answers (a `sync`'s id on its `message.snapshot`).
   */
  ref?: string | null;
  /**
   * Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
   */
  seq: number;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface DataPut {
  /**
   * The data.
   */
  data?: unknown;
  /**
   * Its key in the slice (a later put with the same id replaces it).
   */
  id?: Id | null;
  /**
   * The custom slice it goes in.
   */
  slice: string;
  /**
   * An event only: not kept in the slice.
   */
  transient?: boolean | null;
}
/**
 * JSON-Patches (RFC 6902) a custom slice.
 */
export interface StateJsonPatchEnvelope {
  action_type: 'state.jsonPatch';
  /**
   * The message the event is for.
   */
  messageId: string;
  payload: StateJsonPatch;
  /**
   * The client frame this answers (a `sync`'s id on its `message.snapshot`).
   */
  ref?: string | null;
  /**
   * Position in the session's stream: 1, 2, 3 … after `session.ready.seq`, no gaps.
   */
  seq: number;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface StateJsonPatch {
  /**
   * The operations (`{op, path, value?, from?}`), applied in order.
   */
  patch: {
    [k: string]: unknown | undefined;
  }[];
  /**
   * The slice's name.
   */
  slice: string;
}
/**
 * Replaces the session's `state` key.
 */
export interface AgentStateEnvelope {
  action_type: 'agent.state';
  payload: AgentState;
  /**
   * The client frame this answers, if any.
   */
  ref?: string | null;
  /**
   * Position in the session's stream.
   */
  seq: number;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface AgentState {
  /**
   * The new state.
   */
  value?: unknown;
}
/**
 * JSON-Patches (RFC 6902) the `state` key.
 */
export interface AgentPatchEnvelope {
  action_type: 'agent.patch';
  payload: AgentPatch;
  /**
   * The client frame this answers, if any.
   */
  ref?: string | null;
  /**
   * Position in the session's stream.
   */
  seq: number;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface AgentPatch {
  /**
   * The operations, applied in order.
   */
  patch: {
    [k: string]: unknown | undefined;
  }[];
}
/**
 * An agent run begins.
 */
export interface RunStartEnvelope {
  action_type: 'run.start';
  payload?: RunStart;
  /**
   * The client frame this answers, if any.
   */
  ref?: string | null;
  /**
   * Position in the session's stream.
   */
  seq: number;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface RunStart {
  /**
   * The run's id.
   */
  runId?: Id | null;
  /**
   * The thread (conversation) it runs in.
   */
  threadId?: Id | null;
}
/**
 * The run ended.
 */
export interface RunFinishEnvelope {
  action_type: 'run.finish';
  payload?: RunFinish;
  /**
   * The client frame this answers, if any.
   */
  ref?: string | null;
  /**
   * Position in the session's stream.
   */
  seq: number;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface RunFinish {
  /**
   * How it ended, as the agent says.
   */
  outcome?: unknown;
  /**
   * What it produced.
   */
  result?: unknown;
  /**
   * Tokens and the like.
   */
  usage?: unknown;
}
/**
 * The run failed.
 */
export interface RunErrorEnvelope {
  action_type: 'run.error';
  payload: MessageError2;
  /**
   * The client frame this answers, if any.
   */
  ref?: string | null;
  /**
   * Position in the session's stream.
   */
  seq: number;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * Why a message ended in error (`message.error`'s payload, the `error` slice).
 */
export interface MessageError2 {
  /**
   * A machine-readable code.
   */
  code?: string | null;
  /**
   * What went wrong.
   */
  message: string;
}
/**
 * A step of the run begins.
 */
export interface StepStartEnvelope {
  action_type: 'step.start';
  payload: Step;
  /**
   * The client frame this answers, if any.
   */
  ref?: string | null;
  /**
   * Position in the session's stream.
   */
  seq: number;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface Step {
  /**
   * The step's name.
   */
  name: string;
}
/**
 * A step of the run ends.
 */
export interface StepFinishEnvelope {
  action_type: 'step.finish';
  payload: Step1;
  /**
   * The client frame this answers, if any.
   */
  ref?: string | null;
  /**
   * Position in the session's stream.
   */
  seq: number;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface Step1 {
  /**
   * The step's name.
   */
  name: string;
}
/**
 * A named event for the app's listeners.
 */
export interface EventEnvelope {
  action_type: 'event';
  payload: Event;
  /**
   * The client frame this answers, if any.
   */
  ref?: string | null;
  /**
   * Position in the session's stream.
   */
  seq: number;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface Event {
  /**
   * The event's name.
   */
  name: string;
  /**
   * Its value.
   */
  value?: unknown;
}
/**
 * A chat message.
 */
export interface ChatMessageRequest {
  action_type: 'chat.message';
  /**
   * The client's frame id; answers to this frame carry it as `ref`.
   */
  id?: string | null;
  payload: ChatMessage;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface ChatMessage {
  /**
   * The user's text.
   */
  content: string;
  /**
   * The conversation it belongs to.
   */
  conversationId?: string | null;
  /**
   * The client's id for the user message (the server echoes it under this id).
   */
  messageId?: string | null;
  [k: string]: unknown | undefined;
}
/**
 * Stop a streaming reply.
 */
export interface SignalStopRequest {
  action_type: 'signal.stop';
  /**
   * The client's frame id; answers to this frame carry it as `ref`.
   */
  id?: string | null;
  payload: MessageRef;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface MessageRef {
  /**
   * The message.
   */
  messageId: string;
}
/**
 * Answer a form.
 */
export interface ElicitationSubmitRequest {
  action_type: 'elicitation.submit';
  /**
   * The client's frame id; answers to this frame carry it as `ref`.
   */
  id?: string | null;
  payload: ElicitationSubmit;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface ElicitationSubmit {
  /**
   * The form (`elicitation.start`'s `elicitationId`).
   */
  elicitationId: string;
  /**
   * The filled values, shaped by the form's schema.
   */
  values: {
    [k: string]: unknown | undefined;
  };
}
/**
 * The user started typing.
 */
export interface TypingStartRequest {
  action_type: 'typing.start';
  /**
   * The client's frame id; answers to this frame carry it as `ref`.
   */
  id?: string | null;
  payload?: Typing;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface Typing {
  /**
   * The conversation; absent means the connection's current one.
   */
  conversationId?: string | null;
}
/**
 * The user stopped typing.
 */
export interface TypingStopRequest {
  action_type: 'typing.stop';
  /**
   * The client's frame id; answers to this frame carry it as `ref`.
   */
  id?: string | null;
  payload?: Typing1;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface Typing1 {
  /**
   * The conversation; absent means the connection's current one.
   */
  conversationId?: string | null;
}
/**
 * Heartbeat; answered with `pong`.
 */
export interface PingRequest {
  action_type: 'ping';
  /**
   * The client's frame id; answers to this frame carry it as `ref`.
   */
  id?: string | null;
  payload?: Empty3;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface Empty3 {}
/**
 * Continue a session.
 */
export interface ResumeRequest {
  action_type: 'resume';
  /**
   * The client's frame id; answers to this frame carry it as `ref`.
   */
  id?: string | null;
  payload: Resume;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface Resume {
  /**
   * `session.ready.epoch`.
   */
  epoch: number;
  /**
   * The last seq applied.
   */
  seq: number;
  /**
   * `session.ready.sessionId`.
   */
  sessionId: string;
}
/**
 * Ask for a `message.snapshot`.
 */
export interface SyncRequest {
  action_type: 'sync';
  /**
   * The client's frame id; answers to this frame carry it as `ref`.
   */
  id?: string | null;
  payload: MessageRef1;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface MessageRef1 {
  /**
   * The message.
   */
  messageId: string;
}
/**
 * The token, when not in the URL.
 */
export interface AuthRequest {
  action_type: 'auth';
  /**
   * The client's frame id; answers to this frame carry it as `ref`.
   */
  id?: string | null;
  payload: Auth;
  /**
   * The protocol version; absent means 1.
   */
  v?: number | null;
}
/**
 * The payload.
 */
export interface Auth {
  /**
   * The token.
   */
  token: string;
}
