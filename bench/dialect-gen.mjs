// The dialect benchmark's streams: one seeded content (assistant turns, each a text of many
// small deltas and a tool call whose arguments stream in pieces), written in three protocols:
// wirestore's own v1 envelopes, the AI SDK UI message stream, and AG-UI events. Same turns,
// same text, same arguments in each, so the time of a dialect is comparable with the time of
// the v1 path on the same content. Pure ESM without Node APIs: the bench page imports it too.
//
//   const s = dialectStreams({ events: 200_000 });
//   s.frames.v1 / s.frames['ai-sdk'] / s.frames.agui   // arrays of JSON texts
//   s.expected                                          // per turn: content and args, by construction
//
// Each turn, in every protocol: a start, `text` deltas, a tool call (start, `args` pieces, end
// with a result), and the end. The AI SDK's turns are one stream after another (the protocol
// has one message per stream: frames after `start` name no message); AG-UI's are one run each.
import { rng } from './gen.mjs';

const WORDS = ('the a of to and in stream token render state value wasm rust react frame café naïve → 😀 日本語 ' +
  '"quoted" back\\slash line\nbreak').split(' ');

/** The turns: each its text deltas, its tool's argument pieces, its tool name and result. */
function turns(o) {
  const r = rng(o.seed);
  const perTurn = Math.max(8, Math.round(o.events / o.turns));
  const out = [];
  for (let t = 0; t < o.turns; t++) {
    const argPieces = 4 + r.int(8);
    const deltas = perTurn - argPieces - 8;
    const text = [];
    for (let i = 0; i < deltas; i++) text.push(`${WORDS[r.int(WORDS.length)]} `);
    const args = JSON.stringify({ query: text.slice(0, 6).join(''), page: t, tags: ['é', '😀'] });
    const pieces = [];
    for (let i = 0, step = Math.ceil(args.length / argPieces); i < args.length; i += step) pieces.push(args.slice(i, i + step));
    out.push({ id: `m${t}`, call: `call-${t}`, text, pieces, args, result: { hits: t % 7 } });
  }
  return out;
}

/** The three encodings of the same turns, and what every reader must end with. */
export function dialectStreams(opts = {}) {
  const o = { events: opts.events ?? 200_000, turns: opts.turns ?? 100, seed: opts.seed ?? 7 };
  const ts = turns(o);
  const v1 = [];
  const ai = [];
  const agui = [];
  let seq = 0;
  const env = (action, messageId, payload) =>
    v1.push(JSON.stringify({ v: 1, action_type: action, messageId, seq: ++seq, payload }));
  const j = (x) => JSON.stringify(x);
  for (const t of ts) {
    env('message.start', t.id, { role: 'assistant' });
    ai.push(j({ type: 'start', messageId: t.id }), j({ type: 'text-start', id: `${t.id}-t` }));
    agui.push(j({ type: 'RUN_STARTED', threadId: 'th', runId: `run-${t.id}` }), j({ type: 'TEXT_MESSAGE_START', messageId: t.id, role: 'assistant' }));
    for (const delta of t.text) {
      env('content.delta', t.id, { text: delta });
      ai.push(j({ type: 'text-delta', id: `${t.id}-t`, delta }));
      agui.push(j({ type: 'TEXT_MESSAGE_CONTENT', messageId: t.id, delta }));
    }
    env('tool.start', t.id, { toolCallId: t.call, name: 'search' });
    ai.push(j({ type: 'text-end', id: `${t.id}-t` }), j({ type: 'tool-input-start', toolCallId: t.call, toolName: 'search' }));
    agui.push(j({ type: 'TEXT_MESSAGE_END', messageId: t.id }), j({ type: 'TOOL_CALL_START', toolCallId: t.call, toolCallName: 'search', parentMessageId: t.id }));
    for (const argsText of t.pieces) {
      env('tool.delta', t.id, { toolCallId: t.call, argsText });
      ai.push(j({ type: 'tool-input-delta', toolCallId: t.call, inputTextDelta: argsText }));
      agui.push(j({ type: 'TOOL_CALL_ARGS', toolCallId: t.call, delta: argsText }));
    }
    env('tool.end', t.id, { toolCallId: t.call, result: t.result });
    ai.push(j({ type: 'tool-output-available', toolCallId: t.call, output: t.result }));
    agui.push(j({ type: 'TOOL_CALL_END', toolCallId: t.call }), j({ type: 'TOOL_CALL_RESULT', messageId: `${t.id}-r`, toolCallId: t.call, content: j(t.result) }));
    env('message.done', t.id, {});
    ai.push(j({ type: 'finish', finishReason: 'stop' }));
    agui.push(j({ type: 'RUN_FINISHED', threadId: 'th', runId: `run-${t.id}` }));
  }
  const expected = ts.map((t) => ({ id: t.id, content: t.text.join(''), args: t.args, status: 'done' }));
  return { frames: { v1, 'ai-sdk': ai, agui }, expected, turns: ts.length };
}

// --- hand-written reducers: what an app does in JS for each protocol, mutating in place ------

/** A JS reducer for `format`: `apply(parsed)`, then `summary()` to compare with `expected`. */
export function handReducer(format) {
  const messages = new Map();
  const calls = new Map(); // toolCallId -> { message, args }
  let current = null;
  const message = (id) => {
    let m = messages.get(id);
    if (!m) messages.set(id, (m = { id, content: '', status: 'streaming', tools: [] }));
    return m;
  };
  const startCall = (m, id) => {
    const call = { id, argsText: '', args: null, result: null };
    m.tools.push(call);
    calls.set(id, call);
  };
  const reducers = {
    v1: (e) => {
      const m = message(e.messageId);
      const p = e.payload;
      switch (e.action_type) {
        case 'content.delta': m.content += p.text; break;
        case 'tool.start': startCall(m, p.toolCallId); break;
        case 'tool.delta': calls.get(p.toolCallId).argsText += p.argsText; break;
        case 'tool.end': { const c = calls.get(p.toolCallId); c.result = p.result; c.args = JSON.parse(c.argsText); break; }
        case 'message.done': m.status = 'done'; break;
      }
    },
    'ai-sdk': (e) => {
      switch (e.type) {
        case 'start': current = message(e.messageId); break;
        case 'text-delta': current.content += e.delta; break;
        case 'tool-input-start': startCall(current, e.toolCallId); break;
        case 'tool-input-delta': calls.get(e.toolCallId).argsText += e.inputTextDelta; break;
        case 'tool-output-available': { const c = calls.get(e.toolCallId); c.result = e.output; c.args = JSON.parse(c.argsText); break; }
        case 'finish': current.status = 'done'; break;
      }
    },
    agui: (e) => {
      switch (e.type) {
        case 'RUN_STARTED': current = []; break;
        case 'TEXT_MESSAGE_START': current.push(message(e.messageId)); break;
        case 'TEXT_MESSAGE_CONTENT': messages.get(e.messageId).content += e.delta; break;
        case 'TOOL_CALL_START': startCall(message(e.parentMessageId), e.toolCallId); break;
        case 'TOOL_CALL_ARGS': calls.get(e.toolCallId).argsText += e.delta; break;
        case 'TOOL_CALL_END': { const c = calls.get(e.toolCallId); c.args = JSON.parse(c.argsText); break; }
        case 'TOOL_CALL_RESULT': calls.get(e.toolCallId).result = JSON.parse(e.content); break;
        case 'RUN_FINISHED': for (const m of current) m.status = 'done'; break;
      }
    },
  };
  const reduce = reducers[format];
  return {
    apply: (parsed) => reduce(parsed),
    summary: () => [...messages.values()].map((m) => ({ id: m.id, content: m.content, args: JSON.stringify(m.tools[0]?.args), status: m.status })),
  };
}

/** Differences between what a reader ended with and `expected` (empty: the same). */
export function compareTurns(expected, got, who) {
  const out = [];
  if (got.length !== expected.length) out.push(`${who}: ${got.length} messages, expected ${expected.length}`);
  expected.forEach((e, i) => {
    const g = got[i];
    if (!g || g.id !== e.id || g.content !== e.content || g.args !== e.args || g.status !== e.status) {
      out.push(`${who}: message ${e.id} differs (${g ? `${g.content.length} chars, args ${String(g.args).slice(0, 40)}, ${g.status}` : 'missing'})`);
    }
  });
  return out;
}
