// Hand-written stand-in for the ts-rs output of the Rust type of the same name.
// The JSON shape is docs/message-shape.md.
import type { Elicitation } from './Elicitation.js';
import type { LogEntry } from './LogEntry.js';
import type { MessageError } from './MessageError.js';
import type { MessageStatus } from './MessageStatus.js';
import type { Source } from './Source.js';
import type { ToolCall } from './ToolCall.js';

/**
 * One message as the key `messages/<id>` holds it: every slice at once. Subscribe to a slice
 * key (`messages/<id>/content`) instead when a component shows only that slice.
 *
 * @example
 * ```ts
 * const m: Message = {
 *   id: 'a-1', role: 'assistant', status: 'streaming', content: 'Hel', reasoning: '',
 *   sources: [], followUpQuestions: [], citations: [], logs: [], tools: [],
 *   elicitation: null, error: null, meta: null, custom: {},
 * };
 * ```
 */
export type Message = {
  id: string;
  role: string | null;
  status: MessageStatus;
  content: string;
  reasoning: string;
  sources: Source[];
  followUpQuestions: string[];
  /** Any JSON objects, kept as sent. */
  citations: Array<Record<string, unknown>>;
  logs: LogEntry[];
  tools: ToolCall[];
  elicitation: Elicitation | null;
  error: MessageError | null;
  /** `message.start`'s `meta`, as sent. */
  meta: unknown;
  /** Custom slices set by `state.set` / `state.patch`, by name. */
  custom: Record<string, unknown>;
};
