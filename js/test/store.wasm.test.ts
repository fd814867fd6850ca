// The store against the REAL wasm core: frames go in through ingest(), state comes out by key.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AckError, createWireStore, type WireStore } from '../index.js';
import { ack, delta, done, fakeAnimationFrames, frame, start } from './helpers.js';
import { loadRealWasm } from './real-wasm.js';
import { wasmIfLoaded } from '../wasm.js';

let store: WireStore;
beforeAll(loadRealWasm);
afterEach(() => store?.destroy());

/** Subscribes a counter to each key. */
function countCalls(keys: string[]) {
  const calls: Record<string, number> = {};
  for (const key of keys) {
    calls[key] = 0;
    store.subscribe(key, () => calls[key]!++);
  }
  return calls;
}

/** A socket address that is never connected to: send() queues in the outbox. */
const URL = 'ws://127.0.0.1:9/ws';
const tick = () => new Promise<void>((resolve) => queueMicrotask(resolve));

describe('store on the real wasm core', () => {
  it('ingest_applies_frames_and_snapshots_are_plain_js', () => {
    store = createWireStore({ notify: 'sync' });
    store.ingest(start('m1'));
    store.ingest(delta('m1', 'He'));
    store.ingest(delta('m1', 'llo'));
    expect(store.getSnapshot('messages')).toEqual(['m1']);
    expect(store.getSnapshot('messages/m1/content')).toBe('Hello');
    const message = store.getSnapshot('messages/m1');
    expect(message).toMatchObject({ id: 'm1', status: 'streaming', content: 'Hello', sources: [] });
    expect(Object.getPrototypeOf(message)).toBe(Object.prototype);
    expect(store.getSnapshot('messages/nope')).toBeUndefined();
    expect(store.getSnapshot('messages/m1/status')).toBe('streaming');
  });

  it('text_slices_read_incrementally_stay_exact_across_appends_rewrites_and_regeneration', () => {
    store = createWireStore({ notify: 'sync' });
    const key = 'messages/m1/content';
    const set = (text: string) => frame('content.set', 'm1', { text });
    const seen: string[] = [];
    store.subscribe(key, () => seen.push(store.getSnapshot(key) as string));
    store.ingest(start('m1'));
    for (const piece of ['Hé', 'llo ', '✓ wörld']) store.ingest(delta('m1', piece));
    store.ingest(set('Hello ✓ wörld, again')); // a cumulative set that rewrites the prefix
    store.ingest(set('Hello ✓ wörld, again and more')); // one that extends it
    store.ingest(start('m1')); // regeneration clears it
    store.ingest(delta('m1', 'new'));
    expect(seen).toEqual([
      '', 'Hé', 'Héllo ', 'Héllo ✓ wörld', 'Hello ✓ wörld, again', 'Hello ✓ wörld, again and more', '', 'new',
    ]);
    expect(store.getSnapshot(key)).toBe(store.getSnapshot('messages/m1')!.content);
  });

  it('ingestBytes_applies_like_ingest', () => {
    store = createWireStore({ notify: 'sync' });
    const bytes = new TextEncoder().encode(`[${start('m1')},${delta('m1', 'héllo ✓')}]`);
    store.ingestBytes(bytes);
    store.ingestBytes(new TextEncoder().encode(delta('m1', '!')).buffer as ArrayBuffer);
    expect(store.getSnapshot('messages/m1/content')).toBe('héllo ✓!');
  });

  it('snapshot_keeps_identity_until_the_key_changes', () => {
    store = createWireStore({ notify: 'sync' });
    store.ingest(start('m1'));
    store.ingest(start('m2'));
    store.ingest(frame('sources.add', 'm1', { source: { id: 's1', url: 'https://a.example' } }));
    const sources = store.getSnapshot('messages/m1/sources');
    const ids = store.getSnapshot('messages');
    const m2 = store.getSnapshot('messages/m2');
    const m1 = store.getSnapshot('messages/m1');
    for (const text of ['a', 'b', 'c']) store.ingest(delta('m1', text));
    expect(store.getSnapshot('messages/m1/sources')).toBe(sources);
    expect(store.getSnapshot('messages')).toBe(ids);
    expect(store.getSnapshot('messages/m2')).toBe(m2);
    expect(store.getSnapshot('messages/m1')).not.toBe(m1);
    store.ingest(frame('sources.add', 'm1', { source: { id: 's2', url: 'https://b.example' } }));
    const next = store.getSnapshot('messages/m1/sources');
    expect(next).not.toBe(sources);
    expect(next).toHaveLength(2);
    expect(store.getSnapshot('messages/m1/sources')).toBe(next);
  });

  it('listeners_run_only_for_changed_keys_and_once_per_flush', async () => {
    store = createWireStore({ notify: 'microtask' });
    store.ingest(start('m1'));
    store.ingest(start('m2'));
    await tick();
    const calls = countCalls([
      'messages/m1/content',
      'messages/m1',
      'messages/m1/sources',
      'messages/m1/followUpQuestions',
      'messages/m2/content',
      'messages/m2',
      'messages',
      'connection',
    ]);
    for (const text of ['a', 'b', 'c']) store.ingest(delta('m1', text));
    expect(calls['messages/m1/content']).toBe(0);
    await tick();
    expect(calls).toEqual({
      'messages/m1/content': 1,
      'messages/m1': 1,
      'messages/m1/sources': 0,
      'messages/m1/followUpQuestions': 0,
      'messages/m2/content': 0,
      'messages/m2': 0,
      messages: 0,
      connection: 0,
    });
  });

  it('a_batch_frame_notifies_each_key_once', () => {
    store = createWireStore({ notify: 'sync' });
    store.ingest(start('m1'));
    const calls = countCalls(['messages/m1/content', 'messages/m1/sources']);
    store.ingest(`[${delta('m1', 'a')},${delta('m1', 'b')},${delta('m1', 'c')}]`);
    expect(calls).toEqual({ 'messages/m1/content': 1, 'messages/m1/sources': 0 });
    expect(store.getSnapshot('messages/m1/content')).toBe('abc');
  });

  it('sync_mode_notifies_before_ingest_returns', () => {
    store = createWireStore({ notify: 'sync' });
    store.ingest(start('m1'));
    const calls = countCalls(['messages/m1/content']);
    store.ingest(delta('m1', 'a'));
    expect(calls['messages/m1/content']).toBe(1);
    store.ingest(delta('m1', 'b'));
    expect(calls['messages/m1/content']).toBe(2);
  });

  it('frame_mode_flushes_on_the_frame_and_urgent_events_at_once', async () => {
    const frames = fakeAnimationFrames();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      store = createWireStore();
      store.ingest(start('m1'));
      await tick(); // message.start is urgent
      const calls = countCalls(['messages/m1/content', 'messages/m1/status']);
      store.ingest(delta('m1', 'a'));
      store.ingest(delta('m1', 'b'));
      await tick();
      expect(calls['messages/m1/content']).toBe(0);
      expect(frames.pending()).toBe(1);
      frames.run();
      expect(calls['messages/m1/content']).toBe(1);
      store.ingest(done('m1'));
      await tick();
      expect(calls['messages/m1/status']).toBe(1);
      expect(store.getSnapshot('messages/m1/status')).toBe('done');
    } finally {
      vi.useRealTimers();
    }
  });

  it('an_urgent_event_after_pending_deltas_still_flushes_at_once', async () => {
    const frames = fakeAnimationFrames();
    try {
      store = createWireStore();
      store.ingest(start('m1'));
      await tick();
      const calls = countCalls(['messages/m1/content', 'messages/m1/status']);
      store.ingest(delta('m1', 'a')); // a flush is due on the next frame
      store.ingest(done('m1')); // now it is urgent
      await tick();
      expect(calls).toEqual({ 'messages/m1/content': 1, 'messages/m1/status': 1 });
      expect(store.getSnapshot('messages/m1/content')).toBe('a');
      frames.run();
      expect(calls).toEqual({ 'messages/m1/content': 1, 'messages/m1/status': 1 });
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('the_core_notifies_once_per_flush_and_again_when_it_turns_urgent', () => {
    const glue = wasmIfLoaded()!;
    const core = new glue.WireStoreCore({});
    const told: boolean[] = [];
    core.ingest(start('m1'));
    core.setNotify((urgent) => told.push(urgent));
    expect(told).toEqual([true]); // a new callback hears of the pending flush
    core.takeChanged();
    for (const text of ['a', 'b', 'c']) core.ingest(delta('m1', text));
    expect(told).toEqual([true, false]);
    core.ingest(done('m1'));
    core.ingest(delta('m1', 'late'));
    expect(told).toEqual([true, false, true]);
    core.takeChanged();
    core.ingest(frame('sources.add', 'm1', { sources: [{ url: 'https://a' }] }));
    expect(told).toEqual([true, false, true, false]);
    core.free();
  });

  it('bad_frames_become_error_entries_and_touch_nothing_else', () => {
    store = createWireStore({ notify: 'sync' });
    store.ingest(start('m1'));
    const calls = countCalls(['messages/m1/content', 'messages', 'errors']);
    store.ingest('this is not json');
    store.ingest(JSON.stringify({ messageId: 'm1', payload: { text: 'x' } }));
    store.ingest(frame('no.such.action', 'm1', {}));
    expect(calls['messages/m1/content']).toBe(0);
    expect(calls.messages).toBe(0);
    expect(calls.errors).toBeGreaterThan(0);
    const errors = store.getSnapshot('errors') ?? [];
    expect(errors.map((e) => e.kind)).toEqual(expect.arrayContaining(['protocol', 'unrouted']));
    expect(store.getSnapshot('messages/m1/content')).toBe('');
  });

  it('text_frames_arrive_byte_exact_at_any_size_and_oversized_ones_are_rejected_alone', () => {
    const max = 20_000;
    store = createWireStore({ notify: 'sync', limits: { maxFrameBytes: max } });
    const utf8 = (text: string) => new TextEncoder().encode(text).length;
    const rejected = () => (store.getSnapshot('errors') ?? []).map((e) => e.message);
    store.ingest(start('m1'));
    store.ingest(delta('m1', 'a'));
    // Larger than the first buffer, with 3- and 4-byte characters: it grows and stays exact.
    const wide = '€'.repeat(3000) + '😀'.repeat(500);
    store.ingest(delta('m1', wide));
    // A raw lone surrogate (not a JSON escape) arrives as U+FFFD, as TextEncoder makes it.
    store.ingest('{"action_type":"content.delta","messageId":"m1","payload":{"text":"x\ud800y"}}');
    expect(store.getSnapshot('messages/m1/content')).toBe(`a${wide}x\ufffdy`);
    expect(rejected()).toEqual([]);
    // Fewer UTF-16 units than the limit but more UTF-8 bytes; then more units than bytes allowed.
    const overBytes = delta('m1', '€'.repeat(8000));
    const overUnits = delta('m1', 'z'.repeat(max));
    store.ingest(overBytes);
    store.ingest(overUnits);
    expect(rejected()).toEqual([
      `frame of ${utf8(overBytes)} bytes exceeds limits.maxFrameBytes (${max}); not parsed`,
      `frame of ${utf8(overUnits)} bytes exceeds limits.maxFrameBytes (${max}); not parsed`,
    ]);
    // Nothing else changed, and frames after them (some growing wasm memory) still apply.
    expect(store.getSnapshot('messages/m1/content')).toBe(`a${wide}x\ufffdy`);
    store.ingest(start('m2'));
    for (let i = 0; i < 100; i++) store.ingest(delta('m2', 'y'.repeat(10_000)));
    store.ingest(delta('m1', '!'));
    expect(store.getSnapshot('messages/m1/content')).toBe(`a${wide}x\ufffdy!`);
  });

  it('a_listener_hears_its_key_even_if_it_never_reads_it_and_only_its_key', () => {
    store = createWireStore({ notify: 'sync' });
    // Subscribed before the message exists, and never read: only the flush can tell them.
    const calls = countCalls(['messages/m1/content', 'messages/m1/sources', 'messages/m2/content', 'errors']);
    store.ingest(delta('m1', 'a'));
    store.ingest(delta('m1', 'b'));
    expect(calls).toEqual({ 'messages/m1/content': 2, 'messages/m1/sources': 1, 'messages/m2/content': 0, errors: 0 });
    store.ingest(frame('sources.add', 'm1', { sources: [{ id: 's', url: 'https://a.example' }] }));
    store.ingest('not json');
    expect(calls).toEqual({ 'messages/m1/content': 2, 'messages/m1/sources': 2, 'messages/m2/content': 0, errors: 1 });
    expect(store.getSnapshot('messages/m1/content')).toBe('ab');
  });

  it('a_throwing_listener_does_not_stop_the_others', () => {
    store = createWireStore({ notify: 'sync' });
    store.ingest(start('m1'));
    let other = 0;
    store.subscribe('messages/m1/content', () => {
      throw new Error('boom');
    });
    store.subscribe('messages/m1/content', () => other++);
    expect(() => store.ingest(delta('m1', 'a'))).toThrow('boom');
    expect(other).toBe(1);
  });

  it('send_while_not_connected_queues_and_its_ack_resolves_by_ref', async () => {
    store = createWireStore({ notify: 'microtask', url: URL });
    const pending = store.sendAndWait('chat.message', { content: 'hi' });
    expect(pending.id).toBeTruthy();
    expect(store.getSnapshot(`acks/${pending.id}`)).toMatchObject({ status: 'pending' });
    expect(store.getSnapshot('connection')).toMatchObject({ outbox: 1 });
    store.ingest(ack(pending.id, 'received'));
    await tick();
    expect(store.getSnapshot(`acks/${pending.id}`)).toMatchObject({ status: 'received' });
    store.ingest(ack(pending.id, 'delivered'));
    await expect(pending).resolves.toMatchObject({ status: 'delivered' });
  });

  it('sendAndWait_rejects_with_AckError_on_an_error_ack', async () => {
    store = createWireStore({ notify: 'microtask', url: URL });
    const pending = store.sendAndWait('chat.message', { content: 'hi' });
    store.ingest(ack(pending.id, 'error', { code: 'forbidden', error: 'not yours' }));
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AckError);
    expect(error).toMatchObject({ status: 'error', code: 'forbidden', id: pending.id });
  });

  it('sendAndWait_rejects_with_AckError_when_a_full_outbox_drops_the_frame', async () => {
    store = createWireStore({ notify: 'microtask', url: URL, outbox: { capacity: 1 } });
    const first = store.sendAndWait('chat.message', { content: 'one' });
    const second = store.sendAndWait('chat.message', { content: 'two' });
    const error = await Promise.race([first.catch((e: unknown) => e), second.catch((e: unknown) => e)]);
    expect(error).toBeInstanceOf(AckError);
    expect(error).toMatchObject({ status: 'dropped' });
  });

  it('sendAndWait_without_a_url_rejects_with_the_reason', async () => {
    store = createWireStore({ notify: 'sync' });
    await expect(store.sendAndWait('chat.message', { content: 'hi' })).rejects.toThrow(/url/);
  });

  it('destroy_rejects_waits_and_drops_listeners', async () => {
    store = createWireStore({ notify: 'sync', url: URL });
    store.subscribe('messages', () => {});
    const pending = store.sendAndWait('chat.message', { content: 'hi' });
    expect(store.listenerCount()).toBe(2);
    store.destroy();
    await expect(pending).rejects.toThrow(/destroyed/);
    expect(store.listenerCount()).toBe(0);
    expect(() => store.ingest(delta('m1', 'a'))).toThrow(/destroyed/);
  });

  it('bad_options_throw_at_creation_once_the_wasm_is_loaded', () => {
    expect(() => createWireStore({ url: 'not a url' })).toThrow();
    expect(() => createWireStore({ notify: 'never' as 'sync' })).toThrow(/notify/);
  });
});

describe('store lifecycle on the real wasm core', () => {
  it('a_listener_may_destroy_the_store_during_a_flush', async () => {
    const local = createWireStore({ notify: 'sync' });
    let calls = 0;
    local.subscribe('messages/m1/content', () => {
      calls++;
      local.destroy();
    });
    local.ingest(delta('m1', 'a'));
    await tick();
    expect(calls).toBe(1);
    expect(local.getSnapshot('messages/m1/content')).toBeUndefined();
    expect(() => local.ingest(delta('m1', 'b'))).toThrow(/destroyed/);
  });
});
