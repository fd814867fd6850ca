// The `wirestore/inline` entry as built (dist/inline.js, with the wasm bytes inside): a store
// works without anyone calling initWireStore and without any fetch, in a page (jsdom) where
// the main entry would fetch its .wasm by URL.
import { describe, expect, it, vi } from 'vitest';
import type * as Wirestore from '../index.js';

// Imported by path at run time: dist/ exists once scripts/build.sh ran (as pkg/ for every
// *.wasm.test file), and tsc --noEmit must not need it.
const INLINE = '../../dist/inline.js';

describe('wirestore/inline', () => {
  it('streams_into_a_store_with_no_initWireStore_and_no_fetch', async () => {
    const fetch = vi.fn(() => Promise.reject(new Error('no fetch expected')));
    vi.stubGlobal('fetch', fetch);
    const inline = (await import(/* @vite-ignore */ INLINE)) as typeof Wirestore;
    const store = inline.createWireStore({ notify: 'sync' });
    store.ingest('{"action_type":"content.delta","messageId":"m1","payload":{"text":"inline"}}');
    await store.ready;
    expect(store.getSnapshot('messages/m1/content')).toBe('inline');
    expect(fetch).not.toHaveBeenCalled();
    expect(Object.keys(inline)).toEqual(expect.arrayContaining(['createWireStore', 'initWireStore']));
    store.destroy();
  });
});
