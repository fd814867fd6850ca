// HTTP streams into the store: the IO half of `store.stream`. This file fetches, reads the
// body and waits; the core frames the bytes (SSE, NDJSON, JSON text sequences), applies what
// it frames, and decides what follows each attempt (read, retry after `retry:` or the
// backoff with `Last-Event-ID`, or end, and how). Chunks go into wasm memory through the
// store's input buffer, as binary WebSocket frames do.
import type { FrameInput } from './input.js';
import type { ReconnectOptions } from './options.js';
import type { WasmCore } from './wasm.js';

/**
 * What `store.stream` reads: a `Response` (or a promise of one: `fetch(...)` as it is), a
 * body stream, or a request the store makes itself (a URL, or a `Request`, with
 * `options.init`).
 *
 * @example
 * ```ts
 * const source: StreamSource = fetch('/api/chat', { method: 'POST', body });
 * ```
 */
export type StreamSource =
  | Response
  | Promise<Response>
  | ReadableStream<Uint8Array>
  | Request
  | URL
  | string;

/**
 * Where a stream stands when it is asked for again (`options.resume`).
 *
 * @example
 * ```ts
 * const position: StreamPosition = { lastEventId: '41', attempt: 2 };
 * ```
 */
export interface StreamPosition {
  /** The id of the last SSE event applied, if the server sent ids. */
  lastEventId: string | null;
  /** The attempt about to be made (2 for the first reconnect). */
  attempt: number;
}

/**
 * Options of `store.stream`.
 *
 * @example
 * ```ts
 * store.stream('/api/chat', {
 *   init: { method: 'POST', body: JSON.stringify({ content }) },
 *   resume: ({ lastEventId }) => `/api/chat/${chatId}/stream?after=${lastEventId}`,
 * });
 * ```
 */
export interface StreamOptions {
  /** How the body is framed; `'auto'` (default) takes it from the `Content-Type`. */
  format?: 'auto' | 'sse' | 'ndjson' | 'json-seq';
  /** `fetch` options when `source` is a URL or a `Request` (method, headers, body). */
  init?: RequestInit;
  /** Use each SSE event's numeric `id:` as its `seq`: a repeat after a reconnect is dropped. */
  idAsSeq?: boolean;
  /**
   * How to ask again after a cut (the only way for a POST): the request to make, from the
   * position reached; `null` when there is nothing to resume. A GET of SSE resumes by itself,
   * with `Last-Event-ID`.
   */
  resume?: (position: StreamPosition) => StreamSource | null | undefined;
  /** The wait between attempts (default: the store's `reconnect`); `maxRetries` (default 10)
   * counts attempts in a row that applied nothing. The server's `retry:` wins. */
  reconnect?: ReconnectOptions;
  /** Aborts the stream like `handle.abort()`. */
  signal?: AbortSignal;
  /** The `fetch` to use (default: the global one). */
  fetch?: typeof fetch;
}

/**
 * How a stream ended: what `handle.done` resolves with (it never rejects for a server's or
 * the network's failure; those are `status: 'error'`, and an entry in `errors`).
 *
 * @example
 * ```ts
 * const end: StreamEnd = await store.stream(url).done;
 * if (end.status === 'error' && end.httpStatus === 401) signIn();
 * ```
 */
export interface StreamEnd {
  status: 'complete' | 'aborted' | 'error';
  /** Why it failed: an HTTP error, the wrong content type, the network, a cut body nobody
   * could resume, or too many attempts in a row that applied nothing. */
  reason?: 'http' | 'contentType' | 'network' | 'cut' | 'retries';
  /** The last HTTP error status. */
  httpStatus?: number;
  /** Requests made. */
  attempts: number;
  /** Frames applied. */
  events: number;
  /** The position reached (SSE `id:`). */
  lastEventId?: string;
}

/**
 * A running stream.
 *
 * @example
 * ```ts
 * const handle = store.stream(fetch('/api/chat', { method: 'POST', body }));
 * stopButton.onclick = () => handle.abort({ cancel: true });
 * const end = await handle.done;
 * ```
 */
export interface StreamHandle {
  /** Resolves once the stream is over, with how it ended. */
  readonly done: Promise<StreamEnd>;
  /**
   * Stops it: cancels the request and the read. The messages it was filling stay as they are
   * (a stop is not a disconnect), unless `cancel: true` makes them `cancelled`.
   */
  abort(options?: { cancel?: boolean }): void;
}

/** What a stream needs of its store. */
export interface StreamHost {
  /** The core, once the wasm is ready (rejects if the store could not start). */
  core(): Promise<WasmCore>;
  /** Runs a call into the core the way the store runs its own (notify modes, re-entrancy). */
  apply<R>(core: WasmCore, op: (core: WasmCore) => R): R;
  /** The store's input buffer. */
  input: FrameInput;
  /** The store's `reconnect` option, the default wait between attempts. */
  reconnect?: ReconnectOptions;
}

const FORMATS = ['auto', 'sse', 'ndjson', 'json-seq'];
const NOT_STARTED: StreamEnd = Object.freeze({ status: 'aborted', attempts: 0, events: 0 });

type Next = { read: true } | { retry: number; lastEventId?: string } | { end: StreamEnd };

function isReadable(source: unknown): source is ReadableStream<Uint8Array> {
  return typeof ReadableStream !== 'undefined' && source instanceof ReadableStream;
}

function isResponse(source: unknown): source is Response | Promise<Response> {
  return (
    (typeof Response !== 'undefined' && source instanceof Response) ||
    (typeof source === 'object' && source !== null && typeof (source as Promise<unknown>).then === 'function')
  );
}

// Method and path of a request, for error messages: never the query, which may hold a token.
// A response handed over says only where it came from.
function labelOf(method: string | null, url: string | undefined): string {
  let path = '(a response)';
  if (url) {
    try {
      path = new URL(url, globalThis.location?.href ?? 'http://localhost/').pathname;
    } catch {
      path = '(a request)';
    }
  }
  return method ? `${method} ${path}` : path;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}

/**
 * Checks `options` (a misuse throws now, at the call) and starts the stream.
 *
 * @example
 * ```ts
 * const handle = startStream(host, '/api/events', { idAsSeq: true });
 * ```
 */
export function startStream(host: StreamHost, source: StreamSource, options: StreamOptions = {}): StreamHandle {
  const format = options.format ?? 'auto';
  if (!FORMATS.includes(format)) {
    throw new Error(`wirestore: stream options.format must be 'auto', 'sse', 'ndjson' or 'json-seq', not ${JSON.stringify(format)}`);
  }
  if (isReadable(source) && format === 'auto') {
    throw new Error("wirestore: a ReadableStream has no Content-Type; pass options.format ('sse', 'ndjson' or 'json-seq')");
  }
  if (options.resume !== undefined && typeof options.resume !== 'function') {
    throw new Error('wirestore: stream options.resume must be a function returning the next request');
  }
  const doFetch = options.fetch ?? globalThis.fetch?.bind(globalThis);
  const wantsFetch = typeof source === 'string' || source instanceof URL || (typeof Request !== 'undefined' && source instanceof Request);
  if ((wantsFetch || options.resume) && typeof doFetch !== 'function') {
    throw new Error('wirestore: store.stream needs fetch for a URL or a Request; pass options.fetch');
  }

  let aborted: { cancel: boolean } | null = null;
  let controller = new AbortController();
  let reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  let settled = false;
  const stop = new AbortController(); // wakes a wait between attempts

  const method = (options.init?.method ?? (source instanceof Request ? source.method : 'GET')).toUpperCase();
  const resume = options.resume ? 'caller' : wantsFetch && method === 'GET' ? 'lastEventId' : 'never';

  // One attempt's response: the source itself first, then what resume asks for.
  async function obtain(next: StreamSource, lastEventId: string | null): Promise<{ response: Response; label: string }> {
    if (isReadable(next)) {
      return { response: new Response(next, { status: 200 }), label: '(a body stream)' };
    }
    if (isResponse(next)) {
      const response = await next;
      return { response, label: labelOf(null, response.url || undefined) };
    }
    const init: RequestInit = { ...options.init, signal: controller.signal };
    if (lastEventId !== null) {
      const headers = new Headers(options.init?.headers ?? (next instanceof Request ? next.headers : undefined));
      headers.set('Last-Event-ID', lastEventId);
      init.headers = headers;
    }
    const url = next instanceof Request ? next.url : String(next);
    const response = await doFetch!(next, init);
    return { response, label: labelOf(init.method ?? (next instanceof Request ? next.method : 'GET'), url) };
  }

  async function run(): Promise<StreamEnd> {
    const core = await host.core();
    if (aborted) return NOT_STARTED;
    const id = host.apply(core, (c) =>
      c.openStream!({ format, idAsSeq: options.idAsSeq ?? false, resume, reconnect: options.reconnect ?? host.reconnect ?? null }),
    );
    const call = (op: (c: WasmCore) => string): Next => JSON.parse(host.apply(core, op)) as Next;
    const abortEnd = (): StreamEnd => {
      const text = host.apply(core, (c) => c.abortStream!(id, aborted?.cancel ?? false));
      return text ? (JSON.parse(text) as StreamEnd) : NOT_STARTED;
    };
    let request: StreamSource | null = source;
    let lastEventId: string | null = null;
    for (let attempt = 1; ; attempt++) {
      let next: Next;
      let label = labelOf(wantsFetch ? method : null, wantsFetch ? String(source instanceof Request ? source.url : source) : undefined);
      try {
        if (request === null) {
          next = call((c) => c.streamResponse!(id, 204, '', label)); // nothing to resume
        } else {
          const got = await obtain(request, resume === 'lastEventId' ? lastEventId : null);
          label = got.label;
          if (aborted) return abortEnd();
          const { response } = got;
          next = call((c) => c.streamResponse!(id, response.status, response.headers.get('content-type') ?? '', label));
          if ('read' in next) next = await read(core, id, response, label, call);
          else void response.body?.cancel().catch(() => {});
        }
      } catch {
        if (aborted) return abortEnd();
        next = call((c) => c.streamEnded!(id, 'network', label));
      }
      if (aborted) return abortEnd();
      // The core answers `read` only to a response, and that one was read above.
      if ('read' in next) next = call((c) => c.streamEnded!(id, 'end', label));
      if ('end' in next) return next.end;
      if (!('retry' in next)) return abortEnd();
      lastEventId = next.lastEventId ?? null;
      await sleep(next.retry, stop.signal);
      if (aborted) return abortEnd();
      controller = new AbortController();
      request = options.resume ? (options.resume({ lastEventId, attempt: attempt + 1 }) ?? null) : source;
    }
  }

  async function read(core: WasmCore, id: number, response: Response, label: string, call: (op: (c: WasmCore) => string) => Next): Promise<Next> {
    if (!response.body) return call((c) => c.streamEnded!(id, 'end', label));
    reader = response.body.getReader();
    let how: 'end' | 'broken' = 'end';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done || aborted) break;
        const finished = host.apply(core, (c) => host.input.push(c, id, value));
        if (finished) {
          void reader.cancel().catch(() => {});
          break;
        }
      }
    } catch {
      how = 'broken';
    } finally {
      reader = null;
    }
    if (aborted) return { end: NOT_STARTED };
    return call((c) => c.streamEnded!(id, how, label));
  }

  const done = run().then(
    (end) => {
      settled = true;
      return end;
    },
    (error: unknown) => {
      settled = true;
      throw error;
    },
  );

  const handle: StreamHandle = {
    done,
    abort(abortOptions) {
      if (aborted || settled) return;
      aborted = { cancel: abortOptions?.cancel ?? false };
      controller.abort();
      stop.abort();
      void reader?.cancel().catch(() => {});
    },
  };
  if (options.signal) {
    if (options.signal.aborted) handle.abort();
    else options.signal.addEventListener('abort', () => handle.abort(), { once: true });
  }
  return handle;
}
