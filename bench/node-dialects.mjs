// A quick Node-side look at the dialect path (the figures that count are the page's, in
// bash scripts/bench.sh): each protocol's stream of the same content (bench/dialect-gen.mjs)
// through the core with its dialect, beside the v1 path and a hand reducer, runs interleaved,
// the median of the per-run ratios. node bench/node-dialects.mjs [pkg dir] [events] [runs]
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, loadBuild } from './node-core.mjs';
import { dialectStreams, handReducer, compareTurns } from './dialect-gen.mjs';

const [dir = path.join(ROOT, 'pkg'), events = '200000', runs = '7'] = process.argv.slice(2);
const glue = await loadBuild(dir);
const { dialects } = await import(pathToFileURL(path.join(ROOT, 'dist', 'dialects.js')).href);
const { FrameInput } = await import(pathToFileURL(path.join(ROOT, 'dist', 'input.js')).href);
const s = dialectStreams({ events: Number(events) });
const enc = new TextEncoder();
const bytes = Object.fromEntries(Object.entries(s.frames).map(([k, fs]) => [k, fs.map((f) => enc.encode(f))]));
const options = { v1: {}, 'ai-sdk': { dialect: dialects['ai-sdk'] }, agui: { dialect: dialects.agui } };

function wirestore(format, binary) {
  const core = new glue.WireStoreCore(options[format]);
  core.setNotify(() => {});
  const input = new FrameInput();
  const frames = binary ? bytes[format] : s.frames[format];
  let n = 0;
  const t0 = performance.now();
  for (const f of frames) {
    if (binary) input.ingest(core, f);
    else core.ingest(f);
    if (++n % 32 === 0) core.takeChanged();
  }
  core.takeChanged();
  const ms = performance.now() - t0;
  const got = s.expected.map(({ id }) => {
    const m = core.get(`messages/${id}`);
    return { id, content: m?.content, args: JSON.stringify(m?.tools?.[0]?.args), status: m?.status };
  });
  const errors = core.get('errors');
  core.free();
  const bad = compareTurns(s.expected, got, `${format} ${binary ? 'bytes' : 'text'}`);
  if (errors.length) bad.push(`${format}: ${errors.length} errors, first: ${errors[0].message}`);
  return { ms, bad };
}

function reducer(format) {
  const r = handReducer(format);
  const t0 = performance.now();
  for (const f of s.frames[format]) r.apply(JSON.parse(f));
  const ms = performance.now() - t0;
  return { ms, bad: compareTurns(s.expected, r.summary(), `${format} reducer`) };
}

const contenders = {};
for (const format of ['v1', 'ai-sdk', 'agui']) {
  contenders[`${format} bytes`] = () => wirestore(format, true);
  contenders[`${format} text`] = () => wirestore(format, false);
  contenders[`${format} reducer`] = () => reducer(format);
}
const times = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
const names = Object.keys(contenders);
for (let run = -1; run < Number(runs); run++) {
  const order = names.slice(run % names.length).concat(names.slice(0, run % names.length));
  for (const name of run < 0 ? names : order) {
    const { ms, bad } = contenders[name]();
    if (bad.length) throw new Error(bad.slice(0, 3).join('; '));
    if (run >= 0) times[name].push(ms);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ratio = (a, b) => median(times[a].map((x, i) => x / times[b][i]));
console.log(`${events} events per stream; ${s.frames.v1.length} v1, ${s.frames['ai-sdk'].length} ai-sdk, ${s.frames.agui.length} agui frames; median of ${runs} runs`);
for (const name of names) console.log(`${name.padEnd(16)} ${median(times[name]).toFixed(1).padStart(8)} ms`);
for (const format of ['ai-sdk', 'agui']) {
  for (const kind of ['bytes', 'text']) {
    console.log(`${format} ${kind}: ${ratio(`${format} ${kind}`, `v1 ${kind}`).toFixed(2)}x the v1 path; reducer/wirestore ${ratio(`${format} reducer`, `${format} ${kind}`).toFixed(2)}`);
  }
}
