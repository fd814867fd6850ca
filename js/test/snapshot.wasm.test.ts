// The snapshot cache against the REAL wasm core: how many times a read crosses into wasm.
import { beforeAll, describe, expect, it } from 'vitest';
import { SnapshotCache } from '../snapshot.js';
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

  it('a_flush_brings_every_changed_text_slice_in_one_crossing', () => {
    const { core, calls } = countedCore({ limits: { maxMessages: 3 } });
    const cache = new SnapshotCache();
    for (const id of ['a', 'b', 'c']) core.ingest(start(id));
    core.ingest(delta('a', 'A'));
    core.ingest(delta('b', 'B'));
    core.ingest(frame('reasoning.delta', 'b', { text: 'r' }));
    core.ingest(delta('c', 'C'));
    for (const key of ['a/content', 'b/content', 'b/reasoning', 'c/content']) cache.read(core, `messages/${key}`);
    cache.takeChanged(core);

    core.ingest(delta('a', 'gone'));
    core.ingest(frame('content.set', 'b', { text: 'rewritten:' }));
    core.ingest(start('d')); // evicts the oldest message, a
    core.ingest(delta('c', '😀é:+='));
    for (const name of Object.keys(calls)) delete calls[name];
    const changed = cache.takeChanged(core);
    // Only the keys the cache holds; not the message keys, `messages` or `stats`.
    expect(changed).toEqual(['messages/a/content', 'messages/b/content', 'messages/c/content']);
    cache.invalidate(changed, () => true, core);
    // One crossing for the keys and the new text of every changed text slice.
    expect(calls).toEqual({ takeFlush: 1 });
    expect(cache.read(core, 'messages/b/content')).toBe('rewritten:');
    expect(cache.read(core, 'messages/c/content')).toBe('C😀é:+=');
    expect(cache.read(core, 'messages/a/content')).toBeUndefined();
    expect(calls).toEqual({ takeFlush: 1 });
    expect(cache.read(core, 'messages/b/reasoning')).toBe('r'); // unchanged: read as before

    cache.flushed();
    core.ingest(delta('c', '!'));
    expect(cache.read(core, 'messages/c/content')).toBe('C😀é:+=!'); // after the flush: read anew
    // A key nobody listens to any more is dropped when it changes, and its handle released.
    core.ingest(delta('c', '?'));
    cache.invalidate(cache.takeChanged(core), () => false, core);
    expect(calls.releaseHandle).toBe(1);
    core.ingest(delta('c', '.'));
    expect(cache.takeChanged(core)).toEqual([]);
    core.free();
  });

  it('a_tracked_key_is_reported_before_it_is_read_and_survives_its_message', () => {
    const { core } = countedCore({ limits: { maxMessages: 1 } });
    const cache = new SnapshotCache();
    cache.track(core, 'messages/a/content');
    cache.track(core, 'messages/a/sources');
    core.ingest(delta('a', 'Hello'));
    expect(cache.takeChanged(core)).toEqual(['messages/a/content', 'messages/a/sources']);
    expect(cache.read(core, 'messages/a/content')).toBe('Hello');
    core.ingest(frame('message.done', 'a', {}));
    core.ingest(start('b')); // evicts a
    const changed = cache.takeChanged(core);
    expect(changed).toEqual(['messages/a/content', 'messages/a/sources']);
    cache.invalidate(changed, () => true, core);
    expect(cache.read(core, 'messages/a/content')).toBeUndefined();
    expect(cache.read(core, 'messages/a/sources')).toBeUndefined();
    cache.flushed();
    // A new a (evicting b; a message.start brings an evicted id back) is still reported,
    // and read whole: not as a tail of the old text.
    core.ingest(frame('message.done', 'b', {}));
    core.ingest(start('a'));
    core.ingest(delta('a', 'Hello, again'));
    expect(cache.takeChanged(core)).toEqual(['messages/a/content', 'messages/a/sources']);
    expect(cache.read(core, 'messages/a/content')).toBe('Hello, again');
    expect(cache.read(core, 'messages/a/sources')).toEqual([]);
    core.free();
  });

  it('a_key_without_a_value_reads_undefined_and_keeps_its_handle', () => {
    const { core, calls } = countedCore();
    const cache = new SnapshotCache();
    expect(cache.read(core, 'messages/nope/content')).toBeUndefined();
    expect(cache.read(core, 'messages/nope/sources')).toBeUndefined();
    expect(cache.read(core, 'not a key')).toBeUndefined();
    expect(cache.read(core, 'not a key')).toBeUndefined();
    expect(calls.keyHandle).toBe(3);
    expect(calls.releaseHandle).toBeUndefined();
    core.free();
  });
});
