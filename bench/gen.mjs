// Seeded frame generator of the wirestore benchmark: a realistic assistant stream of
// interleaved messages, deterministic for a seed. Pure ESM without Node APIs, so the bench
// page imports it too (both sides produce the same frames).
//
// Each message: message.start, 3-5 sources.add (spread over the first part of the stream),
// reasoning.delta tokens, content tokens of 1-8 characters (content.delta; or, cumulative,
// content.set carrying the whole text so far), followUpQuestions.set, message.done.
// Messages are interleaved at random, every envelope has a session seq (1, 2, 3 ...).
//
//   import { Generator, variant } from './gen.mjs';
//   const gen = new Generator(variant('delta', { envelopes: 200_000 }));
//   for (let c; (c = gen.nextChunk(8 << 20)); ) use(c.frames);   // text frames
//   gen.expected();  // the final state per message, known by construction
//
// CLI: node bench/gen.mjs [delta|batched|cumulative] [envelopes] [contentBytes] > frames.jsonl

const VOCAB = (
  'the a of to and in is it that for on with as this was by be are from at or an not ' +
  'stream frame store render token message source latency react rust wasm socket value ' +
  'key slice update state reducer parse bytes memory flush commit component browser server ' +
  'quickly simply however because therefore example answer question result different'
).split(' ');
// Some tokens carry what JSON must escape or what is not ASCII, so a wrong decoder shows.
const ODD = ['\n', '"quoted"', 'café', 'naïve', '→', '😀', '\\', 'tab\t', '日本語'];

/** A small, fast, seeded PRNG (mulberry32). */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.int = (n) => Math.floor(next() * n);
  return next;
}

/** FNV-1a over the UTF-16 code units of `s` (the same on every side of the comparison). */
export function hash(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * The options of a variant.
 * - delta: `envelopes` envelopes in total, one per frame, content.delta tokens.
 * - batched: the same stream, `batch` envelopes per frame (a JSON array).
 * - cumulative: content.set with the whole text so far; each message grows to about
 *   `contentBytes` in `steps` content.set frames (so total bytes grow linearly with size).
 */
export function variant(kind, o = {}) {
  const base = { kind, seed: o.seed ?? 42, messages: o.messages ?? 20, batch: 1, prefix: o.prefix ?? 'm', seqStart: o.seqStart ?? 0 };
  if (kind === 'delta') return { ...base, envelopes: o.envelopes ?? 200_000 };
  if (kind === 'batched') return { ...base, envelopes: o.envelopes ?? 200_000, batch: o.batch ?? 16 };
  if (kind === 'cumulative') {
    return { ...base, contentBytes: o.contentBytes ?? 20_000, steps: o.steps ?? 200 };
  }
  throw new Error(`unknown variant ${kind}`);
}

// The plan of one message: how many of each kind of event it emits.
function planMessage(r, id, o) {
  const sources = 3 + r.int(3);
  const reasoning = 2 + r.int(4);
  const fixed = 1 + sources + reasoning + 1 + 1; // start, sources, reasoning, follow-ups, done
  let content;
  if (o.kind === 'cumulative') content = o.steps;
  else content = Math.max(1, Math.round(o.envelopes / o.messages) - fixed);
  return { id, sources, reasoning, content, total: fixed + content };
}

/** An incremental generator: frames come in chunks, so huge variants need little memory. */
export class Generator {
  constructor(o) {
    this.o = o;
    this.r = rng(o.seed);
    this.seq = o.seqStart ?? 0;
    this.plans = [];
    this.state = [];
    for (let i = 0; i < o.messages; i++) {
      const plan = planMessage(this.r, `${o.prefix}-${i + 1}`, o);
      this.plans.push(plan);
      this.state.push({
        plan,
        step: 0, // events emitted
        contentSteps: 0,
        sourcesDone: 0,
        reasoningDone: 0,
        content: '',
        reasoning: '',
        sources: [],
        followUps: null,
        status: 'pending',
      });
    }
    this.remaining = this.plans.reduce((n, p) => n + p.total, 0);
    this.active = this.state.slice();
    this.totalEnvelopes = this.remaining;
    this.done = false;
  }

  token(r) {
    if (r() < 0.03) return ODD[r.int(ODD.length)];
    const w = (r() < 0.8 ? ' ' : '') + VOCAB[r.int(VOCAB.length)];
    // 1..8 characters: cut long words, like a tokenizer's pieces.
    return w.length > 8 ? w.slice(0, 1 + r.int(8)) : w;
  }

  // The next event of message `m`: start, then sources/reasoning mixed into the first
  // fifth of the content, content, then follow-ups and done.
  event(m) {
    const r = this.r;
    const p = m.plan;
    const env = { v: 1, action_type: '', messageId: p.id, seq: ++this.seq, payload: null };
    if (m.step === 0) {
      env.action_type = 'message.start';
      env.payload = { role: 'assistant' };
    } else if (m.contentSteps >= p.content) {
      if (m.followUps === null) {
        m.followUps = [`Tell me more about ${p.id}?`, 'Can you give an example?', 'What are the trade-offs?'];
        env.action_type = 'followUpQuestions.set';
        env.payload = { questions: m.followUps };
      } else {
        env.action_type = 'message.done';
        env.payload = {};
        m.status = 'done';
      }
    } else {
      const early = m.contentSteps < Math.max(1, p.content / 5);
      const sideLeft = p.sources - m.sourcesDone + p.reasoning - m.reasoningDone;
      if (sideLeft > 0 && (early ? r() < 0.25 : true)) {
        if (m.sourcesDone < p.sources && (m.reasoningDone >= p.reasoning || r() < 0.5)) {
          const k = ++m.sourcesDone;
          const source = { id: `${p.id}-s${k}`, url: `https://example.com/${p.id}/${k}`, title: `Source ${k} of ${p.id}` };
          m.sources.push(source);
          env.action_type = 'sources.add';
          env.payload = { source };
        } else {
          m.reasoningDone++;
          const text = `Step ${m.reasoningDone}: ${this.token(r)}${this.token(r)}. `;
          m.reasoning += text;
          env.action_type = 'reasoning.delta';
          env.payload = { text };
        }
      } else {
        m.contentSteps++;
        if (this.o.kind === 'cumulative') {
          const goal = Math.round((this.o.contentBytes * m.contentSteps) / p.content);
          while (m.content.length < goal) m.content += this.token(r);
          env.action_type = 'content.set';
          env.payload = { text: m.content };
        } else {
          const text = this.token(r);
          m.content += text;
          env.action_type = 'content.delta';
          env.payload = { text };
        }
      }
    }
    m.step++;
    if (m.step === 1 && m.status === 'pending') m.status = 'streaming';
    return env;
  }

  nextEnvelope() {
    if (this.remaining === 0) return null;
    // Pick a random remaining event: messages with more left are picked more often, so all
    // messages stream side by side and finish near the end.
    let k = this.r.int(this.remaining);
    let i = 0;
    for (; i < this.active.length; i++) {
      const left = this.active[i].plan.total - this.active[i].step;
      if (k < left) break;
      k -= left;
    }
    const m = this.active[i];
    const env = this.event(m);
    this.remaining--;
    if (m.step === m.plan.total) this.active.splice(i, 1);
    return env;
  }

  /**
   * The next frames as text, up to about `maxBytes` (UTF-16 length) or `maxFrames`, or null
   * when the stream is over: `{frames: string[], envelopes, chars}`.
   */
  nextChunk(maxBytes = 8 << 20, maxFrames = Infinity) {
    const frames = [];
    let chars = 0;
    let envelopes = 0;
    const batch = this.o.batch;
    while (chars < maxBytes && frames.length < maxFrames) {
      if (batch === 1) {
        const env = this.nextEnvelope();
        if (!env) break;
        const text = JSON.stringify(env);
        frames.push(text);
        chars += text.length;
        envelopes++;
      } else {
        const group = [];
        for (let j = 0; j < batch; j++) {
          const env = this.nextEnvelope();
          if (!env) break;
          group.push(env);
        }
        if (group.length === 0) break;
        const text = JSON.stringify(group);
        frames.push(text);
        chars += text.length;
        envelopes += group.length;
      }
    }
    if (frames.length === 0) return null;
    return { frames, envelopes, chars };
  }

  /** The final state per message id, known by construction (not by reducing the frames). */
  expected() {
    const out = {};
    for (const m of this.state) {
      out[m.plan.id] = summarize({
        content: m.content,
        reasoning: m.reasoning,
        sources: m.sources,
        followUpQuestions: m.followUps ?? [],
        status: m.status,
      });
    }
    return out;
  }
}

/** What the comparison looks at, for one message in any contender's shape. */
export function summarize(m) {
  if (!m) return null;
  return {
    contentLength: (m.content ?? '').length,
    contentHash: hash(m.content ?? ''),
    reasoningLength: (m.reasoning ?? '').length,
    sources: JSON.stringify((m.sources ?? []).map((s) => [s.id, s.url, s.title])),
    followUps: JSON.stringify(m.followUpQuestions ?? []),
    status: m.status,
  };
}

/** Mismatches between two maps of summaries, as readable lines (empty when equal). */
export function compare(expected, actual, label) {
  const out = [];
  for (const id of Object.keys(expected)) {
    const e = expected[id];
    const a = actual?.[id];
    if (!a) {
      out.push(`${label}: ${id} missing`);
      continue;
    }
    for (const k of Object.keys(e)) {
      if (e[k] !== a[k]) out.push(`${label}: ${id}.${k} = ${JSON.stringify(a[k]).slice(0, 80)}, expected ${JSON.stringify(e[k]).slice(0, 80)}`);
    }
  }
  return out;
}

// CLI: print a variant's frames, one per line (JSON text escapes newlines, so this is JSONL).
if (typeof process !== 'undefined' && process.argv?.[1] && import.meta.url === `file://${process.argv[1]}`) {
  const [kind = 'delta', n, size] = process.argv.slice(2);
  const o = kind === 'cumulative' ? variant(kind, { contentBytes: Number(size ?? 20000) }) : variant(kind, { envelopes: Number(n ?? 200000) });
  const gen = new Generator(o);
  for (let c; (c = gen.nextChunk(1 << 20)); ) process.stdout.write(c.frames.join('\n') + '\n');
}
