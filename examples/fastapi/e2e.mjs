// End to end: the FastAPI example (uvicorn, examples/fastapi/app.py) serving its page
// (examples/fastapi/web, built with Vite from the packed wirestore tarball), driven in Debian's
// headless Chromium (playwright-core). Four scenarios on one page:
//   send      a reply streams in (content seen growing), 3 sources, 3 follow-ups, ack delivered;
//   stop      the Stop button ends a streaming reply `cancelled`, and it grows no more;
//   form      a reply asks for a form (elicitation), the user fills it, the reply uses it;
//   drop      the server drops the socket mid-stream (POST /control {"drop":true}, close 4000),
//             the client reconnects and resumes, and the reply's content equals the server's
//             record of it (GET /control/snapshot) character for character, status done.
// Any console error or uncaught page error fails. Usage: node examples/fastapi/e2e.mjs URL
// Prints `PASS <scenario>` / `FAIL <scenario>: why`, then `fastapi e2e: N passed, M failed`.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = path.join(ROOT, '.artifacts', 'screenshots');
const STEP_MS = 20_000;
const base = process.argv[2];
if (!base) {
  console.error('usage: node examples/fastapi/e2e.mjs http://127.0.0.1:PORT');
  process.exit(2);
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

const assistant = (page, n) => page.locator('[data-testid="message"][data-role="assistant"]').nth(n);

async function send(page, text) {
  await page.fill('input[aria-label="prompt"]', text);
  await page.click('button[type="submit"]');
}

async function statusOf(li) {
  return li.getAttribute('data-status');
}

async function waitStatus(li, wanted) {
  const deadline = Date.now() + STEP_MS;
  while (Date.now() < deadline) {
    const status = await statusOf(li);
    if (wanted.includes(status)) return status;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`status stayed ${await statusOf(li)}, wanted ${wanted.join('|')}`);
}

async function contentOf(li) {
  return li.locator('[data-testid="content"]').textContent();
}

async function waitLength(li, atLeast) {
  const deadline = Date.now() + STEP_MS;
  while (Date.now() < deadline) {
    const text = await contentOf(li);
    if (text.length >= atLeast) return text;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`content stayed shorter than ${atLeast}`);
}

const scenarios = {
  async send(page) {
    await send(page, 'Tell me how wirestore streams a reply');
    const li = assistant(page, 0);
    await li.waitFor();
    const lengths = new Set();
    while ((await statusOf(li)) !== 'done') {
      lengths.add((await contentOf(li)).length);
      check(lengths.size < 10_000, 'the reply never finished');
      await new Promise((r) => setTimeout(r, 15));
    }
    check(lengths.size >= 3, `content did not stream (lengths seen: ${[...lengths].join(',')})`);
    check((await li.locator('[data-testid="sources"] li').count()) === 3, 'not 3 sources');
    check((await li.locator('[data-testid="follow-ups"] li').count()) === 3, 'not 3 follow-ups');
    await page.waitForFunction(() => document.querySelector('[data-testid="ack"]')?.textContent.trim() === 'delivered');
    return `${lengths.size} lengths seen while streaming`;
  },

  async stop(page) {
    await send(page, 'a long answer to stop');
    const li = assistant(page, 1);
    await li.waitFor();
    await waitLength(li, 30);
    await li.locator('[data-testid="stop"]').click();
    await waitStatus(li, ['cancelled']);
    const at = await contentOf(li);
    await new Promise((r) => setTimeout(r, 500));
    check((await contentOf(li)) === at, 'content grew after cancelled');
    return `cancelled at ${at.length} chars`;
  },

  async form(page) {
    await send(page, 'plan my trip /form');
    const li = assistant(page, 2);
    const form = li.locator('[data-testid="elicitation"]');
    await form.waitFor();
    await form.locator('input[aria-label="name"]').fill('Ada');
    await form.locator('input[aria-label="seats"]').fill('3');
    await form.locator('button[type="submit"]').click();
    await waitStatus(li, ['done']);
    const text = await contentOf(li);
    check(text.startsWith('You submitted name=Ada, seats=3. '), `the reply did not use the form: ${text.slice(0, 80)}`);
    check((await form.count()) === 0, 'the form is still shown');
    return 'form answered';
  },

  async drop(page) {
    await send(page, 'a long answer that survives a drop');
    const li = assistant(page, 3);
    await li.waitFor();
    const before = await waitLength(li, 40);
    const session = await page.locator('[data-testid="session"]').textContent();
    const answer = await (await fetch(`${base}/control`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ drop: true }),
    })).json();
    check(answer.dropped >= 1, `the server dropped ${answer.dropped} connections`);
    await page.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.textContent !== 'open');
    await page.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.textContent === 'open', null, { timeout: STEP_MS });
    const status = await waitStatus(li, ['done', 'stale', 'error']);
    check(status === 'done', `after the resume the reply is ${status}, not done`);
    const shown = await contentOf(li);
    const messageId = await li.getAttribute('data-id');
    const truth = await (await fetch(`${base}/control/snapshot?sessionId=${encodeURIComponent(session)}&messageId=${encodeURIComponent(messageId)}`)).json();
    check(truth.status === 'done', `the server's record is ${truth.status}`);
    check(shown === truth.content, `content differs from the server's: ${shown.length} vs ${truth.content.length} chars, first difference at ${[...shown].findIndex((c, i) => c !== truth.content[i])}`);
    check(shown.length > before.length, 'the reply did not grow after the drop');
    const after = await page.locator('[data-testid="session"]').textContent();
    check(after === session, `the page is on session ${after}, not the resumed ${session}`);
    return `${before.length} chars before the drop, ${shown.length} after, equal to the server's`;
  },
};

const profile = mkdtempSync(path.join(tmpdir(), 'wirestore-fastapi-e2e-'));
const problems = [];
let passed = 0;
let failed = 0;
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM_PATH,
  args: CHROMIUM_ARGS,
  headless: true,
  viewport: { width: 1000, height: 1200 },
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(STEP_MS);
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  const token = `e2e${Date.now().toString(36)}`;
  const response = await page.goto(`${base}/?token=${token}`);
  check(response?.ok(), `GET ${base}/ answered ${response?.status()}`);
  await page.waitForSelector('main[data-ready="1"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="connection"]')?.textContent === 'open');
  for (const [name, run] of Object.entries(scenarios)) {
    try {
      const note = await run(page);
      check(problems.length === 0, problems.join('; '));
      passed += 1;
      console.log(`PASS ${name} (${note})`);
    } catch (error) {
      failed += 1;
      console.log(`FAIL ${name}: ${error.message.split('\n')[0]}`);
    }
  }
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, 'fastapi.png'), fullPage: true });
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(`fastapi e2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
