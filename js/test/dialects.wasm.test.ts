// The four dialects against the protocols' own readers, on the real wasm core. Each fixture in
// tests/fixtures/dialects/ is a stream the protocol's own package produced, beside what the
// protocol's own client-side reader made of it (readUIMessageStream, HttpAgent,
// responses.stream, MessageStream: tests/dialects/generate.mjs). Each stream goes through
// `createWireStore({dialect})` frame by frame, and the store's keys must say what the
// reference says, field by field. The projections below are the documented mapping of each
// protocol onto wirestore's slices (docs/dialects.md): nothing here is a hand-written
// expectation of a stream's content.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createWireStore, type DialectName, type Message, type WireStore } from '../index.js';
import { loadRealWasm } from './real-wasm.js';

beforeAll(loadRealWasm);

const ROOT = path.resolve('tests/fixtures/dialects');
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function scenarios(folder: string): string[] {
  return readdirSync(path.join(ROOT, folder))
    .filter((f) => f.endsWith('.jsonl'))
    .map((f) => f.slice(0, -'.jsonl'.length))
    .sort();
}

interface Replayed {
  store: WireStore;
  frames: string[];
  reference: Json;
  events: Array<[string, unknown]>;
}

/** Feeds a fixture to a store of the dialect, one frame per ingest (binary, the fast path). */
function replay(dialect: DialectName, folder: string, name: string): Replayed {
  const frames = readFileSync(path.join(ROOT, folder, `${name}.jsonl`), 'utf8').split('\n').filter(Boolean);
  const reference = JSON.parse(readFileSync(path.join(ROOT, folder, `${name}.reference.json`), 'utf8')) as Json;
  const store = createWireStore({ dialect, notify: 'sync' });
  const events: Array<[string, unknown]> = [];
  store.on('*', (value, eventName) => events.push([eventName, value]));
  const encoder = new TextEncoder();
  for (const frame of frames) store.ingestBytes(encoder.encode(frame));
  store.flush();
  return { store, frames, reference, events };
}

const message = (store: WireStore, id: string) => store.getSnapshot(`messages/${id}`) as Message;

/** Each text (or reasoning) part's text, cut out of the slice at the starts `parts` gives. */
function partTexts(m: Message, kind: 'text' | 'reasoning'): string[] {
  const text = kind === 'text' ? m.content : m.reasoning;
  const starts = m.parts.filter((p) => p.type === kind).map((p) => p.start ?? 0);
  return starts.map((start, i) => text.slice(start, starts[i + 1] ?? text.length));
}

/** The store's errors: none may come out of a protocol's own stream. */
function expectNoErrors(store: WireStore) {
  expect(store.getSnapshot('errors') ?? []).toEqual([]);
}

/** `meta` holds at least every member of `expected`. */
function expectMetaIncludes(m: Message, expected: Json | undefined) {
  for (const [k, v] of Object.entries(expected ?? {})) expect((m.meta as Json)?.[k]).toEqual(v);
}

describe('ai-sdk: the UI message stream against readUIMessageStream', () => {
  for (const name of scenarios('ai-sdk')) {
    it(`${name}: the message readUIMessageStream built`, () => {
      const { store, frames, reference, events } = replay('ai-sdk', 'ai-sdk', name);
      expectNoErrors(store);
      const ref = reference.message as Json;
      expect(store.getSnapshot('messages')).toEqual([ref.id]);
      const m = message(store, ref.id);
      expect(m.role).toBe(ref.role);
      const parts = ref.parts as Json[];
      const texts = parts.filter((p) => p.type === 'text').map((p) => p.text);
      const reasoning = parts.filter((p) => p.type === 'reasoning').map((p) => p.text);
      expect(m.content).toBe(texts.join(''));
      expect(partTexts(m, 'text')).toEqual(texts);
      expect(m.reasoning).toBe(reasoning.join(''));
      expect(partTexts(m, 'reasoning')).toEqual(reasoning);
      // Text, reasoning and tool parts in the reference's order.
      const order = parts
        .filter((p) => p.type === 'text' || p.type === 'reasoning' || String(p.type).startsWith('tool-'))
        .map((p) => (String(p.type).startsWith('tool-') ? 'tool' : p.type));
      expect(m.parts.map((p) => p.type)).toEqual(order);
      const tools = parts.filter((p) => String(p.type).startsWith('tool-') || p.type === 'dynamic-tool');
      expect(m.tools.map((t) => t.toolCallId)).toEqual(tools.map((t) => t.toolCallId));
      tools.forEach((ref, i) => {
        const t = m.tools[i]!;
        expect(t.name).toBe(ref.type === 'dynamic-tool' ? ref.toolName : String(ref.type).slice('tool-'.length));
        expect(t.args).toEqual(ref.input ?? null);
        const status = { 'output-available': 'done', 'output-error': 'error', 'output-denied': 'denied' }[ref.state as string];
        expect(t.status).toBe(status ?? 'running');
        expect(t.result).toEqual(ref.state === 'output-available' ? ref.output : null);
        expect(t.error).toEqual(ref.state === 'output-error' ? ref.errorText : null);
        expect((t.approval as Json | null)?.approvalId ?? null).toBe(ref.approval?.id ?? null);
      });
      const sources = parts
        .filter((p) => p.type === 'source-url' || p.type === 'source-document')
        .map((p) =>
          p.type === 'source-url'
            ? { id: p.sourceId, type: 'url', url: p.url, ...(p.title === undefined ? {} : { title: p.title }) }
            : { id: p.sourceId, type: 'document', mediaType: p.mediaType, title: p.title, ...(p.filename === undefined ? {} : { filename: p.filename }) },
        );
      expect(m.sources).toEqual(sources);
      const data = parts.filter((p) => String(p.type).startsWith('data-'));
      for (const kind of new Set(data.map((p) => p.type as string))) {
        const kept = data.filter((p) => p.type === kind).map((p) => (p.id === undefined ? { data: p.data } : { id: p.id, data: p.data }));
        expect(m.custom[kind]).toEqual(kept);
      }
      expectMetaIncludes(m, ref.metadata);
      // Transient parts: delivered to store.on, in the message nowhere (as the reference).
      const transient = frames.map((f) => JSON.parse(f) as Json).filter((c) => c.transient === true);
      expect(events).toEqual(transient.map((c) => [c.type, c.data]));
      for (const c of transient) expect(m.custom[c.type]).toBeUndefined();
      // The form an approval request opens.
      const asked = tools.find((t) => t.state === 'approval-requested');
      expect(m.elicitation).toEqual(
        asked ? { elicitationId: asked.approval.id, schema: null, mode: 'approval', message: null, toolCallId: asked.toolCallId } : null,
      );
      // The end, as the stream protocol says it: an error chunk (what readUIMessageStream
      // reported), an abort, or a finish.
      const kinds = frames.map((f) => (JSON.parse(f) as Json).type);
      if ((reference.errors as string[]).length > 0) {
        expect(m.status).toBe('error');
        expect(`Error: ${m.error?.message}`).toBe(reference.errors[0]);
      } else if (kinds.includes('abort')) {
        expect(m.status).toBe('cancelled');
      } else {
        expect(m.status).toBe(kinds.includes('finish') ? 'done' : 'streaming');
      }
      store.destroy();
    });
  }
});

describe('agui: AG-UI events against HttpAgent', () => {
  for (const name of scenarios('agui')) {
    it(`${name}: the messages, state and interrupts HttpAgent kept`, () => {
      const { store, reference, events } = replay('agui', 'agui', name);
      expectNoErrors(store);
      const refMessages = reference.messages as Json[];
      const results = new Map(refMessages.filter((r) => r.role === 'tool').map((r) => [r.toolCallId, r.content]));
      const kept = refMessages.filter((r) => r.role !== 'tool');
      expect(store.getSnapshot('messages')).toEqual(kept.map((r) => r.id));
      for (const ref of kept) {
        const m = message(store, ref.id);
        expect(m.role).toBe(ref.role);
        if (ref.role === 'reasoning') expect(m.reasoning).toBe(ref.content);
        else if (ref.role === 'activity') {
          expect(m.custom.activity).toEqual(ref.content);
          expect((m.meta as Json).activityType).toBe(ref.activityType);
        } else expect(m.content).toBe(ref.content ?? '');
        const calls = (ref.toolCalls ?? []) as Json[];
        expect(m.tools.map((t) => t.toolCallId)).toEqual(calls.map((c) => c.id));
        calls.forEach((c, i) => {
          const t = m.tools[i]!;
          expect(t.name).toBe(c.function.name);
          expect(t.argsText).toBe(c.function.arguments);
          expect(t.args).toEqual(JSON.parse(c.function.arguments));
          expect(t.result).toEqual(results.get(c.id) ?? null);
        });
      }
      expect(store.getSnapshot('state') ?? {}).toEqual(reference.state);
      expect(events.filter(([n]) => n !== 'RAW')).toEqual((reference.custom as Json[]).map((c) => [c.name, c.value]));
      const run = store.getSnapshot('run')!;
      const interrupts = reference.interrupts as Json[];
      if (interrupts.length > 0) {
        expect(run.status).toBe('interrupted');
        const first = interrupts[0]!;
        const holder = kept.find((r) => (r.toolCalls ?? []).some((c: Json) => c.id === first.toolCallId)) ?? kept[kept.length - 1]!;
        expect(message(store, holder.id).elicitation).toEqual({
          elicitationId: first.id,
          schema: first.responseSchema ?? null,
          mode: 'interrupt',
          message: first.message ?? null,
          toolCallId: first.toolCallId ?? null,
        });
      } else if ((reference.errors as Json[]).length > 0) {
        const error = reference.errors[0];
        expect(run.status).toBe('error');
        expect(run.error).toEqual({ code: error.code ?? null, message: error.message });
        for (const ref of kept) expect(message(store, ref.id).status).toBe('error');
      } else {
        expect(run.status).toBe('finished');
        for (const ref of kept) expect(message(store, ref.id).status).toBe('done');
      }
      store.destroy();
    });
  }
});

describe('openai-responses: Responses events against the SDK stream helper', () => {
  for (const name of scenarios('openai')) {
    it(`${name}: the response responses.stream finished with`, () => {
      const { store, reference } = replay('openai-responses', 'openai', name);
      expectNoErrors(store);
      const response = reference.response as Json;
      expect(store.getSnapshot('messages')).toEqual([response.id]);
      const m = message(store, response.id);
      const output = response.output as Json[];
      const items = output.filter((o) => o.type === 'message');
      expect(m.content).toBe(response.output_text);
      const itemText = (o: Json) =>
        (o.content as Json[]).filter((c) => c.type === 'output_text').map((c) => c.text).join('');
      expect(partTexts(m, 'text')).toEqual(items.map(itemText));
      const summaries = output.filter((o) => o.type === 'reasoning');
      const summaryText = (o: Json) => (o.summary as Json[]).map((s) => s.text).join('');
      expect(m.reasoning).toBe(summaries.map(summaryText).join(''));
      expect(partTexts(m, 'reasoning')).toEqual(summaries.map(summaryText));
      const calls = output.filter((o) => o.type === 'function_call');
      expect(m.tools.map((t) => [t.toolCallId, t.name, t.argsText, t.args])).toEqual(
        calls.map((c) => [c.call_id, c.name, c.arguments, JSON.parse(c.arguments)]),
      );
      const annotations = items.flatMap((o) => (o.content as Json[]).flatMap((c) => c.annotations ?? []));
      expect(m.citations).toEqual(annotations);
      expect(m.sources).toEqual(
        annotations.filter((a) => a.type === 'url_citation').map((a) => ({ url: a.url, title: a.title })),
      );
      expectMetaIncludes(m, { usage: response.usage, status: response.status });
      if (response.status === 'failed') {
        expect(m.status).toBe('error');
        expect(m.error).toEqual({ code: response.error.code, message: response.error.message });
      } else {
        expect(m.status).toBe('done');
        if (response.status === 'incomplete') expectMetaIncludes(m, { incompleteDetails: response.incomplete_details });
      }
      store.destroy();
    });
  }
});

describe('anthropic: Messages events against MessageStream', () => {
  for (const name of scenarios('anthropic')) {
    it(`${name}: the message MessageStream accumulated`, () => {
      const { store, reference } = replay('anthropic', 'anthropic', name);
      expectNoErrors(store);
      const ref = (reference.message ?? reference.partial) as Json;
      expect(store.getSnapshot('messages')).toEqual([ref.id]);
      const m = message(store, ref.id);
      const blocks = ref.content as Json[];
      const texts = blocks.filter((b) => b.type === 'text').map((b) => b.text);
      const thinking = blocks.filter((b) => b.type === 'thinking').map((b) => b.thinking);
      expect(m.content).toBe(texts.join(''));
      expect(partTexts(m, 'text')).toEqual(texts);
      expect(m.reasoning).toBe(thinking.join(''));
      const uses = blocks.filter((b) => b.type === 'tool_use');
      expect(m.tools.map((t) => [t.toolCallId, t.name, t.args])).toEqual(uses.map((b) => [b.id, b.name, b.input]));
      expect(m.citations).toEqual(blocks.flatMap((b) => b.citations ?? []));
      expect(m.parts.map((p) => p.type)).toEqual(
        blocks.map((b) => ({ text: 'text', thinking: 'reasoning', tool_use: 'tool' })[b.type as 'text']),
      );
      if (reference.failure) {
        expect(m.status).toBe('error');
        expect(reference.failure).toContain(m.error?.message);
      } else {
        expect(m.status).toBe('done');
        expectMetaIncludes(m, { stopReason: ref.stop_reason, model: ref.model });
        expect((m.meta as Json).usage).toMatchObject({
          input_tokens: ref.usage.input_tokens,
          output_tokens: ref.usage.output_tokens,
        });
      }
      store.destroy();
    });
  }
});

describe('replies the protocols expect', () => {
  it('ai-sdk: replying to an approval records it on the call and returns the approval chunk', () => {
    const { store } = replay('ai-sdk', 'ai-sdk', 'approval');
    const form = store.getSnapshot('messages/msg-approval/elicitation')!;
    const reply = store.reply('msg-approval', { approved: false, reason: 'not that file' });
    expect(reply).toEqual({ type: 'tool-approval-response', approvalId: form.elicitationId, approved: false, reason: 'not that file' });
    expect(store.getSnapshot('messages/msg-approval/elicitation')).toBeNull();
    const call = store.getSnapshot('messages/msg-approval/tools')![0]!;
    expect(call.approval).toEqual({ approvalId: form.elicitationId, approved: false, reason: 'not that file' });
    expect(() => store.reply('msg-approval')).toThrow(/no open elicitation/);
    store.destroy();
  });

  it('agui: replying to an interrupt returns the resume entry of the next run', () => {
    const { store } = replay('agui', 'agui', 'interrupt');
    expect(store.reply('msg-ask', { values: { approved: true } })).toEqual({
      interruptId: 'interrupt-1',
      status: 'resolved',
      payload: { approved: true },
    });
    expect(store.getSnapshot('messages/msg-ask/elicitation')).toBeNull();
    store.destroy();
  });

  it('a dialect name that does not exist throws at creation, naming the choices', () => {
    expect(() => createWireStore({ dialect: 'ag-ui' as DialectName })).toThrow(
      /unknown dialect "ag-ui"; use one of 'agui', 'ai-sdk', 'anthropic', 'openai-responses', 'wirestore'/,
    );
  });

  it('user routes extend and override the dialect', () => {
    const store = createWireStore({
      dialect: 'anthropic',
      notify: 'sync',
      routes: { ping: { op: 'event', name: { value: 'ping' } }, 'content_block_delta[delta.type=text_delta]': { op: 'ignore' } },
    });
    const seen: string[] = [];
    store.on('ping', (_value, name) => seen.push(name));
    store.ingest('{"type":"message_start","message":{"id":"m","model":"x"}}');
    store.ingest('{"type":"ping"}');
    store.ingest('{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"hidden"}}');
    store.flush();
    expect(seen).toEqual(['ping']);
    expect(store.getSnapshot('messages/m/content')).toBe('');
    store.destroy();
  });
});

describe('dialects over store.stream: the protocols’ own HTTP bodies', () => {
  /** The fixture's frames as the SSE body its server sends (named events where it names them). */
  function body(folder: string, name: string, named: boolean): string {
    const frames = readFileSync(path.join(ROOT, folder, `${name}.jsonl`), 'utf8').split('\n').filter(Boolean);
    const events = frames.map((f) => `${named ? `event: ${(JSON.parse(f) as Json).type}\n` : ''}data: ${f}\n\n`);
    return events.join('') + (folder === 'ai-sdk' ? 'data: [DONE]\n\n' : '');
  }
  const cases: Array<[DialectName, string, string, boolean]> = [
    ['ai-sdk', 'ai-sdk', 'chat', false],
    ['agui', 'agui', 'run', false],
    ['openai-responses', 'openai', 'response', true],
    ['anthropic', 'anthropic', 'message', true],
  ];
  for (const [dialect, folder, name, named] of cases) {
    it(`${dialect}: an SSE body through store.stream ends as the frames did one by one`, async () => {
      const expected = replay(dialect, folder, name).store;
      const store = createWireStore({ dialect, notify: 'sync' });
      const sse = body(folder, name, named);
      // Cut in 61-byte chunks: events and UTF-8 sequences span the reads.
      const bytes = new TextEncoder().encode(sse);
      const chunks = new ReadableStream<Uint8Array>({
        start(c) {
          for (let i = 0; i < bytes.length; i += 61) c.enqueue(bytes.slice(i, i + 61));
          c.close();
        },
      });
      const handle = store.stream(new Response(chunks, { headers: { 'content-type': 'text/event-stream' } }));
      await handle.done;
      store.flush();
      expectNoErrors(store);
      const ids = expected.getSnapshot('messages')!;
      expect(store.getSnapshot('messages')).toEqual(ids);
      for (const id of ids) expect(store.getSnapshot(`messages/${id}`)).toEqual(expected.getSnapshot(`messages/${id}`));
      expect(store.getSnapshot('state')).toEqual(expected.getSnapshot('state'));
      store.destroy();
      expected.destroy();
    });
  }

  it('two AI SDK streams at once each fill their own message', async () => {
    const store = createWireStore({ dialect: 'ai-sdk', notify: 'sync' });
    const sse = (name: string) => new Response(body('ai-sdk', name, false), { headers: { 'content-type': 'text/event-stream' } });
    await Promise.all([store.stream(sse('chat')).done, store.stream(sse('parallel')).done]);
    store.flush();
    expectNoErrors(store);
    for (const [id, name] of [['msg-chat', 'chat'], ['msg-parallel', 'parallel']] as const) {
      const alone = replay('ai-sdk', 'ai-sdk', name).store;
      expect(store.getSnapshot(`messages/${id}`)).toEqual(alone.getSnapshot(`messages/${id}`));
      alone.destroy();
    }
    store.destroy();
  });
});
