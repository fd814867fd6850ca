// @vitest-environment node
// Server rendering and Node: importing the package and rendering with it touches no
// window/WebSocket and loads no wasm; a store used before the wasm is ready queues its calls
// and replays them, in order, once initWireStore() has run.
import { readFileSync } from 'node:fs';
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { delta, frame, start } from './helpers.js';
import { WASM_PATH } from './real-wasm.js';

describe('on a server', () => {
  it('importing_creating_and_rendering_touch_no_browser_api_and_load_no_wasm', async () => {
    expect(typeof window).toBe('undefined');
    const touched: string[] = [];
    const fetchSpy = vi.fn();
    vi.stubGlobal('fetch', fetchSpy);
    Object.defineProperty(globalThis, 'WebSocket', {
      configurable: true,
      get: () => void touched.push('WebSocket'),
    });
    try {
      const { createWireStore } = await import('../index.js');
      const { WireStoreProvider, useSlice, useConnection } = await import('../react.js');
      const store = createWireStore({ url: 'ws://localhost:1/ws' });
      function Page() {
        const status = useConnection().status;
        return <p>{`${status}:${useSlice('m1', 'content') ?? 'empty'}`}</p>;
      }
      const html = renderToString(
        <WireStoreProvider store={store}>
          <Page />
        </WireStoreProvider>,
      );
      expect(html).toContain('idle:empty');
      expect(store.getSnapshot('connection')).toBeUndefined();
      expect(touched).toEqual([]);
      expect(fetchSpy).not.toHaveBeenCalled();
    } finally {
      delete (globalThis as { WebSocket?: unknown }).WebSocket;
    }
  });

  it('calls_before_the_wasm_is_ready_are_queued_and_replayed_in_order', async () => {
    const { createWireStore, initWireStore, LOCAL_ID_PREFIX } = await import('../index.js');
    const store = createWireStore({ notify: 'sync', url: 'ws://127.0.0.1:9/ws' });
    let contentCalls = 0;
    let ackCalls = 0;
    store.subscribe('messages/m1/content', () => contentCalls++);
    store.ingest(start('m1'));
    store.ingest(delta('m1', 'a'));
    store.ingest(frame('content.set', 'm1', { text: 'ab' }));
    store.ingest(delta('m1', 'c'));
    const id = store.send('chat.message', { content: 'x' }, { ack: true });
    store.subscribe(`acks/${id}`, () => ackCalls++);
    expect(id.startsWith(LOCAL_ID_PREFIX)).toBe(true);
    const queued = store.getSnapshot(`acks/${id}`);
    expect(queued).toMatchObject({ status: 'pending' });
    expect(store.getSnapshot('messages/m1/content')).toBeUndefined();

    let ready = false;
    void store.ready.then(() => (ready = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ready).toBe(false); // a server waits for an explicit initWireStore, never fetches

    await initWireStore(readFileSync(WASM_PATH));
    await store.ready;
    expect(store.getSnapshot('messages/m1/content')).toBe('abc');
    expect(contentCalls).toBeGreaterThanOrEqual(1);
    const replayed = store.getSnapshot(`acks/${id}`);
    expect(replayed).toMatchObject({ status: 'pending' });
    expect(ackCalls).toBe(1);
    expect(store.getSnapshot('connection')).toMatchObject({ outbox: 1 });
    store.destroy();
  });
});
