// The store shell's own logic on a JS stand-in for the core: queueing before the wasm is
// ready, local ids for queued sends, snapshot caching by version, and re-entrancy.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { delta, done, frame, start } from './helpers.js';
import { FakeCore, fakeGlue } from './fake-core.js';

const wasm = vi.hoisted(() => ({
  loaded: false,
  resolve: null as null | ((g: unknown) => void),
}));

vi.mock('../wasm.js', () => ({
  wasmIfLoaded: () => (wasm.loaded ? fakeGlue : null),
  loadWasm: () =>
    wasm.loaded ? Promise.resolve(fakeGlue) : new Promise((resolve) => (wasm.resolve = resolve)),
  initWireStore: async () => {
    wasm.loaded = true;
    wasm.resolve?.(fakeGlue);
  },
}));

const { createWireStore, LOCAL_ID_PREFIX } = await import('../index.js');
const tick = () => new Promise<void>((resolve) => queueMicrotask(resolve));

beforeEach(() => {
  wasm.loaded = false;
  wasm.resolve = null;
  FakeCore.created = [];
});
afterEach(() => vi.restoreAllMocks());

describe('store shell on a fake core', () => {
  it('queues_calls_until_the_core_exists_then_replays_them_in_order', async () => {
    const store = createWireStore({ notify: 'sync' });
    store.connect();
    store.ingest(start('m1'));
    store.ingest(delta('m1', 'a'));
    const id = store.send('chat.message', {}, { ack: true });
    expect(FakeCore.created).toHaveLength(0);
    expect(id).toBe(`${LOCAL_ID_PREFIX}1`);
    expect(store.getSnapshot(`acks/${id}`)).toMatchObject({ status: 'pending' });
    const aliasCalls: number[] = [];
    store.subscribe(`acks/${id}`, () => aliasCalls.push(1));

    wasm.resolve!(fakeGlue);
    await store.ready;
    const core = FakeCore.created[0]!;
    expect(core.calls).toEqual([
      'connect',
      `ingest:${start('m1')}`,
      `ingest:${delta('m1', 'a')}`,
      'send:chat.message:c1',
    ]);
    expect(store.getSnapshot('messages/m1/content')).toBe('a');
    expect(aliasCalls).toHaveLength(1);

    // the server answers the core id; the local alias follows it
    store.ingest(JSON.stringify({ action_type: 'ack', ref: 'c1', payload: { status: 'delivered' } }));
    expect(store.getSnapshot(`acks/${id}`)).toMatchObject({ status: 'delivered' });
    expect(aliasCalls).toHaveLength(2);
  });

  it('sendAndWait_before_ready_resolves_through_the_alias', async () => {
    const store = createWireStore({ notify: 'microtask' });
    const pending = store.sendAndWait('chat.message', { content: 'hi' });
    wasm.resolve!(fakeGlue);
    await store.ready;
    store.ingest(JSON.stringify({ action_type: 'ack', ref: 'c1', payload: { status: 'delivered' } }));
    await expect(pending).resolves.toMatchObject({ status: 'delivered' });
  });

  it('bad_options_reject_ready_when_the_core_is_created_late', async () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    const store = createWireStore({ url: 'http://nope' });
    const pending = store.sendAndWait('x', {});
    wasm.resolve!(fakeGlue);
    await expect(store.ready).rejects.toThrow(/ws/);
    await expect(pending).rejects.toThrow(/ws/);
    expect(() => store.connect()).toThrow(/ws/);
    expect(quiet).toHaveBeenCalled();
  });

  it('creates_the_core_at_once_when_the_wasm_is_loaded_and_throws_on_bad_options', () => {
    wasm.loaded = true;
    expect(() => createWireStore({ url: 'http://nope' })).toThrow(/ws/);
    createWireStore();
    expect(FakeCore.created).toHaveLength(1);
  });

  it('reads_a_value_out_of_the_core_only_when_its_version_moved', () => {
    wasm.loaded = true;
    const store = createWireStore({ notify: 'sync' });
    const core = FakeCore.created[0]!;
    store.ingest(start('m1'));
    store.ingest(start('m2'));
    store.subscribe('messages/m2', () => {});
    const m2 = store.getSnapshot('messages/m2');
    const before = core.getCalls;
    for (let i = 0; i < 5; i++) {
      store.ingest(delta('m1', 'x'));
      expect(store.getSnapshot('messages/m2')).toBe(m2);
    }
    expect(core.getCalls).toBe(before);
    store.ingest(done('m2'));
    expect(store.getSnapshot('messages/m2')).not.toBe(m2);
    expect(core.getCalls).toBe(before + 1);
  });

  it('a_listener_that_ingests_in_sync_mode_gets_a_second_flush_not_a_nested_one', () => {
    wasm.loaded = true;
    const store = createWireStore({ notify: 'sync' });
    store.ingest(start('m1'));
    const seen: string[] = [];
    store.subscribe('messages/m1/content', () => {
      const text = store.getSnapshot('messages/m1/content') as string;
      seen.push(text);
      if (text === 'a') store.ingest(delta('m1', 'b'));
    });
    store.ingest(delta('m1', 'a'));
    expect(seen).toEqual(['a', 'ab']);
  });

  it('frame_mode_urgent_notification_flushes_in_a_microtask', async () => {
    wasm.loaded = true;
    vi.stubGlobal('requestAnimationFrame', () => 1);
    const store = createWireStore();
    let calls = 0;
    store.subscribe('messages/m1/status', () => calls++);
    store.ingest(frame('content.delta', 'm1', { text: 'x' }));
    await tick();
    const afterDelta = calls; // creation is not urgent in the fake: waits for the frame
    store.ingest(done('m1'));
    await tick();
    expect(calls).toBe(afterDelta + 1);
  });

  it('destroy_frees_the_core_and_ignores_late_loads', async () => {
    const store = createWireStore();
    void store.ready;
    store.destroy();
    wasm.resolve!(fakeGlue);
    await store.ready;
    expect(FakeCore.created).toHaveLength(0);
    wasm.loaded = true;
    const other = createWireStore();
    other.destroy();
    expect(FakeCore.created[0]!.calls).toEqual(['close', 'free']);
    expect(other.subscribe('messages', () => {})).toBeTypeOf('function');
  });
});

describe('replay of queued calls', () => {
  it('a_failing_queued_call_is_reported_and_the_rest_still_run', async () => {
    const reported = vi.fn();
    vi.stubGlobal('reportError', reported);
    const store = createWireStore({ notify: 'sync' });
    store.ingest('not json'); // the fake core throws on it; the real one records an error
    store.ingest(delta('m1', 'a'));
    wasm.resolve!(fakeGlue);
    await store.ready;
    expect(reported).toHaveBeenCalledTimes(1);
    expect(store.getSnapshot('messages/m1/content')).toBe('a');
  });
});
