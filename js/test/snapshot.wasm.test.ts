// The snapshot cache against the REAL wasm core: how many times a read crosses into wasm.
import { beforeAll, describe, expect, it } from 'vitest';
import { SnapshotCache, takeChangedKeys } from '../snapshot.js';
import { wasmIfLoaded, type WasmCore } from '../wasm.js';
import { delta, frame, start } from './helpers.js';
import { loadRealWasm } from './real-wasm.js';

beforeAll(loadRealWasm);

/** A real core whose methods count their calls. */
function countedCore(options: object = {}): { core: WasmCore; calls: Record<string, number> } {
  const glue = wasmIfLoaded();
  if (!glue) throw new Error('wasm not loaded');
  const real = new glue.WireStoreCore(options);
  const calls: Record<string, number> = {};
  const core = new Proxy(real, {
    get(target, name: string) {
      const member = Reflect.get(target, name) as unknown;
      if (typeof member !== 'function') return member;
      return (...args: unknown[]) => {
        calls[name] = (calls[name] ?? 0) + 1;
        return (member as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { core, calls };
}

describe('snapshot cache on the real wasm core', () => {
  it('a_text_read_crosses_once_and_an_unchanged_text_keeps_its_value', () => {
    const { core, calls } = countedCore();
    const cache = new SnapshotCache();
    const key = 'messages/m1/content';
    core.ingest(start('m1'));
    core.ingest(delta('m1', 'Hé'));
    expect(cache.read(core, key)).toBe('Hé');
    for (const name of Object.keys(calls)) delete calls[name];

    core.ingest(delta('m1', 'llo'));
    expect(cache.read(core, key)).toBe('Héllo');
    expect(cache.read(core, key)).toBe('Héllo');
    expect(calls).toEqual({ ingest: 1, textTailOf: 2 });

    core.ingest(frame('content.set', 'm1', { text: 'rewritten' }));
    expect(cache.read(core, key)).toBe('rewritten');
    core.ingest(frame('message.start', 'm1', {}));
    expect(cache.read(core, key)).toBe('');
    core.free();
  });

  it('a_flush_reads_every_changed_text_slice_in_one_crossing', () => {
    const { core, calls } = countedCore({ limits: { maxMessages: 3 } });
    const cache = new SnapshotCache();
    for (const id of ['a', 'b', 'c']) core.ingest(start(id));
    core.ingest(delta('a', 'A'));
    core.ingest(delta('b', 'B'));
    core.ingest(frame('reasoning.delta', 'b', { text: 'r' }));
    core.ingest(delta('c', 'C'));
    for (const key of ['a/content', 'b/content', 'b/reasoning', 'c/content']) cache.read(core, `messages/${key}`);
    takeChangedKeys(core);

    core.ingest(delta('a', 'gone'));
    core.ingest(frame('content.set', 'b', { text: 'rewritten:' }));
    core.ingest(start('d')); // evicts the oldest message, a
    core.ingest(delta('c', '😀é:+='));
    for (const name of Object.keys(calls)) delete calls[name];
    const changed = takeChangedKeys(core);
    cache.invalidate(changed, () => true, core);
    // One crossing for the keys, one for every changed text; a's handle goes with a.
    expect(calls).toEqual({ takeChangedText: 1, textTailsOf: 1, releaseHandle: 1 });
    for (const name of Object.keys(calls)) delete calls[name];
    expect(cache.read(core, 'messages/b/content')).toBe('rewritten:');
    expect(cache.read(core, 'messages/c/content')).toBe('C😀é:+=');
    expect(calls).toEqual({});
    expect(cache.read(core, 'messages/a/content')).toBeUndefined();
    expect(cache.read(core, 'messages/b/reasoning')).toBe('r'); // unchanged: read as before

    cache.flushed();
    core.ingest(delta('c', '!'));
    expect(cache.read(core, 'messages/c/content')).toBe('C😀é:+=!'); // after the flush: read anew
    core.free();
  });

  it('a_text_key_of_a_message_that_is_gone_reads_undefined_and_releases_its_handle', () => {
    const { core, calls } = countedCore();
    const cache = new SnapshotCache();
    expect(cache.read(core, 'messages/nope/content')).toBeUndefined();
    expect(calls.releaseHandle).toBe(1);
    core.free();
  });
});
