// @vitest-environment node
// A store used before the REAL wasm core is loaded: calls queue, then replay on the core.
// (Node, not jsdom: off the browser the store waits for initWireStore instead of fetching.)
import { describe, expect, it } from 'vitest';
import { createWireStore } from '../index.js';
import { ack } from './helpers.js';
import { loadRealWasm } from './real-wasm.js';

describe('a store used before the wasm is loaded', () => {
  it('a_queued_send_tells_the_listeners_of_its_local_id_when_its_ack_arrives', async () => {
    const store = createWireStore({ url: 'ws://127.0.0.1:9/ws', notify: 'sync' });
    const local = store.send('chat.message', { content: 'hi' }, { ack: true });
    let calls = 0;
    store.subscribe(`acks/${local}`, () => calls++); // subscribed, never read
    await loadRealWasm();
    await store.ready;
    // The core numbers its ids `<prefix><n>`: the queued send was the first.
    const second = store.send('chat.message', { content: 'again' }, { ack: true });
    const first = second.replace(/\d+$/, '1');
    calls = 0;
    store.ingest(ack(first, 'delivered'));
    expect(calls).toBe(1);
    expect(store.getSnapshot(`acks/${local}`)).toMatchObject({ status: 'delivered' });
    store.destroy();
  });
});
