// Hand-written stand-in for the ts-rs output of the Rust type of the same name.
import type { AckStatus } from './AckStatus.js';

/**
 * The value of the key `acks/<id>`, for a frame sent with an ack request.
 *
 * @example
 * ```ts
 * const a: AckState = { status: 'error', code: 'forbidden', error: 'not your conversation' };
 * ```
 */
export type AckState = {
  status: AckStatus;
  /** The server's error code, for `error`. */
  code: string | null;
  /** The server's error text, for `error`. */
  error: string | null;
};
