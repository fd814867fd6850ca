// Hand-written stand-in for the ts-rs output of the Rust type of the same name.
import type { ToolStatus } from './ToolStatus.js';

/**
 * One tool call of a message, tracked by `tool.start` / `tool.delta` / `tool.end`.
 * `argsText` accumulates the streamed argument text (often partial JSON).
 *
 * @example
 * ```ts
 * const call: ToolCall = {
 *   toolCallId: 't1', name: 'search', argsText: '{"q":1}', status: 'done', result: [], error: null,
 * };
 * ```
 */
export type ToolCall = {
  toolCallId: string;
  name: string | null;
  argsText: string;
  status: ToolStatus;
  result: unknown;
  /** The error the tool reported (any JSON), or `null`. */
  error: unknown;
};
