// End-to-end test of the demo page: playwright-core drives Debian's chromium against the built
// page served by the reference server (scripts/test-demo.sh starts it and sets WS_HTTP_URL).
// Every step asserts on the DOM; any console error or page error fails the step it happened in.
// Screenshots go to .artifacts/screenshots/, a summary to .artifacts/demo-e2e.json.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const base = process.env.WS_HTTP_URL;
if (!base) {
  console.error('e2e: WS_HTTP_URL is not set (run scripts/test-demo.sh)');
  process.exit(2);
}
const artifacts = resolve(here, '..', '.artifacts');
const shots = join(artifacts, 'screenshots');
mkdirSync(shots, { recursive: true });
const only = process.env.DEMO_ONLY ? new RegExp(process.env.DEMO_ONLY) : null;

const DESKTOP = { width: 1280, height: 860 };
const PHONE = { width: 390, height: 844 };
const TIMEOUT = 20_000;

const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  args: CHROMIUM_ARGS,
});

// ---------------------------------------------------------------------------------------------
// Helpers

class Failure extends Error {}
function check(condition, message) {
  if (!condition) throw new Failure(message);
}

const openContexts = new Set();
let problems = []; // console errors and page errors of the current step

/** Opens the demo as `user`; in a new browser context unless `context` is given (a tab of it). */
async function open({ user, conversation = `c-${user}`, viewport = DESKTOP, query = '', context = null }) {
  if (!context) {
    context = await browser.newContext({ viewport, deviceScaleFactor: 1, acceptDownloads: true });
    openContexts.add(context);
  }
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`[${user}] console.error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`[${user}] pageerror: ${e.message}`));
  await page.goto(`${base}/?user=${user}&conversation=${conversation}${query}`);
  await page.waitForSelector('body[data-ready]');
  await page.waitForSelector('[data-testid=connection][data-status=open]');
  return page;
}

const assistants = (page) => page.locator('[data-testid=assistant-message]');

/** Sends `text` from the composer; returns the locator of the (first) reply it starts. */
async function send(page, text) {
  const before = await assistants(page).count();
  await page.fill('[data-testid=composer]', text);
  await page.click('[data-testid=send]');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=assistant-message]').length > n, before);
  return assistants(page).nth(before);
}

const statusOf = (msg) => msg.locator('[data-testid=status]').getAttribute('data-status');
const contentOf = async (msg) => (await msg.locator('[data-testid=content-text]').count()) ? msg.locator('[data-testid=content-text]').textContent() : '';
const lengthOf = async (msg) => Number((await msg.locator('[data-testid=content]').getAttribute('data-length')) ?? 0);
const rendersOf = async (loc) => Number(await loc.locator('.renders').first().getAttribute('data-renders'));

async function waitStatus(msg, status, timeout = TIMEOUT) {
  await msg.locator(`[data-testid=status][data-status=${status}]`).waitFor({ timeout });
}

/** Records, inside the page, every value an attribute takes on matching elements. */
async function watchAttribute(page, selector, attribute) {
  return page.evaluate(
    ({ selector, attribute }) => {
      const seen = [];
      const note = () => {
        for (const el of document.querySelectorAll(selector)) {
          const value = el.getAttribute(attribute);
          if (seen[seen.length - 1] !== value) seen.push(value);
        }
      };
      const observer = new MutationObserver(note);
      observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: [attribute] });
      const key = `__watch${Math.random().toString(36).slice(2)}`;
      window[key] = { seen, stop: () => observer.disconnect() };
      note();
      return key;
    },
    { selector, attribute },
  );
}
const watched = (page, key) => page.evaluate((k) => window[k].seen, key);

async function shot(page, name, fullPage = false) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage });
}

async function noHorizontalScroll(page, width) {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  check(scrollWidth <= width, `page is ${scrollWidth}px wide at a ${width}px viewport (horizontal scroll)`);
}

// ---------------------------------------------------------------------------------------------
// Steps

const steps = [];
const step = (name, fn) => steps.push({ name, fn });
// Steps of what only the reference server serves are left out on another backend, said so.
const backend = process.env.DEMO_BACKEND ?? 'reference';
const referenceOnly = (name, fn) =>
  backend === 'reference' ? step(name, fn) : console.log(`skip ${name} (the ${backend} server does not serve it)`);

step('send: sending → sent (ack) → content streams → sources, tool, follow-ups', async () => {
  const page = await open({ user: 'e2e-send' });
  const acks = await watchAttribute(page, '[data-testid=user-message] [data-testid=ack]', 'data-ack');
  const lengths = await watchAttribute(page, '[data-testid=assistant-message] [data-testid=content]', 'data-length');
  const msg = await send(page, 'How do fine-grained stores keep React fast');
  await waitStatus(msg, 'done');

  const ackSeen = await watched(page, acks);
  check(ackSeen[0] === 'pending', `the user message first showed ${ackSeen[0]}, not pending ("sending…")`);
  check(ackSeen.includes('delivered'), `the ack never reached delivered: ${ackSeen.join(' → ')}`);
  await page.locator('[data-testid=user-message] [data-ack=delivered]', { hasText: 'sent' }).waitFor();

  const grew = (await watched(page, lengths)).map(Number);
  const increasing = grew.every((n, i) => i === 0 || n > grew[i - 1]);
  check(grew.length >= 5 && increasing, `content did not stream token by token: lengths ${grew.join(',')}`);
  const text = await contentOf(msg);
  check(/^Reply 1 on "How do fine-grained stores"/.test(text), `unexpected content: ${text.slice(0, 80)}`);

  check((await msg.locator('[data-testid=source]').count()) === 3, 'expected 3 source cards');
  check((await msg.locator('[data-testid=followup]').count()) === 3, 'expected 3 follow-up chips');
  await msg.locator('[data-testid=tool][data-status=done]').waitFor();
  const args = await msg.locator('[data-testid=tool-args]').textContent();
  check(args.includes('"query"'), `tool args not shown: ${args}`);
  check((await msg.locator('[data-testid=tool-result]').textContent()).includes('"hits":3'), 'tool result not shown');
  await msg.locator('details.reasoning summary').click();
  check((await msg.locator('details.reasoning p').textContent()).includes('The user asks about'), 'reasoning text missing');

  // Fine-grained: the sources box renders once per sources change (3 adds, plus its first
  // render), however many content flushes ran beside it. How many content flushes there are
  // depends on how many animation frames the stream spanned (fewer on a loaded machine), so
  // it is only required to exceed the sources' count.
  const sourceRenders = await rendersOf(msg.locator('[data-testid=sources]'));
  const contentRenders = await rendersOf(msg.locator('[data-testid=content]'));
  check(sourceRenders <= 4 && contentRenders > sourceRenders, `render counts not fine-grained: sources ${sourceRenders}, content ${contentRenders}`);

  await noHorizontalScroll(page, DESKTOP.width);
  await shot(page, 'desktop-chat');

  // A follow-up chip sends that question.
  const question = await msg.locator('[data-testid=followup]').nth(1).textContent();
  const before = await assistants(page).count();
  await msg.locator('[data-testid=followup]').nth(1).click();
  await page.locator('[data-testid=user-message]', { hasText: question }).locator('[data-ack=delivered]').waitFor();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=assistant-message]').length > n, before);
  const next = assistants(page).nth(before);
  await waitStatus(next, 'done');
  check((await contentOf(next)).startsWith(`Reply 1 on "${question.split(' ').slice(0, 4).join(' ')}"`), 'the follow-up reply is not about the question');

  // The inspector's export replays into a fresh store to the same messages.
  const download = page.waitForEvent('download');
  await page.click('[data-testid=export]');
  const file = join(artifacts, 'demo-frames.jsonl');
  await (await download).saveAs(file);
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  // A line is one frame: an envelope, or a batch of them (a server may batch; the Python one does).
  const envelopes = lines.flatMap((l) => [JSON.parse(l)].flat());
  check(envelopes.length > 100, `the export holds only ${envelopes.length} envelopes`);
  check(envelopes.every((e) => typeof e.action_type === 'string'), 'an exported line is not a frame');
  check(envelopes.some((e) => e.action_type === 'content.delta'), 'no content.delta in the export');
  await replayCheck(page, 4);

  // The inspector shows raw frames both ways.
  await page.selectOption('[data-testid=event-filter]', 'out');
  await page.locator('#inspector .ev-out[data-action="chat.message"]').first().waitFor();
  await page.selectOption('[data-testid=event-filter]', 'in');
  await page.locator('#inspector .ev-in[data-action="message.done"]').first().waitFor();
  await page.selectOption('[data-testid=event-filter]', 'all');
});

/** The inspector's "Replay check": the recorded frames, replayed, rebuild the live messages. */
async function replayCheck(page, messages) {
  await page.click('[data-testid=replay-check]');
  const result = await page.locator('[data-testid=replay-result]', { hasText: 'identical' }).textContent();
  const m = /→ (\d+) messages; (\d+)\/(\d+) identical/.exec(result);
  check(m && Number(m[1]) === messages && m[2] === m[3] && !/errors/.test(result), `replay check: ${result}`);
}

step('stop: signal.stop during a long reply → cancelled', async () => {
  const page = await open({ user: 'e2e-stop' });
  const msg = await send(page, 'Write a long essay about cancellation');
  await page.waitForFunction(
    (el) => Number(el.querySelector('[data-testid=content]')?.getAttribute('data-length') ?? 0) > 60,
    await msg.elementHandle(),
  );
  await msg.locator('[data-testid=stop]').click();
  await waitStatus(msg, 'cancelled');
  const at = await lengthOf(msg);
  await page.waitForTimeout(400);
  check((await lengthOf(msg)) === at, 'content kept growing after cancelled');
  check((await msg.locator('[data-testid=stop]').count()) === 0, 'the Stop button is still there');
  check(at < 2000, `the reply was not stopped early (length ${at})`);
});

// POST /chat/stream is the reference server's (server/src/sse.rs).
referenceOnly('sse: the switch streams a reply as SSE over a POST (store.stream) into the same UI; Stop aborts it', async () => {
  const page = await open({ user: 'e2e-sse' });
  await page.click('[data-testid=transport-sse]');
  await page.locator('[data-testid=transport-sse][aria-pressed=true]').waitFor();
  const lengths = await watchAttribute(page, '[data-testid=assistant-message] [data-testid=content]', 'data-length');
  const msg = await send(page, 'Stream this answer over SSE');
  await waitStatus(msg, 'done');
  const text = await contentOf(msg);
  check(/^Reply 1 on "Stream this answer over"/.test(text), `unexpected content: ${text.slice(0, 80)}`);
  const grew = (await watched(page, lengths)).map(Number);
  check(grew.length >= 5, `content did not stream: lengths ${grew.join(',')}`);
  check((await msg.locator('[data-testid=source]').count()) === 3, 'expected 3 source cards');
  check((await msg.locator('[data-testid=followup]').count()) === 3, 'expected 3 follow-up chips');
  await msg.locator('[data-testid=tool][data-status=done]').waitFor();
  await page.locator('[data-testid=user-message]', { hasText: 'Stream this answer over SSE' }).locator('[data-ack=delivered]').waitFor();
  const requests = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('/chat/stream')).length);
  check(requests === 1, `expected one POST /chat/stream, saw ${requests}`);
  // Nothing of it went over the socket: no chat.message out.
  await page.selectOption('[data-testid=event-filter]', 'out');
  check((await page.locator('#inspector .ev-out[data-action="chat.message"]').count()) === 0, 'the SSE reply was asked over the socket');
  await page.selectOption('[data-testid=event-filter]', 'all');
  await shot(page, 'desktop-sse');

  const long = await send(page, 'Write a long essay over SSE');
  await page.waitForFunction(
    (el) => Number(el.querySelector('[data-testid=content]')?.getAttribute('data-length') ?? 0) > 60,
    await long.elementHandle(),
  );
  await long.locator('[data-testid=stop]').click();
  await waitStatus(long, 'cancelled');
  const at = await lengthOf(long);
  await page.waitForTimeout(400);
  check((await lengthOf(long)) === at, 'content kept growing after the stream was aborted');
  check(at < 2000, `the reply was not stopped early (length ${at})`);

  // Back on the socket, the next reply comes over it (acked).
  await page.click('[data-testid=transport-socket]');
  const socketReply = await send(page, 'And this one over the socket');
  await waitStatus(socketReply, 'done');
  await page.locator('[data-testid=user-message]', { hasText: 'And this one over the socket' }).locator('[data-ack=delivered]').waitFor();
});

step('elicitation: /form shows a form → submit → the reply continues', async () => {
  const page = await open({ user: 'e2e-form' });
  const msg = await send(page, 'Book a table for two /form');
  const form = msg.locator('[data-testid=elicitation]');
  await form.waitFor();
  check((await statusOf(msg)) === 'streaming', 'the message should stream while the form waits');
  check((await lengthOf(msg)) === 0, 'content arrived before the form was submitted');
  await form.locator('[data-testid=field-name]').fill('Ada');
  await form.locator('[data-testid=field-seats]').fill('2');
  await shot(page, 'desktop-form');
  await form.locator('[data-testid=elicitation-submit]').click();
  await form.waitFor({ state: 'detached' });
  await waitStatus(msg, 'done');
  const text = await contentOf(msg);
  check(text.startsWith('You submitted name=Ada, seats=2.'), `content does not name the values: ${text.slice(0, 60)}`);
});

async function referenceReply(page, prompt) {
  const msg = await send(page, prompt);
  await waitStatus(msg, 'done');
  return contentOf(msg);
}

step('drop: server drops mid-stream → reconnect + resume → same content as without a drop', async () => {
  const page = await open({ user: 'e2e-drop' });
  const prompt = 'long resume check';
  const expected = await referenceReply(page, prompt);
  check(expected.length > 1500, `reference reply too short: ${expected.length}`);
  const statuses = await watchAttribute(page, '[data-testid=connection]', 'data-status');

  const msg = await send(page, prompt);
  await page.waitForFunction(
    (el) => Number(el.querySelector('[data-testid=content]')?.getAttribute('data-length') ?? 0) > 200,
    await msg.elementHandle(),
  );
  await page.click('[data-testid=drop]');
  await page.locator('[data-testid=connection][data-status=reconnecting]').waitFor();
  await page.locator('[data-testid=countdown]').waitFor();
  const attempt = Number(await page.locator('[data-testid=connection]').getAttribute('data-attempt'));
  check(attempt >= 1, `attempt should be ≥ 1 while reconnecting, was ${attempt}`);
  check(((await page.locator('[data-testid=last-error]').textContent()) ?? '').includes('connection'), 'no last error shown');
  await shot(page, 'desktop-reconnecting');

  await page.locator('[data-testid=connection][data-status=open]').waitFor();
  await waitStatus(msg, 'done', 30_000);
  const got = await contentOf(msg);
  check(got.length === expected.length, `content length after resume ${got.length} ≠ ${expected.length} without a drop`);
  check(got === expected, 'content after resume differs from the reply without a drop');
  const seen = await watched(page, statuses);
  check(seen.includes('reconnecting') && seen.at(-1) === 'open', `connection went ${seen.join(' → ')}`);
  check((await page.locator('[data-testid=reconnects]').textContent()) === '1', 'drops survived should be 1');
  // The resume is in the inspector, and the recorded frames replay to the same messages.
  await page.selectOption('[data-testid=event-filter]', 'out');
  await page.locator('#inspector .ev-out[data-action="resume"]').first().waitFor();
  await page.selectOption('[data-testid=event-filter]', 'all');
  await replayCheck(page, 4);
});

step('offline: close() then connect() → the session resumes, nothing lost', async () => {
  const page = await open({ user: 'e2e-offline' });
  const prompt = 'long offline check';
  const expected = await referenceReply(page, prompt);
  const msg = await send(page, prompt);
  await page.waitForFunction(
    (el) => Number(el.querySelector('[data-testid=content]')?.getAttribute('data-length') ?? 0) > 200,
    await msg.elementHandle(),
  );
  await page.click('[data-testid=offline]');
  await page.locator('[data-testid=connection][data-status=closed]').waitFor();
  const frozen = await lengthOf(msg);
  await page.waitForTimeout(600);
  check((await lengthOf(msg)) === frozen, 'content grew while offline');
  await page.click('[data-testid=offline]');
  await page.locator('[data-testid=connection][data-status=open]').waitFor();
  await waitStatus(msg, 'done', 30_000);
  check((await contentOf(msg)) === expected, 'content after going back online differs from the reply without a gap');
});

step('burst: 3 parallel replies stream at once', async () => {
  // 30 ms between frames (the server's per-connection tokenMs) so the parallel stream is visible.
  const page = await open({ user: 'e2e-burst', query: '&tokenMs=30' });
  const live = await page.evaluate(() => {
    window.__maxLive = 0;
    new MutationObserver(() => {
      const n = document.querySelectorAll('[data-testid=status][data-status=streaming]').length;
      window.__maxLive = Math.max(window.__maxLive, n);
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  void live;
  await page.fill('[data-testid=burst-n]', '3');
  await page.click('[data-testid=burst]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=assistant-message]').length === 3);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=status][data-status=streaming]').length === 3);
  await page.check('[data-testid=compact]');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=content]')?.getAttribute('data-length')) > 60);
  await shot(page, 'desktop-burst');
  const msgs = assistants(page);
  for (let i = 0; i < 3; i++) await waitStatus(msgs.nth(i), 'done');
  const maxLive = await page.evaluate(() => window.__maxLive);
  check(maxLive === 3, `at most ${maxLive} replies streamed at once, expected 3`);
  // The replies start in parallel, so the list shows them in the order their first frames came.
  const heads = [];
  for (let i = 0; i < 3; i++) heads.push((await contentOf(msgs.nth(i))).slice(0, 30));
  heads.sort();
  for (let i = 0; i < 3; i++) {
    check(heads[i] === `Reply ${i + 1} on "Compare 3 ways to"`, `burst replies: ${heads.join(' | ')}`);
  }
});

step('tabs: two tabs of one user share one socket; the pill says which one leads', async () => {
  const first = await open({ user: 'e2e-tabs' });
  const second = await open({ user: 'e2e-tabs', context: first.context() });
  await first.locator('[data-testid=tab-role][data-role=leader]').waitFor();
  await second.locator('[data-testid=tab-role][data-role=follower]').waitFor();
  const reply = await send(second, 'Sent from the follower tab');
  await waitStatus(reply, 'done');
  await second.locator('[data-testid=user-message] [data-ack=delivered]').waitFor();
  const inLeader = assistants(first).first();
  await waitStatus(inLeader, 'done');
  const [mine, theirs] = [await contentOf(reply), await contentOf(inLeader)];
  check(mine.length > 50 && mine === theirs, `the tabs show different replies: ${mine.length} vs ${theirs.length} chars`);
  await shot(second, 'desktop-tabs-follower');
});

step('typing: a second user in the conversation sees the typing indicator', async () => {
  const conversation = 'e2e-typing';
  const a = await open({ user: 'e2e-ann', conversation });
  const b = await open({ user: 'e2e-bob', conversation, viewport: PHONE });
  await b.locator('[data-testid=composer]').pressSequentially('Hello Ann', { delay: 20 });
  const indicator = a.locator('[data-testid=typing][data-count="1"]');
  await indicator.waitFor();
  check((await indicator.textContent()).includes('e2e-bob is typing'), 'indicator does not name the typist');
  check((await b.locator('[data-testid=typing]').getAttribute('data-count')) === '0', 'the typist sees itself typing');
  await shot(a, 'desktop-typing');
  await b.click('[data-testid=send]');
  await a.locator('[data-testid=typing][data-count="0"]').waitFor();
});

step('errors: malformed frames are highlighted in the inspector, nothing else changes', async () => {
  const page = await open({ user: 'e2e-errors' });
  const msg = await send(page, 'Short question about errors');
  await waitStatus(msg, 'done');
  const text = await contentOf(msg);
  await page.click('[data-testid=malformed]');
  // The store's verdicts (error entries) and the bad frames themselves, both highlighted.
  await page.locator('#inspector .ev-error.ev-bad[data-action="error:protocol"]').first().waitFor();
  await page.locator('#inspector .ev-in.ev-bad[data-action="not JSON"]').first().waitFor();
  const count = Number((await page.locator('[data-testid=error-count]').textContent()).replace(/\D/g, ''));
  check(count >= 1, 'the inspector counts no errors');
  check((await page.locator('[data-testid=stats] .stat.bad').count()) === 1, 'the errors stat is not highlighted');
  check((await contentOf(msg)) === text && (await statusOf(msg)) === 'done', 'a malformed frame changed a message');
  check((await page.locator('[data-testid=connection]').getAttribute('data-status')) === 'open', 'the connection did not survive bad frames');
  await page.locator('#inspector').scrollIntoViewIfNeeded();
  await shot(page, 'desktop-inspector');
});

step('failures: a failing reply shows its error; the 11th message in a minute is refused (ack error)', async () => {
  const page = await open({ user: 'e2e-fail' });
  const msg = await send(page, 'Please fail /error');
  await waitStatus(msg, 'error');
  check(((await msg.locator('[data-testid=message-error]').textContent()) ?? '').includes('MODEL_ERROR'), 'the error box does not show the code');
  // The reference server allows 10 chat messages per user per minute.
  for (let i = 2; i <= 11; i++) {
    await page.fill('[data-testid=composer]', `Message number ${i}`);
    await page.click('[data-testid=send]');
  }
  const refused = page.locator('[data-testid=user-message]', { hasText: 'Message number 11' }).locator('[data-ack=error]');
  await refused.waitFor();
  check(((await refused.textContent()) ?? '').includes('Rate limit exceeded'), 'the refused message does not say why');
  await page.selectOption('[data-testid=event-filter]', 'bad');
  // A server may send the error in a batch (the Python server batches what is ready at once):
  // its row is then `batch ×N: ack`.
  await page.locator('#inspector .ev-in.ev-bad[data-action$="ack"]').first().waitFor();
  await page.locator('#inspector .ev-in.ev-bad[data-action$="message.error"]').first().waitFor();
  await page.selectOption('[data-testid=event-filter]', 'all');
  await shot(page, 'desktop-failures');
});

step('phone: 390 px wide, one column, no horizontal scroll', async () => {
  const page = await open({ user: 'e2e-phone', viewport: PHONE });
  await noHorizontalScroll(page, PHONE.width);
  const msg = await send(page, 'Explain resumable streams on a phone');
  await waitStatus(msg, 'done');
  await noHorizontalScroll(page, PHONE.width);
  await shot(page, 'phone-chat');
  const form = await send(page, 'Pick a seat /form');
  await form.locator('[data-testid=elicitation]').waitFor();
  await noHorizontalScroll(page, PHONE.width);
  await shot(page, 'phone-form');
  await shot(page, 'phone-full', true);
});

// ---------------------------------------------------------------------------------------------
// Runner

let passed = 0;
let failed = 0;
const results = [];
for (const { name, fn } of steps) {
  if (only && !only.test(name)) continue;
  problems = [];
  const started = Date.now();
  let error = null;
  try {
    await fn();
    // Let late errors (a socket, a render) surface before judging the step.
    await new Promise((r) => setTimeout(r, 150));
    if (problems.length) error = new Failure(`console/page errors:\n    ${problems.join('\n    ')}`);
  } catch (e) {
    error = e;
    if (problems.length) error.message += `\n    console/page errors:\n    ${problems.join('\n    ')}`;
    for (const context of openContexts) {
      for (const page of context.pages()) {
        await page.screenshot({ path: join(shots, `failed-${results.length + 1}.png`) }).catch(() => {});
      }
    }
  }
  for (const context of openContexts) await context.close().catch(() => {});
  openContexts.clear();
  const ms = Date.now() - started;
  if (error) {
    failed++;
    console.log(`FAIL ${name} (${ms} ms)\n    ${error instanceof Failure ? error.message : error.stack ?? error}`);
  } else {
    passed++;
    console.log(`ok   ${name} (${ms} ms)`);
  }
  results.push({ name, ok: !error, ms, error: error ? String(error.message ?? error) : null });
}
await browser.close();
writeFileSync(join(artifacts, 'demo-e2e.json'), JSON.stringify({ passed, failed, results }, null, 2));
console.log(`screenshots: ${shots}`);
process.exit(failed ? 1 : 0);
