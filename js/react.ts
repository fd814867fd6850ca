"use client";
// React bindings: one useSyncExternalStore per key, so a component re-renders only when the
// key it reads changed. The hooks depend on the structural KeySource, not on the wasm store,
// so they work with any store of that shape (and with fakes in tests).
import {
  createContext,
  createElement,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import type {
  AckState,
  ConnectionSnapshot,
  KeySource,
  KeyValue,
  Message,
  SliceValue,
} from './types.js';
import type { WireStore } from './store.js';
import type { StreamEnd, StreamHandle, StreamOptions, StreamSource } from './stream.js';

const StoreContext = createContext<KeySource | null>(null);
const NO_STORE = 'wirestore: no store here; wrap the tree in <WireStoreProvider store={store}>';
const EMPTY_IDS: readonly string[] = Object.freeze([]);
const IDLE: ConnectionSnapshot = Object.freeze({
  status: 'idle',
  attempt: 0,
  nextRetryAt: null,
  lastError: null,
  sessionId: null,
  outbox: 0,
  share: null,
});
const noop = () => {};
const unsubscribed = () => noop;

/**
 * Makes `store` the one the hooks below read. Create the store outside render (module scope,
 * or `useState(() => createWireStore(...))`) so it survives re-renders and StrictMode.
 *
 * @example
 * ```tsx
 * const store = createWireStore({ url: 'wss://api.example.com/ws' });
 * export function App() {
 *   useEffect(() => store.connect(), []);
 *   return <WireStoreProvider store={store}><Chat /></WireStoreProvider>;
 * }
 * ```
 */
export function WireStoreProvider(props: { store: KeySource; children?: ReactNode }) {
  return createElement(StoreContext.Provider, { value: props.store }, props.children);
}

/**
 * The store from the nearest `WireStoreProvider` (to call `send`, `connect`...). Typed as the
 * `WireStore` that `createWireStore` returns; pass another type for a custom store.
 *
 * @example
 * ```tsx
 * const store = useWireStore();
 * <button onClick={() => store.send('signal.stop', { messageId })}>Stop</button>
 * ```
 */
export function useWireStore<S extends KeySource = WireStore>(): S {
  const store = useContext(StoreContext);
  if (!store) throw new Error(NO_STORE);
  return store as S;
}

/**
 * The value of one key, re-rendering only when that key changes. `undefined` until the key
 * exists (and during server rendering). A `null`/`undefined` key reads nothing.
 *
 * @example
 * ```tsx
 * const content = useWsStore(`messages/${id}/content`);       // store from the provider
 * const ids = useWsStore(store, 'messages');                  // store passed explicitly
 * ```
 */
export function useWsStore<K extends string>(key: K | null | undefined): KeyValue<K> | undefined;
export function useWsStore<K extends string>(
  store: KeySource,
  key: K | null | undefined,
): KeyValue<K> | undefined;
export function useWsStore(
  storeOrKey: KeySource | string | null | undefined,
  maybeKey?: string | null,
): unknown {
  const fromContext = useContext(StoreContext);
  const explicit = typeof storeOrKey === 'object' && storeOrKey !== null;
  const store = explicit ? storeOrKey : fromContext;
  const key = explicit ? maybeKey : (storeOrKey as string | null | undefined);
  if (!store) throw new Error(NO_STORE);

  const subscribe = useCallback(
    (listener: () => void) => (key == null ? noop : store.subscribe(key, listener)),
    [store, key],
  );
  const getSnapshot = useCallback(
    () => (key == null ? undefined : store.getSnapshot(key)),
    [store, key],
  );
  const getServerSnapshot = useCallback(
    () => (key == null ? undefined : store.getServerSnapshot?.(key)),
    [store, key],
  );
  return useSyncExternalStore(key == null ? unsubscribed : subscribe, getSnapshot, getServerSnapshot);
}

/**
 * The whole message: re-renders whenever any of its slices changes. Prefer `useSlice` for a
 * component that shows one slice.
 *
 * @example
 * ```tsx
 * const m = useMessage(id);
 * if (m?.status === 'error') return <Failed error={m.error} />;
 * ```
 */
export function useMessage(id: string | null | undefined): Message | undefined {
  return useWsStore(id == null ? null : (`messages/${id}` as const));
}

/**
 * One slice of a message; re-renders only when that slice changes.
 *
 * @example
 * ```tsx
 * const text = useSlice(id, 'content') ?? '';
 * const sources = useSlice(id, 'sources') ?? [];
 * const chart = useSlice(id, 'chart'); // a custom slice: unknown
 * ```
 */
export function useSlice<S extends string>(
  id: string | null | undefined,
  slice: S,
): SliceValue<S> | undefined {
  return useWsStore(id == null ? null : `messages/${id}/${slice}`) as SliceValue<S> | undefined;
}

/**
 * The ordered message ids; a stable empty array until there are any.
 *
 * @example
 * ```tsx
 * return useMessageIds().map((id) => <Bubble key={id} id={id} />);
 * ```
 */
export function useMessageIds(): readonly string[] {
  return useWsStore('messages') ?? EMPTY_IDS;
}

/**
 * The connection's state; `status: 'idle'` until the store has started.
 *
 * @example
 * ```tsx
 * const { status, nextRetryAt } = useConnection();
 * if (status === 'reconnecting') return <Banner retryAt={nextRetryAt} />;
 * ```
 */
export function useConnection(): ConnectionSnapshot {
  return useWsStore('connection') ?? IDLE;
}

/**
 * The ack state of a frame sent with `{ack: true}`; `undefined` for no id.
 *
 * @example
 * ```tsx
 * const [id, setId] = useState<string>();
 * const ack = useAck(id);
 * <button onClick={() => setId(store.send('chat.message', { content }, { ack: true }))} />
 * {ack?.status === 'error' && <Retry />}
 * ```
 */
export function useAck(id: string | null | undefined): AckState | undefined {
  return useWsStore(id == null ? null : (`acks/${id}` as const));
}


/**
 * What `useStream` gives: start a stream, stop it, and how it stands.
 *
 * @example
 * ```ts
 * const { start, abort, status, end }: TurnStream = useStream();
 * ```
 */
export interface TurnStream {
  /** Runs `store.stream(source, options)`, stopping the stream this hook ran before. */
  start(source: StreamSource, options?: StreamOptions): StreamHandle;
  /** Stops the running stream (see `StreamHandle.abort`). */
  abort(options?: { cancel?: boolean }): void;
  /** `idle` before the first start, `streaming` while one runs, then how it ended. */
  status: 'idle' | 'streaming' | StreamEnd['status'];
  /** How the last stream ended. */
  end?: StreamEnd;
}

/**
 * One turn's stream in a component: `start` it from an event handler, render `status`, and
 * `abort` it; unmounting aborts it (its messages stay as they are). The messages it fills are
 * read with `useSlice` like any other. The store is the provider's unless one is passed.
 *
 * @example
 * ```tsx
 * const turn = useStream();
 * <button onClick={() => turn.start(fetch('/api/chat', { method: 'POST', body }))}>Ask</button>
 * {turn.status === 'streaming' && <button onClick={() => turn.abort({ cancel: true })}>Stop</button>}
 * ```
 */
export function useStream(store?: Pick<WireStore, 'stream'>): TurnStream {
  const fromContext = useContext(StoreContext) as Pick<WireStore, 'stream'> | null;
  const target = store ?? fromContext;
  if (!target) throw new Error(NO_STORE);
  const [state, setState] = useState<Pick<TurnStream, 'status' | 'end'>>({ status: 'idle' });
  const current = useRef<StreamHandle | null>(null);
  useEffect(() => () => current.current?.abort(), []);
  const start = useCallback(
    (source: StreamSource, options?: StreamOptions) => {
      current.current?.abort();
      const handle = target.stream(source, options);
      current.current = handle;
      setState({ status: 'streaming' });
      const settle = (end: StreamEnd) => {
        if (current.current === handle) setState({ status: end.status, end });
      };
      handle.done.then(settle, () => settle({ status: 'error', reason: 'network', attempts: 0, events: 0 }));
      return handle;
    },
    [target],
  );
  const abort = useCallback((options?: { cancel?: boolean }) => current.current?.abort(options), []);
  return { start, abort, ...state };
}
