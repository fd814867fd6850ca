// Tabs sharing one socket, measured in headless Chromium against the reference server.
//
// Throughput: N = 1, 3, 8 tabs of one browser context (tests/share/page.js); the server sends
// binary frames as fast as it can (tokenMs=0, 8 long replies in parallel). Shared: the leading
// tab asks, the others follow. The baseline, in the same run, interleaved: a socket per tab,
// every tab asking for the same replies on its own session. Delivered frames/s: the frames all
// tabs applied (`stats.frames`), summed, over the wall time from the ask to the last tab done.
//
// Lag and the leader's cost, at a paced stream (tokenMs=5, 2 replies: a few hundred frames/s,
// a fast chat): in every follower, the time its share handler returned from applying the
// frame of seq s, minus the time that frame reached the leader's socket handler (the leader's
// apply, the batching, the channel and the follower's apply); target: within one animation
// frame (16.7 ms). The leader's cost: its main-thread CPU time (CDP ThreadTime) per frame
// when leading N tabs, against a lone tab with its own socket on the same stream.
//
// Every run checks that all its tabs end with the same replies.
// Usage: WS_HTTP_URL=… node bench/share.mjs [--smoke]  (scripts/bench-share.sh starts the server)
// Prints the tables; the full run writes BENCHMARKS-share.md, the smoke run bench/out/share-smoke.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const base = process.env.WS_HTTP_URL;
if (!base) {
  console.error('bench/share.mjs: WS_HTTP_URL is not set (run scripts/bench-share.sh)');
  process.exit(2);
}
const smoke = process.argv.includes('--smoke');
const TABS = smoke ? [1, 3] : [1, 3, 8];
const ROUNDS = smoke ? 1 : 3;
const FAST = { tokenMs: 0, replies: smoke ? 2 : 8 };
const PACED = { tokenMs: 5, replies: 2 };
const FRAME_MS = 1000 / 60;
const t0 = Date.now();

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });

// Installed in every page before its scripts: when each socket frame arrived (by its seq), and
// when a follower's handler returned from applying a forwarded frame (by its seq). Frames are the server's JSON; the seq is read from
// their first bytes after the timestamp is taken.
function instrument() {
  const now = () => performance.timeOrigin + performance.now();
  const decoder = new TextDecoder();
  const seqOf = (data) => {
    const head = typeof data === 'string' ? data.slice(0, 200) : decoder.decode(new Uint8Array(data, 0, Math.min(200, data.byteLength)));
    const m = /"seq":(\d+)/.exec(head);
    return m ? Number(m[1]) : null;
  };
  const bench = { arrived: [], applied: [] };
  window.__bench = bench;
  const socketHandler = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage');
  Object.defineProperty(WebSocket.prototype, 'onmessage', {
    configurable: true,
    get() {
      return socketHandler.get.call(this);
    },
    set(fn) {
      socketHandler.set.call(this, (event) => {
        const at = now();
        const seq = seqOf(event.data);
        if (seq !== null) bench.arrived.push([seq, at]);
        return fn(event);
      });
    },
  });
  const frames = (message) => (message && message.k === 'b' ? message.m : [message]).filter((m) => m && m.k === 'f');
  const handler = Object.getOwnPropertyDescriptor(BroadcastChannel.prototype, 'onmessage');
  Object.defineProperty(BroadcastChannel.prototype, 'onmessage', {
    configurable: true,
    get() {
      return handler.get.call(this);
    },
    set(fn) {
      handler.set.call(this, (event) => {
        fn(event);
        const at = now();
        for (const f of frames(event.data)) {
          const seq = seqOf(f.d);
          if (seq !== null) bench.applied.push([seq, at]);
        }
      });
    },
  });
}

async function openTabs(n, share, tokenMs) {
  const context = await browser.newContext();
  await context.addInitScript(instrument);
  const user = `bench-${share ? 's' : 'p'}${n}-${Math.random().toString(36).slice(2, 8)}`;
  const tabs = [];
  for (let i = 0; i < n; i++) {
    const page = await context.newPage();
    await page.goto(`${base}/?user=${user}&tokenMs=${tokenMs}&binary=1&share=${share ? 1 : 0}`);
    await page.waitForSelector('body[data-ready]');
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    tabs.push({ page, cdp });
  }
  await Promise.all(
    tabs.map((t) =>
      t.page.waitForFunction(
        (share) => {
          const s = window.__t.state();
          return s.status === 'open' && (share ? s.role === 'leader' || s.role === 'follower' : s.role === null);
        },
        share,
        { timeout: 20_000, polling: 20 },
      ),
    ),
  );
  if (share) {
    // The leader first: it asks, and its posts are the reference for the followers' lag.
    const roles = await Promise.all(tabs.map((t) => t.page.evaluate(() => window.__t.state().role)));
    const leaders = roles.filter((r) => r === 'leader').length;
    if (leaders !== 1) throw new Error(`${leaders} leaders among ${n} tabs`);
    tabs.unshift(...tabs.splice(roles.indexOf('leader'), 1));
  }
  return { context, tabs };
}

// Main-thread CPU time (CDP ThreadTime): unlike task wall time, not inflated when the tabs
// preempt one another on few cores.
const taskSeconds = async (cdp) => {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'ThreadTime')?.value ?? 0;
};

async function run(n, share, { tokenMs, replies }) {
  const { context, tabs } = await openTabs(n, share, tokenMs);
  const before = await Promise.all(tabs.map((t) => taskSeconds(t.cdp)));
  const prompt = 'a long answer for the benchmark';
  const start = Date.now();
  const askers = share ? [tabs[0]] : tabs;
  await Promise.all(askers.map((t) => t.page.evaluate(([p, r]) => window.__t.send(p, r), [prompt, replies])));
  await Promise.all(
    tabs.map((t) =>
      t.page.waitForFunction(
        (r) => {
          const m = Object.values(window.__t.state().messages).filter((x) => x.role === 'assistant');
          return m.length === r && m.every((x) => x.status === 'done');
        },
        replies,
        { timeout: 120_000, polling: 20 },
      ),
    ),
  );
  const wall = (Date.now() - start) / 1000;
  const after = await Promise.all(tabs.map((t) => taskSeconds(t.cdp)));
  const seen = await Promise.all(
    tabs.map((t) =>
      t.page.evaluate(() => {
        const b = window.__bench;
        return {
          frames: window.__t.state().stats.frames,
          arrived: b.arrived,
          applied: b.applied,
          contents: Object.values(window.__t.state().messages).map((m) => m.content).sort(),
        };
      }),
    ),
  );
  await context.close();
  const frames = seen.reduce((a, s) => a + s.frames, 0);
  // Every tab ends with the same replies (shared or not, the script is deterministic).
  const same = seen.every((s) => JSON.stringify(s.contents) === JSON.stringify(seen[0].contents));
  const arrived = new Map(seen[0].arrived);
  const lags = [];
  for (const s of seen.slice(1)) for (const [seq, at] of s.applied) if (arrived.has(seq)) lags.push(at - arrived.get(seq));
  const leaderFrames = seen[0].frames;
  const leaderTaskMs = ((after[0] - before[0]) * 1000) / leaderFrames;
  return {
    n,
    share,
    wall,
    frames,
    rate: frames / wall,
    leaderFrames,
    leaderTaskMs,
    lags,
    same,
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN;
};

const fast = [];
const paced = [];
const note = (what, r) =>
  console.log(`${what} · ${r.n} tab(s) · ${r.share ? 'shared socket' : 'socket per tab'}: ${Math.round(r.rate)} frames/s delivered (${r.frames} frames in ${r.wall.toFixed(2)} s)`);
for (let round = 0; round < ROUNDS; round++) {
  for (const n of TABS) {
    // Interleaved: shared then per tab, or the other way, alternating by round.
    for (const share of round % 2 === 0 ? [true, false] : [false, true]) {
      const r = await run(n, share, FAST);
      fast.push(r);
      note(`round ${round + 1} · fast`, r);
    }
  }
  for (const [n, share] of round % 2 === 0 ? [[1, false], ...TABS.filter((t) => t > 1).map((t) => [t, true])] : [...TABS.filter((t) => t > 1).map((t) => [t, true]), [1, false]]) {
    const r = await run(n, share, PACED);
    paced.push(r);
    note(`round ${round + 1} · paced`, r);
  }
}
await browser.close();

const results = [...fast, ...paced];
const failures = results.filter((r) => !r.same).map((r) => `${r.n} tabs ${r.share ? 'shared' : 'per tab'}: the tabs ended with different replies`);
const lines = [];
const hr = (cells) => lines.push(`| ${cells.join(' | ')} |`);
lines.push(`## Frames delivered (tokenMs=0, ${FAST.replies} replies at once)`, '');
hr(['tabs', 'shared socket: frames/s delivered (all tabs)', 'socket per tab: frames/s delivered', 'shared / per tab (median of same-round ratios)', 'server sockets']);
hr(['---', '---', '---', '---', '---']);
for (const n of TABS) {
  const shared = fast.filter((r) => r.n === n && r.share);
  const alone = fast.filter((r) => r.n === n && !r.share);
  const ratios = shared.map((s, i) => s.rate / alone[i].rate);
  hr([n, Math.round(median(shared.map((r) => r.rate))), Math.round(median(alone.map((r) => r.rate))), `${median(ratios).toFixed(2)}×`, `1 vs ${n}`]);
}
const lagRow = (label, runs) => {
  const lags = runs.flatMap((r) => r.lags);
  const within = lags.filter((l) => l <= FRAME_MS).length / lags.length;
  hr([label, lags.length, `${median(lags).toFixed(2)} ms`, `${pct(lags, 0.95).toFixed(2)} ms`, `${pct(lags, 0.99).toFixed(2)} ms`, `${Math.max(...lags).toFixed(1)} ms`, `${(within * 100).toFixed(1)} %`]);
  return pct(lags, 0.99);
};
const pacedRate = median(paced.filter((r) => r.n === 1).map((r) => r.leaderFrames / r.wall));
lines.push('', `## A follower behind the leader (paced: tokenMs=${PACED.tokenMs}, ${PACED.replies} replies, about ${Math.round(pacedRate)} frames/s)`, '');
hr(['tabs', 'frames measured', 'p50', 'p95', 'p99', 'max', 'within one animation frame (16.7 ms)']);
hr(['---', '---', '---', '---', '---', '---', '---']);
const verdicts = [];
for (const n of TABS.filter((n) => n > 1)) verdicts.push({ n, p99: lagRow(n, paced.filter((r) => r.n === n && r.share)) });
lines.push('', `At full speed (tokenMs=0, ${FAST.replies} replies; the tabs share ${cpus().length} cores with the server and the browser, so followers queue):`, '');
hr(['tabs', 'frames measured', 'p50', 'p95', 'p99', 'max', 'within one animation frame (16.7 ms)']);
hr(['---', '---', '---', '---', '---', '---', '---']);
for (const n of TABS.filter((n) => n > 1)) lagRow(n, fast.filter((r) => r.n === n && r.share));
lines.push('', `## The leader's cost per frame (paced)`, '');
hr(['tabs', "leader's main-thread CPU time per frame", 'a lone tab with its own socket, same stream', 'added per frame by leading']);
hr(['---', '---', '---', '---']);
const lone = median(paced.filter((r) => r.n === 1).map((r) => r.leaderTaskMs * 1000));
for (const n of TABS.filter((n) => n > 1)) {
  const shared = paced.filter((r) => r.n === n && r.share);
  const s = median(shared.map((r) => r.leaderTaskMs * 1000));
  hr([n, `${s.toFixed(1)} µs`, `${lone.toFixed(1)} µs`, `${(s - lone).toFixed(1)} µs (${((s / lone - 1) * 100).toFixed(0)} %)`]);
}
const targetMet = verdicts.every((v) => v.p99 <= FRAME_MS);
const commit = execSync('git rev-parse --short HEAD', { cwd: ROOT }).toString().trim();
const head = [
  '# Benchmarks: tabs sharing one socket',
  '',
  `Generated by \`bash scripts/bench-share.sh${smoke ? ' --smoke' : ''}\` on ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}, commit ${commit}. Machine: ${cpus().length} cores; Debian /usr/bin/chromium headless via playwright-core. Whole run: ${Math.round((Date.now() - t0) / 1000)} s. Medians over ${ROUNDS} round(s); what is measured and how: the header of \`bench/share.mjs\`.`,
  '',
  `Target: a follower applies a frame within one animation frame of the leader (paced stream, p99): ${targetMet ? 'met' : 'missed'} (${verdicts.map((v) => `${v.p99.toFixed(2)} ms at ${v.n} tabs`).join(', ')}).`,
  '',
];
const md = head.concat(lines).join('\n') + '\n';
console.log('\n' + md);
if (smoke) {
  mkdirSync(path.join(ROOT, 'bench', 'out'), { recursive: true });
  writeFileSync(path.join(ROOT, 'bench', 'out', 'share-smoke.md'), md);
} else writeFileSync(path.join(ROOT, 'BENCHMARKS-share.md'), md);
for (const f of failures) console.log(`FAIL ${f}`);
console.log(`bench-share: ${failures.length === 0 ? 1 : 0} passed, ${failures.length} failed`);
process.exit(failures.length === 0 ? 0 : 1);
