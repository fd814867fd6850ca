// The ingest contenders, all fed the same frames in the same page. Each is a factory:
// make(ctx) -> { bytes: bool, sse?: bool, run(frames), finish(), summary(ids) }, where `run` is
// the only timed call (a chunk of frames: strings, or Uint8Arrays for `bytes` contenders; for
// `sse` contenders the same frames as one SSE body, `data: <frame>` per event, in 16 KiB
// chunks), `finish` is timed too (the last flush), and `summary` reads the final state (untimed).
import { createParser } from 'eventsource-parser';
import { createStore } from 'zustand/vanilla';
import { summarize } from '../gen.mjs';
import { FrameInput } from '../../dist/input.js';
import { SnapshotCache } from '../../dist/snapshot.js';
import { sliceUi } from '../slice-ui.mjs';

let sink = null; // keeps JSON.parse results observable so nothing is optimised away
export const sinkValue = () => sink;

// --- a hand-written immutable reducer, as a React developer writes it ----------------------
function updateMessage(state, id, fn) {
  const message = state.messages[id];
  if (!message) return state;
  return { ...state, messages: { ...state.messages, [id]: fn(message) } };
}
export const reducers = {
  'message.start': (state, e) => ({
    ...state,
    order: [...state.order, e.messageId],
    messages: {
      ...state.messages,
      [e.messageId]: {
        id: e.messageId,
        role: e.payload?.role ?? 'assistant',
        status: 'streaming',
        content: '',
        reasoning: '',
        sources: [],
        followUpQuestions: [],
      },
    },
  }),
  'content.delta': (state, e) => updateMessage(state, e.messageId, (m) => ({ ...m, content: m.content + e.payload.text })),
  'content.set': (state, e) => updateMessage(state, e.messageId, (m) => ({ ...m, content: e.payload.text })),
  'reasoning.delta': (state, e) =>
    updateMessage(state, e.messageId, (m) => ({ ...m, reasoning: m.reasoning + e.payload.text })),
  'sources.add': (state, e) =>
    updateMessage(state, e.messageId, (m) => {
      let sources = m.sources;
      for (const s of e.payload.sources ?? [e.payload.source]) {
        const i = sources.findIndex((x) => x.id === s.id);
        sources = i < 0 ? [...sources, s] : sources.map((x, j) => (j === i ? s : x));
      }
      return { ...m, sources };
    }),
  'followUpQuestions.set': (state, e) =>
    updateMessage(state, e.messageId, (m) => ({ ...m, followUpQuestions: e.payload.questions })),
  'message.done': (state, e) => updateMessage(state, e.messageId, (m) => ({ ...m, status: 'done' })),
};
export const initialState = () => ({ order: [], messages: {} });
export function reduce(state, e) {
  const r = reducers[e.action_type];
  return r ? r(state, e) : state;
}
/** Applies one parsed frame (an envelope or a batch) to `state`. */
export function reduceFrame(state, parsed) {
  if (Array.isArray(parsed)) {
    for (const e of parsed) state = reduce(state, e);
    return state;
  }
  return reduce(state, parsed);
}

// --- the best plain JS: the same reducer, mutating in place --------------------------------
const mutable = {
  'message.start': (s, e) => {
    s.set(e.messageId, { id: e.messageId, status: 'streaming', content: '', reasoning: '', sources: [], followUpQuestions: [] });
  },
  'content.delta': (s, e) => {
    const m = s.get(e.messageId);
    if (m) m.content += e.payload.text;
  },
  'content.set': (s, e) => {
    const m = s.get(e.messageId);
    if (m) m.content = e.payload.text;
  },
  'reasoning.delta': (s, e) => {
    const m = s.get(e.messageId);
    if (m) m.reasoning += e.payload.text;
  },
  'sources.add': (s, e) => {
    const m = s.get(e.messageId);
    if (!m) return;
    for (const x of e.payload.sources ?? [e.payload.source]) {
      const i = m.sources.findIndex((y) => y.id === x.id);
      if (i < 0) m.sources.push(x);
      else m.sources[i] = x;
    }
  },
  'followUpQuestions.set': (s, e) => {
    const m = s.get(e.messageId);
    if (m) m.followUpQuestions = e.payload.questions;
  },
  'message.done': (s, e) => {
    const m = s.get(e.messageId);
    if (m) m.status = 'done';
  },
};

// --- zustand: a vanilla store with one map per slice, updated per slice --------------------
function zustandStore() {
  return createStore((set) => ({
    order: [],
    status: {},
    content: {},
    reasoning: {},
    sources: {},
    followUps: {},
    start: (id) =>
      set((s) => ({
        order: [...s.order, id],
        status: { ...s.status, [id]: 'streaming' },
        content: { ...s.content, [id]: '' },
        reasoning: { ...s.reasoning, [id]: '' },
        sources: { ...s.sources, [id]: [] },
        followUps: { ...s.followUps, [id]: [] },
      })),
    appendContent: (id, text) => set((s) => ({ content: { ...s.content, [id]: s.content[id] + text } })),
    setContent: (id, text) => set((s) => ({ content: { ...s.content, [id]: text } })),
    appendReasoning: (id, text) => set((s) => ({ reasoning: { ...s.reasoning, [id]: s.reasoning[id] + text } })),
    addSources: (id, list) =>
      set((s) => {
        let sources = s.sources[id] ?? [];
        for (const x of list) {
          const i = sources.findIndex((y) => y.id === x.id);
          sources = i < 0 ? [...sources, x] : sources.map((y, j) => (j === i ? x : y));
        }
        return { sources: { ...s.sources, [id]: sources } };
      }),
    setFollowUps: (id, q) => set((s) => ({ followUps: { ...s.followUps, [id]: q } })),
    finish: (id) => set((s) => ({ status: { ...s.status, [id]: 'done' } })),
  }));
}
function zustandApply(a, e) {
  const id = e.messageId;
  switch (e.action_type) {
    case 'message.start':
      return a.start(id);
    case 'content.delta':
      return a.appendContent(id, e.payload.text);
    case 'content.set':
      return a.setContent(id, e.payload.text);
    case 'reasoning.delta':
      return a.appendReasoning(id, e.payload.text);
    case 'sources.add':
      return a.addSources(id, e.payload.sources ?? [e.payload.source]);
    case 'followUpQuestions.set':
      return a.setFollowUps(id, e.payload.questions);
    case 'message.done':
      return a.finish(id);
  }
}
const SLICES = ['content', 'reasoning', 'sources', 'followUps', 'status'];
function makeZustand(selectors) {
  return (ctx) => {
    const store = zustandStore();
    let a = store.getState();
    if (selectors) {
      // What mounted `useStore(store, selector)` hooks do: on every change React's
      // useSyncExternalStore re-runs each selector and compares (one per message and slice).
      const subs = [];
      for (const id of ctx.ids) for (const k of SLICES) subs.push({ sel: (s) => s[k][id], last: undefined });
      store.subscribe((s) => {
        for (const x of subs) {
          const v = x.sel(s);
          if (!Object.is(v, x.last)) x.last = v;
        }
      });
    }
    return {
      bytes: false,
      run(frames) {
        for (let i = 0; i < frames.length; i++) {
          const parsed = JSON.parse(frames[i]);
          if (Array.isArray(parsed)) for (const e of parsed) zustandApply(a, e);
          else zustandApply(a, parsed);
        }
      },
      finish() {},
      summary(ids) {
        const s = store.getState();
        const out = {};
        for (const id of ids) {
          out[id] = summarize({
            content: s.content[id],
            reasoning: s.reasoning[id],
            sources: s.sources[id],
            followUpQuestions: s.followUps[id],
            status: s.status[id],
          });
        }
        return out;
      },
    };
  };
}

// --- wirestore ------------------------------------------------------------------------------
function makeWirestore(glue, { bytes, flush }) {
  return (ctx) => {
    const core = new glue.WireStoreCore({});
    let requested = false;
    core.setNotify(() => {
      requested = true; // what the shim's scheduler does: remember that a flush is due
    });
    const every = ctx.flushEveryFrames;
    let n = 0;
    // A per-slice UI's listeners and reads, through the shim's own snapshot cache
    // (bench/slice-ui.mjs): changed keys by handle, text slices read incrementally.
    const ui = flush ? sliceUi(core, SnapshotCache) : null;
    // Bytes go in as the store's `ingestBytes` sends them: through the core's input buffer.
    const input = new FrameInput();
    const doFlush = () => {
      ui.flush();
      sink = ui.sink;
      requested = false;
    };
    return {
      bytes,
      core,
      run(frames) {
        if (bytes) {
          for (let i = 0; i < frames.length; i++) {
            input.ingest(core, frames[i]);
            if (flush && ++n === every) {
              n = 0;
              doFlush();
            }
          }
        } else {
          for (let i = 0; i < frames.length; i++) {
            core.ingest(frames[i]);
            if (flush && ++n === every) {
              n = 0;
              doFlush();
            }
          }
        }
      },
      finish() {
        if (flush) doFlush();
        else core.takeChanged();
      },
      summary(ids) {
        const out = {};
        for (const id of ids) out[id] = summarize(core.get(`messages/${id}`));
        out.__reads = ui ? ui.reads : 0;
        out.__requested = requested;
        return out;
      },
      free() {
        core.free();
      },
    };
  };
}

// --- streams: the same frames as an SSE body, 16 KiB chunks ---------------------------------
/** wirestore's stream path: the chunks into wasm through the input buffer, SSE framed there. */
function makeWirestoreStream(glue) {
  return () => {
    const core = new glue.WireStoreCore({});
    core.setNotify(() => {});
    const input = new FrameInput();
    const source = core.openStream({ format: 'sse' });
    core.streamResponse(source, 200, 'text/event-stream', 'bench');
    return {
      bytes: true,
      sse: true,
      core,
      run(chunks) {
        for (let i = 0; i < chunks.length; i++) input.push(core, source, chunks[i]);
      },
      finish() {
        core.streamEnded(source, 'end', 'bench');
        core.takeChanged();
      },
      summary(ids) {
        const out = {};
        for (const id of ids) out[id] = summarize(core.get(`messages/${id}`));
        return out;
      },
      free() {
        core.free();
      },
    };
  };
}

/** What an app without wirestore writes: eventsource-parser, JSON.parse, the hand reducer. */
function makeSseReducer() {
  return () => {
    let state = initialState();
    const decoder = new TextDecoder();
    const parser = createParser({
      onEvent(event) {
        state = reduceFrame(state, JSON.parse(event.data));
      },
    });
    return {
      bytes: true,
      sse: true,
      run(chunks) {
        for (let i = 0; i < chunks.length; i++) parser.feed(decoder.decode(chunks[i], { stream: true }));
      },
      finish() {
        parser.feed(decoder.decode());
      },
      summary(ids) {
        const out = {};
        for (const id of ids) out[id] = summarize(state.messages[id]);
        return out;
      },
    };
  };
}

/** The contenders, in table order. */
export function contenders(glue) {
  return [
    {
      name: 'JSON.parse',
      label: 'bare JSON.parse of each frame (floor)',
      floor: true,
      make: () => ({
        bytes: false,
        run(frames) {
          for (let i = 0; i < frames.length; i++) sink = JSON.parse(frames[i]);
        },
        finish() {},
        summary: () => null,
      }),
    },
    {
      name: 'reducer',
      label: 'hand-written reducer: JSON.parse + action map + immutable spread',
      make: () => {
        let state = initialState();
        return {
          bytes: false,
          run(frames) {
            for (let i = 0; i < frames.length; i++) state = reduceFrame(state, JSON.parse(frames[i]));
          },
          finish() {},
          summary(ids) {
            const out = {};
            for (const id of ids) out[id] = summarize(state.messages[id]);
            return out;
          },
        };
      },
    },
    {
      name: 'reducer-mut',
      label: 'hand-written reducer, mutating in place (best plain JS)',
      make: () => {
        const state = new Map();
        const apply = (e) => mutable[e.action_type]?.(state, e);
        return {
          bytes: false,
          run(frames) {
            for (let i = 0; i < frames.length; i++) {
              const p = JSON.parse(frames[i]);
              if (Array.isArray(p)) for (const e of p) apply(e);
              else apply(p);
            }
          },
          finish() {},
          summary(ids) {
            const out = {};
            for (const id of ids) out[id] = summarize(state.get(id));
            return out;
          },
        };
      },
    },
    { name: 'zustand', label: 'zustand vanilla store, per-slice maps, per-slice set()', make: makeZustand(false) },
    {
      name: 'zustand+sel',
      label: 'zustand + one selector per message and slice run on each set (as mounted useStore hooks)',
      make: makeZustand(true),
    },
    { name: 'ws-bytes', label: 'wirestore ingestBytes(Uint8Array) per frame (the store\'s path: FrameInput), no reads', make: makeWirestore(glue, { bytes: true, flush: false }) },
    {
      name: 'ws-bytes+flush',
      label: 'wirestore ingestBytes + every 32 envelopes a flush of a per-slice UI (changed keys, a read of each listened one)',
      make: makeWirestore(glue, { bytes: true, flush: true }),
    },
    { name: 'ws-text', label: 'wirestore ingest(string) per frame, no reads', make: makeWirestore(glue, { bytes: false, flush: false }) },
    {
      name: 'ws-text+flush',
      label: 'wirestore ingest(string) + the same flush every 32 envelopes',
      make: makeWirestore(glue, { bytes: false, flush: true }),
    },
    {
      name: 'stream',
      label: 'wirestore store.stream\'s path: the frames as an SSE body in 16 KiB chunks into wasm (FrameInput.push), framed there, no reads',
      make: makeWirestoreStream(glue),
    },
    {
      name: 'sse-reducer',
      label: 'the same SSE chunks: TextDecoder + eventsource-parser + JSON.parse + the hand-written immutable reducer',
      make: makeSseReducer(),
    },
  ];
}
