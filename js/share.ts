// Tabs sharing one socket: the browser edge. The tab holding a Web Lock (for its lifetime) is
// the leader and owns the socket; every tab talks over one BroadcastChannel. This file only
// carries messages between the channel and the wasm core and holds the lock: what to apply,
// hold, ask for or tell is decided in the core (src/share/, src/client/share.rs).
//
// Channel messages: feed items {k: 'f'|'r'|'l'|'c'|'a'|'s', term, n, d} (a frame as the
// leader received it, a resume begun or lapsed, the connection key, an ack state, a settled
// forward); {k: 'hello',
// term, from} from a new leader; {k: 'join', tab, o} from a tab that wants an image;
// {k: 'image', to, d} and {k: 'refuse', to, o} answers; {k: 'send', d} a follower's frame;
// {k: 'b', m: [...]} several of these, in order.

/**
 * The `share` option of `createWireStore`: `true`, or the name of the share (the
 * BroadcastChannel and Web Lock name; by default derived from the URL and a string token).
 * With a token function, give a name that differs per user (the user id, say).
 *
 * @example
 * ```ts
 * const store = createWireStore({ url, token: getJwt, share: { name: `chat:${userId}` } });
 * ```
 */
export interface ShareOptions {
  name?: string;
}

/** The core's side of sharing (the wasm `WireStoreCore` methods this file calls). */
export interface ShareCore {
  connect(): void;
  setSharePost(post: ((kind: string, term: number, n: number, data: unknown) => void) | null): void;
  shareFollow(): void;
  shareAlone(reason: string): void;
  shareRefused(mine: string, theirs: string): void;
  shareStop(): void;
  shareLead(term: number): ArrayLike<number> | undefined;
  shareHello(term: number, fromTerm?: number, fromN?: number): boolean;
  shareItem(term: number, n: number, kind: string, data: unknown): boolean;
  shareImage(): string | undefined;
  shareImport(image: string): boolean;
  shareRelay(forward: string): void;
  shareJoining(): boolean;
}

/** The share's name and the options every tab of it must have (from the core's `shareIdentity`). */
export interface ShareIdentity {
  name: string;
  options: string;
}

/** A started share: `stop()` leaves it (releases the lock, closes the channel). */
export interface Share {
  stop(): void;
}

/** How often a tab still waiting for an image asks again (a hello also makes it ask). */
export const JOIN_RETRY_MS = 1000;
const FEED_KINDS = new Set(['f', 'r', 'l', 'c', 'a', 's']);

/** Reads the `share` option: `null` when not sharing; throws on a wrong type. */
export function readShareOption(share: unknown): ShareOptions | null {
  if (share === undefined || share === false || share === null) return null;
  if (share === true) return {};
  if (typeof share === 'object' && !Array.isArray(share)) {
    const { name, ...rest } = share as Record<string, unknown>;
    const unknown = Object.keys(rest);
    if (unknown.length > 0) throw new Error(`wirestore: share has no option ${unknown.join(', ')}; use { name }`);
    if (name !== undefined && typeof name !== 'string') throw new Error('wirestore: share.name must be a string');
    return name === undefined ? {} : { name };
  }
  throw new Error(`wirestore: share must be true, false or { name }, not ${JSON.stringify(share)}`);
}

/** Why this page cannot share, or `null` when it can. */
export function missingShareApi(): string | null {
  if (typeof BroadcastChannel !== 'function') return 'BroadcastChannel';
  const locks = (globalThis as { navigator?: { locks?: { request?: unknown } } }).navigator?.locks;
  if (!locks || typeof locks.request !== 'function') return 'Web Locks';
  return null;
}

/**
 * Starts sharing `core`'s socket with the other tabs of `identity`: follows the leader, or
 * leads (and connects) once it holds the lock. Where Web Locks or BroadcastChannel are
 * missing it connects a socket of its own and says so in `connection.share`.
 *
 * @example
 * ```ts
 * const share = startShare(core, JSON.parse(glue.shareIdentity(options, undefined, false)), console.error);
 * share.stop();
 * ```
 */
export function startShare(core: ShareCore, identity: ShareIdentity, report: (error: unknown) => void): Share {
  const missing = missingShareApi();
  if (missing) {
    core.shareAlone(`${missing} is not available here: this tab has its own socket`);
    core.connect();
    return { stop() {} };
  }
  const tab = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  const channel = new BroadcastChannel(identity.name);
  const abort = new AbortController();
  let leading = false;
  let stopped = false;
  let release: (() => void) | null = null;

  // Posting costs the leader about 0.1 ms per message in Chromium, most of it once per task:
  // what one task (or a burst of socket messages) posts leaves as one batch, in order, when a
  // MessageChannel task runs (never throttled in a background tab, unlike timers).
  let queue: object[] = [];
  const flusher = new MessageChannel();
  flusher.port1.onmessage = () => {
    const batch = queue;
    queue = [];
    if (!stopped && batch.length > 0) channel.postMessage(batch.length === 1 ? batch[0] : { k: 'b', m: batch });
  };
  const post = (message: object) => {
    if (stopped) return;
    queue.push(message);
    if (queue.length === 1) flusher.port2.postMessage(null);
  };
  // A leader with no other tab in sight posts no feed: a tab that joins later starts from an
  // image, and one that was following before this tab led makes `from` non-null.
  let audience = false;
  const join = () => post({ k: 'join', tab, o: identity.options });

  function lead(): Promise<void> | undefined {
    if (stopped) return undefined;
    leading = true;
    const term = Math.floor(Math.random() * 2 ** 52) + 1;
    const from = core.shareLead(term);
    audience = audience || from !== undefined;
    post({ k: 'hello', term, from: from ? [from[0], from[1]] : null });
    core.connect();
    // Held for the tab's lifetime: the browser releases it when the tab closes or crashes.
    return new Promise<void>((resolve) => (release = resolve));
  }

  function leave() {
    stopped = true;
    clearInterval(retry);
    abort.abort();
    release?.();
    channel.close();
    flusher.port1.close();
    core.setSharePost(null);
  }

  function receive(m: Record<string, unknown>) {
    const k = m.k as string;
    if (k === 'b') {
      for (const item of m.m as Record<string, unknown>[]) receive(item);
      return;
    }
    if (leading) {
      if (k === 'join' || k === 'send') audience = true;
      if (k === 'join') {
        if (m.o !== identity.options) post({ k: 'refuse', to: m.tab, o: identity.options });
        else {
          const image = core.shareImage();
          if (image !== undefined) post({ k: 'image', to: m.tab, d: image });
        }
      } else if (k === 'send') core.shareRelay(m.d as string);
      return;
    }
    let ask = false;
    if (FEED_KINDS.has(k)) ask = core.shareItem(m.term as number, m.n as number, k, m.d);
    else if (k === 'hello') {
      const from = m.from as [number, number] | null;
      ask = core.shareHello(m.term as number, from?.[0], from?.[1]);
    } else if (k === 'image' && m.to === tab) ask = core.shareImport(m.d as string);
    else if (k === 'refuse' && m.to === tab) {
      leave();
      core.shareRefused(identity.options, m.o as string);
      core.connect();
    }
    if (ask) join();
  }

  channel.onmessage = (event: MessageEvent) => {
    if (stopped || typeof event.data !== 'object' || event.data === null) return;
    try {
      receive(event.data as Record<string, unknown>);
    } catch (error) {
      report(error);
    }
  };
  core.setSharePost((kind, term, n, data) => {
    if (kind === 'send') post({ k: kind, d: data });
    else if (audience) post({ k: kind, term, n, d: data });
  });
  core.shareFollow();
  join();
  const retry = setInterval(() => {
    if (!leading && !stopped && core.shareJoining()) join();
  }, JOIN_RETRY_MS);
  navigator.locks.request(identity.name, { signal: abort.signal }, lead).catch((error: unknown) => {
    if (!stopped) report(error);
  });

  return {
    stop() {
      if (stopped) return;
      leave();
      core.shareStop();
    },
  };
}
