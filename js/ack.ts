// Waiting for one outgoing frame's ack, as a promise, on top of the `acks/<id>` key. Works on
// any KeySource, so it is tested without a socket: feed the `ack` frame through ingest().
import type { AckState, KeySource } from './types.js';

/** How long to wait for `delivered` after `received` when `ackTimeoutMs` is not set. */
export const DEFAULT_DELIVERED_GRACE_MS = 10_000;

/**
 * Rejection of `sendAndWait`: the frame's ack said `error`, it timed out with no ack at all,
 * or it was `dropped` (outbox overflow, store closed). `ack` is the key's last value.
 *
 * @example
 * ```ts
 * try {
 *   await store.sendAndWait('chat.message', { content: 'hi' });
 * } catch (e) {
 *   if (e instanceof AckError && e.status === 'timeout') showRetry();
 * }
 * ```
 */
export class AckError extends Error {
  /** The client frame id (the `ref` the server answers). */
  readonly id: string;
  /** Why the wait failed. */
  readonly status: 'error' | 'timeout' | 'dropped';
  /** The server's error code, for `status: 'error'`. */
  readonly code: string | null;
  /** The ack state that ended the wait. */
  readonly ack: AckState;

  constructor(id: string, ack: AckState) {
    const status = ack.status as AckError['status'];
    const detail = ack.error ?? ack.code ?? '';
    super(`wirestore: frame ${id} was not delivered (${status}${detail ? `: ${detail}` : ''})`);
    this.name = 'AckError';
    this.id = id;
    this.status = status;
    this.code = ack.code ?? null;
    this.ack = ack;
  }
}

/**
 * Options of `sendAndWait`.
 *
 * @example
 * ```ts
 * await store.sendAndWait('typing.start', {}, { until: 'received', signal: AbortSignal.timeout(5000) });
 * ```
 */
export interface WaitOptions {
  /** Resolve on this status: `'delivered'` (default) or already on `'received'`. */
  until?: 'received' | 'delivered';
  /**
   * After `received`, how long to wait for `delivered` before resolving with the `received`
   * state (for servers that never send `delivered`). Default: the store's `ackTimeoutMs`, else
   * 10 s.
   */
  deliveredGraceMs?: number;
  /** Stops waiting (rejects with the signal's reason); the frame itself is not recalled. */
  signal?: AbortSignal;
}

/**
 * Resolves with the ack state of frame `id` once it is delivered (see `WaitOptions`), rejects
 * with `AckError` on `error` / `dropped`, and on `timeout` unless `received` came first (the
 * server then has the frame). Returns the promise and a `cancel(reason)` that rejects it.
 *
 * @example
 * ```ts
 * const { promise } = waitForAck(store, id, { until: 'received' }, 10_000);
 * ```
 */
export function waitForAck(
  source: KeySource,
  id: string,
  options: WaitOptions,
  defaultGraceMs: number,
): { promise: Promise<AckState>; cancel: (reason: unknown) => void } {
  let cancel: (reason: unknown) => void = () => {};
  const promise = new Promise<AckState>((resolve, reject) => {
    const key = `acks/${id}`;
    const { until = 'delivered', deliveredGraceMs = defaultGraceMs, signal } = options;
    let received: AckState | null = null;
    let grace: ReturnType<typeof setTimeout> | null = null;
    let settled = false;

    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      unsubscribe();
      if (grace !== null) clearTimeout(grace);
      signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const onAbort = () => finish(() => reject(signal?.reason));
    cancel = (reason) => finish(() => reject(reason));

    const check = () => {
      const ack = source.getSnapshot(key) as AckState | undefined;
      switch (ack?.status) {
        case 'delivered':
          return finish(() => resolve(ack));
        case 'received':
          if (until === 'received') return finish(() => resolve(ack));
          if (received === null) {
            received = ack;
            grace = setTimeout(() => finish(() => resolve(ack)), deliveredGraceMs);
          }
          return;
        case 'timeout':
          if (received) {
            const last = received;
            return finish(() => resolve(last));
          }
          return finish(() => reject(new AckError(id, ack)));
        case 'error':
        case 'dropped':
          return finish(() => reject(new AckError(id, ack)));
        default:
          return; // pending, or not sent yet
      }
    };

    const unsubscribe = source.subscribe(key, check);
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort);
    check();
  });
  return { promise, cancel: (reason) => cancel(reason) };
}
