// The options of createWireStore. All but `notify` go to the wasm core unchanged, which checks
// them and throws, with a message saying what to change, on a bad one.
import type { Dialect, DialectName } from './dialects.js';
import type { NotifyMode } from './scheduler.js';
import type { ShareOptions } from './share.js';

/**
 * Reconnect backoff: the n-th retry in a row waits a random delay in `[(1 - jitter)·d, d]`,
 * `d = min(maxDelayMs, baseDelayMs·2^(n-1))` (defaults: 0.5–1 s first, never over 30 s); the
 * count resets once a session is established (not when the socket opens). After `maxRetries`
 * failed attempts the status becomes `failed`.
 *
 * @example
 * ```ts
 * const reconnect: ReconnectOptions = { baseDelayMs: 250, maxDelayMs: 10_000, maxRetries: 20, jitter: 0.3 };
 * ```
 */
export interface ReconnectOptions {
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** `null` (default): retry forever. */
  maxRetries?: number | null;
  jitter?: number;
}

/**
 * Heartbeat: a `ping` every `intervalMs`; no frame for `timeoutMs` counts as a dead socket.
 *
 * @example
 * ```ts
 * const heartbeat: HeartbeatOptions = { intervalMs: 15_000, timeoutMs: 30_000 };
 * ```
 */
export interface HeartbeatOptions {
  intervalMs?: number;
  timeoutMs?: number;
}

/**
 * The names of the envelope's fields, for a backend that already speaks another shape.
 * `payload: null` means flat frames whose fields sit beside the type.
 *
 * @example
 * ```ts
 * const envelope: EnvelopeOptions = { actionType: 'type', messageId: 'address', ref: 'ref_id', payload: null };
 * // seed 004: `{type: 'message:send', messageId, conversationId, content}`, acked by `messageId`
 * const chatSpec: EnvelopeOptions = { actionType: 'type', payload: null, version: false, clientId: 'messageId' };
 * ```
 */
export interface EnvelopeOptions {
  /** Default `action_type`. */
  actionType?: string;
  /** Default `messageId`. */
  messageId?: string;
  /** Default `seq`. */
  seq?: string;
  /** Default `ref`. */
  ref?: string;
  /** Default `payload`; `null` for flat frames. */
  payload?: string | null;
  /** The protocol version field, default `v`; `false`: none, read or written. */
  version?: string | false;
  /**
   * The id field of the frames this client sends, default `id`: a backend that acks by an id
   * the client chose inside its own payload (seed 004's `messageId`) finds it there.
   */
  clientId?: string;
}

/**
 * One route: a foreign action mapped onto a built-in effect (`op`). Every other key is one of
 * that op's payload fields, read from a dotted path into the frame (`'delta.content'`) or a
 * constant (`{ value: … }`); a key ending in `?` marks a field the frame may lack. `messageId`
 * and `ref` override the envelope's, `done` completes the message when `true`, and `also`
 * lists further effects of the same frame (each skipped when the frame carries none of its
 * fields). Every op and its fields: docs/routes.md.
 *
 * @example
 * ```ts
 * const route: RouteSpec = { op: 'content.delta', 'text?': 'delta.content', also: [{ op: 'reasoning.delta', text: 'delta.reasoning' }] };
 * ```
 */
export interface RouteSpec {
  op: string;
  messageId?: string | { value: unknown };
  ref?: string | { value: unknown };
  done?: string | { value: unknown };
  also?: RouteSpec[];
  [field: string]: unknown;
}

/**
 * Bounds on what the server can make the client hold.
 *
 * @example
 * ```ts
 * const limits: LimitOptions = { maxFrameBytes: 4 << 20, maxLogsPerMessage: 1000 };
 * ```
 */
export interface LimitOptions {
  /** Larger frames are rejected unparsed. Default 1 MiB. */
  maxFrameBytes?: number;
  /** The `logs` ring of each message. Default 500. */
  maxLogsPerMessage?: number;
  /** Frames held past a seq gap. Default 256. */
  maxHeld?: number;
  /** How long a gap may stay open before a resume is asked. Default 2000 ms. */
  gapMs?: number;
  /** Messages kept; the oldest finished ones are evicted first. Default 1000. */
  maxMessages?: number;
  /** Entries kept in the `errors` key. Default 100. */
  maxErrors?: number;
  /** Frames in and out kept in the `frames` key, raw, for inspectors. Default 0 (none). */
  recordFrames?: number;
}

/**
 * Options of `createWireStore`. Without `url` the store only applies what `ingest()` feeds it
 * (SSE, a fetch stream, tests).
 *
 * @example
 * ```ts
 * const store = createWireStore({
 *   url: 'wss://api.example.com/ws',
 *   token: async () => (await fetch('/api/token')).text(),
 *   reconnect: { maxRetries: 10 },
 *   notify: 'frame',
 * });
 * ```
 */
export interface WireStoreOptions {
  /** The WebSocket URL (`ws:` or `wss:`). */
  url?: string;
  /** A token, or a function fetching a fresh one before each connect. */
  token?: string | (() => string | Promise<string>);
  /** Send the token as a `token` query parameter (default) or in a first frame. */
  tokenMode?: 'query' | 'frame';
  reconnect?: ReconnectOptions;
  /** `false` turns pings off. */
  heartbeat?: HeartbeatOptions | false;
  /** How many frames `send()` queues while the socket is not open. */
  outbox?: { capacity?: number };
  /** How long, from sending, a frame with an ack request waits for `delivered`/`error`. */
  ackTimeoutMs?: number;
  /**
   * The protocol the backend speaks: `'wirestore'` (default, PROTOCOL.md v1), `'agui'`,
   * `'ai-sdk'`, `'openai-responses'`, `'anthropic'`, or a dialect object (`dialects` has the
   * built-in ones as data). `envelope` and `routes` then adjust and extend it.
   */
  dialect?: DialectName | Dialect;
  envelope?: EnvelopeOptions;
  /** Foreign action name -> effect. Held and applied in wasm; no JS runs per frame. */
  routes?: Record<string, RouteSpec>;
  limits?: LimitOptions;
  /** When listeners run; see `NotifyMode`. Default `'frame'`. */
  notify?: NotifyMode;
  /**
   * Share one socket between this app's tabs (same URL and user): one tab leads and owns the
   * socket, the others apply what it receives and send through it; `connection.share` says
   * which this tab is. Falls back to a socket per tab where Web Locks or BroadcastChannel are
   * missing. See `ShareOptions`.
   */
  share?: boolean | ShareOptions;
}
