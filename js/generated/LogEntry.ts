// Hand-written stand-in for the ts-rs output of the Rust type of the same name.

/**
 * One line of a message's `logs` ring (bounded by `limits.maxLogsPerMessage`).
 *
 * @example
 * ```ts
 * const line: LogEntry = { level: 'info', text: 'searching', ts: 1732230000000 };
 * ```
 */
export type LogEntry = {
  level?: string;
  text: string;
  /** Milliseconds since the epoch, when the server sent one. */
  ts?: number | null;
};
