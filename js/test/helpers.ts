// Shared test helpers: frame builders, a fake animation-frame clock. No wasm here (see
// real-wasm.ts), so the tests of the scheduler and hooks run before pkg/ is built.
import { vi } from 'vitest';

/** One protocol frame as text. */
export function frame(
  actionType: string,
  messageId?: string,
  payload?: unknown,
  extra: Record<string, unknown> = {},
): string {
  return JSON.stringify({ action_type: actionType, messageId, payload, ...extra });
}

export const start = (id: string) => frame('message.start', id, { role: 'assistant' });
export const delta = (id: string, text: string) => frame('content.delta', id, { text });
export const done = (id: string) => frame('message.done', id, {});
export const ack = (ref: string, status: string, more: Record<string, unknown> = {}) =>
  frame('ack', undefined, { status, ...more }, { ref });

/** Replaces requestAnimationFrame with a queue the test runs by hand. */
export function fakeAnimationFrames() {
  let next = 1;
  const queue = new Map<number, FrameRequestCallback>();
  vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => {
    queue.set(next, cb);
    return next++;
  });
  vi.stubGlobal('cancelAnimationFrame', (id: number) => queue.delete(id));
  return {
    pending: () => queue.size,
    run() {
      const due = [...queue.values()];
      queue.clear();
      for (const cb of due) cb(performance.now());
    },
  };
}

/** Makes document.visibilityState report hidden (or visible again). */
export function setHidden(hidden: boolean): void {
  Object.defineProperty(document, 'visibilityState', {
    configurable: true,
    get: () => (hidden ? 'hidden' : 'visible'),
  });
}

/** A structural KeySource backed by a Map: `set` replaces a value and notifies its key. */
export function fakeSource(initial: Record<string, unknown> = {}) {
  const values = new Map(Object.entries(initial));
  const listeners = new Map<string, Set<() => void>>();
  return {
    subscribe(key: string, listener: () => void) {
      let set = listeners.get(key);
      if (!set) listeners.set(key, (set = new Set()));
      set.add(listener);
      return () => void set.delete(listener);
    },
    getSnapshot: (key: string) => values.get(key),
    getServerSnapshot: () => undefined,
    set(key: string, value: unknown) {
      values.set(key, value);
      for (const listener of [...(listeners.get(key) ?? [])]) listener();
    },
    listenerCount: (key: string) => listeners.get(key)?.size ?? 0,
  };
}
