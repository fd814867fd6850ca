// wirestore: a live, fine-grained view of what a backend streams over a WebSocket or an HTTP
// stream (SSE, NDJSON).
// The state lives in a Rust/WASM core; this entry point is the store around it
// (createWireStore), the loader (initWireStore) and the value types. React hooks are in
// `wirestore/react`. Importing this module has no side effects and loads no wasm.
export { AckError, DEFAULT_DELIVERED_GRACE_MS, type WaitOptions } from './ack.js';
export {
  dialects,
  replyFor,
  type Dialect,
  type DialectName,
  type ElicitationAnswer,
} from './dialects.js';
export type {
  EnvelopeOptions,
  HeartbeatOptions,
  LimitOptions,
  ReconnectOptions,
  RouteSpec,
  WireStoreOptions,
} from './options.js';
export { FRAME_FALLBACK_MS, FRAME_STALL_MS, type NotifyMode } from './scheduler.js';
export type { ShareOptions } from './share.js';
export {
  createWireStore,
  LOCAL_ID_PREFIX,
  type AckPromise,
  type SendOptions,
  type WireStore,
} from './store.js';
export type {
  StreamEnd,
  StreamHandle,
  StreamOptions,
  StreamPosition,
  StreamSource,
} from './stream.js';
export type * from './types.js';
export { initWireStore, type WasmInput } from './wasm.js';
