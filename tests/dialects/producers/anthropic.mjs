// @ts-check
// Anthropic Messages streaming: events typed by `@anthropic-ai/sdk` (RawMessageStreamEvent,
// checked by `tsc --checkJs` on this file), served as the API serves them (`event:` + `data:`,
// `ping`s between, an `error` event when it fails). The reference is what the SDK's own
// MessageStream accumulates through the client's SSE parser: its final message, or its error
// and the message so far.
import Anthropic from '@anthropic-ai/sdk';
import { chunks, namedSse, pieces, random, sseResponse } from '../common.mjs';

/** @typedef {import('@anthropic-ai/sdk/resources/messages').RawMessageStreamEvent} Event */
/** @typedef {Event | {type: 'ping'} | {type: 'error', error: {type: string, message: string}}} WireEvent */

/** @returns {Event} */
function start(id) {
  return {
    type: 'message_start',
    message: {
      id,
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [],
      container: null,
      diagnostics: null,
      stop_details: null,
      stop_reason: null,
      stop_sequence: null,
      usage: {
        input_tokens: 25,
        output_tokens: 1,
        cache_creation: null,
        cache_creation_input_tokens: null,
        cache_read_input_tokens: null,
        inference_geo: null,
        output_tokens_details: null,
        server_tool_use: null,
        service_tier: 'standard',
        speed: null,
      },
    },
  };
}

/** Builds one message's events, numbering the content blocks. */
class Stream {
  constructor(id) {
    /** @type {WireEvent[]} */
    this.events = [start(id)];
    this.index = 0;
  }

  /** A text block streaming `parts`; `citations` arrive as citations_delta after them. */
  text(parts, citations = []) {
    const index = this.index++;
    this.events.push({ type: 'content_block_start', index, content_block: { type: 'text', text: '', citations: null } });
    parts.forEach((text, n) => {
      this.events.push({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } });
      if (n % 50 === 25) this.events.push({ type: 'ping' });
    });
    for (const citation of citations) this.events.push({ type: 'content_block_delta', index, delta: { type: 'citations_delta', citation } });
    this.events.push({ type: 'content_block_stop', index });
  }

  thinking(parts, signature) {
    const index = this.index++;
    this.events.push({ type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } });
    for (const thinking of parts) this.events.push({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking } });
    this.events.push({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature } });
    this.events.push({ type: 'content_block_stop', index });
  }

  /** A tool_use block whose input streams as input_json_delta pieces. */
  tool(id, name, input, rand, size) {
    const index = this.index++;
    this.events.push({ type: 'content_block_start', index, content_block: { type: 'tool_use', id, name, input: {}, caller: { type: 'direct' } } });
    for (const partial_json of chunks(rand, JSON.stringify(input), size)) {
      this.events.push({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json } });
    }
    this.events.push({ type: 'content_block_stop', index });
  }

  /** message_delta (the stop reason and the cumulative usage), then message_stop. */
  end(stopReason, outputTokens) {
    this.events.push({
      type: 'message_delta',
      delta: { stop_reason: stopReason, stop_sequence: null, container: null, stop_details: null },
      usage: { output_tokens: outputTokens, input_tokens: null, cache_creation_input_tokens: null, cache_read_input_tokens: null, server_tool_use: null, output_tokens_details: null },
    });
    this.events.push({ type: 'message_stop' });
    return this.events;
  }
}

/** @type {Record<string, () => WireEvent[]>} */
const streams = {
  // Thinking with its signature, a text with a citation, a tool call's input in pieces.
  message: () => {
    const rand = random(41);
    const s = new Stream('msg_01basic');
    s.thinking(['The user asks ', 'about Zürich… ', 'use the tool.'], 'sig-EqQBCgYIARAB');
    s.text(['According to ', 'the report, ', 'Zürich is ☀ ', 'today (東京 too).'], [
      { type: 'char_location', cited_text: 'Zürich is sunny', document_index: 0, document_title: 'Report ✓', start_char_index: 10, end_char_index: 25, file_id: null },
    ]);
    s.tool('toolu_01', 'get_weather', { city: 'Zürich', unit: 'celsius' }, rand, 5);
    return s.end('tool_use', 87);
  },

  // 1,200 text deltas in many scripts; three tool calls whose inputs arrive in tiny pieces
  // (fine-grained tool streaming).
  long: () => {
    const rand = random(43);
    const s = new Stream('msg_01long');
    s.text(pieces(rand, 1200));
    for (let n = 1; n <= 3; n++) s.tool(`toolu_0${n}`, `tool_${n}`, { text: pieces(rand, 40).join(''), n, nested: { list: [n, 'é', '😀'] } }, rand, 2);
    return s.end('tool_use', 2400);
  },

  // Cut by max_tokens.
  max_tokens: () => {
    const s = new Stream('msg_01cut');
    s.text(['This answer ', 'was cut sh']);
    return s.end('max_tokens', 12);
  },

  // The API fails mid-stream with an `error` event.
  error: () => {
    const s = new Stream('msg_01fail');
    const index = s.index++;
    s.events.push({ type: 'content_block_start', index, content_block: { type: 'text', text: '', citations: null } });
    s.events.push({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: 'Half an ' } });
    s.events.push({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
    return s.events;
  },
};

/** The reference: MessageStream over the body, through the client. */
async function reference(body) {
  const client = new Anthropic({ apiKey: 'test', baseURL: 'http://127.0.0.1', fetch: async () => sseResponse(body), maxRetries: 0 });
  const stream = client.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 4096, messages: [{ role: 'user', content: 'hi' }] });
  let snapshot = null;
  stream.on('streamEvent', (_event, current) => {
    snapshot = structuredClone(current);
  });
  try {
    return { message: await stream.finalMessage(), failure: null, partial: null };
  } catch (e) {
    return { message: null, failure: String(e instanceof Error ? e.message : e), partial: snapshot };
  }
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
