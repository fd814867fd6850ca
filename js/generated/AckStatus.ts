// Hand-written stand-in for the ts-rs output of the Rust type of the same name.

/**
 * An outgoing frame's status: `pending` until its `ack` arrives (`received`, then perhaps
 * `delivered`), or `error` (an error ack), `timeout` (no ack in time), `dropped` (the outbox
 * overflowed or the store closed before it was sent).
 *
 * @example
 * ```ts
 * const settled = (s: AckStatus) => s !== 'pending' && s !== 'received';
 * ```
 */
export type AckStatus = 'pending' | 'received' | 'delivered' | 'error' | 'timeout' | 'dropped';
