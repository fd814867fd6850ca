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
  code?: string | null;
  error?: string | null;
};
