// Text slices against the REAL wasm core: a backend in JS that slices its text by UTF-16 units
// (`text.slice(i, i + n)`) and sends each slice through JSON.stringify splits surrogate pairs;
// the store must end with what JS concatenation gives, on ingest(text) and ingestBytes alike,
// and every read while streaming (incremental, through a listener) must be well-formed.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWireStore, type WireStore } from '../index.js';
import { delta, frame } from './helpers.js';
import { loadRealWasm } from './real-wasm.js';

let store: WireStore;
beforeAll(loadRealWasm);
afterEach(() => store?.destroy());

const TEXT = 'Hi 😀 — 🦀𝄞 ok é ✓ 👩‍👩‍👧 end';
const KEY = 'messages/m1/content';

/** `text` cut every `n` UTF-16 units, as `text.slice(i, i + n)` cuts it. */
function slices(text: string, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += n) out.push(text.slice(i, i + n));
  return out;
}

const isWellFormed = (s: string) => !/\p{Surrogate}/u.test(s);

describe('text sliced by UTF-16 units on the real wasm core', () => {
  for (const path of ['text', 'bytes'] as const) {
    it(`joins_split_surrogate_pairs_like_js_concatenation_on_the_${path}_path`, () => {
      const encoder = new TextEncoder();
      for (const n of [1, 2, 3, 5]) {
        store = createWireStore({ notify: 'sync' });
        const seen: string[] = [];
        store.subscribe(KEY, () => seen.push(store.getSnapshot(KEY) as string));
        let concatenated = '';
        for (const piece of slices(TEXT, n)) {
          concatenated += piece;
          const f = delta('m1', piece);
          if (path === 'text') store.ingest(f);
          else store.ingestBytes(encoder.encode(f));
        }
        expect(concatenated).toBe(TEXT);
        expect(store.getSnapshot(KEY)).toBe(TEXT);
        for (const read of seen) {
          expect(isWellFormed(read), JSON.stringify(read)).toBe(true);
          expect(TEXT.startsWith(read), read).toBe(true);
        }
        store.destroy();
      }
    });
  }

  it('joins_a_pair_split_inside_one_batch_and_in_reasoning_and_tool_args', () => {
    store = createWireStore({ notify: 'sync' });
    const [a, b] = ['ab\ud83d', '\ude00cd'];
    store.ingest(`[${delta('m1', a)},${delta('m1', b)}]`);
    store.ingest(frame('reasoning.delta', 'm1', { text: a }));
    store.ingest(frame('reasoning.delta', 'm1', { text: b }));
    store.ingest(frame('tool.start', 'm1', { toolCallId: 't1' }));
    store.ingest(frame('tool.delta', 'm1', { toolCallId: 't1', argsText: a }));
    store.ingest(frame('tool.delta', 'm1', { toolCallId: 't1', argsText: b }));
    const m = store.getSnapshot('messages/m1')!;
    expect([m.content, m.reasoning, m.tools[0]!.argsText]).toEqual(['ab😀cd', 'ab😀cd', 'ab😀cd']);
  });
});
