// store.stream, ingestEvent and foreign ack ids against the REAL wasm core, fed by body
// streams made here (the HTTP side is proven in Chromium: tests/browser/).
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWireStore, type WireStore } from '../index.js';
import { FrameInput } from '../input.js';
import { wasmIfLoaded } from '../wasm.js';
import { delta, done, start } from './helpers.js';
import { loadRealWasm } from './real-wasm.js';

let store: WireStore;
beforeAll(loadRealWasm);
afterEach(() => store?.destroy());

const enc = new TextEncoder();

/** A body stream of `text` cut into `size`-byte chunks (cuts fall inside UTF-8 sequences). */
function body(text: string, size: number): ReadableStream<Uint8Array> {
  const bytes = enc.encode(text);
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

/** A body stream that sends `text`, then fails as a dropped connection does. */
function cutBody(text: string): ReadableStream<Uint8Array> {
  let sent = false;
  return new ReadableStream({
    pull(controller) {
      if (sent) return controller.error(new TypeError('network error'));
      controller.enqueue(enc.encode(text));
      sent = true;
    },
  });
}

const sse = (data: string, extra = '') => `${extra}data: ${data}\n\n`;

describe('store.stream on the real wasm core', () => {
  it('an_sse_body_in_chunks_of_any_size_gives_the_same_state', async () => {
    const text =
      sse(start('m')) +
      ': keep-alive\n\n' +
      sse(delta('m', 'caf\u00e9 '), 'id: 1\r\n') +
      sse(delta('m', '\u65e5\u672c \ud83d\ude00'), 'event: ignored-name\n') +
      sse(done('m')) +
      'data: [DONE]\n\n';
    for (const size of [1, 2, 3, 7, 16, 1000]) {
      store = createWireStore({ notify: 'sync' });
      const end = await store.stream(body(text, size), { format: 'sse' }).done;
      expect(end).toMatchObject({ status: 'complete', events: 4, lastEventId: '1', attempts: 1 });
      expect(store.getSnapshot('messages/m/content')).toBe('caf\u00e9 \u65e5\u672c \ud83d\ude00');
      expect(store.getSnapshot('messages/m/status')).toBe('done');
      expect(store.getSnapshot('errors') ?? []).toEqual([]);
      store.destroy();
    }
  });

  it('a_response_is_framed_by_its_content_type', async () => {
    store = createWireStore({ notify: 'sync' });
    const lines = [start('n'), delta('n', 'a'), delta('n', 'b'), done('n')].join('\n');
    const response = new Response(body(lines, 5), { headers: { 'content-type': 'application/x-ndjson' } });
    const end = await store.stream(Promise.resolve(response)).done;
    expect(end.status).toBe('complete');
    expect(store.getSnapshot('messages/n/content')).toBe('ab');
  });

  it('an_http_error_and_a_page_instead_of_a_stream_are_typed_entries', async () => {
    store = createWireStore({ notify: 'sync' });
    const failed = await store.stream(new Response('nope', { status: 500 })).done;
    expect(failed).toMatchObject({ status: 'error', reason: 'http', httpStatus: 500 });
    const page = new Response('<html></html>', { headers: { 'content-type': 'text/html' } });
    const wrong = await store.stream(page).done;
    expect(wrong).toMatchObject({ status: 'error', reason: 'contentType' });
    const errors = store.getSnapshot('errors') as Array<{ kind: string; message: string }>;
    expect(errors.map((e) => e.kind)).toEqual(['stream', 'stream']);
    expect(errors[0]!.message).toBe('(a response): HTTP 500; the stream ended');
  });

  it('a_cut_body_that_nobody_can_resume_ends_in_error_and_keeps_what_arrived', async () => {
    store = createWireStore({ notify: 'sync' });
    const end = await store.stream(cutBody(sse(delta('c', 'kept')) + 'data: {"action_type":'), { format: 'sse' }).done;
    expect(end).toMatchObject({ status: 'error', reason: 'network', events: 1 });
    expect(store.getSnapshot('messages/c/content')).toBe('kept');
  });

  it('resume_asks_the_caller_for_the_next_request_with_the_last_event_id', async () => {
    store = createWireStore({ notify: 'sync', reconnect: { baseDelayMs: 1, jitter: 0 } });
    const asked: Array<string | null> = [];
    const first = cutBody(sse(delta('r', '1 '), 'id: 1\n') + sse(delta('r', '2 '), 'id: 2\n') + 'id: 3\ndata: {"act');
    const end = await store.stream(first, {
      format: 'sse',
      resume: ({ lastEventId, attempt }) => {
        asked.push(lastEventId);
        expect(attempt).toBe(2);
        const rest = sse(delta('r', '3'), 'id: 3\n') + sse(done('r'), 'id: 4\n');
        return new Response(body(rest, 4), { headers: { 'content-type': 'text/event-stream' } });
      },
    }).done;
    expect(asked).toEqual(['2']);
    expect(end).toMatchObject({ status: 'complete', attempts: 2, events: 4, lastEventId: '4' });
    expect(store.getSnapshot('messages/r/content')).toBe('1 2 3');
  });

  it('abort_stops_the_read_and_cancels_only_when_asked', async () => {
    store = createWireStore({ notify: 'sync' });
    let pulls = 0;
    const endless = (id: string) =>
      new ReadableStream<Uint8Array>({
        async pull(controller) {
          await new Promise((r) => setTimeout(r, 2));
          controller.enqueue(enc.encode(sse(delta(id, `${pulls++} `))));
        },
      });
    const kept = store.stream(endless('k'), { format: 'sse' });
    const cancelled = store.stream(endless('x'), { format: 'sse' });
    while ((store.getSnapshot('messages') as string[] | undefined)?.length !== 2) {
      await new Promise((r) => setTimeout(r, 5));
    }
    kept.abort();
    cancelled.abort({ cancel: true });
    const [a, b] = await Promise.all([kept.done, cancelled.done]);
    expect(a.status).toBe('aborted');
    expect(b.status).toBe('aborted');
    expect(store.getSnapshot('messages/k/status')).toBe('streaming');
    expect(store.getSnapshot('messages/x/status')).toBe('cancelled');
    const frozen = store.getSnapshot('messages/k/content');
    await new Promise((r) => setTimeout(r, 20));
    expect(store.getSnapshot('messages/k/content')).toBe(frozen);
  });

  it('a_readable_stream_without_a_format_is_a_misuse_that_throws_now', () => {
    store = createWireStore();
    expect(() => store.stream(body('', 1))).toThrow(/pass options.format/);
    expect(() => store.stream(body('', 1), { format: 'xml' as 'sse' })).toThrow(/options.format/);
  });

  it('chunks_larger_than_the_input_buffer_go_through_in_pieces', () => {
    const glue = wasmIfLoaded()!;
    const core = new glue.WireStoreCore({ limits: { maxFrameBytes: 4096 } });
    const input = new FrameInput();
    const id = core.openStream!({ format: 'ndjson' });
    expect(JSON.parse(core.streamResponse!(id, 200, '', 'GET /x'))).toEqual({ read: true });
    const lines = Array.from({ length: 500 }, (_, i) => delta('big', `${i},`)).join('\n') + '\n';
    input.push(core, id, enc.encode(lines)); // ~40 KB: ten times the buffer
    const content = core.get('messages/big/content') as string;
    expect(content.split(',').length).toBe(501);
    expect(core.get('errors')).toEqual([]);
    core.free();
  });
});

describe('ingestEvent on the real wasm core', () => {
  it('the_name_routes_the_payload_like_an_action', () => {
    store = createWireStore({
      notify: 'sync',
      envelope: { actionType: 'event', messageId: 'message_id', payload: null },
      routes: {
        assistant_typing: { op: 'message.start', role: { value: 'assistant' } },
        assistant_delta: { op: 'content.delta', text: 'delta' },
        assistant_complete: { op: 'message.done' },
      },
    });
    store.ingestEvent('assistant_typing', { message_id: 'h1' });
    store.ingestEvent('assistant_delta', '{"message_id":"h1","delta":"\u0633\u0644\u0627\u0645"}');
    store.ingestEvent('assistant_complete', { message_id: 'h1' });
    store.ingestEvent('usage_info', { remaining: 3 });
    expect(store.getSnapshot('messages/h1/content')).toBe('\u0633\u0644\u0627\u0645');
    expect(store.getSnapshot('messages/h1/status')).toBe('done');
    const errors = store.getSnapshot('errors') as Array<{ kind: string }>;
    expect(errors.map((e) => e.kind)).toEqual(['unrouted']);
    expect(() => store.ingestEvent('x', { n: 1n })).toThrow();
  });
});

describe('foreign ack ids on the real wasm core', () => {
  it('send_takes_the_callers_id_and_an_ack_by_that_id_settles_it', async () => {
    store = createWireStore({
      url: 'ws://127.0.0.1:9/ws',
      heartbeat: false,
      envelope: { actionType: 'type', payload: null, version: false, clientId: 'messageId' },
      routes: { 'message:ack': { op: 'ack', ref: 'messageId', status: 'status', 'error?': 'error' } },
    });
    await store.ready;
    const id = store.send('message:send', { conversationId: 'c-1', content: 'hi' }, { ack: true, id: 'msg-1' });
    expect(id).toBe('msg-1');
    const own = store.send('message:send', { messageId: 'msg-2', content: 'yo' }, { ack: true });
    expect(own).toBe('msg-2');
    expect(store.getSnapshot('acks/msg-1')).toMatchObject({ status: 'pending' });
    const waited = store.sendAndWait('message:send', { content: 'hey' }, { id: 'msg-3' });
    expect(waited.id).toBe('msg-3');
    store.ingest(JSON.stringify({ type: 'message:ack', messageId: 'msg-3', status: 'delivered' }));
    await expect(waited).resolves.toMatchObject({ status: 'delivered' });
    store.ingest(JSON.stringify({ type: 'message:ack', messageId: 'msg-1', status: 'error', error: 'Rate limit exceeded' }));
    expect(store.getSnapshot('acks/msg-1')).toMatchObject({ status: 'error', error: 'Rate limit exceeded' });
    expect(() => store.send('message:send', {}, { id: '' })).toThrow(/options.id/);
  });
});
