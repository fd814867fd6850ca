// The bench page: every contender in one page, driven step by step from bench/run.mjs
// through `window.B` (so the runner can collect garbage and read CDP metrics in between).
import * as glue from '/pkg/wirestore.js';
import { createWireStore, dialects, initWireStore } from '../../dist/index.js';
import { Generator, variant, compare, summarize } from '../gen.mjs';
import { contenders, sinkValue } from './contenders.js';
import { reactCommits, latency } from './react-bench.js';
import { dialectBench } from './dialects.js';

const CONTENDERS = contenders(glue);
const DIALECTS = dialectBench(glue, dialects);
let wasm = null; // the wasm exports (for memory)
let current = null; // the prepared variant

function utf8(frames) {
  const enc = new TextEncoder();
  return frames.map((f) => enc.encode(f));
}

/** The size of the chunks a `sse` contender gets: what a fetch body brings at a time. */
const SSE_CHUNK = 16 * 1024;

/** Frames as SSE events, cut into SSE_CHUNK-byte chunks (`carry` holds a short last piece). */
function sseChunks(frames, carry, last) {
  const body = new TextEncoder().encode(frames.map((f) => `data: ${f}\n\n`).join(''));
  let bytes = body;
  if (carry.bytes) {
    bytes = new Uint8Array(carry.bytes.length + body.length);
    bytes.set(carry.bytes);
    bytes.set(body, carry.bytes.length);
  }
  const out = [];
  let at = 0;
  for (; at + SSE_CHUNK <= bytes.length; at += SSE_CHUNK) out.push(bytes.slice(at, at + SSE_CHUNK));
  carry.bytes = at < bytes.length ? bytes.slice(at) : null;
  if (last && carry.bytes) {
    out.push(carry.bytes);
    carry.bytes = null;
  }
  return out;
}

const B = {
  async init() {
    wasm = await glue.default({ module_or_path: '/pkg/wirestore_bg.wasm' });
    await initWireStore(); // the shim shares the glue module (same URL): already initialised
    return { contenders: CONTENDERS.map((c) => ({ name: c.name, label: c.label, floor: !!c.floor })), ua: navigator.userAgent };
  },

  wasmMemory: () => wasm.memory.buffer.byteLength,

  /** Generates a variant; keeps the chunks (text and bytes) when they fit in `cacheChars`. */
  prepare(kind, opts, cacheChars) {
    const o = variant(kind, opts);
    const gen = new Generator(o);
    const enc = new TextEncoder();
    let frames = 0;
    let bytes = 0;
    let chars = 0;
    const chunks = [];
    let cache = true;
    const carry = { bytes: null };
    for (let c; (c = gen.nextChunk(4 << 20)); ) {
      frames += c.frames.length;
      chars += c.chars;
      const b = c.frames.map((f) => enc.encode(f));
      for (const x of b) bytes += x.length;
      if (chars > cacheChars) cache = false;
      if (cache) chunks.push({ frames: c.frames, bytes: b, sse: sseChunks(c.frames, carry, false) });
      else chunks.length = 0;
    }
    if (cache && carry.bytes) chunks.push({ frames: [], bytes: [], sse: [carry.bytes] });
    current = {
      o,
      ids: gen.plans.map((p) => p.id),
      expected: gen.expected(),
      chunks: cache ? chunks : null,
      frames,
      envelopes: gen.totalEnvelopes,
      bytes,
      chars,
      flushEveryFrames: Math.max(1, Math.round(32 / o.batch)),
    };
    return { frames, envelopes: gen.totalEnvelopes, bytes, chars, cached: cache, avgFrameBytes: bytes / frames };
  },

  /** One timed run of contender `name` on the prepared variant. */
  run(name) {
    const spec = CONTENDERS.find((c) => c.name === name);
    const v = current;
    const ctx = { ids: v.ids, flushEveryFrames: v.flushEveryFrames };
    const c = spec.make(ctx);
    let ms = 0;
    const timed = (frames) => {
      const t0 = performance.now();
      c.run(frames);
      ms += performance.now() - t0;
    };
    const pick = (chunk) => (c.sse ? chunk.sse : c.bytes ? chunk.bytes : chunk.frames);
    if (v.chunks) {
      for (const chunk of v.chunks) timed(pick(chunk));
    } else {
      const gen = new Generator(v.o); // regenerated chunk by chunk: same frames, little memory
      const carry = { bytes: null };
      for (let chunk; (chunk = gen.nextChunk(4 << 20)); ) {
        timed(c.sse ? sseChunks(chunk.frames, carry, false) : c.bytes ? utf8(chunk.frames) : chunk.frames);
      }
      if (c.sse && carry.bytes) timed([carry.bytes]);
    }
    const t0 = performance.now();
    c.finish();
    ms += performance.now() - t0;
    let mismatches = [];
    if (!spec.floor) {
      const got = c.summary(v.ids);
      mismatches = compare(v.expected, got, name);
    } else if (sinkValue() == null) mismatches = ['JSON.parse produced nothing'];
    c.free?.();
    return { ms, mismatches: mismatches.slice(0, 5), mismatchCount: mismatches.length };
  },

  /** A CPU profile is taken around this by the runner: the wirestore bytes path alone. */
  profileRun(name, times) {
    let ms = 0;
    for (let i = 0; i < times; i++) ms += B.run(name).ms;
    return ms;
  },

  reactCommits,
  latency,

  // --- the dialects: the same content in three protocols (bench/page/dialects.js) -------------
  dialectNames: () => DIALECTS.names,
  dialectPrepare: (events) => DIALECTS.prepare(events),
  dialectRun: (name) => DIALECTS.run(name),
  dialectRelease: () => DIALECTS.release(),

  // --- memory: eviction ------------------------------------------------------------------
  evictionStart(maxMessages) {
    const core = new glue.WireStoreCore({ limits: { maxMessages } });
    B._ev = { core, batch: 0, seq: 0, envelopes: 0 };
    return B.wasmMemory();
  },
  /** Streams `messages` more messages (20 interleaved at a time, ~60 envelopes each). */
  evictionStep(messages) {
    const ev = B._ev;
    const enc = new TextEncoder();
    for (let done = 0; done < messages; done += 20) {
      const gen = new Generator(
        variant('delta', { envelopes: 20 * 60, prefix: `b${ev.batch}`, seed: 7 + ev.batch, seqStart: ev.seq }),
      );
      ev.batch++;
      let n = 0;
      for (let c; (c = gen.nextChunk(1 << 20)); ) {
        for (const f of c.frames) {
          ev.core.ingestBytes(enc.encode(f));
          if (++n % 32 === 0) ev.core.takeChanged();
        }
      }
      ev.core.takeChanged();
      ev.seq = gen.seq;
      ev.envelopes += gen.totalEnvelopes;
    }
    const stats = ev.core.get('stats');
    return {
      wasm: B.wasmMemory(),
      messages: ev.core.get('messages').length,
      evicted: stats.evicted,
      errors: stats.errors,
      applied: stats.applied,
      envelopes: ev.envelopes,
      batches: ev.batch,
    };
  },
  evictionEnd() {
    B._ev.core.free();
    B._ev = null;
  },

  // --- memory: connect/close cycles against the reference server ---------------------------
  reconnectStart(url) {
    const core = new glue.WireStoreCore({ url, token: 'bench-reconnect', heartbeat: false });
    let wake = null;
    core.setNotify(() => {
      core.takeChanged();
      wake?.();
    });
    B._rc = {
      core,
      cycles: 0,
      status: () => core.get('connection')?.status,
      until: (want, ms = 5000) =>
        new Promise((resolve, reject) => {
          const t = setTimeout(() => reject(new Error(`connection stayed ${B._rc.status()}, wanted ${want}`)), ms);
          const check = () => {
            if (want.includes(B._rc.status())) {
              clearTimeout(t);
              wake = null;
              resolve();
            }
          };
          wake = check;
          check();
        }),
    };
    return B.wasmMemory();
  },
  async reconnectStep(cycles) {
    const rc = B._rc;
    const t0 = performance.now();
    for (let i = 0; i < cycles; i++) {
      rc.core.connect();
      await rc.until(['open']);
      rc.core.close();
      await rc.until(['closed', 'idle']);
      rc.cycles++;
    }
    return { wasm: B.wasmMemory(), cycles: rc.cycles, msPerCycle: (performance.now() - t0) / cycles, status: rc.status() };
  },
  reconnectEnd() {
    B._rc.core.free();
    B._rc = null;
  },

  // --- end to end through a real socket -------------------------------------------------
  async e2e(url, replies, prompt) {
    const desc = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage');
    const arrivals = [];
    const applied = [];
    const datas = [];
    // Wraps the handler the wasm installs: arrival = the MessageEvent's timeStamp (when the
    // browser dispatched the frame), applied = when the wasm's handler returned.
    Object.defineProperty(WebSocket.prototype, 'onmessage', {
      configurable: true,
      get() {
        return desc.get.call(this);
      },
      set(fn) {
        if (typeof fn !== 'function') return desc.set.call(this, fn);
        desc.set.call(this, function (ev) {
          fn.call(this, ev);
          applied.push(performance.now());
          arrivals.push(ev.timeStamp);
          datas.push(ev.data);
        });
      },
    });
    const store = createWireStore({ url, token: 'bench-e2e', heartbeat: false, notify: 'frame' });
    try {
      let doneResolve;
      const allDone = new Promise((r) => (doneResolve = r));
      let assistant = [];
      const check = () => {
        const ids = store.getSnapshot('messages') ?? [];
        assistant = ids.filter((id) => id.startsWith('a-'));
        if (assistant.length >= replies && assistant.every((id) => ['done', 'error'].includes(store.getSnapshot(`messages/${id}/status`)))) doneResolve();
      };
      store.subscribe('messages', check);
      const statusKeys = new Set();
      store.subscribe('connection', () => {});
      store.connect();
      await waitFor(() => store.getSnapshot('connection')?.status === 'open', 10000, 'open');
      const sentAt = performance.now();
      store.send('chat.message', { content: prompt, replies });
      // Each new message id: subscribe to its status so the check runs when it ends.
      const poll = setInterval(() => {
        for (const id of store.getSnapshot('messages') ?? []) {
          if (!statusKeys.has(id)) {
            statusKeys.add(id);
            store.subscribe(`messages/${id}/status`, check);
          }
        }
        check();
      }, 50);
      await Promise.race([allDone, new Promise((_, rej) => setTimeout(() => rej(new Error('e2e: replies did not finish in 120 s')), 120000))]);
      clearInterval(poll);
      store.flush();
      const n = arrivals.length;
      const lat = arrivals.map((a, i) => applied[i] - a).sort((x, y) => x - y);
      const span = (applied[n - 1] - arrivals[0]) / 1000;
      // Correctness: the frames the socket delivered, reduced by the hand-written reducer.
      const { reduceFrame, initialState } = await import('./contenders.js');
      const dec = new TextDecoder();
      let state = initialState();
      let binaryFrames = 0;
      let bytes = 0;
      for (const d of datas) {
        const text = typeof d === 'string' ? d : dec.decode(d);
        if (typeof d !== 'string') binaryFrames++;
        bytes += typeof d === 'string' ? d.length : d.byteLength;
        state = reduceFrame(state, JSON.parse(text));
      }
      const expected = {};
      const got = {};
      for (const id of assistant) {
        expected[id] = summarize(state.messages[id]);
        got[id] = summarize(store.getSnapshot(`messages/${id}`));
      }
      const mismatches = compare(expected, got, 'e2e');
      const stats = store.getSnapshot('stats');
      return {
        frames: n,
        binaryFrames,
        bytes,
        seconds: span,
        framesPerSecond: n / span,
        firstFrameAfterSendMs: arrivals[0] - sentAt,
        mean: lat.reduce((a, b) => a + b, 0) / n,
        p50: pct(lat, 0.5),
        p99: pct(lat, 0.99),
        max: lat[n - 1],
        messages: assistant.length,
        contentChars: assistant.reduce((s, id) => s + (store.getSnapshot(`messages/${id}/content`)?.length ?? 0), 0),
        storeFrames: stats?.frames,
        errors: stats?.errors,
        mismatches: mismatches.slice(0, 5),
        mismatchCount: mismatches.length,
      };
    } finally {
      store.destroy();
      Object.defineProperty(WebSocket.prototype, 'onmessage', desc);
    }
  },
};

export function pct(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

export function waitFor(cond, ms, what) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const tick = () => {
      if (cond()) return resolve();
      if (performance.now() - t0 > ms) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 5);
    };
    tick();
  });
}

window.B = B;
window.benchReady = true;
