// @ts-check
// OpenAI Responses streaming: events typed by the `openai` package (ResponseStreamEvent, checked
// by `tsc --checkJs` on this file), each `.done` event and the final `response.completed` built
// by the package's own accumulator (accumulateResponse) from the events before it, so they
// agree with the deltas exactly as the API's do. The reference is what the SDK's stream helper
// (client.responses.stream over this body, through its own SSE parser) finishes with.
import OpenAI from 'openai';
import { accumulateResponse } from 'openai/lib/responses/ResponseAccumulator';
import { chunks, namedSse, pieces, random, sseResponse } from '../common.mjs';

/** @typedef {import('openai/resources/responses/responses').ResponseStreamEvent} Event */
/** @typedef {import('openai/resources/responses/responses').Response} Response */

/** @returns {Response} */
function base(id) {
  return {
    id,
    object: 'response',
    created_at: 1733000000,
    status: 'in_progress',
    model: 'gpt-5-mini',
    output: [],
    output_text: '',
    parallel_tool_calls: true,
    tool_choice: 'auto',
    tools: [],
    error: null,
    incomplete_details: null,
    instructions: null,
    metadata: {},
    temperature: 1,
    top_p: 1,
    access_programs: null,
  };
}

/** Builds one response's events in order, numbering them and accumulating the snapshot. */
class Stream {
  constructor(id) {
    /** @type {Event[]} */
    this.events = [];
    this.seq = 0;
    this.snapshot = base(id);
    this.emit({ type: 'response.created', response: base(id), sequence_number: 0 });
    this.emit({ type: 'response.in_progress', response: base(id), sequence_number: 0 });
  }

  /** @param {Event} event */
  emit(event) {
    const numbered = { ...event, sequence_number: this.seq++ };
    this.events.push(numbered);
    this.snapshot = accumulateResponse(numbered, this.snapshot);
  }

  get next() {
    return this.snapshot.output.length;
  }

  /** The accumulated item at `index`, finished. */
  done(index) {
    const item = structuredClone(this.snapshot.output[index]);
    if (item && 'status' in item) item.status = 'completed';
    this.emit({ type: 'response.output_item.done', output_index: index, item: /** @type {any} */ (item), sequence_number: 0 });
  }

  reasoning(id, parts) {
    const index = this.next;
    this.emit({ type: 'response.output_item.added', output_index: index, item: { id, type: 'reasoning', summary: [], status: 'in_progress' }, sequence_number: 0 });
    this.emit({ type: 'response.reasoning_summary_part.added', item_id: id, output_index: index, summary_index: 0, part: { type: 'summary_text', text: '' }, sequence_number: 0 });
    for (const delta of parts) {
      this.emit({ type: 'response.reasoning_summary_text.delta', item_id: id, output_index: index, summary_index: 0, delta, sequence_number: 0 });
    }
    const text = parts.join('');
    this.emit({ type: 'response.reasoning_summary_text.done', item_id: id, output_index: index, summary_index: 0, text, sequence_number: 0 });
    this.emit({ type: 'response.reasoning_summary_part.done', item_id: id, output_index: index, summary_index: 0, part: { type: 'summary_text', text }, sequence_number: 0 });
    this.done(index);
  }

  /** A message item with one output_text part streaming `parts`, and its annotations. */
  message(id, parts, annotations = []) {
    const index = this.next;
    this.emit({ type: 'response.output_item.added', output_index: index, item: { id, type: 'message', role: 'assistant', status: 'in_progress', content: [] }, sequence_number: 0 });
    const part = { item_id: id, output_index: index, content_index: 0 };
    this.emit({ type: 'response.content_part.added', ...part, part: { type: 'output_text', text: '', annotations: [] }, sequence_number: 0 });
    for (const delta of parts) this.emit({ type: 'response.output_text.delta', ...part, delta, logprobs: [], sequence_number: 0 });
    annotations.forEach((annotation, n) => {
      this.emit({ type: 'response.output_text.annotation.added', ...part, annotation_index: n, annotation, sequence_number: 0 });
    });
    this.emit({ type: 'response.output_text.done', ...part, text: parts.join(''), logprobs: [], sequence_number: 0 });
    const content = this.snapshot.output[index];
    const finished = content && content.type === 'message' ? content.content[0] : undefined;
    if (finished) this.emit({ type: 'response.content_part.done', ...part, part: structuredClone(finished), sequence_number: 0 });
    this.done(index);
  }

  /** Function calls whose argument deltas interleave, one list of pieces per call. */
  functionCalls(calls) {
    const indices = calls.map(({ id, callId, name }) => {
      const index = this.next;
      this.emit({ type: 'response.output_item.added', output_index: index, item: { id, type: 'function_call', call_id: callId, name, arguments: '', status: 'in_progress' }, sequence_number: 0 });
      return index;
    });
    for (let step = 0; calls.some((c) => c.pieces.length > step); step++) {
      calls.forEach((c, n) => {
        const delta = c.pieces[step];
        if (delta !== undefined) this.emit({ type: 'response.function_call_arguments.delta', item_id: c.id, output_index: indices[n] ?? 0, delta, sequence_number: 0 });
      });
    }
    calls.forEach((c, n) => {
      this.emit({ type: 'response.function_call_arguments.done', item_id: c.id, output_index: indices[n] ?? 0, arguments: c.pieces.join(''), sequence_number: 0 });
      this.done(indices[n] ?? 0);
    });
  }

  /** The last event: `response.completed` (or `.incomplete`, `.failed`) with the snapshot. */
  end(type, extra = {}) {
    const status = { 'response.completed': 'completed', 'response.incomplete': 'incomplete', 'response.failed': 'failed' }[type];
    const response = { ...structuredClone(this.snapshot), status, usage: { input_tokens: 20, input_tokens_details: { cached_tokens: 0 }, output_tokens: 40, output_tokens_details: { reasoning_tokens: 8 }, total_tokens: 60 }, ...extra };
    this.emit(/** @type {Event} */ ({ type, response, sequence_number: 0 }));
    return this.events;
  }
}

const calls = (rand, specs) =>
  specs.map(([n, name, args]) => ({ id: `fc_${n}`, callId: `call_${n}`, name, pieces: chunks(rand, JSON.stringify(args), 4) }));

/** @type {Record<string, () => Event[]>} */
const streams = {
  // A reasoning summary, an answer with a citation, two function calls streaming at once.
  response: () => {
    const rand = random(31);
    const s = new Stream('resp_basic');
    s.reasoning('rs_1', ['Looking ', 'for ', 'the weather… ']);
    s.message('msg_1', ['The weather ', 'in Zürich ', 'is ☀ ', 'today, ', 'says 東京 TV.'], [
      { type: 'url_citation', url: 'https://example.com/weather', title: 'Weather ✓', start_index: 4, end_index: 11 },
    ]);
    s.functionCalls(calls(rand, [[1, 'get_weather', { city: 'Zürich' }], [2, 'get_time', { tz: 'Europe/Zurich' }]]));
    return s.end('response.completed');
  },

  // 1,200 deltas in many scripts, three function calls with long arguments.
  long: () => {
    const rand = random(37);
    const s = new Stream('resp_long');
    s.reasoning('rs_long', pieces(rand, 150));
    s.message('msg_long', pieces(rand, 1200));
    s.functionCalls(calls(rand, [1, 2, 3].map((n) => [n, `tool_${n}`, { text: pieces(rand, 40).join(''), n }])));
    return s.end('response.completed');
  },

  // Cut short by the token limit.
  incomplete: () => {
    const s = new Stream('resp_cut');
    s.message('msg_cut', ['This answer ', 'was cut ', 'sh']);
    return s.end('response.incomplete', { incomplete_details: { reason: 'max_output_tokens' } });
  },

  // The response fails.
  failed: () => {
    const s = new Stream('resp_fail');
    s.message('msg_fail', ['Starting… ']);
    return s.end('response.failed', { error: { code: 'server_error', message: 'The server had an error ✗' } });
  },
};

/** The reference: the SDK's stream helper over the body. */
async function reference(body) {
  const client = new OpenAI({ apiKey: 'test', baseURL: 'http://127.0.0.1/v1', fetch: async () => sseResponse(body), maxRetries: 0 });
  const stream = client.responses.stream({ model: 'gpt-5-mini', input: 'hi' });
  let failure = null;
  let response = null;
  try {
    response = await stream.finalResponse();
  } catch (e) {
    failure = String(e instanceof Error ? e.message : e);
  }
  return { response, failure };
}

/** Every scenario: the body the API sends, and the reference reader's result. */
export const scenarios = Object.fromEntries(
  Object.entries(streams).map(([name, events]) => [
    name,
    async () => {
      const sse = namedSse(events());
      return { sse, reference: await reference(sse) };
    },
  ]),
);
