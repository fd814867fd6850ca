// wirestore/routes: a route table is data, so it can be tested. checkRoutes replays recorded
// frames (JSON lines) through a real store (the wasm core, the same code a live store runs)
// with the given envelope and routes, and returns the messages it built and every error, each
// with the line it came from. `npx wirestore check-routes` (cli.ts) prints the same.
import type { EnvelopeOptions, LimitOptions, RouteSpec } from './options.js';
import { createWireStore } from './store.js';
import type { ErrorEntry, Message, Stats } from './types.js';
import { initWireStore, wasmIfLoaded, type WasmInput } from './wasm.js';

/** Every error of a check is kept (the `errors` key is bounded by `limits.maxErrors`). */
const MAX_CHECK_ERRORS = 1_000_000;

/**
 * What `checkRoutes` replays frames with.
 *
 * @example
 * ```ts
 * const options: RouteCheckOptions = {
 *   envelope: { actionType: 'type', messageId: 'message_id', payload: null },
 *   routes: { Update: { op: 'content.delta', 'text?': 'delta.content' } },
 * };
 * ```
 */
export interface RouteCheckOptions {
  envelope?: EnvelopeOptions;
  routes?: Record<string, RouteSpec>;
  /** As a live store's; `maxErrors` is ignored (a check keeps every error). */
  limits?: LimitOptions;
  /** The wasm, where it cannot be fetched (Node): its bytes, as for `initWireStore`. */
  wasm?: WasmInput;
}

/**
 * One error of a check: an entry of the `errors` key and the line whose frame caused it.
 *
 * @example
 * ```ts
 * const e: RouteCheckError = { line: 3, kind: 'protocol', actionType: 'Update', message: '…' };
 * ```
 */
export interface RouteCheckError extends ErrorEntry {
  /** 1-based line of the frame in the input. */
  line: number;
}

/**
 * What a check found.
 *
 * @example
 * ```ts
 * const { messages, errors } = await checkRoutes(jsonl, options);
 * if (errors.length > 0) process.exitCode = 1;
 * ```
 */
export interface RouteCheckResult {
  /** The messages the frames built, in arrival order (as the `messages` key orders them). */
  messages: Message[];
  /** Every error, in order. */
  errors: RouteCheckError[];
  /** The store's counters after the last frame. */
  stats: Stats;
  /** Frames replayed (non-empty lines). */
  frames: number;
}

/**
 * Replays `frames` (JSON lines, one frame per line, or an array of frames) through a store
 * with `options.envelope` and `options.routes`. Bad options reject, with the message a live
 * store would throw. In Node pass `options.wasm` (the bytes of `wirestore_bg.wasm`) unless
 * `initWireStore` was called.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { checkRoutes, formatRouteCheck } from 'wirestore/routes';
 *
 * const result = await checkRoutes(readFileSync('frames.jsonl', 'utf8'), {
 *   routes: JSON.parse(readFileSync('routes.json', 'utf8')),
 *   wasm: readFileSync('node_modules/wirestore/pkg/wirestore_bg.wasm'),
 * });
 * console.log(formatRouteCheck(result));
 * ```
 */
export async function checkRoutes(
  frames: string | readonly string[],
  options: RouteCheckOptions = {},
): Promise<RouteCheckResult> {
  const { wasm, envelope, routes, limits } = options;
  if (!wasmIfLoaded()) {
    await initWireStore(wasm).catch((cause: unknown) => {
      const hint = 'in Node, pass options.wasm: the bytes of wirestore/pkg/wirestore_bg.wasm';
      throw new Error(`wirestore/routes: could not load the wasm (${hint})`, { cause });
    });
  }
  const store = createWireStore({
    notify: 'sync',
    envelope,
    routes,
    limits: { ...limits, maxErrors: MAX_CHECK_ERRORS },
  });
  try {
    const lines = typeof frames === 'string' ? frames.split(/\r?\n/) : frames;
    const errors: RouteCheckError[] = [];
    let count = 0;
    let seen = 0;
    lines.forEach((text, index) => {
      if (text.trim() === '') return;
      count++;
      store.ingest(text);
      const all = (store.getSnapshot('errors') ?? []) as ErrorEntry[];
      for (const entry of all.slice(seen)) errors.push({ line: index + 1, ...entry });
      seen = all.length;
    });
    const ids = (store.getSnapshot('messages') ?? []) as string[];
    const messages = ids.map((id) => store.getSnapshot(`messages/${id}`) as Message);
    const stats = store.getSnapshot('stats') as Stats;
    return { messages, errors, stats, frames: count };
  } finally {
    store.destroy();
  }
}

// What a message holds when nothing set it: not worth printing.
function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

/**
 * A check's result for a terminal: a summary line, each message with its non-empty slices,
 * then every error with its line.
 *
 * @example
 * ```ts
 * console.log(formatRouteCheck(await checkRoutes(jsonl, options)));
 * // 3 frames, 3 envelopes, 0 errors
 * // message m1 (done)
 * //   content: "Hello"
 * ```
 */
export function formatRouteCheck(result: RouteCheckResult): string {
  const { messages, errors, stats, frames } = result;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const out = [
    `${plural(frames, 'frame')}, ${plural(stats.envelopes, 'envelope')}, ${plural(errors.length, 'error')}`,
  ];
  for (const message of messages) {
    out.push(`message ${message.id} (${message.status})`);
    for (const [slice, value] of Object.entries(message)) {
      if (slice === 'id' || slice === 'status' || isEmpty(value)) continue;
      out.push(`  ${slice}: ${JSON.stringify(value)}`);
    }
  }
  if (errors.length > 0) out.push('errors');
  for (const e of errors) {
    const where = [e.actionType, e.messageId && `message ${e.messageId}`, e.seq !== undefined && `seq ${e.seq}`]
      .filter(Boolean)
      .join(', ');
    out.push(`  line ${e.line}: ${e.kind}${where ? ` (${where})` : ''}: ${e.message}`);
  }
  return out.join('\n');
}
