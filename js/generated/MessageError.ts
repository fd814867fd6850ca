// Hand-written stand-in for the ts-rs output of the Rust type of the same name.

/**
 * Why a message ended in status `error` (`message.error {code?, message}`).
 *
 * @example
 * ```ts
 * const err: MessageError = { code: 'rate_limited', message: 'Too many requests' };
 * ```
 */
export type MessageError = {
  code: string | null;
  message: string;
};
