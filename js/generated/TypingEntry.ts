// Hand-written stand-in for the ts-rs output of the Rust type of the same name.

/**
 * Someone typing (`typing.start` until `typing.stop`), in the key `typing`.
 *
 * @example
 * ```ts
 * const t: TypingEntry = { userId: 'u2', conversationId: 'c1' };
 * ```
 */
export type TypingEntry = {
  userId: string;
  conversationId: string | null;
};
