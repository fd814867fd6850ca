// @ts-check
// The AI SDK UI message stream, produced by the `ai` package itself (streamText over its mock
// model from `ai/test`, and createUIMessageStream's writer), served by
// createUIMessageStreamResponse, and read back the way useChat reads it: DefaultChatTransport
// parses the body (eventsource-parser + the chunk schema) and readUIMessageStream builds the
// message. Its last message is the reference.
import {
  DefaultChatTransport,
  createUIMessageStream,
  createUIMessageStreamResponse,
  readUIMessageStream,
  stepCountIs,
  streamText,
  tool,
} from 'ai';
import { MockLanguageModelV4, convertArrayToReadableStream, mockId } from 'ai/test';
import { z } from 'zod';
import { chunks, pieces, random } from '../common.mjs';

/** @typedef {import('@ai-sdk/provider').LanguageModelV4StreamPart} ModelPart */
/** @typedef {import('ai').UIMessageChunk} Chunk */

const usage = (output) => ({
  inputTokens: { total: 12, noCache: 12, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: output, text: output, reasoning: 0 },
});

/** @returns {ModelPart} */
const finish = (reason, tokens) => ({
  type: 'finish',
  usage: usage(tokens),
  finishReason: { unified: reason, raw: reason },
});

/**
 * A text part of the model's stream, one delta per piece.
 * @returns {ModelPart[]}
 */
function text(id, parts, kind = 'text') {
  return [
    { type: `${kind}-start`, id },
    ...parts.map((delta) => ({ type: `${kind}-delta`, id, delta })),
    { type: `${kind}-end`, id },
  ].map((p) => /** @type {ModelPart} */ (p));
}

/**
 * A tool call whose input streams in the given chunks.
 * @returns {ModelPart[]}
 */
function toolCall(id, toolName, input, inputChunks) {
  return [
    { type: 'tool-input-start', id, toolName },
    ...inputChunks.map((delta) => /** @type {ModelPart} */ ({ type: 'tool-input-delta', id, delta })),
    { type: 'tool-input-end', id },
    { type: 'tool-call', toolCallId: id, toolName, input: JSON.stringify(input) },
  ];
}

/** A mock model that streams `steps[i]` on its i-th call. */
function model(steps) {
  let call = 0;
  return new MockLanguageModelV4({
    doStream: async () => ({ stream: convertArrayToReadableStream(steps[call++] ?? []) }),
  });
}

/**
 * `streamText` with fixed ids (approval ids included) and errors kept out of the console:
 * they reach the stream as `error` chunks, which is what is under test.
 * @param {Parameters<typeof streamText>[0]} options
 */
function run(options) {
  return streamText({ ...options, onError: () => {}, _internal: { generateId: mockId({ prefix: 'id' }) } });
}

/** The stream of one `streamText` run, as the server route returns it. */
function serve(execute) {
  return createUIMessageStreamResponse({ stream: createUIMessageStream({ execute, generateId: () => 'gen' }) });
}

/** Metadata on start and finish, the documented `messageMetadata` callback. */
function messageMetadata({ part }) {
  if (part.type === 'start') return { model: 'mock-model', createdAt: 1733000000000 };
  if (part.type === 'finish') return { finishReason: part.finishReason, totalTokens: part.totalUsage.totalTokens };
  return undefined;
}

/** The reference: what readUIMessageStream builds from the body, and what it reported. */
async function reference(body) {
  const transport = new DefaultChatTransport({
    api: 'http://127.0.0.1/api/chat',
    fetch: async () => new Response(body, { headers: { 'content-type': 'text/event-stream' } }),
  });
  const stream = await transport.sendMessages({
    chatId: 'chat',
    messages: [],
    trigger: 'submit-message',
    messageId: undefined,
    abortSignal: undefined,
  });
  const errors = [];
  let message;
  for await (const m of readUIMessageStream({ stream, onError: (e) => errors.push(String(e)) })) message = m;
  return { message, errors };
}

const weather = (writer) =>
  tool({
    description: 'The weather in a city',
    inputSchema: z.object({ city: z.string(), days: z.number().optional() }),
    execute: async ({ city, days }) => {
      // Progress as a data part with an id: the later write replaces it in place.
      writer.write({ type: 'data-weather', id: `weather-${city}`, data: { city, status: 'loading' } });
      writer.write({ type: 'data-notification', data: { text: `looking up ${city}` }, transient: true });
      writer.write({ type: 'data-weather', id: `weather-${city}`, data: { city, status: 'done', temp: 21 } });
      return { city, days: days ?? 1, forecast: ['sun', 'sun ☀', 'rain'] };
    },
  });

/** @type {Record<string, () => Promise<string>>} */
const bodies = {
  // Reasoning, unicode text, sources, a tool with streamed input, data parts (keyed replace
  // and transient), a second step, metadata on start and finish.
  async chat() {
    const input = { city: 'Zürich', days: 3 };
    const response = serve(({ writer }) => {
      const result = run({
        model: model([
          [
            { type: 'stream-start', warnings: [] },
            ...text('r1', ['Let me ', 'think… ', '🤔'], 'reasoning'),
            ...text('t1', ['Hello ', 'wörld ', '😀, ', 'checking ', '東京 and Zürich.']),
            { type: 'source', sourceType: 'url', id: 'src-1', url: 'https://example.com/a', title: 'Example A' },
            { type: 'source', sourceType: 'document', id: 'src-2', mediaType: 'application/pdf', title: 'Report', filename: 'report.pdf' },
            ...toolCall('call-1', 'weather', input, ['{"city":', '"Zür', 'ich","da', 'ys":3}']),
            finish('tool-calls', 20),
          ],
          [...text('t2', ['It is ', 'sunny ', 'in Zürich.']), finish('stop', 8)],
        ]),
        prompt: 'weather?',
        stopWhen: stepCountIs(3),
        tools: { weather: weather(writer) },
      });
      writer.merge(result.toUIMessageStream({ generateMessageId: () => 'msg-chat', messageMetadata, sendSources: true }));
    });
    return response.text();
  },

  // 1,200 text deltas and 300 of reasoning in many scripts; a tool whose input streams in
  // 400 pieces; the answer's second step.
  async long() {
    const rand = random(7);
    const input = { query: pieces(rand, 60).join(''), filters: { lang: ['de', 'ja', 'ar'], limit: 50 } };
    const response = serve(({ writer }) => {
      const result = run({
        model: model([
          [
            ...text('r1', pieces(rand, 300), 'reasoning'),
            ...text('t1', pieces(rand, 1200)),
            ...toolCall('call-long', 'weather', { city: input.query, days: 2 }, chunks(rand, JSON.stringify({ city: input.query, days: 2 }), 3)),
            finish('tool-calls', 1500),
          ],
          [...text('t2', pieces(rand, 200)), finish('stop', 200)],
        ]),
        prompt: 'long',
        stopWhen: stepCountIs(3),
        tools: { weather: weather(writer) },
      });
      writer.merge(result.toUIMessageStream({ generateMessageId: () => 'msg-long', sendReasoning: true }));
    });
    return response.text();
  },

  // Two text parts streaming at once (interleaved deltas, as a merged stream writes them)
  // and three tool calls whose inputs interleave.
  async parallel() {
    const rand = random(11);
    const a = pieces(rand, 80);
    const b = pieces(rand, 80);
    const inputs = [{ city: 'Paris' }, { city: 'Lagos', days: 2 }, { city: 'Ōsaka' }];
    const response = serve(({ writer }) => {
      writer.write({ type: 'start', messageId: 'msg-parallel' });
      writer.write({ type: 'text-start', id: 'left' });
      writer.write({ type: 'text-start', id: 'right' });
      for (let i = 0; i < a.length; i++) {
        writer.write({ type: 'text-delta', id: 'left', delta: a[i] ?? '' });
        writer.write({ type: 'text-delta', id: 'right', delta: b[i] ?? '' });
      }
      writer.write({ type: 'text-end', id: 'left' });
      writer.write({ type: 'text-end', id: 'right' });
      const split = inputs.map((input) => chunks(rand, JSON.stringify(input), 4));
      inputs.forEach((_, n) => writer.write({ type: 'tool-input-start', toolCallId: `call-${n}`, toolName: 'weather' }));
      for (let step = 0; split.some((s) => s.length > step); step++) {
        split.forEach((s, n) => {
          const piece = s[step];
          if (piece !== undefined) writer.write({ type: 'tool-input-delta', toolCallId: `call-${n}`, inputTextDelta: piece });
        });
      }
      inputs.forEach((input, n) => {
        writer.write({ type: 'tool-input-available', toolCallId: `call-${n}`, toolName: 'weather', input });
        writer.write({ type: 'tool-output-available', toolCallId: `call-${n}`, output: { ok: n } });
      });
      writer.write({ type: 'finish', finishReason: 'stop' });
    });
    return response.text();
  },

  // A tool input that fails its schema, a tool that throws, then the model's stream errors.
  async errors() {
    const response = serve(({ writer }) => {
      const result = run({
        model: model([
          [
            ...text('t1', ['Trying ', 'tools.']),
            ...toolCall('call-bad', 'weather', { town: 'Nowhere' }, ['{"town":', '"Nowhere"}']),
            ...toolCall('call-throws', 'broken', { x: 1 }, ['{"x":1}']),
            finish('tool-calls', 5),
          ],
          [...text('t2', ['Half an ans']), { type: 'error', error: new Error('model overloaded') }],
        ]),
        prompt: 'errors',
        stopWhen: stepCountIs(3),
        tools: {
          weather: weather(writer),
          broken: tool({
            inputSchema: z.object({ x: z.number() }),
            /** @returns {Promise<{ ok: boolean }>} */
            execute: async () => {
              throw new Error('the tool broke');
            },
          }),
        },
      });
      writer.merge(result.toUIMessageStream({ generateMessageId: () => 'msg-errors' }));
    });
    return response.text();
  },

  // A tool that needs the user's approval: the stream asks and ends.
  async approval() {
    const response = serve(({ writer }) => {
      const result = run({
        model: model([
          [
            ...text('t1', ['I will ', 'delete it ', 'if you agree.']),
            ...toolCall('call-delete', 'deleteFile', { path: '/tmp/ä.txt' }, ['{"path":"/tmp/', 'ä.txt"}']),
            finish('tool-calls', 9),
          ],
        ]),
        prompt: 'delete',
        stopWhen: stepCountIs(2),
        tools: {
          deleteFile: tool({
            inputSchema: z.object({ path: z.string() }),
            needsApproval: true,
            execute: async ({ path }) => ({ deleted: path }),
          }),
        },
      });
      writer.merge(result.toUIMessageStream({ generateMessageId: () => 'msg-approval' }));
    });
    return response.text();
  },

  // The user stopped the answer: the stream says `abort`.
  async abort() {
    const response = serve(({ writer }) => {
      writer.write({ type: 'start', messageId: 'msg-abort' });
      writer.write({ type: 'start-step' });
      writer.write({ type: 'text-start', id: 't1' });
      writer.write({ type: 'text-delta', id: 't1', delta: 'Once upon a ' });
      writer.write({ type: 'abort', reason: 'user stopped' });
    });
    return response.text();
  },
};

/** Every scenario: the body the server sends, and the reference reader's result. */
export const scenarios = Object.fromEntries(
  Object.entries(bodies).map(([name, body]) => [
    name,
    async () => {
      const sse = await body();
      return { sse, reference: await reference(sse) };
    },
  ]),
);
