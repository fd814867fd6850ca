// Hand-written stand-in for the ts-rs output of the Rust type of the same name.

/**
 * A form the server asks the user to fill (`elicitation.start`); answer it with
 * `send('elicitation.submit', { elicitationId, values })`.
 *
 * @example
 * ```ts
 * const e: Elicitation = { elicitationId: 'e1', schema: { type: 'object' }, mode: 'form' };
 * ```
 */
export type Elicitation = {
  elicitationId: string;
  /** A JSON Schema describing the values asked for. */
  schema: unknown;
  mode?: string | null;
};
