// Hand-written stand-in for the ts-rs output of the Rust type of the same name.
import type { ConnectionStatus } from './ConnectionStatus.js';

/**
 * The value of the key `connection`.
 *
 * @example
 * ```ts
 * const c: ConnectionSnapshot = {
 *   status: 'reconnecting', attempt: 2, nextRetryAt: Date.now() + 1000,
 *   lastError: 'closed 1006', sessionId: 'sess-1', outbox: 1,
 * };
 * ```
 */
export type ConnectionSnapshot = {
  status: ConnectionStatus;
  /** Reconnect attempts since the last open. */
  attempt: number;
  /** When the next attempt starts, in milliseconds since the epoch. */
  nextRetryAt: number | null;
  lastError: string | null;
  sessionId: string | null;
  /** Frames queued while not open. */
  outbox: number;
};
