// @ts-check
// Test streams with fault knobs, in the three framings, for the Chromium tests of
// store.stream. Every stream is the same deterministic content: events 1..n are
// `content.delta` ("t1 ", "t2 ", ...) for one message, event n+1 is its `message.done`, and
// an SSE body ends with `data: [DONE]` unless `done=0`. Each event carries `id: <i>`.
//
// GET or POST /streams/events?key=K&n=N&format=sse|ndjson|json-seq&message=M and knobs:
//   cut=C        the first request of key K sends C events, half of the next one, then drops
//                the connection (later requests run whole)
//   status=S     answer S instead (with times=T: only the first T requests of key K)
//   type=T       send this Content-Type instead (e.g. text/html)
//   delay=MS     wait MS before each event; retry=MS  send `retry: MS` first
//   replay=start ignore Last-Event-ID (a server that replays from the beginning)
//   done=0       leave out `data: [DONE]` and the message.done event
// A request resumes after its Last-Event-ID header. GET /streams/log?key=K answers every
// request made with key K: {method, lastEventId, events, closedEarly}.

const RS = '\x1e';

/** What each key's requests were, for the tests to check. */
const logs = new Map();

/** The frame of event `i` (1-based) of a stream of `n` events for `message`. */
export function frameOf(i, n, message) {
  if (i <= n) {
    return JSON.stringify({ action_type: 'content.delta', messageId: message, payload: { text: `t${i} ` } });
  }
  return JSON.stringify({ action_type: 'message.done', messageId: message, payload: {} });
}

function encode(format, i, frame) {
  if (format === 'ndjson') return `${frame}\n`;
  if (format === 'json-seq') return `${RS}${frame}\n`;
  return `id: ${i}\ndata: ${frame}\n\n`;
}

const CONTENT_TYPES = {
  sse: 'text/event-stream',
  ndjson: 'application/x-ndjson',
  'json-seq': 'application/json-seq',
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Handles /streams/*; answers false for any other path.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 */
export async function handleStreams(req, res, url) {
  if (url.pathname === '/streams/log') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(logs.get(url.searchParams.get('key')) ?? []));
    return true;
  }
  if (url.pathname !== '/streams/events') return false;
  const q = url.searchParams;
  const key = q.get('key') ?? 'default';
  const n = Number(q.get('n') ?? 10);
  const format = q.get('format') ?? 'sse';
  const message = q.get('message') ?? 'm';
  const delay = Number(q.get('delay') ?? 0);
  const withDone = q.get('done') !== '0';
  const log = logs.get(key) ?? [];
  logs.set(key, log);
  const header = req.headers['last-event-id'];
  const lastEventId = typeof header === 'string' ? header : null;
  const entry = { method: req.method, lastEventId, events: 0, closedEarly: false };
  log.push(entry);
  // A POST body is read (and ignored) so the request completes.
  for await (const _ of req) void _;

  const status = Number(q.get('status') ?? 200);
  const times = Number(q.get('times') ?? Infinity);
  if (status !== 200 && log.length <= times) {
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end(`status ${status}`);
    return true;
  }
  res.writeHead(200, {
    'content-type': q.get('type') ?? CONTENT_TYPES[format] ?? 'text/event-stream',
    'cache-control': 'no-cache',
  });
  let closed = false;
  res.on('close', () => {
    closed = true;
    if (!res.writableEnded) entry.closedEarly = true;
  });
  const retry = q.get('retry');
  if (retry && format === 'sse') res.write(`retry: ${retry}\n\n`);
  const after = q.get('replay') === 'start' ? 0 : Number(lastEventId ?? 0);
  const last = withDone ? n + 1 : n;
  const cut = log.length === 1 && q.has('cut') ? Number(q.get('cut')) : Infinity;
  let sent = 0;
  for (let i = after + 1; i <= last; i++) {
    if (closed) return true;
    if (delay) await sleep(delay);
    const text = encode(format, i, frameOf(i, n, message));
    if (sent === cut) {
      // Half an event, then the connection drops (no end of the chunked body).
      res.write(text.slice(0, Math.floor(text.length / 2)));
      await sleep(5);
      res.socket?.destroy();
      return true;
    }
    res.write(text);
    sent++;
    entry.events = sent;
  }
  if (withDone && format === 'sse') res.write('data: [DONE]\n\n');
  res.end();
  return true;
}
