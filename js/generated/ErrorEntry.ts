// Hand-written stand-in for the ts-rs output of the Rust type of the same name.

/**
 * One recent problem with what the server sent, in the key `errors`. Bad frames are data, not
 * exceptions. Kinds include `protocol` (not JSON, no `action_type`, too large), `lifecycle` (a
 * delta after the message ended) and `unrouted` (an unknown `action_type`).
 *
 * @example
 * ```ts
 * const e: ErrorEntry = { kind: 'unrouted', message: 'no route for foo.bar', actionType: 'foo.bar', seq: 7 };
 * ```
 */
export type ErrorEntry = {
  kind: string;
  message: string;
  actionType?: string | null;
  seq?: number | null;
};
