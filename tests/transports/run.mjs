// @ts-check
// The transport tests in headless Chromium (Debian's, through playwright-core): the built
// package in a page, fed by real HTTP streams from the loopback server (server.mjs), by
// seed 002's real socket.io server through socket.io-client, and by seed 004's WebSocket
// server. Each test runs in the page and returns what it saw; the checks are here. Any
// console error or page error fails the run. Ends with `transports: N passed, M failed`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs';
import { HISTORY, replyEvents, sseBody } from './seed002.mjs';

const FIXTURES = new URL('../fixtures/', import.meta.url);
const fixture = (name) => readFileSync(new URL(name, FIXTURES), 'utf8');
/** Seed 002's and seed 004's shapes as route tables: the same files the host replays use. */
export const SEED002 = JSON.parse(fixture('seed002_hybrid.options.json'));
export const SEED004 = JSON.parse(fixture('seed004_chatspec.options.json'));

const expected = (n) => Array.from({ length: n }, (_, i) => `t${i + 1} `).join('');
const TEST_MS = 30_000;

/** @type {Array<[string, (page: import('playwright-core').Page, base: string) => Promise<void>]>} */
const tests = [
  ['complete streams in all three framings', async (page, base) => {
    const r = await page.evaluate(async (base) => {
      const store = wirestore.createWireStore({ notify: 'sync' });
      const out = {};
      for (const format of ['sse', 'ndjson', 'json-seq']) {
        const message = `c-${format}`;
        const end = await store.stream(`${base}/streams/events?key=complete-${format}&n=300&format=${format}&message=${message}`).done;
        out[format] = { end, content: store.getSnapshot(`messages/${message}/content`), status: store.getSnapshot(`messages/${message}/status`) };
      }
      out.errors = store.getSnapshot('errors') ?? [];
      store.destroy();
      return out;
    }, base);
    for (const format of ['sse', 'ndjson', 'json-seq']) {
      assert.deepEqual(r[format].end, { status: 'complete', attempts: 1, events: 301, ...(format === 'sse' ? { lastEventId: '301' } : {}) }, format);
      assert.equal(r[format].content, expected(300), format);
      assert.equal(r[format].status, 'done', format);
    }
    assert.deepEqual(r.errors, []);
  }],

  ['a stream cut mid-event resumes by Last-Event-ID with nothing lost or doubled', async (page, base) => {
    const r = await page.evaluate(async (base) => {
      const store = wirestore.createWireStore({ notify: 'sync' });
      const end = await store.stream(`${base}/streams/events?key=cut&n=120&cut=45`, { reconnect: { baseDelayMs: 20 } }).done;
      const log = await (await fetch(`${base}/streams/log?key=cut`)).json();
      const out = { end, log, content: store.getSnapshot('messages/m/content'), status: store.getSnapshot('messages/m/status'), errors: store.getSnapshot('errors') ?? [] };
      store.destroy();
      return out;
    }, base);
    assert.deepEqual(r.end, { status: 'complete', attempts: 2, events: 121, lastEventId: '121' });
    assert.equal(r.content, expected(120));
    assert.equal(r.status, 'done');
    assert.deepEqual(r.log.map((e) => e.lastEventId), [null, '45'], 'the second request resumes after event 45');
    assert.deepEqual(r.log.map((e) => e.events), [45, 76]);
    assert.deepEqual(r.errors, [], 'a resumed cut is not an error');
  }],

  ['idAsSeq drops what a server replaying from the start repeats (and without it, text doubles)', async (page, base) => {
    const r = await page.evaluate(async (base) => {
      const run = async (key, idAsSeq) => {
        const store = wirestore.createWireStore({ notify: 'sync' });
        const end = await store.stream(`${base}/streams/events?key=${key}&n=60&cut=25&replay=start`, { idAsSeq, reconnect: { baseDelayMs: 10 } }).done;
        const out = { end, content: store.getSnapshot('messages/m/content'), duplicates: store.getSnapshot('stats').duplicates };
        store.destroy();
        return out;
      };
      return { deduped: await run('replay-seq', true), doubled: await run('replay-noseq', false) };
    }, base);
    assert.equal(r.deduped.content, expected(60));
    assert.equal(r.deduped.duplicates, 25);
    assert.equal(r.deduped.end.status, 'complete');
    assert.equal(r.doubled.content, expected(25) + expected(60), 'the control: the same server doubles text without idAsSeq');
  }],

  ['HTTP errors: a 500 retries a GET and fails a POST, a 401 never retries, entries in errors', async (page, base) => {
    const r = await page.evaluate(async (base) => {
      const store = wirestore.createWireStore({ notify: 'sync' });
      const reconnect = { baseDelayMs: 10, maxRetries: 2, jitter: 0 };
      const once = await store.stream(`${base}/streams/events?key=500-once&n=5&status=500&times=1`, { reconnect }).done;
      const always = await store.stream(`${base}/streams/events?key=500-always&n=5&status=500`, { reconnect }).done;
      const post = await store.stream(`${base}/streams/events?key=500-post&n=5&status=500`, { init: { method: 'POST', body: '{}' }, reconnect }).done;
      const auth = await store.stream(`${base}/streams/events?key=401&n=5&status=401`, { reconnect }).done;
      const logs = {};
      for (const key of ['500-once', '500-always', '500-post', '401']) logs[key] = (await (await fetch(`${base}/streams/log?key=${key}`)).json()).length;
      const out = { once, always, post, auth, logs, content: store.getSnapshot('messages/m/content'), errors: store.getSnapshot('errors') ?? [] };
      store.destroy();
      return out;
    }, base);
    assert.equal(r.once.status, 'complete');
    assert.equal(r.content, expected(5));
    assert.deepEqual(r.always, { status: 'error', reason: 'retries', httpStatus: 500, attempts: 3, events: 0 });
    assert.deepEqual(r.post, { status: 'error', reason: 'http', httpStatus: 500, attempts: 1, events: 0 });
    assert.deepEqual(r.auth, { status: 'error', reason: 'http', httpStatus: 401, attempts: 1, events: 0 });
    assert.deepEqual(r.logs, { '500-once': 2, '500-always': 3, '500-post': 1, '401': 1 });
    assert.deepEqual(r.errors.map((e) => `${e.kind}: ${e.message}`), [
      'stream: GET /streams/events: HTTP 500; retrying in 10 ms',
      'stream: GET /streams/events: HTTP 500; retrying in 10 ms',
      'stream: GET /streams/events: HTTP 500; retrying in 20 ms',
      'stream: GET /streams/events: HTTP 500; gave up after 3 attempts that applied nothing',
      'stream: POST /streams/events: HTTP 500; the stream ended',
      'stream: GET /streams/events: HTTP 401; the stream ended',
    ]);
  }],

  ['a wrong content type ends the stream with an entry, asked once', async (page, base) => {
    const r = await page.evaluate(async (base) => {
      const store = wirestore.createWireStore({ notify: 'sync' });
      const end = await store.stream(`${base}/streams/events?key=html&n=5&type=text/html`).done;
      const log = await (await fetch(`${base}/streams/log?key=html`)).json();
      const out = { end, requests: log.length, errors: store.getSnapshot('errors') ?? [], messages: store.getSnapshot('messages') ?? [] };
      store.destroy();
      return out;
    }, base);
    assert.deepEqual(r.end, { status: 'error', reason: 'contentType', attempts: 1, events: 0 });
    assert.equal(r.requests, 1);
    assert.deepEqual(r.messages, []);
    assert.deepEqual(r.errors.map((e) => e.message), [
      'GET /streams/events: expected text/event-stream, application/x-ndjson or application/json-seq, got Content-Type text/html; the stream ended',
    ]);
  }],

  ['abort cancels the request; the messages stay, unless cancel: true', async (page, base) => {
    const r = await page.evaluate(async (base) => {
      const store = wirestore.createWireStore({ notify: 'sync' });
      const kept = store.stream(`${base}/streams/events?key=abort-kept&n=5000&delay=3&message=k`);
      const gone = store.stream(`${base}/streams/events?key=abort-cancel&n=5000&delay=3&message=x`, { init: { method: 'POST' } });
      await until('both streaming', () => (store.getSnapshot('messages/k/content') ?? '').length > 20 && (store.getSnapshot('messages/x/content') ?? '').length > 20);
      kept.abort();
      gone.abort({ cancel: true });
      const ends = [await kept.done, await gone.done];
      const frozen = store.getSnapshot('messages/k/content');
      await sleep(100);
      const logs = [];
      for (const key of ['abort-kept', 'abort-cancel']) logs.push((await (await fetch(`${base}/streams/log?key=${key}`)).json())[0]);
      const out = { ends, logs, frozen, after: store.getSnapshot('messages/k/content'), kept: store.getSnapshot('messages/k/status'), cancelled: store.getSnapshot('messages/x/status') };
      store.destroy();
      return out;
    }, base);
    assert.deepEqual(r.ends.map((e) => e.status), ['aborted', 'aborted']);
    assert.equal(r.after, r.frozen, 'nothing applied after abort');
    assert.equal(r.kept, 'streaming', 'a stop is not a disconnect');
    assert.equal(r.cancelled, 'cancelled');
    assert.ok(r.logs.every((l) => l.closedEarly && l.events < 5000), 'the server saw both requests cancelled');
  }],

  ['two streams at once into one store, beside a WebSocket', async (page, base) => {
    const r = await page.evaluate(async (base) => {
      const ws = base.replace('http', 'ws');
      const store = wirestore.createWireStore({ url: `${ws}/v1/ws?n=60&delay=4`, heartbeat: false, notify: 'sync' });
      store.connect();
      const post = { method: 'POST', body: JSON.stringify({ content: 'hi' }) };
      const a = store.stream(`${base}/streams/events?key=two-a&n=150&delay=2&message=a`, { init: post });
      const b = store.stream(fetch(`${base}/streams/events?key=two-b&n=150&delay=2&message=b&format=ndjson`, post));
      let overlap = false;
      const watch = setInterval(() => {
        const len = (id) => (store.getSnapshot(`messages/${id}/content`) ?? '').length;
        const open = (id) => store.getSnapshot(`messages/${id}/status`) === 'streaming';
        if (len('a') > 0 && len('b') > 0 && len('w') > 0 && open('a') && open('b') && open('w')) overlap = true;
      }, 5);
      const ends = [await a.done, await b.done];
      await until('the socket message', () => store.getSnapshot('messages/w/status') === 'done');
      clearInterval(watch);
      const get = (id) => [store.getSnapshot(`messages/${id}/content`), store.getSnapshot(`messages/${id}/status`)];
      const out = { ends, overlap, a: get('a'), b: get('b'), w: get('w'), errors: store.getSnapshot('errors') ?? [] };
      store.destroy();
      return out;
    }, base);
    assert.deepEqual(r.ends.map((e) => e.status), ['complete', 'complete']);
    assert.ok(r.overlap, 'all three were streaming at the same time');
    assert.deepEqual(r.a, [expected(150), 'done']);
    assert.deepEqual(r.b, [expected(150), 'done']);
    assert.deepEqual(r.w, [Array.from({ length: 60 }, (_, i) => `w${i + 1} `).join(''), 'done']);
    assert.deepEqual(r.errors, []);
  }],

  ['seed 002 end to end: socket.io-client + ingestEvent, and SSE over a POST', async (page, base) => {
    const r = await page.evaluate(async ([base, options]) => {
      const store = wirestore.createWireStore({ notify: 'sync', ...options });
      const socket = io(`${base}/chats`, { transports: ['websocket'] });
      const seen = [];
      socket.onAny((name, ...args) => {
        seen.push(name);
        store.ingestEvent(name, args[0]);
      });
      await until('usage_info', () => seen.includes('usage_info'));
      socket.emit('list_chats', { page: 0, limit: 20 });
      socket.emit('list_messages', { chat_id: 'c1' });
      await until('the history', () => seen.includes('chats_list') && seen.includes('messages_list'));
      const send = (content) =>
        fetch(`${base}/api/v1/messages/send`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-anon-id': 'anon-1' },
          body: JSON.stringify({ chat_id: 'c1', model: 'm', content, temperature: 0.7 }),
        });
      const ok = await store.stream(send('hello')).done;
      const failed = await store.stream(`${base}/api/v1/messages/send`, { init: { method: 'POST', body: JSON.stringify({ chat_id: 'c1', content: '/error' }) } }).done;
      socket.close();
      const ids = store.getSnapshot('messages');
      const messages = ids.map((id) => {
        const m = store.getSnapshot(`messages/${id}`);
        return { id, role: m.role, content: m.content, status: m.status, error: m.error };
      });
      const out = { seen, ok, failed, messages, errors: store.getSnapshot('errors') ?? [] };
      store.destroy();
      return out;
    }, [base, SEED002]);
    assert.deepEqual(r.seen, ['usage_info', 'chats_list', 'messages_list']);
    assert.equal(r.ok.status, 'complete');
    assert.equal(r.failed.status, 'complete');
    const reply = 'سلام، hello from the stream 😀';
    assert.deepEqual(r.messages, [
      ...HISTORY.c1.map((m) => ({ ...m, status: 'done', error: null })),
      { id: 'r1', role: 'assistant', content: reply, status: 'done', error: null },
      { id: 'r2', role: 'assistant', content: reply, status: 'error', error: { code: 'INSUFFICIENT_BALANCE', message: 'Insufficient balance' } },
    ]);
    assert.deepEqual(r.errors, []);
  }],

  ['seed 004 end to end: the client chooses messageId, the server acks by it', async (page, base) => {
    const r = await page.evaluate(async ([base, options]) => {
      const store = wirestore.createWireStore({ url: `${base.replace('http', 'ws')}/seed004/ws`, heartbeat: false, notify: 'sync', ...options });
      store.connect();
      await until('open', () => store.getSnapshot('connection')?.status === 'open');
      const delivered = await store.sendAndWait('message:send', { messageId: 'msg-1', conversationId: 'c-1', content: "What's new?" });
      let rejected = null;
      try {
        await store.sendAndWait('message:send', { conversationId: 'c-1', content: 'again /ratelimit' }, { id: 'msg-2' });
      } catch (e) {
        rejected = { name: e.name, status: e.status, message: e.message };
      }
      await until('the reply', () => store.getSnapshot('messages/ai-1/status') === 'done');
      const log = await (await fetch(`${base}/seed004/log`)).json();
      const get = (id) => store.getSnapshot(`messages/${id}`);
      const out = { delivered, rejected, user: get('msg-1'), ai: get('ai-1'), log, errors: store.getSnapshot('errors') ?? [] };
      store.destroy();
      return out;
    }, [base, SEED004]);
    assert.equal(r.delivered.status, 'delivered');
    assert.deepEqual(r.rejected, {
      name: 'AckError', status: 'error',
      message: 'wirestore: frame msg-2 was not delivered (error: Rate limit exceeded. Try again in 42 seconds)',
    });
    assert.deepEqual(r.log.map((t) => JSON.parse(t)), [
      { type: 'message:send', messageId: 'msg-1', conversationId: 'c-1', content: "What's new?" },
      { type: 'message:send', messageId: 'msg-2', conversationId: 'c-1', content: 'again /ratelimit' },
    ], 'the frames are exactly the spec\'s: no v, no id');
    assert.equal(r.user.role, 'user');
    assert.equal(r.user.content, "What's new?");
    assert.equal(r.ai.content, `Here is the answer to "What's new?".`);
    assert.equal(r.ai.status, 'done');
    assert.deepEqual(r.errors, []);
  }],
];

async function main() {
  // The recorded body the host replay reads is the one this server sends for "hello".
  assert.equal(sseBody(replyEvents('c1', 'hello', 'r1')), fixture('seed002_hybrid_sse.txt'));
  const only = process.env.TRANSPORTS_ONLY ? new RegExp(process.env.TRANSPORTS_ONLY) : null;
  const { start } = await import('./server.mjs');
  const server = await start();
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  let passed = 0;
  let failed = 0;
  try {
    const page = await browser.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      // Chromium logs each failed request; the test streams fail on purpose, nothing else may.
      const provoked = m.text().startsWith('Failed to load resource') && new URL(m.location().url || server.url).pathname.startsWith('/streams/');
      if (m.type() === 'error' && !provoked) problems.push(`console error: ${m.text()} (${m.location().url})`);
    });
    await page.goto(`${server.url}/`);
    await page.waitForSelector('body[data-ready="1"]', { state: 'attached', timeout: 15_000 });
    for (const [name, test] of tests) {
      if (only && !only.test(name)) continue;
      const t0 = Date.now();
      try {
        let timer;
        const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${TEST_MS} ms`)), TEST_MS)));
        await Promise.race([test(page, server.url), timeout]).finally(() => clearTimeout(timer));
        if (problems.length) throw new Error(problems.splice(0).join('\n'));
        passed++;
        console.log(`ok   ${name} (${Date.now() - t0} ms)`);
      } catch (error) {
        failed++;
        console.log(`FAIL ${name}\n${error instanceof Error ? error.message : error}`);
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  console.log(`transports: ${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
