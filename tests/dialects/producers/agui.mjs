// @ts-check
// AG-UI: events typed by @ag-ui/core, encoded by @ag-ui/encoder (SSE, as the stock HttpAgent
// expects), and read back by @ag-ui/client's HttpAgent itself: its transport parses the body,
// verifyEvents checks the sequence, transformChunks expands the *_CHUNK events, and
// defaultApplyEvents builds the messages and the state. Those, with the pending interrupts
// and what the run reported, are the reference.
import { EventType } from '@ag-ui/core';
import { EventEncoder } from '@ag-ui/encoder';
import { HttpAgent } from '@ag-ui/client';
import { chunks, pieces, random } from '../common.mjs';

/** @typedef {import('@ag-ui/core').BaseEvent} Event */

const THREAD = 'thread-1';

/** The body of a run: each event encoded as the encoder encodes it for `text/event-stream`. */
function encode(events) {
  const encoder = new EventEncoder({ accept: 'text/event-stream' });
  return events.map((e) => encoder.encodeSSE(e)).join('');
}

/** A text message streaming `parts`. @returns {Event[]} */
function message(id, parts, role = 'assistant') {
  return [
    { type: EventType.TEXT_MESSAGE_START, messageId: id, role },
    ...parts.map((delta) => ({ type: EventType.TEXT_MESSAGE_CONTENT, messageId: id, delta })),
    { type: EventType.TEXT_MESSAGE_END, messageId: id },
  ];
}

/** A tool call whose arguments stream in `argChunks`. @returns {Event[]} */
function toolCall(id, name, argChunks, parentMessageId) {
  return [
    { type: EventType.TOOL_CALL_START, toolCallId: id, toolCallName: name, ...(parentMessageId ? { parentMessageId } : {}) },
    ...argChunks.map((delta) => ({ type: EventType.TOOL_CALL_ARGS, toolCallId: id, delta })),
    { type: EventType.TOOL_CALL_END, toolCallId: id },
  ];
}

/** A reasoning message (its own id, role `reasoning`). @returns {Event[]} */
function reasoning(id, parts) {
  return [
    { type: EventType.REASONING_START, messageId: id },
    { type: EventType.REASONING_MESSAGE_START, messageId: id, role: 'reasoning' },
    ...parts.map((delta) => ({ type: EventType.REASONING_MESSAGE_CONTENT, messageId: id, delta })),
    { type: EventType.REASONING_MESSAGE_END, messageId: id },
    { type: EventType.REASONING_END, messageId: id },
  ];
}

const started = (runId) => ({ type: EventType.RUN_STARTED, threadId: THREAD, runId });
const finished = (runId, extra = {}) => ({ type: EventType.RUN_FINISHED, threadId: THREAD, runId, ...extra });

/** @type {Record<string, () => Event[]>} */
const runs = {
  // Every kind of event once: text, reasoning, a tool call and its result, state snapshot
  // and every JSON Patch op, an activity and its patch, a custom event, steps.
  run: () => [
    started('run-1'),
    { type: EventType.STEP_STARTED, stepName: 'plan' },
    ...reasoning('reason-1', ['The user ', 'wants ', 'weather 🌦']),
    ...message('msg-1', ['Hello ', 'wörld ', '😀 — ', 'checking ', '東京.']),
    ...toolCall('call-1', 'weather', ['{"city":', '"東', '京","unit"', ':"C"}'], 'msg-1'),
    { type: EventType.TOOL_CALL_RESULT, messageId: 'tool-result-1', toolCallId: 'call-1', content: '{"temp":21}', role: 'tool' },
    { type: EventType.STATE_SNAPSHOT, snapshot: { city: 'Tokyo', steps: ['plan'], counts: { a: 1, b: 2 }, old: true } },
    {
      type: EventType.STATE_DELTA,
      delta: [
        { op: 'test', path: '/city', value: 'Tokyo' },
        { op: 'add', path: '/steps/-', value: 'search' },
        { op: 'replace', path: '/counts/a', value: 10 },
        { op: 'remove', path: '/old' },
        { op: 'copy', from: '/counts', path: '/copied' },
        { op: 'move', from: '/counts/b', path: '/moved' },
        { op: 'add', path: '/a~1b', value: { 'm~n': '✓' } },
      ],
    },
    { type: EventType.ACTIVITY_SNAPSHOT, messageId: 'activity-1', activityType: 'PLAN', content: { steps: [{ title: 'search', done: false }] } },
    { type: EventType.ACTIVITY_DELTA, messageId: 'activity-1', activityType: 'PLAN', patch: [{ op: 'replace', path: '/steps/0/done', value: true }] },
    { type: EventType.CUSTOM, name: 'progress', value: { percent: 50 } },
    { type: EventType.STEP_FINISHED, stepName: 'plan' },
    ...message('msg-2', ['It is ', '21 °C ', 'in Tokyo.']),
    finished('run-1', { result: { answer: 'done' } }),
  ],

  // Long and parallel: two messages interleaving 1,600 deltas, four tool calls (one with no
  // parent message), 200 state patches.
  long: () => {
    const rand = random(21);
    const a = pieces(rand, 800);
    const b = pieces(rand, 800);
    /** @type {Event[]} */
    const events = [
      started('run-long'),
      { type: EventType.TEXT_MESSAGE_START, messageId: 'left', role: 'assistant' },
      { type: EventType.TEXT_MESSAGE_START, messageId: 'right', role: 'assistant' },
    ];
    for (let i = 0; i < a.length; i++) {
      events.push({ type: EventType.TEXT_MESSAGE_CONTENT, messageId: 'left', delta: a[i] ?? '' });
      events.push({ type: EventType.TEXT_MESSAGE_CONTENT, messageId: 'right', delta: b[i] ?? '' });
    }
    events.push({ type: EventType.TEXT_MESSAGE_END, messageId: 'left' }, { type: EventType.TEXT_MESSAGE_END, messageId: 'right' });
    for (let n = 0; n < 4; n++) {
      const args = JSON.stringify({ query: pieces(rand, 30).join(''), page: n, tags: ['é', '😀', n] });
      events.push(...toolCall(`call-${n}`, n % 2 ? 'search' : 'fetch', chunks(rand, args, 3), n === 3 ? undefined : 'left'));
      events.push({ type: EventType.TOOL_CALL_RESULT, messageId: `result-${n}`, toolCallId: `call-${n}`, content: `result ${n} ✓` });
    }
    events.push({ type: EventType.STATE_SNAPSHOT, snapshot: { log: [], total: 0 } });
    for (let i = 0; i < 200; i++) {
      events.push({
        type: EventType.STATE_DELTA,
        delta: [
          { op: 'add', path: '/log/-', value: { i, text: (pieces(rand, 1)[0] ?? '').trim() } },
          { op: 'replace', path: '/total', value: i + 1 },
        ],
      });
    }
    events.push(finished('run-long'));
    return events;
  },

  // Human in the loop: the run ends asking the user, with a schema for the answer.
  interrupt: () => [
    started('run-ask'),
    ...message('msg-ask', ['I can book ', 'the flight ✈ ', 'if you confirm.']),
    ...toolCall('call-book', 'bookFlight', ['{"to":"Zürich"}'], 'msg-ask'),
    finished('run-ask', {
      outcome: {
        type: 'interrupt',
        interrupts: [
          {
            id: 'interrupt-1',
            reason: 'confirmation',
            message: 'Book the flight to Zürich?',
            toolCallId: 'call-book',
            responseSchema: { type: 'object', properties: { approved: { type: 'boolean' } }, required: ['approved'] },
          },
        ],
      },
    }),
  ],

  // The run fails in the middle of a message.
  error: () => [
    started('run-fail'),
    { type: EventType.TEXT_MESSAGE_START, messageId: 'msg-fail', role: 'assistant' },
    { type: EventType.TEXT_MESSAGE_CONTENT, messageId: 'msg-fail', delta: 'Half an ' },
    { type: EventType.RUN_ERROR, message: 'the model is overloaded', code: 'overloaded' },
  ],

  // The convenience events: TEXT_MESSAGE_CHUNK and TOOL_CALL_CHUNK, which open and close
  // their message or call themselves.
  chunks: () => [
    started('run-chunks'),
    { type: EventType.TEXT_MESSAGE_CHUNK, messageId: 'msg-chunk', role: 'assistant', delta: 'Chunked ' },
    { type: EventType.TEXT_MESSAGE_CHUNK, messageId: 'msg-chunk', delta: 'text ✓' },
    { type: EventType.TOOL_CALL_CHUNK, toolCallId: 'call-chunk', toolCallName: 'lookup', parentMessageId: 'msg-chunk', delta: '{"id":' },
    { type: EventType.TOOL_CALL_CHUNK, toolCallId: 'call-chunk', delta: '42}' },
    finished('run-chunks'),
  ],
};

/** The reference: HttpAgent's own run over the body. */
async function reference(body, runId) {
  const agent = new HttpAgent({
    url: 'http://127.0.0.1/agent',
    threadId: THREAD,
    fetch: async () => new Response(body, { headers: { 'content-type': 'text/event-stream' } }),
  });
  /** @type {{name: string, value: unknown}[]} */
  const custom = [];
  const errors = [];
  const subscriber = {
    onCustomEvent: ({ event }) => {
      custom.push({ name: event.name, value: event.value });
    },
    onRunErrorEvent: ({ event }) => {
      errors.push({ message: event.message, code: event.code });
    },
  };
  let failure = null;
  try {
    await agent.runAgent({ runId }, subscriber);
  } catch (e) {
    failure = String(e instanceof Error ? e.message : e);
  }
  return { messages: agent.messages, state: agent.state, interrupts: agent.pendingInterrupts, custom, errors, failure };
}

/** Every scenario: the body the agent sends, and the reference reader's result. */
export const scenarios = Object.fromEntries(
  Object.entries(runs).map(([name, events]) => [
    name,
    async () => {
      const list = events();
      const runId = /** @type {{runId: string}} */ (/** @type {unknown} */ (list[0])).runId;
      const sse = encode(list);
      return { sse, reference: await reference(sse, runId) };
    },
  ]),
);
