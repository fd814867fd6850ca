// A quick Node-side split of where ingest time goes, against the built wasm: ingest alone,
// + takeChanged per flush, + a version read, + reads through the shim's snapshot cache.
// 100,000 content.delta frames over 20 messages, a flush every 32 frames, 3 runs.
// Usage: node bench/node-flush.mjs [pkg dir, default pkg]   (after scripts/build.sh)
// The full, cross-contender figures are scripts/bench.sh's; this is for profiling changes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = path.resolve(process.argv[2] ?? path.join(ROOT, 'pkg'));
const glue = await import(pathToFileURL(path.join(pkg, 'wirestore.js')).href);
glue.initSync({ module: readFileSync(path.join(pkg, 'wirestore_bg.wasm')) });
const { SnapshotCache, takeChangedKeys } = await import(pathToFileURL(path.join(ROOT, 'dist', 'snapshot.js')).href);

const enc = new TextEncoder();
const N = 100_000;
const M = 20;
const frames = [];
const push = (f) => frames.push(enc.encode(JSON.stringify({ ...f, seq: frames.length + 1 })));
for (let m = 0; m < M; m++) push({ action_type: 'message.start', messageId: `msg-${m}`, payload: { role: 'assistant' } });
for (let i = 0; frames.length < N; i++) push({ action_type: 'content.delta', messageId: `msg-${i % M}`, payload: { text: `tok${i % 7} ` } });

const wanted = (k) => k === 'messages' || (k.startsWith('messages/') && k.indexOf('/', 9) > 0);
let sink;
function run(level) {
  const core = new glue.WireStoreCore({});
  core.setNotify(() => {});
  const cache = new SnapshotCache();
  let n = 0;
  const t0 = performance.now();
  for (const f of frames) {
    core.ingestBytes(f);
    if (level > 0 && ++n === 32) {
      n = 0;
      const changed = takeChangedKeys(core);
      if (level > 1) {
        cache.invalidate(changed, wanted, core);
        for (const k of changed) if (wanted(k)) sink = level > 2 ? cache.read(core, k) : core.version(k);
        cache.flushed();
      }
    }
  }
  const ms = performance.now() - t0;
  core.free();
  return ms.toFixed(1);
}
function jsonParse() {
  const dec = new TextDecoder();
  const t0 = performance.now();
  for (const f of frames) sink = JSON.parse(dec.decode(f));
  return (performance.now() - t0).toFixed(1);
}
console.log('ms: JSON.parse | ingestBytes | +takeChanged | +version reads | +cache reads');
for (let r = 0; r < 3; r++) console.log([jsonParse(), run(0), run(1), run(2), run(3)].join(' | '));
