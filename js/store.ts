// The store: a thin shell around the wasm core that React (or anything else) subscribes to by
// key. The core holds the state and knows which keys changed; this file tells each changed
// key's listeners once per flush (when: scheduler.ts), serves snapshots that keep their
// identity until the key changes (snapshot.ts), and queues calls made before the wasm is
// ready (giving queued sends a local id that follows the real one).
//
// Contract: a key's listeners run only when that key changed, at most once per flush.
import { DEFAULT_DELIVERED_GRACE_MS, waitForAck, type WaitOptions } from './ack.js';
import { replyFor, resolveDialect, type ElicitationAnswer } from './dialects.js';
import { FrameInput } from './input.js';
import type { WireStoreOptions } from './options.js';
import { createFlushScheduler, type NotifyMode } from './scheduler.js';
import { readShareOption, startShare, type Share, type ShareCore, type ShareIdentity } from './share.js';
import { SnapshotCache } from './snapshot.js';
import { startStream, type StreamHandle, type StreamOptions, type StreamSource } from './stream.js';
import type { AckState, Elicitation, ErrorEntry, Key, KeySource, KeyValue } from './types.js';
import { loadWasm, wasmIfLoaded, type WasmCore } from './wasm.js';

const ACKS = 'acks/';
/** Prefix of the ids `send()` returns for frames queued before the wasm was ready. */
export const LOCAL_ID_PREFIX = 'local-';
const NOTIFY_MODES: readonly NotifyMode[] = ['frame', 'microtask', 'sync'];
const QUEUED_ACK: AckState = Object.freeze({ status: 'pending', code: null, error: null });
const DESTROYED = 'wirestore: this store was destroyed; create a new one with createWireStore()';
const noop = () => {};
// Surfaces an error nobody can catch (it happened in a replayed call) without stopping.
const report = (error: unknown) =>
  typeof reportError === 'function' ? reportError(error) : console.error(error);

/**
 * What `sendAndWait` returns: the ack promise, carrying the frame id.
 *
 * @example
 * ```ts
 * const pending = store.sendAndWait('chat.message', { content: 'hi' });
 * setAckId(pending.id);
 * await pending;
 * ```
 */
export type AckPromise = Promise<AckState> & { readonly id: string };

/**
 * Options of `send`.
 *
 * @example
 * ```ts
 * const id = store.send('chat.message', { content: 'hi' }, { ack: true });
 * ```
 */
export interface SendOptions {
  /** Ask the server for an ack; its state is then the key `acks/<id>`. */
  ack?: boolean;
  /**
   * The frame's id, for a backend that acks by an id the client chose (seed 004's
   * `messageId`; name its field with `envelope.clientId`). Default: with flat frames, the
   * payload's own `clientId` field, else a fresh id.
   */
  id?: string;
}

/**
 * A live view of what the backend streams, subscribed to by key (see `Key`).
 *
 * @example
 * ```ts
 * const store = createWireStore({ url: 'wss://api.example.com/ws' });
 * store.connect();
 * const stop = store.subscribe('messages/m1/content', () => {
 *   console.log(store.getSnapshot('messages/m1/content'));
 * });
 * const id = store.send('chat.message', { content: 'Hello' }, { ack: true });
 * ```
 */
export interface WireStore extends KeySource {
  /** Settles when the wasm is loaded and the core created; rejects on bad options. */
  readonly ready: Promise<void>;
  /** Opens the socket (and reconnects as configured). */
  connect(): void;
  /** Closes the socket for good (no reconnect) until `connect()`. */
  close(): void;
  /**
   * Sends `{action_type, id, payload}`; queued while the socket is not open. Returns the frame
   * id: the key `acks/<id>` follows its ack. Before the wasm is ready the id is a local alias
   * (`local-<n>`) that this store's `acks/` key and `sendAndWait` understand.
   */
  send(actionType: string, payload?: unknown, options?: SendOptions): string;
  /**
   * `send` with an ack request, resolved when the server delivered it (see `WaitOptions`);
   * rejects with `AckError`. The promise carries the frame `id` (for `useAck`, logs).
   */
  sendAndWait(actionType: string, payload?: unknown, options?: WaitOptions & { id?: string }): AckPromise;
  /**
   * Reads an HTTP stream into the store: SSE, NDJSON or JSON text sequences, framed in the
   * core from the body's bytes, each frame applied as a WebSocket frame is. Several may run
   * at once, beside the socket. See `StreamOptions` for resume, formats and abort.
   */
  stream(source: StreamSource, options?: StreamOptions): StreamHandle;
  /**
   * Applies one event whose name and payload arrive apart (socket.io's `onAny`, a Pusher or
   * Ably callback, `postMessage`): the name routes it like an action type; the payload is a
   * JS value (converted once) or JSON text, read like a frame with the envelope's names.
   */
  ingestEvent(name: string, payload?: unknown): void;
  /** Applies one frame (or batch) that arrived by another transport: SSE, a fetch stream, a test. */
  ingest(text: string): void;
  /** `ingest` for UTF-8 bytes: the fast path (no UTF-16 round trip). */
  ingestBytes(bytes: Uint8Array | ArrayBuffer): void;
  /**
   * Calls `listener(value, name)` for each event named `name` (`'*'`: every event), after the
   * key listeners of the flush it arrived in: AG-UI `CUSTOM` events, AI SDK transient data
   * parts (`data-<name>` with `transient: true`), any route with `op: 'event'`. Events are
   * not state: nothing keeps them. Returns the unsubscribe.
   */
  on(name: string, listener: (value: unknown, name: string) => void): () => void;
  /**
   * Answers the open form of message `messageId` (`messages/<id>/elicitation`: an AG-UI
   * interrupt, an AI SDK tool approval, a wirestore `elicitation.start`): ends the form
   * locally (recording an approval on its tool call), and returns the reply the dialect's
   * protocol expects (see `replyFor`). With the `wirestore` dialect it also sends it
   * (`elicitation.submit`). Throws when the message has no open form.
   */
  reply(messageId: string, answer?: ElicitationAnswer): Record<string, unknown>;
  /** Calls `listener` after each flush in which `key` changed. Returns the unsubscribe. */
  subscribe(key: Key | (string & {}), listener: () => void): () => void;
  /** The key's value as plain JS; the same reference until the key changes. */
  getSnapshot<K extends string>(key: K): KeyValue<K> | undefined;
  /** Always `undefined`: a server render shows the empty state, then hydration fills it. */
  getServerSnapshot(key: string): undefined;
  /** Notifies listeners of everything applied so far, now, instead of at the scheduled time. */
  flush(): void;
  /** How many listeners `key` has (all keys without one): for tests and leak hunting. */
  listenerCount(key?: string): number;
  /** Closes the socket, frees the wasm memory, drops listeners, rejects pending waits. */
  destroy(): void;
}

/**
 * Creates a store. Nothing is loaded until the store is first used (connect, send, ingest,
 * subscribe, `ready`), so this is safe to call at module scope and during server rendering.
 * If the wasm is already initialised (`initWireStore`), the core is created now and bad
 * options throw here; otherwise they reject `ready`.
 *
 * @example
 * ```ts
 * export const store = createWireStore({ url: 'wss://api.example.com/ws', notify: 'frame' });
 * ```
 */
export function createWireStore(options: WireStoreOptions = {}): WireStore {
  const { notify = 'frame', share: shareOption, dialect: dialectOption = 'wirestore', ...rest } = options;
  const shareAs = readShareOption(shareOption);
  const dialect = resolveDialect(dialectOption);
  const coreOptions = { ...rest, dialect };
  if (!NOTIFY_MODES.includes(notify)) {
    throw new Error(`wirestore: notify must be 'frame', 'microtask' or 'sync', not ${JSON.stringify(notify)}`);
  }
  const graceMs = options.ackTimeoutMs ?? DEFAULT_DELIVERED_GRACE_MS;

  let core: WasmCore | null = null;
  let starting: Promise<void> | null = null;
  let failure: { error: unknown } | null = null;
  let destroyed = false;
  const queue: Array<(core: WasmCore) => void> = [];
  const listeners = new Map<string, Set<() => void>>();
  const cache = new SnapshotCache();
  const input = new FrameInput(); // one store, one core
  const aliasChanged = new Set<string>(); // `acks/local-<n>` keys whose target was just set
  const queuedSends = new Map<string, { coreId: string | null; ack: boolean }>();
  const aliasOf = new Map<string, string>(); // `acks/<core id>` -> `acks/local-<n>`
  const waits = new Set<(reason: unknown) => void>();
  let identity: ShareIdentity | null = null; // set when sharing the socket with other tabs
  let sharing: Share | null = null;
  const eventListeners = new Map<string, Set<(value: unknown, name: string) => void>>();
  let localIds = 0;
  let depth = 0; // > 0 while a call into the core runs
  let syncPending = false;
  let flushing = false;
  let flushAgain = false;

  const scheduler = createFlushScheduler(notify, flush);
  const streams = new Set<StreamHandle>();
  const streamHost = {
    input,
    reconnect: options.reconnect,
    apply,
    core: () =>
      start().then(() => {
        if (!core) throw new Error(DESTROYED);
        return core;
      }),
  };

  // Called by the wasm after it applied anything. In 'sync' mode a change made by one of our
  // own calls flushes when that call returns, not from inside the wasm.
  function onNotify(urgent: boolean): void {
    if (notify === 'sync' && depth > 0) syncPending = true;
    else scheduler.request(urgent);
  }

  function attach(glue: NonNullable<ReturnType<typeof wasmIfLoaded>>): void {
    if (shareAs) identity = JSON.parse(glue.shareIdentity(coreOptions, shareAs.name, typeof options.token === 'function'));
    const created = new glue.WireStoreCore(coreOptions);
    created.setNotify(onNotify);
    core = created;
    // A flush reports only the keys the cache tracks: those listened to so far, too.
    for (const key of listeners.keys()) cache.track(created, key);
  }

  function apply<R>(target: WasmCore, op: (core: WasmCore) => R): R {
    depth++;
    try {
      return op(target);
    } finally {
      depth--;
      if (depth === 0 && syncPending) {
        syncPending = false;
        flush();
      }
    }
  }

  function start(): Promise<void> {
    if (!starting) {
      starting = loadWasm().then((glue) => {
        if (destroyed) return;
        attach(glue);
        for (const op of queue.splice(0)) {
          if (!core) break;
          // One bad queued call (a payload that is not JSON, a throwing listener) must not
          // drop the calls after it nor kill the store: report it and go on.
          try {
            apply(core, op);
          } catch (error) {
            report(error);
          }
        }
      });
      starting.catch((error: unknown) => {
        failure = { error };
        queue.length = 0;
        for (const cancel of [...waits]) cancel(error);
        console.error('wirestore: the store could not start', error);
      });
    }
    return starting;
  }

  // Runs `op` on the core now, or queues it until the wasm is ready.
  function run(op: (core: WasmCore) => void): void {
    if (destroyed) throw new Error(DESTROYED);
    if (failure) throw failure.error;
    if (core) return apply(core, op);
    queue.push(op);
    void start();
  }

  function notifyKey(key: string, errors: unknown[]): void {
    const set = listeners.get(key);
    if (!set) return;
    for (const listener of Array.from(set)) {
      try {
        listener();
      } catch (error) {
        errors.push(error);
      }
    }
  }

  function flush(): void {
    if (!core) return;
    if (flushing) {
      flushAgain = true;
      return;
    }
    flushing = true;
    const errors: unknown[] = [];
    try {
      do {
        flushAgain = false;
        const changed = cache.takeChanged(core);
        // A queued send's real ack key is listened to through its local alias.
        cache.invalidate(changed, (key) => listeners.has(key) || aliasOf.has(key), core);
        let keys: Iterable<string> = changed;
        if (aliasOf.size > 0 || aliasChanged.size > 0) {
          const all = new Set<string>(aliasChanged);
          aliasChanged.clear();
          for (const key of changed) {
            all.add(key);
            const alias = aliasOf.get(key);
            if (alias) all.add(alias);
          }
          keys = all;
        }
        for (const key of keys) notifyKey(key, errors);
        // A key listener may have destroyed the store.
        if (core) deliverEvents(core, errors);
      } while (flushAgain && core);
    } finally {
      flushing = false;
      cache.flushed();
    }
    // A throwing listener does not stop the others; the first error surfaces afterwards.
    if (errors.length > 0) throw errors[0];
  }

  // Events wait in the core until a flush takes them (in order), whoever listens.
  function deliverEvents(target: WasmCore, errors: unknown[]): void {
    const text = target.takeEvents?.() ?? '';
    if (text === '') return;
    for (const [name, value] of JSON.parse(text) as Array<[string, unknown]>) {
      for (const set of [eventListeners.get(name), eventListeners.get('*')]) {
        if (!set) continue;
        for (const listener of Array.from(set)) {
          try {
            listener(value, name);
          } catch (error) {
            errors.push(error);
          }
        }
      }
    }
  }

  function getSnapshot(key: string): unknown {
    let real = key;
    if (queuedSends.size > 0 && key.startsWith(ACKS)) {
      const queued = queuedSends.get(key.slice(ACKS.length));
      if (queued) {
        if (queued.coreId === null) return queued.ack ? QUEUED_ACK : undefined;
        real = ACKS + queued.coreId;
      }
    }
    return core ? cache.read(core, real) : undefined;
  }

  function send(actionType: string, payload?: unknown, options?: SendOptions): string {
    const ack = options?.ack ?? false;
    const given = options?.id;
    if (given !== undefined && (typeof given !== 'string' || given === '')) {
      throw new Error('wirestore: send options.id must be a non-empty string');
    }
    const body = payload === undefined ? {} : payload;
    if (core && !destroyed) return apply(core, (c) => c.send(actionType, body, ack, given));
    // Before the wasm is ready: a given id is its own alias; otherwise a local one.
    const local = given ?? `${LOCAL_ID_PREFIX}${++localIds}`;
    run((c) => {
      const id = c.send(actionType, body, ack, given);
      queuedSends.set(local, { coreId: id, ack });
      aliasOf.set(ACKS + id, ACKS + local);
      cache.track(c, ACKS + id); // its changes are told to the alias's listeners
      aliasChanged.add(ACKS + local);
      onNotify(true);
    });
    queuedSends.set(local, { coreId: null, ack });
    return local;
  }

  const store: WireStore = {
    get ready() {
      return start();
    },
    connect: () => run((c) => (identity ? (sharing ??= startShare(c as WasmCore & ShareCore, identity, report)) : c.connect())),
    close: () =>
      run((c) => {
        sharing?.stop();
        sharing = null;
        c.close();
      }),
    send,
    sendAndWait(actionType, payload, options = {}) {
      let id: string;
      try {
        id = send(actionType, payload, { ack: true, id: options.id });
      } catch (error) {
        return Object.assign(Promise.reject(error), { id: '' });
      }
      if (core && getSnapshot(ACKS + id) === undefined) {
        // The core refused the frame (no url): it says why in `errors`, not by throwing.
        const errors = getSnapshot('errors') as ErrorEntry[] | undefined;
        const reason = errors?.[errors.length - 1]?.message ?? 'the frame was not accepted';
        return Object.assign(Promise.reject(new Error(`wirestore: ${reason}`)), { id });
      }
      const { promise, cancel } = waitForAck(store, id, options, graceMs);
      waits.add(cancel);
      const forget = () => waits.delete(cancel);
      promise.then(forget, forget);
      return Object.assign(promise, { id });
    },
    stream(source, streamOptions) {
      if (destroyed) throw new Error(DESTROYED);
      const handle = startStream(streamHost, source, streamOptions);
      streams.add(handle);
      const forget = () => streams.delete(handle);
      handle.done.then(forget, forget);
      return handle;
    },
    ingestEvent(name, payload) {
      if (typeof name !== 'string') throw new Error('wirestore: ingestEvent needs an event name (a string)');
      // One conversion, one crossing: the core reads the JSON text like a frame.
      const text = payload === undefined ? '' : typeof payload === 'string' ? payload : JSON.stringify(payload);
      run((c) => c.ingestEvent!(name, text));
    },
    ingest: (text) => run((c) => c.ingest(text)),
    ingestBytes: (bytes) =>
      run((c) => input.ingest(c, bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes))),
    on(name, listener) {
      if (destroyed) return noop;
      let set = eventListeners.get(name);
      if (!set) eventListeners.set(name, (set = new Set()));
      set.add(listener);
      if (!core && !failure) void start();
      return () => {
        set.delete(listener);
        if (set.size === 0 && eventListeners.get(name) === set) eventListeners.delete(name);
      };
    },
    reply(messageId, answer = {}) {
      if (destroyed) throw new Error(DESTROYED);
      const form = core ? (cache.read(core, `messages/${messageId}/elicitation`) as Elicitation | null | undefined) : undefined;
      if (!core || !form) throw new Error(`wirestore: message ${JSON.stringify(messageId)} has no open elicitation to reply to`);
      const reply = replyFor(dialect.name, form, answer);
      const approved = form.mode === 'approval' ? (answer.approved ?? !answer.cancel) : undefined;
      apply(core, (c) => c.answer?.(messageId, form.elicitationId, approved, answer.reason));
      if (dialect.name === 'wirestore') send('elicitation.submit', reply, { ack: true });
      return reply;
    },
    subscribe(key, listener) {
      if (destroyed) return noop;
      let set = listeners.get(key);
      if (!set) {
        listeners.set(key, (set = new Set()));
        if (core) cache.track(core, key);
      }
      set.add(listener);
      if (!core && !failure) void start();
      return () => {
        const current = listeners.get(key);
        if (!current) return;
        current.delete(listener);
        if (current.size === 0) listeners.delete(key);
      };
    },
    getSnapshot: getSnapshot as WireStore['getSnapshot'],
    getServerSnapshot: () => undefined,
    flush() {
      scheduler.cancel();
      flush();
    },
    listenerCount(key) {
      if (key !== undefined) return listeners.get(key)?.size ?? 0;
      let total = 0;
      for (const set of listeners.values()) total += set.size;
      return total;
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      for (const handle of [...streams]) handle.abort();
      scheduler.cancel();
      for (const cancel of [...waits]) cancel(new Error(DESTROYED));
      listeners.clear();
      eventListeners.clear();
      cache.clear();
      queue.length = 0;
      const target = core;
      core = null;
      if (!target) return;
      target.setNotify(noop);
      sharing?.stop();
      sharing = null;
      try {
        target.close();
      } finally {
        // Inside a flush we may be inside the wasm's own notify call, where freeing the
        // object it is running on would fail: free it once that call has returned.
        if (flushing) queueMicrotask(() => target.free());
        else target.free();
      }
    },
  };

  const glue = wasmIfLoaded();
  if (glue) {
    attach(glue);
    starting = Promise.resolve();
  }
  return store;
}
