// Hand-written stand-in for the ts-rs output of the Rust type of the same name.

/**
 * One source the answer draws on. A later source with the same `id` (else `url`) replaces the
 * earlier one; fields beyond these are kept as sent.
 *
 * @example
 * ```ts
 * const s: Source = { id: 's1', url: 'https://example.com', title: 'Example' };
 * ```
 */
export type Source = {
  id?: string | null;
  url?: string | null;
  title?: string | null;
  [field: string]: unknown;
};
