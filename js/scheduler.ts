// When a store tells its listeners. The wasm says "a flush is due" once per flush (again if
// it turns urgent), however many frames arrive before it; notifying React on every frame
// would waste renders while tokens stream in, so by default changes are collected and
// flushed once per animation frame. Discrete events (a
// message starting or ending, an ack, a connection change) flush at once: waiting a frame
// for them buys nothing and delays the UI.

/**
 * When listeners run after a change:
 * - `'frame'` (default): once per animation frame; discrete events at once (a microtask).
 *   While the tab is hidden, or without `requestAnimationFrame`, a timer stands in so state
 *   never stalls.
 * - `'microtask'`: at the end of the current task.
 * - `'sync'`: before the call that applied the change returns.
 *
 * @example
 * ```ts
 * const store = createWireStore({ url, notify: 'microtask' });
 * ```
 */
export type NotifyMode = 'frame' | 'microtask' | 'sync';

/** Delay of the timer that replaces a frame while the document is hidden or has no rAF. */
export const FRAME_FALLBACK_MS = 16;
/** A frame that has not come after this long (tab hidden after scheduling) flushes anyway. */
export const FRAME_STALL_MS = 250;

/** Requests flushes; at most one is outstanding at a time. */
export interface FlushScheduler {
  /** Asks for a flush; `urgent` asks for it at once instead of at the next frame. */
  request(urgent: boolean): void;
  /** Drops an outstanding request. */
  cancel(): void;
}

type Handle = ReturnType<typeof setTimeout>;

/**
 * A scheduler that calls `flush` according to `mode`. Browser globals are read at request
 * time, never at import, so this is safe to import anywhere and tests can stub them.
 *
 * @example
 * ```ts
 * const scheduler = createFlushScheduler('frame', () => store.flush());
 * scheduler.request(false); // next frame
 * scheduler.request(true);  // now, in a microtask (one flush serves both)
 * ```
 */
export function createFlushScheduler(mode: NotifyMode, flush: () => void): FlushScheduler {
  let microtask = false;
  let frame: number | null = null;
  let timer: Handle | null = null;

  const clearFrame = () => {
    if (frame !== null) globalThis.cancelAnimationFrame?.(frame);
    if (timer !== null) clearTimeout(timer);
    frame = null;
    timer = null;
  };
  const run = () => {
    clearFrame();
    microtask = false;
    flush();
  };

  return {
    request(urgent) {
      if (mode === 'sync') return flush();
      if (urgent || mode === 'microtask') {
        if (microtask) return;
        microtask = true;
        queueMicrotask(() => {
          if (microtask) run();
        });
        return;
      }
      if (microtask || frame !== null || timer !== null) return;
      const raf = globalThis.requestAnimationFrame;
      const hidden = globalThis.document?.visibilityState === 'hidden';
      if (typeof raf === 'function' && !hidden) {
        frame = raf(run);
        timer = setTimeout(run, FRAME_STALL_MS);
      } else {
        timer = setTimeout(run, FRAME_FALLBACK_MS);
      }
    },
    cancel() {
      clearFrame();
      microtask = false;
    },
  };
}
