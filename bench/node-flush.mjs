// A quick Node-side split of where ingest time goes, against the built wasm: ingest alone,
// + all changed keys by name per flush, + instead a per-slice UI's flush (bench/slice-ui.mjs).
// 100,000 content.delta frames over 20 messages, a flush every 32 frames, 3 runs.
// Usage: node bench/node-flush.mjs [pkg dir, default pkg]   (after scripts/build.sh)
// The full, cross-contender figures are scripts/bench.sh's; this is for profiling changes.
import path from 'node:path';
import { loadBuild, ROOT, timeIngest } from './node-core.mjs';

const glue = await loadBuild(process.argv[2] ?? path.join(ROOT, 'pkg'));

const enc = new TextEncoder();
const N = 100_000;
const M = 20;
const frames = [];
const push = (f) => frames.push(enc.encode(JSON.stringify({ ...f, seq: frames.length + 1 })));
for (let m = 0; m < M; m++) push({ action_type: 'message.start', messageId: `msg-${m}`, payload: { role: 'assistant' } });
for (let i = 0; frames.length < N; i++) push({ action_type: 'content.delta', messageId: `msg-${i % M}`, payload: { text: `tok${i % 7} ` } });

let sink;
const run = (level) => timeIngest(glue, frames, level).toFixed(1);
function jsonParse() {
  const dec = new TextDecoder();
  const t0 = performance.now();
  for (const f of frames) sink = JSON.parse(dec.decode(f));
  return (performance.now() - t0).toFixed(1);
}
console.log('ms: JSON.parse | ingestBytes | +changed keys by name | +a slice UI\'s flush');
for (let r = 0; r < 3; r++) console.log([jsonParse(), run(0), run(1), run(2)].join(' | '));
