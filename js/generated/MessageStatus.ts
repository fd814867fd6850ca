// Hand-written stand-in for the ts-rs output of the Rust type of the same name; the
// integrator replaces this folder with generated files keeping the names. Import via ../types.ts.

/**
 * Where a message is in its lifecycle. `stale` marks an unfinished message after a failed
 * resume (the server could not replay what was missed).
 *
 * @example
 * ```ts
 * const busy = (s: MessageStatus) => s === 'pending' || s === 'streaming';
 * ```
 */
export type MessageStatus = 'pending' | 'streaming' | 'done' | 'error' | 'cancelled' | 'stale';
