// Loads the wasm module once per page, lazily. Nothing here runs at import time: importing the
// package during server rendering touches no `window`/`WebSocket` and loads no wasm. In the
// browser the first store that is used calls `init()`, which finds `wirestore_bg.wasm` beside
// the glue (`new URL(..., import.meta.url)`, understood by Vite, Next.js and webpack). In Node
// (tests, scripts) pass the bytes to `initWireStore(bytes)` instead.

/** The `WireStoreCore` class exported by the wasm-bindgen glue (`pkg/wirestore.js`). */
export interface WasmCore {
  connect(): void;
  close(): void;
  send(actionType: string, payload: unknown, ack: boolean, id?: string): string;
  ingest(text: string): void;
  /** Applies one event whose name routes it and whose payload is JSON text. */
  ingestEvent?(name: string, payload: string): void;
  /** Opens a stream; answers its source id. */
  openStream?(options: object): number;
  /** An attempt's response: `{"read":true}`, `{"retry":ms,"lastEventId"?}` or `{"end":{…}}`. */
  streamResponse?(source: number, status: number, contentType: string, label: string): string;
  /** The first `len` bytes of the input buffer as the next chunk of `source`; true once done. */
  streamInput?(source: number, len: number): boolean;
  /** `streamInput` for bytes passed as they are. */
  streamBytes?(source: number, bytes: Uint8Array): boolean;
  /** The attempt ended (`end`, `broken`, `network`): what follows, as `streamResponse`. */
  streamEnded?(source: number, how: string, label: string): string;
  /** Stops a stream (`cancel`: its unfinished messages become cancelled); `""` if it had ended. */
  abortStream?(source: number, cancel: boolean): string;
  ingestBytes(bytes: Uint8Array): void;
  /** A view of the core's input buffer with room for `len` bytes (length 0 once memory grew). */
  inputView?(len: number): Uint8Array;
  /** Applies the first `len` bytes of the input buffer as a frame. */
  ingestInput?(len: number): void;
  get(key: string): unknown;
  version(key: string): number;
  /** Interns a key name as a handle for the `…Of` reads (0: not a key). */
  keyHandle?(key: string): number;
  /** Releases a handle from `keyHandle`. */
  releaseHandle?(handle: number): void;
  /** `version` by handle. */
  versionOf?(handle: number): number;
  /** `get` by handle. */
  getOf?(handle: number): unknown;
  /** A text slice through the handle's cursor: `"+"` + the new tail, or `"="` + the whole text. */
  textTailOf?(handle: number): unknown;
  takeChanged(): string[];
  /** Ends the flush: per changed key with a handle, its number, then for a text slice `+`/`=`, UTF-16 length, `:`, chunk (or `!`); else `;`. */
  takeFlush?(): string;
  /** The events since the last call (`event` ops, transient data parts): `""`, or a JSON array of `[name, value]`. */
  takeEvents?(): string;
  /** Ends the open form of a message locally (recording an approval's answer on its tool call); false when there is none. */
  answer?(messageId: string, elicitationId: string, approved: boolean | undefined, reason: string | undefined): boolean;
  /** `callback(urgent)` once a flush is due (first change since the last take), again if it turns urgent. */
  setNotify(callback: (urgent: boolean) => void): void;
  free(): void;
}

/** The glue module as `wasm-pack build --target web` emits it. */
interface WasmGlue {
  default(input?: { module_or_path: unknown }): Promise<unknown>;
  initSync(input: { module: BufferSource | WebAssembly.Module }): unknown;
  WireStoreCore: new (options: object) => WasmCore;
  /** `{"name","options"}` of a store that shares its socket between tabs (see share.ts). */
  shareIdentity(options: object, name: string | undefined, tokenIsFunction: boolean): string;
}

/**
 * What `initWireStore` accepts: the module's bytes or a compiled module (initialised
 * synchronously), or a URL / `Response` / promise of one (fetched and streamed).
 *
 * @example
 * ```ts
 * const input: WasmInput = new URL('/static/wirestore_bg.wasm', location.href);
 * ```
 */
export type WasmInput =
  | BufferSource
  | WebAssembly.Module
  | URL
  | string
  | Response
  | Promise<Response>;

let loaded: WasmGlue | null = null;
// The module's bytes from an entry that carries them (wirestore/inline), used instead of a fetch.
let provided: (() => BufferSource) | null = null;
let loading: Promise<WasmGlue> | null = null;
// Stores used on a server before anyone called initWireStore wait here instead of fetching.
let waiting: { promise: Promise<WasmGlue>; resolve: (glue: WasmGlue) => void } | null = null;

function isCompiledOrBytes(input: unknown): input is BufferSource | WebAssembly.Module {
  if (ArrayBuffer.isView(input)) return true;
  // `instanceof` fails across realms (jsdom, iframes); the tag does not.
  const tag = Object.prototype.toString.call(input);
  return tag === '[object ArrayBuffer]' || tag === '[object WebAssembly.Module]';
}

// A page or a web worker fetches the wasm itself; a server (Node, Deno, Bun, edge) waits to
// be handed it, so server rendering never fetches.
function isBrowser(): boolean {
  if (typeof window !== 'undefined' && typeof document !== 'undefined') return true;
  const scope = (globalThis as { WorkerGlobalScope?: abstract new () => unknown }).WorkerGlobalScope;
  return typeof scope === 'function' && globalThis instanceof scope;
}

/**
 * Loads and initialises the wasm module, once. Stores call it themselves on first use in the
 * browser; call it earlier to preload, or in Node with the bytes (there is no fetch of a file
 * URL there). Later calls return the first call's promise; a failed load may be retried.
 *
 * @example
 * ```ts
 * // Node / vitest
 * import { readFileSync } from 'node:fs';
 * await initWireStore(readFileSync('node_modules/wirestore/pkg/wirestore_bg.wasm'));
 * // browser: start fetching while the app boots
 * void initWireStore();
 * ```
 */
export function initWireStore(input?: WasmInput): Promise<void> {
  if (!loading) {
    loading = (async () => {
      // @ts-ignore -- pkg/ is wasm-pack's output, absent before the first build; the
      // annotation below checks the glue against the contract once it exists.
      const glue: WasmGlue = await import('../pkg/wirestore.js');
      if (input !== undefined && isCompiledOrBytes(input)) glue.initSync({ module: input });
      else await glue.default(input === undefined ? undefined : { module_or_path: input });
      loaded = glue;
      waiting?.resolve(glue);
      return glue;
    })();
    loading.catch(() => {
      loading = null;
    });
  }
  return loading.then(() => undefined);
}

/** The glue once initialised, else `null`: lets a store start synchronously. */
export function wasmIfLoaded(): WasmGlue | null {
  return loaded;
}

/**
 * Registers where the wasm bytes are when nobody calls `initWireStore` (the `wirestore/inline`
 * entry): the first store then initialises from them, in a browser or on a server, fetching
 * nothing.
 *
 * @example
 * ```ts
 * provideWasmBytes(() => bytesFromSomewhere());
 * ```
 */
export function provideWasmBytes(bytes: () => BufferSource): void {
  provided = bytes;
}

/**
 * The initialised glue: from provided bytes if an entry carries them, else starts the default
 * load in a browser; on a server, waits for an explicit `initWireStore()` rather than fetching.
 */
export function loadWasm(): Promise<WasmGlue> {
  if (loaded) return Promise.resolve(loaded);
  if (loading) return loading;
  if (provided) return initWireStore(provided()).then(() => loaded as WasmGlue);
  if (isBrowser()) return initWireStore().then(() => loaded as WasmGlue);
  if (!waiting) {
    let resolve!: (glue: WasmGlue) => void;
    const promise = new Promise<WasmGlue>((r) => (resolve = r));
    waiting = { promise, resolve };
  }
  return waiting.promise;
}
