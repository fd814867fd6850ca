// A/B of two wasm builds on the stream path, in one Node process, runs interleaved: the bench's
// frames as one SSE body in 16 KiB chunks through FrameInput.push (what store.stream does), and
// beside it, in the same runs, the same frames one by one through FrameInput.ingest (the binary
// socket's path). Prints each build's medians, its median stream/socket ratio, and the median
// of the per-pair stream ratios B/A (below 1: B is faster). Node's figures can differ from
// Chromium's (see page-ab.mjs); the ones that count are scripts/bench.sh's.
// Usage: node bench/node-stream-ab.mjs <pkg dir A> <pkg dir B> [delta|cumulative] [pairs, default 9]
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { FrameInput } from '../dist/input.js';
import { Generator, variant } from './gen.mjs';

const [dirA, dirB, kind = 'delta', pairs = '9'] = process.argv.slice(2);
if (!dirA || !dirB) {
  console.error('usage: node bench/node-stream-ab.mjs <pkg dir A> <pkg dir B> [delta|cumulative] [pairs]');
  process.exit(2);
}
const CHUNK = 16 * 1024;

async function load(dir) {
  const glue = await import(`${pathToFileURL(`${dir}/wirestore.js`).href}?${encodeURIComponent(dir)}`);
  glue.initSync({ module: readFileSync(`${dir}/wirestore_bg.wasm`) });
  return glue;
}
const builds = { A: await load(dirA), B: await load(dirB) };

const gen = new Generator(variant(kind, kind === 'delta' ? { envelopes: 200_000 } : { contentBytes: 80_000, steps: 150 }));
const enc = new TextEncoder();
const frames = [];
for (let c; (c = gen.nextChunk(4 << 20)); ) frames.push(...c.frames);
const bytes = frames.map((f) => enc.encode(f));
const body = enc.encode(frames.map((f) => `data: ${f}\n\n`).join(''));
const chunks = [];
for (let i = 0; i < body.length; i += CHUNK) chunks.push(body.slice(i, i + CHUNK));

function socket(glue) {
  const core = new glue.WireStoreCore({});
  core.setNotify(() => {});
  const input = new FrameInput();
  const t0 = performance.now();
  for (const f of bytes) input.ingest(core, f);
  const ms = performance.now() - t0;
  core.free();
  return ms;
}
function stream(glue) {
  const core = new glue.WireStoreCore({});
  core.setNotify(() => {});
  const input = new FrameInput();
  const id = core.openStream({ format: 'sse' });
  core.streamResponse(id, 200, 'text/event-stream', 'bench');
  const t0 = performance.now();
  for (const c of chunks) input.push(core, id, c);
  core.streamEnded(id, 'end', 'bench');
  const ms = performance.now() - t0;
  const applied = core.get('stats').frames;
  core.free();
  if (applied !== frames.length) throw new Error(`the stream applied ${applied} of ${frames.length} frames`);
  return ms;
}

const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
const runs = { A: { socket: [], stream: [] }, B: { socket: [], stream: [] } };
for (let i = 0; i < Number(pairs); i++) {
  for (const k of i % 2 ? ['A', 'B'] : ['B', 'A']) {
    runs[k].socket.push(socket(builds[k]));
    runs[k].stream.push(stream(builds[k]));
  }
}
console.log(`${kind}: ${frames.length} frames, ${(body.length / 1048576).toFixed(1)} MB of SSE in ${chunks.length} chunks`);
for (const k of ['A', 'B']) {
  const r = runs[k];
  const ratio = median(r.stream.map((s, i) => s / r.socket[i]));
  console.log(`${k}: socket ${median(r.socket).toFixed(0)} ms, stream ${median(r.stream).toFixed(0)} ms, stream/socket ${ratio.toFixed(2)}`);
}
console.log(`stream B/A: ${median(runs.B.stream.map((s, i) => s / runs.A.stream[i])).toFixed(2)}`);
