// React figures: commit counts per component while one message streams, and latency from a
// frame's arrival to the DOM. React 19 production build (the bundle defines
// NODE_ENV=production); a commit of a component is counted by a dependency-less
// useLayoutEffect in it, which runs once per commit that rendered the component.
import { createElement as h, memo, useLayoutEffect, useReducer, useRef } from 'react';
import { createRoot } from 'react-dom/client';
import { flushSync } from 'react-dom';
import { createWireStore } from '../../dist/index.js';
import { WireStoreProvider, useMessageIds, useSlice } from '../../dist/react.js';
import { Generator, variant } from '../gen.mjs';
import { initialState, reduceFrame } from './contenders.js';

const counts = new Map();
// Commits after the one that mounted the component.
function useCommitCount(key) {
  const mounted = useRef(false);
  useLayoutEffect(() => {
    if (mounted.current) counts.set(key, (counts.get(key) ?? 0) + 1);
    mounted.current = true;
  });
}

// --- the wirestore tree: one subscription per slice ----------------------------------------
function Content({ id }) {
  const text = useSlice(id, 'content') ?? '';
  useCommitCount(`${id}/content`);
  return h('p', { className: 'content', 'data-id': id }, text);
}
function Sources({ id }) {
  const sources = useSlice(id, 'sources') ?? [];
  useCommitCount(`${id}/sources`);
  return h('ul', null, sources.map((s) => h('li', { key: s.id }, s.title)));
}
function FollowUps({ id }) {
  const qs = useSlice(id, 'followUpQuestions') ?? [];
  useCommitCount(`${id}/followUps`);
  return h('ol', null, qs.map((q) => h('li', { key: q }, q)));
}
function Status({ id }) {
  const status = useSlice(id, 'status');
  useCommitCount(`${id}/status`);
  return h('span', null, status);
}
const Message = memo(function Message({ id }) {
  useCommitCount(`${id}/message`);
  return h('div', null, h(Status, { id }), h(Content, { id }), h(Sources, { id }), h(FollowUps, { id }));
});
function App() {
  const ids = useMessageIds();
  return ids.map((id) => h(Message, { key: id, id }));
}

// --- the naive tree: one useReducer for everything, props all the way down -----------------
function NContent({ m }) {
  useCommitCount(`${m.id}/content`);
  return h('p', { className: 'content', 'data-id': m.id }, m.content);
}
function NSources({ m }) {
  useCommitCount(`${m.id}/sources`);
  return h('ul', null, m.sources.map((s) => h('li', { key: s.id }, s.title)));
}
function NFollowUps({ m }) {
  useCommitCount(`${m.id}/followUps`);
  return h('ol', null, m.followUpQuestions.map((q) => h('li', { key: q }, q)));
}
function NStatus({ m }) {
  useCommitCount(`${m.id}/status`);
  return h('span', null, m.status);
}
function NMessage({ m }) {
  useCommitCount(`${m.id}/message`);
  return h('div', null, h(NStatus, { m }), h(NContent, { m }), h(NSources, { m }), h(NFollowUps, { m }));
}
function NaiveApp({ initial, api }) {
  const [state, dispatch] = useReducer(reduceFrame, initial);
  api.dispatch = dispatch;
  return state.order.map((id) => h(NMessage, { key: id, m: state.messages[id] }));
}

// --- streams --------------------------------------------------------------------------------
const env = (action_type, messageId, seq, payload) => ({ v: 1, action_type, messageId, seq, payload });

/** Sibling messages, finished before the measured one starts. */
function siblingFrames(n, seq) {
  const out = [];
  for (let k = 1; k <= n; k++) {
    const id = `sib-${k}`;
    out.push(env('message.start', id, ++seq.n, { role: 'assistant' }));
    out.push(env('content.set', id, ++seq.n, { text: `Earlier answer ${k}.` }));
    for (let s = 1; s <= 3; s++) out.push(env('sources.add', id, ++seq.n, { source: { id: `${id}-s${s}`, url: `https://e.com/${s}`, title: `S${s}` } }));
    out.push(env('followUpQuestions.set', id, ++seq.n, { questions: ['Why?', 'How?'] }));
    out.push(env('message.done', id, ++seq.n, {}));
  }
  return out;
}

/**
 * The live message: start, `tokens` content.delta at `intervalMs` each, `sources` sources.add
 * spread over the first half, then follow-ups and done. Returns [{at, envelope}] and the
 * content length after each frame.
 */
function liveFrames({ tokens, intervalMs, sources }, seq, id = 'live') {
  const g = new Generator(variant('delta', { envelopes: 100, messages: 1, seed: 99 }));
  const out = [{ at: 0, e: env('message.start', id, ++seq.n, { role: 'assistant' }), len: 0 }];
  const srcAt = new Map();
  for (let s = 1; s <= sources; s++) srcAt.set(Math.floor((tokens / 2) * (s / (sources + 1))), s);
  let len = 0;
  for (let i = 0; i < tokens; i++) {
    const at = (i + 1) * intervalMs;
    if (srcAt.has(i)) {
      const s = srcAt.get(i);
      out.push({ at, e: env('sources.add', id, ++seq.n, { source: { id: `${id}-s${s}`, url: `https://e.com/l/${s}`, title: `Live source ${s}` } }), len });
    }
    const text = g.token(g.r);
    len += text.length;
    out.push({ at, e: env('content.delta', id, ++seq.n, { text }), len, token: true });
  }
  const end = (tokens + 1) * intervalMs;
  out.push({ at: end, e: env('followUpQuestions.set', id, ++seq.n, { questions: ['More?', 'Example?', 'Trade-offs?'] }), len });
  out.push({ at: end, e: env('message.done', id, ++seq.n, {}), len });
  return out;
}

/** Hands each item to `fn` once its time has come, from a MessageChannel loop (no timer clamping). */
function deliver(items, fn) {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    let i = 0;
    const t0 = performance.now();
    ch.port1.onmessage = () => {
      const now = performance.now() - t0;
      while (i < items.length && items[i].at <= now) fn(items[i++]);
      if (i < items.length) ch.port2.postMessage(0);
      else {
        ch.port1.close();
        resolve(performance.now() - t0);
      }
    };
    ch.port2.postMessage(0);
  });
}

const nextFrame = () => new Promise((r) => requestAnimationFrame(() => r()));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function countFrames() {
  let n = 0;
  let on = true;
  const tick = () => {
    if (!on) return;
    n++;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  return () => {
    on = false;
    return n;
  };
}

/** Mounts either tree with the siblings already there; returns {feed(envelope), unmount}. */
async function mount(mode, siblings) {
  const el = document.createElement('div');
  document.body.appendChild(el);
  const root = createRoot(el);
  const seq = { n: 0 };
  const sib = siblingFrames(siblings, seq);
  const enc = new TextEncoder();
  let feed;
  let store = null;
  if (mode === 'wirestore') {
    store = createWireStore({ notify: 'frame' });
    await store.ready;
    for (const e of sib) store.ingest(JSON.stringify(e));
    store.flush();
    flushSync(() => root.render(h(WireStoreProvider, { store }, h(App))));
    // A binary socket frame: UTF-8 bytes into the store.
    feed = (e) => store.ingestBytes(e.bytes ?? enc.encode(JSON.stringify(e)));
  } else {
    let initial = initialState();
    for (const e of sib) initial = reduceFrame(initial, e);
    const api = {};
    flushSync(() => root.render(h(NaiveApp, { initial, api })));
    // What a naive onmessage does: parse and dispatch.
    feed = (e) => api.dispatch(JSON.parse(e.text ?? JSON.stringify(e)));
  }
  await nextFrame();
  await nextFrame();
  return {
    el,
    seq,
    feed,
    unmount() {
      root.unmount();
      el.remove();
      store?.destroy();
    },
  };
}

function prepareWire(items, mode) {
  const enc = new TextEncoder();
  for (const it of items) {
    const text = JSON.stringify(it.e);
    if (mode === 'wirestore') it.e.bytes = enc.encode(text);
    else it.e.text = text;
  }
}

/** Commit counts while a `tokens`-token message streams at one frame per `intervalMs`. */
export async function reactCommits({ mode, tokens = 1000, intervalMs = 1, sources = 4, siblings = 3 }) {
  const m = await mount(mode, siblings);
  const items = liveFrames({ tokens, intervalMs, sources }, m.seq);
  prepareWire(items, mode);
  counts.clear();
  const stop = countFrames();
  const t0 = performance.now();
  const deliveredMs = await deliver(items, (it) => m.feed(it.e));
  await sleep(100);
  await nextFrame();
  const frames = stop();
  const elapsed = performance.now() - t0;
  const get = (k) => counts.get(k) ?? 0;
  let siblingCommits = 0;
  for (let k = 1; k <= siblings; k++) for (const p of ['message', 'content', 'sources', 'followUps', 'status']) siblingCommits += get(`sib-${k}/${p}`);
  const text = m.el.querySelector('p.content[data-id="live"]')?.textContent ?? '';
  const expectedLength = items[items.length - 1].len;
  const sourcesShown = m.el.querySelector('p.content[data-id="live"]')?.parentElement.querySelectorAll('ul li').length ?? 0;
  m.unmount();
  return {
    mode,
    tokens,
    frames: items.length,
    deliveredMs,
    elapsedMs: elapsed,
    animationFrames: frames,
    content: get('live/content'),
    sources: get('live/sources'),
    sourceChanges: sources,
    followUps: get('live/followUps'),
    status: get('live/status'),
    message: get('live/message'),
    siblings: siblingCommits,
    domOk: text.length === expectedLength,
    domLength: text.length,
    expectedLength,
    sourcesShown,
  };
}

/** Arrival-to-DOM latency of each content token at `tokensPerSecond`. */
export async function latency({ mode, tokens = 4000, tokensPerSecond = 2000 }) {
  const m = await mount(mode, 3);
  const items = liveFrames({ tokens, intervalMs: 1000 / tokensPerSecond, sources: 0 }, m.seq);
  prepareWire(items, mode);
  const arrival = new Float64Array(items.length).fill(NaN);
  const seen = new Float64Array(items.length).fill(NaN);
  let next = 0; // first item whose text is not yet in the DOM
  let mutations = 0;
  const observe = () => {
    const p = m.el.querySelector('p.content[data-id="live"]');
    if (!p) return;
    const len = p.textContent.length;
    const now = performance.now();
    mutations++;
    while (next < items.length && !Number.isNaN(arrival[next]) && items[next].len <= len) {
      if (items[next].token) seen[next] = now;
      next++;
    }
  };
  const mo = new MutationObserver(observe);
  mo.observe(m.el, { subtree: true, characterData: true, childList: true });
  counts.clear();
  let i = 0;
  await deliver(items, (it) => {
    arrival[i++] = performance.now(); // handed to the store
    m.feed(it.e);
  });
  await sleep(100);
  mo.disconnect();
  observe();
  const lat = [];
  let missing = 0;
  for (let k = 0; k < items.length; k++) {
    if (!items[k].token) continue;
    if (Number.isNaN(seen[k])) missing++;
    else lat.push(seen[k] - arrival[k]);
  }
  lat.sort((a, b) => a - b);
  const q = (f) => lat[Math.min(lat.length - 1, Math.floor(f * lat.length))];
  m.unmount();
  return {
    mode,
    tokens,
    tokensPerSecond,
    p50: q(0.5),
    p90: q(0.9),
    p99: q(0.99),
    max: lat[lat.length - 1],
    missing,
    contentCommits: counts.get('live/content') ?? 0,
    mutations,
  };
}
