// The dialect benchmark in the page: the same content as wirestore v1 envelopes, an AI SDK
// UI message stream and AG-UI events (bench/dialect-gen.mjs), each through the core (its
// dialect, bytes through the store's input buffer or text) with a flush every 32 frames,
// beside a hand-written reducer of the same protocol. The runner (bench/run.mjs) rotates
// the order per run and compares the times within each run.
import { dialectStreams, handReducer, compareTurns } from '../dialect-gen.mjs';
import { FrameInput } from '../../dist/input.js';

export const FORMATS = ['v1', 'ai-sdk', 'agui'];

let sink = null;

/** The contenders and their runs on the prepared streams. */
export function dialectBench(glue, dialects) {
  let s = null;
  let bytes = null;
  const options = { v1: {}, 'ai-sdk': { dialect: dialects['ai-sdk'] }, agui: { dialect: dialects.agui } };
  const names = FORMATS.flatMap((f) => [`${f} bytes`, `${f} text`, `${f} reducer`]);

  function wirestore(format, binary) {
    const core = new glue.WireStoreCore(options[format]);
    core.setNotify(() => {});
    const input = new FrameInput();
    const frames = binary ? bytes[format] : s.frames[format];
    let n = 0;
    const t0 = performance.now();
    for (let i = 0; i < frames.length; i++) {
      if (binary) input.ingest(core, frames[i]);
      else core.ingest(frames[i]);
      if (++n === 32) {
        n = 0;
        sink = core.takeChanged();
      }
    }
    sink = core.takeChanged();
    const ms = performance.now() - t0;
    const got = s.expected.map(({ id }) => {
      const m = core.get(`messages/${id}`);
      return { id, content: m?.content, args: JSON.stringify(m?.tools?.[0]?.args), status: m?.status };
    });
    const errors = core.get('errors');
    core.free();
    const bad = compareTurns(s.expected, got, `${format} ${binary ? 'bytes' : 'text'}`);
    if (errors.length > 0) bad.push(`${format}: ${errors.length} error entries, the first: ${errors[0].message}`);
    return { ms, bad };
  }

  function reducer(format) {
    const r = handReducer(format);
    const frames = s.frames[format];
    const t0 = performance.now();
    for (let i = 0; i < frames.length; i++) r.apply(JSON.parse(frames[i]));
    const ms = performance.now() - t0;
    return { ms, bad: compareTurns(s.expected, r.summary(), `${format} reducer`) };
  }

  return {
    names,
    prepare(events) {
      s = dialectStreams({ events });
      const enc = new TextEncoder();
      bytes = Object.fromEntries(Object.entries(s.frames).map(([k, fs]) => [k, fs.map((f) => enc.encode(f))]));
      return Object.fromEntries(
        FORMATS.map((f) => [f, { frames: s.frames[f].length, bytes: bytes[f].reduce((n, b) => n + b.length, 0) }]),
      );
    },
    run(name) {
      const [format, kind] = name.split(' ');
      const { ms, bad } = kind === 'reducer' ? reducer(format) : wirestore(format, kind === 'bytes');
      return { ms, mismatches: bad.slice(0, 5), mismatchCount: bad.length, sink: sink !== null };
    },
    release() {
      s = null;
      bytes = null;
    },
  };
}
