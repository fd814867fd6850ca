// useStream against the REAL wasm store: a turn's stream started from a click, its status
// rendered as it ends, aborted by a click and by unmounting.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWireStore, type WireStore } from '../index.js';
import { useSlice, useStream, WireStoreProvider } from '../react.js';
import { delta, done, start } from './helpers.js';
import { loadRealWasm } from './real-wasm.js';

let store: WireStore;
beforeAll(loadRealWasm);
afterEach(() => {
  cleanup();
  store?.destroy();
});

const enc = new TextEncoder();
const event = (frame: string) => enc.encode(`data: ${frame}\n\n`);

/** A body the test feeds by hand: `push` an SSE frame, `end` it. */
function manualBody() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  return { body, push: (frame: string) => controller.enqueue(event(frame)), end: () => controller.close() };
}

function Turn({ body }: { body: ReadableStream<Uint8Array> }) {
  const turn = useStream();
  return (
    <>
      <button onClick={() => turn.start(body, { format: 'sse' })}>ask</button>
      <button onClick={() => turn.abort({ cancel: true })}>stop</button>
      <span data-testid="status">{turn.status}</span>
      <span data-testid="events">{turn.end?.events ?? '-'}</span>
      <span data-testid="content">{useSlice('t', 'content')}</span>
      <span data-testid="message-status">{useSlice('t', 'status')}</span>
    </>
  );
}

const settle = () => act(() => new Promise<void>((r) => setTimeout(r, 20)));
const text = (id: string) => screen.getByTestId(id).textContent;

describe('useStream on the real wasm store', () => {
  it('starts_a_stream_shows_it_streaming_then_how_it_ended', async () => {
    store = createWireStore({ notify: 'sync' });
    const { body, push, end } = manualBody();
    render(<WireStoreProvider store={store}><Turn body={body} /></WireStoreProvider>);
    expect(text('status')).toBe('idle');
    fireEvent.click(screen.getByText('ask'));
    expect(text('status')).toBe('streaming');
    push(start('t'));
    push(delta('t', 'Hel'));
    push(delta('t', 'lo'));
    await settle();
    expect(text('content')).toBe('Hello');
    expect(text('status')).toBe('streaming');
    push(done('t'));
    end();
    await settle();
    expect(text('status')).toBe('complete');
    expect(text('events')).toBe('4');
    expect(text('message-status')).toBe('done');
  });

  it('stop_aborts_and_cancels_and_unmounting_aborts_without_cancelling', async () => {
    store = createWireStore({ notify: 'sync' });
    const first = manualBody();
    const view = render(<WireStoreProvider store={store}><Turn body={first.body} /></WireStoreProvider>);
    fireEvent.click(screen.getByText('ask'));
    first.push(start('t'));
    first.push(delta('t', 'partial'));
    await settle();
    fireEvent.click(screen.getByText('stop'));
    await settle();
    expect(text('status')).toBe('aborted');
    expect(text('message-status')).toBe('cancelled');
    view.unmount();

    const second = manualBody();
    render(<WireStoreProvider store={store}><Turn body={second.body} /></WireStoreProvider>);
    fireEvent.click(screen.getByText('ask'));
    second.push(start('u'));
    second.push(delta('u', 'kept'));
    await settle();
    cleanup(); // unmounts: the hook aborts its stream, which cancels the body's read
    await settle();
    expect(() => second.push(delta('u', ' lost'))).toThrow(TypeError);
    await settle();
    expect(store.getSnapshot('messages/u/content')).toBe('kept');
    expect(store.getSnapshot('messages/u/status')).toBe('streaming');
  });
});
