// A/B of two builds of the wasm in ONE Node process, runs interleaved (A B, B A, ...), so a
// machine whose speed drifts during the comparison slows both alike. Prints each build's
// median and the median of the per-pair ratios B/A (below 1: B is faster).
// Workload: the bench's delta frames (bench/gen.mjs), fed to ingest(string) (or, with `bytes`,
// as UTF-8 bytes the way the store's ingestBytes does); with a level,
// also a flush every 32 frames (levels as in bench/node-core.mjs: 1 all changed keys by
// name, 2 a per-slice UI's flush through the shim's snapshot cache).
// Usage: node bench/node-ab.mjs <pkg dir A> <pkg dir B> [level 0-2, default 2] [pairs, default 8] [bytes]
import { Generator, variant } from './gen.mjs';
import { loadBuild, timeIngest } from './node-core.mjs';

const [dirA, dirB, levelArg, pairsArg, kind] = process.argv.slice(2);
if (!dirA || !dirB) {
  console.error('usage: node bench/node-ab.mjs <pkg dir A> <pkg dir B> [level 0-2] [pairs] [bytes]');
  process.exit(2);
}
const level = Number(levelArg ?? 2);
const pairs = Number(pairsArg ?? 8);

const A = await loadBuild(dirA);
const B = await loadBuild(dirB);

const gen = new Generator(variant('delta', { envelopes: 100_000 }));
const frames = [];
for (let c; (c = gen.nextChunk(1 << 20)); ) frames.push(...c.frames);
const encoder = new TextEncoder();
const input = kind === 'bytes' ? frames.map((f) => encoder.encode(f)) : frames;
const run = (glue) => timeIngest(glue, input, level);

const msA = [];
const msB = [];
run(A); // warm-up
run(B);
for (let i = 0; i < pairs; i++) {
  if (i % 2 === 0) {
    msA.push(run(A));
    msB.push(run(B));
  } else {
    msB.push(run(B));
    msA.push(run(A));
  }
}
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const ratio = median(msB.map((b, i) => b / msA[i]));
console.log(`level ${level}: A ${median(msA).toFixed(1)} ms | B ${median(msB).toFixed(1)} ms | B/A ${ratio.toFixed(3)}`);
