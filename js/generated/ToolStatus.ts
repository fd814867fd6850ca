// Hand-written stand-in for the ts-rs output of the Rust type of the same name.

/**
 * Where a tool call is: `running` from `tool.start` until `tool.end`.
 *
 * @example
 * ```ts
 * const spinning = (s: ToolStatus) => s === 'running';
 * ```
 */
export type ToolStatus = 'running' | 'done' | 'error';
