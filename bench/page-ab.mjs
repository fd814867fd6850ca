// A/B of two wasm builds in headless Chromium, in one page, runs interleaved (A B, B A, ...):
// the browser's own figure for a change. Node's can differ: TextEncoder.encodeInto was 3x
// faster than wasm-bindgen's JS loop in Node and slower in Chromium.
// Workload: the bench's delta frames as bytes through FrameInput (the store's path); level 2
// adds a per-slice UI's flush every 32 frames (bench/slice-ui.mjs). Prints each build's
// median and the median of the per-pair ratios B/A (below 1: B is faster).
// Usage: node bench/page-ab.mjs <pkg dir A> <pkg dir B> [level 0|2, default 2] [pairs, default 12]
// (after scripts/build.sh and `npm ci` in bench/). A pkg dir inside a checkout (a git
// worktree of the commit to compare with, built) brings that checkout's dist/ (the shim);
// any other pkg dir uses this checkout's.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS } from '../scripts/chromium.mjs';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const { chromium } = createRequire(path.join(BENCH, 'package.json'))('playwright-core');
const [dirA, dirB, level = '2', pairs = '12'] = process.argv.slice(2);
if (!dirA || !dirB) {
  console.error('usage: node bench/page-ab.mjs <pkg dir A> <pkg dir B> [level 0|2] [pairs]');
  process.exit(2);
}
const REPO = path.resolve(BENCH, '..');
const shimOf = (dir) => {
  const beside = path.resolve(dir, '..', 'dist');
  return existsSync(path.join(beside, 'input.js')) ? beside : path.join(REPO, 'dist');
};
const ROOTS = {
  '/a/': path.resolve(dirA),
  '/b/': path.resolve(dirB),
  '/ad/': shimOf(dirA),
  '/bd/': shimOf(dirB),
  '/r/': REPO,
};
const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };

const PAGE = `<!doctype html><script type="module">
import * as A from '/a/wirestore.js';
import * as B from '/b/wirestore.js';
import { Generator, variant } from '/r/bench/gen.mjs';
import { sliceUi } from '/r/bench/slice-ui.mjs';
import { FrameInput as InputA } from '/ad/input.js';
import { SnapshotCache as CacheA } from '/ad/snapshot.js';
import { FrameInput as InputB } from '/bd/input.js';
import { SnapshotCache as CacheB } from '/bd/snapshot.js';
const shims = new Map([[A, { FrameInput: InputA, SnapshotCache: CacheA }], [B, { FrameInput: InputB, SnapshotCache: CacheB }]]);
for (const [glue, dir] of [[A, '/a/'], [B, '/b/']]) {
  glue.initSync({ module: await (await fetch(dir + 'wirestore_bg.wasm')).arrayBuffer() });
}
const gen = new Generator(variant('delta', { envelopes: 200_000 }));
const frames = [];
for (let c; (c = gen.nextChunk(1 << 20)); ) frames.push(...c.frames);
const encoder = new TextEncoder();
const bytes = frames.map((f) => encoder.encode(f));
function run(glue) {
  const { FrameInput, SnapshotCache } = shims.get(glue);
  const core = new glue.WireStoreCore({});
  core.setNotify(() => {});
  const input = new FrameInput();
  const ui = ${Number(level)} >= 2 ? sliceUi(core, SnapshotCache) : null;
  let n = 0;
  const t0 = performance.now();
  for (const f of bytes) {
    input.ingest(core, f);
    if (ui && ++n === 32) { n = 0; ui.flush(); }
  }
  const ms = performance.now() - t0;
  core.free();
  return ms;
}
run(A); run(B); // warm-up
const a = [], b = [];
for (let i = 0; i < ${Number(pairs)}; i++) {
  if (i % 2 === 0) { a.push(run(A)); b.push(run(B)); } else { b.push(run(B)); a.push(run(A)); }
}
const median = (x) => [...x].sort((p, q) => p - q)[x.length >> 1];
window.result = 'A ' + median(a).toFixed(1) + ' ms | B ' + median(b).toFixed(1) + ' ms | B/A ' +
  median(a.map((v, i) => b[i] / v)).toFixed(3);
</script>`;

const server = createServer(async (req, res) => {
  if (req.url === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
  const prefix = Object.keys(ROOTS).find((p) => req.url.startsWith(p));
  const file = prefix && path.join(ROOTS[prefix], req.url.slice(prefix.length).split('?')[0]);
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction(() => window.result, null, { timeout: 600_000 });
  console.log(`level ${level}: ${await page.evaluate(() => window.result)}`);
} finally {
  await browser.close();
  server.close();
}
