// The load benchmark's client (Node, the `ws` package): N connections to the bench server, each
// asks for one reply of T tokens at R tokens/s, and every token's delta-to-arrival latency is
// read from the token itself (the server's wall clock in µs when it called reply.delta).
// It checks what it measures: per connection seq is gap-free and increasing, every token
// arrives once and in order, and the reply ends `message.done`.
// Usage: node client.mjs URL N T R [idle|bare]   (idle: connect, wait for session.ready, hold;
// bare: the same against an endpoint that sends nothing, for the baseline)
// Prints one JSON line of figures.
import WebSocket from 'ws';

const [url, nArg, tArg, rArg, mode] = process.argv.slice(2);
const N = Number(nArg);
const T = Number(tArg);
const R = Number(rArg);
const TIMEOUT_MS = Math.max(60_000, (T / Math.max(R, 1)) * 4000);
const nowUs = () => (performance.timeOrigin + performance.now()) * 1000;

const latencies = new Float64Array(N * T);
let nLat = 0;
let envelopes = 0;
let deltas = 0;
let frames = 0;
let bytes = 0;
let done = 0;
let ready = 0;
const problems = [];
const sockets = [];
let started = 0;
let finished = 0;

function fail(message) {
  if (problems.length < 5) problems.push(message);
}

function open(i) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url}?token=bench${i}`, { perMessageDeflate: false });
    const state = { seq: null, tokens: 0, last: 0, done: false };
    ws.on('message', (data) => {
      frames += 1;
      bytes += data.length;
      const value = JSON.parse(data.toString());
      const items = Array.isArray(value) ? value : [value];
      const at = nowUs();
      for (const f of items) {
        envelopes += 1;
        if (f.action_type === 'session.ready') {
          state.seq = f.payload.seq;
          ready += 1;
          resolve(ws);
          continue;
        }
        if (typeof f.seq === 'number') {
          if (f.seq !== state.seq + 1) fail(`conn ${i}: seq ${f.seq} after ${state.seq}`);
          state.seq = f.seq;
        }
        if (f.action_type === 'content.delta') {
          deltas += 1;
          for (const token of f.payload.text.split(' ')) {
            if (token === '') continue;
            const sent = Number(token);
            if (sent < state.last) fail(`conn ${i}: token out of order`);
            state.last = sent;
            state.tokens += 1;
            if (nLat < latencies.length) latencies[nLat++] = (at - sent) / 1000;
          }
        } else if (f.action_type === 'message.done' && !state.done) {
          state.done = true;
          if (state.tokens !== T) fail(`conn ${i}: ${state.tokens} tokens, not ${T}`);
          done += 1;
          if (done === N) {
            finished = performance.now();
            finish();
          }
        }
      }
    });
    // A bare endpoint (the baseline: accept, then read) sends nothing: open is ready.
    if (mode === 'bare') ws.on('open', () => { ready += 1; resolve(ws); });
    ws.on('error', (e) => reject(e));
    ws.on('close', (code) => {
      if (!state.done && mode !== 'idle' && started) fail(`conn ${i} closed ${code} early`);
    });
    sockets.push(ws);
  });
}

function quantile(sorted, q) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function finish() {
  const lat = latencies.subarray(0, nLat).sort();
  const seconds = (finished - started) / 1000;
  console.log(
    JSON.stringify({
      connections: N,
      tokens: nLat,
      seconds,
      tokensPerSecond: nLat / seconds,
      envelopes,
      deltaEnvelopes: deltas,
      frames,
      bytes,
      p50ms: quantile(lat, 0.5),
      p99ms: quantile(lat, 0.99),
      maxms: lat.length ? lat[lat.length - 1] : null,
      problems,
    }),
  );
  for (const ws of sockets) ws.terminate();
  process.exit(problems.length ? 1 : 0);
}

// Open in waves so the accept queue is not flooded.
for (let i = 0; i < N; i += 50) {
  await Promise.all(Array.from({ length: Math.min(50, N - i) }, (_, k) => open(i + k)));
}
if (mode === 'idle' || mode === 'bare') {
  console.log(JSON.stringify({ connections: N, ready }));
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
} else {
  setTimeout(() => {
    fail(`timed out with ${done}/${N} replies done`);
    finished = performance.now();
    finish();
  }, TIMEOUT_MS).unref();
  console.log(JSON.stringify({ streaming: N }));
  started = performance.now();
  const frame = JSON.stringify({ v: 1, action_type: 'bench.stream', payload: { tokens: T, rate: R } });
  for (const ws of sockets) ws.send(frame);
}
