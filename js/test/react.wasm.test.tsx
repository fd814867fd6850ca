// The hooks with React Testing Library against the REAL wasm store: a component re-renders
// only when the key it reads changed, at most once per flush.
import { act, cleanup, render, screen } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWireStore, type WireStore } from '../index.js';
import {
  useAck,
  useMessage,
  useMessageIds,
  useSlice,
  useWsStore,
  WireStoreProvider,
} from '../react.js';
import { ack, delta, done, fakeAnimationFrames, frame, start } from './helpers.js';
import { loadRealWasm } from './real-wasm.js';

let store: WireStore;
let renders: Record<string, number>;
beforeAll(loadRealWasm);
beforeEach(() => {
  renders = {};
});
afterEach(() => {
  cleanup();
  store?.destroy();
  vi.useRealTimers();
});

const counted = (name: string) => (renders[name] = (renders[name] ?? 0) + 1);

function Content({ id }: { id: string }) {
  counted(`content:${id}`);
  return <p data-testid={`content-${id}`}>{useSlice(id, 'content')}</p>;
}
function Sources({ id }: { id: string }) {
  counted(`sources:${id}`);
  const sources = useSlice(id, 'sources') ?? [];
  return <ul data-testid={`sources-${id}`}>{sources.map((s) => <li key={s.id ?? s.url}>{s.title}</li>)}</ul>;
}
function FollowUps({ id }: { id: string }) {
  counted(`followUps:${id}`);
  const questions = useSlice(id, 'followUpQuestions') ?? [];
  return <ol>{questions.map((q) => <li key={q}>{q}</li>)}</ol>;
}
function Status({ id }: { id: string }) {
  counted(`status:${id}`);
  return <span data-testid={`status-${id}`}>{useMessage(id)?.status ?? 'none'}</span>;
}
function Ids() {
  counted('ids');
  return <span data-testid="ids">{useMessageIds().join(',')}</span>;
}

function Chat() {
  return (
    <>
      <Ids />
      {['m1', 'm2'].map((id) => (
        <div key={id}>
          <Content id={id} />
          <Sources id={id} />
          <FollowUps id={id} />
        </div>
      ))}
    </>
  );
}

function mount(tree = <Chat />, strict = false) {
  const app = <WireStoreProvider store={store}>{tree}</WireStoreProvider>;
  return render(strict ? <StrictMode>{app}</StrictMode> : app);
}

/** Two messages with sources and follow-ups, flushed, render counters reset. */
function seed() {
  act(() => {
    store.ingest(start('m1'));
    store.ingest(start('m2'));
    store.ingest(frame('sources.add', 'm1', { source: { id: 's1', url: 'https://a.example', title: 'A' } }));
    store.ingest(frame('followUpQuestions.set', 'm1', { questions: ['Why?'] }));
    store.ingest(delta('m2', 'other'));
    store.flush();
  });
  renders = {};
}

describe('hooks on the real wasm store', () => {
  it('content_renders_once_per_frame_and_its_siblings_and_other_messages_not_at_all', () => {
    const frames = fakeAnimationFrames();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    store = createWireStore({ notify: 'frame' });
    mount();
    seed();
    for (const chunk of [['He', 'l'], ['lo', ','], [' world']]) {
      for (const text of chunk) store.ingest(delta('m1', text));
      act(() => frames.run());
    }
    expect(screen.getByTestId('content-m1').textContent).toBe('Hello, world');
    expect(renders).toEqual({ 'content:m1': 3 });

    store.ingest(frame('sources.add', 'm1', { source: { id: 's2', url: 'https://b.example', title: 'B' } }));
    act(() => frames.run());
    expect(renders).toEqual({ 'content:m1': 3, 'sources:m1': 1 });
    expect(screen.getByTestId('sources-m1').textContent).toBe('AB');
  });

  it('sync_mode_renders_once_per_ingest', () => {
    store = createWireStore({ notify: 'sync' });
    mount();
    seed();
    act(() => store.ingest(delta('m1', 'a')));
    act(() => store.ingest(delta('m1', 'b')));
    expect(renders).toEqual({ 'content:m1': 2 });
  });

  it('microtask_mode_renders_once_for_a_burst', async () => {
    store = createWireStore({ notify: 'microtask' });
    mount();
    seed();
    await act(async () => {
      for (const text of ['a', 'b', 'c', 'd']) store.ingest(delta('m1', text));
    });
    expect(renders).toEqual({ 'content:m1': 1 });
    expect(screen.getByTestId('content-m1').textContent).toBe('abcd');
  });

  it('message_done_flushes_without_waiting_for_the_frame', async () => {
    const frames = fakeAnimationFrames();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    store = createWireStore({ notify: 'frame' });
    mount(<Status id="m1" />);
    await act(async () => store.ingest(start('m1')));
    expect(screen.getByTestId('status-m1').textContent).toBe('streaming');
    store.ingest(delta('m1', 'x'));
    await act(async () => store.ingest(done('m1')));
    expect(screen.getByTestId('status-m1').textContent).toBe('done');
    expect(frames.pending()).toBe(0);
  });

  it('unmount_unsubscribes', () => {
    store = createWireStore({ notify: 'sync' });
    const { unmount } = mount();
    expect(store.listenerCount('messages/m1/content')).toBe(1);
    expect(store.listenerCount()).toBe(7);
    unmount();
    expect(store.listenerCount()).toBe(0);
  });

  it('strict_mode_double_mount_leaves_one_subscription_per_key', () => {
    store = createWireStore({ notify: 'sync' });
    const { unmount } = mount(<Chat />, true);
    for (const key of ['messages', 'messages/m1/content', 'messages/m1/sources', 'messages/m2/followUpQuestions']) {
      expect(store.listenerCount(key)).toBe(1);
    }
    act(() => store.ingest(delta('m1', 'ok')));
    expect(screen.getByTestId('content-m1').textContent).toBe('ok');
    expect(screen.getByTestId('ids').textContent).toBe('m1');
    unmount();
    expect(store.listenerCount()).toBe(0);
  });

  it('useWsStore_with_an_explicit_store_and_useAck_follow_an_ack', async () => {
    store = createWireStore({ notify: 'microtask', url: 'ws://127.0.0.1:9/ws' });
    const pending = store.sendAndWait('chat.message', { content: 'hi' });
    function AckView() {
      const state = useAck(pending.id);
      const conn = useWsStore(store, 'connection');
      return <span data-testid="ack">{`${state?.status}/${conn?.outbox}`}</span>;
    }
    render(<WireStoreProvider store={store}><AckView /></WireStoreProvider>);
    expect(screen.getByTestId('ack').textContent).toBe('pending/1');
    await act(async () => store.ingest(ack(pending.id, 'delivered')));
    expect(screen.getByTestId('ack').textContent).toMatch(/^delivered\//);
    await expect(pending).resolves.toMatchObject({ status: 'delivered' });
  });
});
