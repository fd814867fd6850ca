// Hand-written stand-in for the ts-rs output of the Rust type of the same name.

/**
 * The socket's state. `reconnecting` waits for `nextRetryAt`; `failed` means the retries ran
 * out (or the server refused for good); `closed` follows `close()`.
 *
 * @example
 * ```ts
 * const online = (s: ConnectionStatus) => s === 'open';
 * ```
 */
export type ConnectionStatus = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed' | 'failed';
