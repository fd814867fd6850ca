// End-to-end test of the example apps: each app, built and served with the packed wirestore
// tarball installed, is opened in Debian's Chromium (playwright-core, no downloaded browser)
// against the reference server. It sends a chat message and checks that the assistant's reply
// streams in (content seen growing before it is done), with 3 sources and 3 follow-up
// questions, the ack delivered and the connection open. Like wasm-bindgen's example tests,
// any console error or uncaught page error fails the app.
//
// Usage: WS_TEST_URL=ws://127.0.0.1:PORT/ws node examples/e2e.mjs NAME=http://127.0.0.1:PORT/ ...
// Prints `PASS NAME (…)` or `FAIL NAME: reason` per app; exits 1 if any failed.
// Screenshots: .artifacts/screenshots/NAME.png.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHOTS = path.join(ROOT, '.artifacts', 'screenshots');
const CHROMIUM = CHROMIUM_PATH;
const ARGS = CHROMIUM_ARGS;
const PROMPT = 'Tell me how wirestore streams a reply';
const EXPECTED_SOURCES = 3;
const EXPECTED_FOLLOW_UPS = 3;
const MIN_PARTIAL_LENGTHS = 2; // distinct growing content lengths seen while streaming
const STEP_MS = 15_000;
// Apps whose page is rendered on the server: the HTML must already hold the chat (so
// wirestore and its hooks ran there) before the browser hydrates it.
const SERVER_RENDERED = new Set(['nextjs']);
const REPLY_MS = 30_000;

const wsUrl = process.env.WS_TEST_URL;
const apps = process.argv.slice(2).map((arg) => {
  const eq = arg.indexOf('=');
  if (eq <= 0) throw new Error(`expected NAME=URL, got ${JSON.stringify(arg)}`);
  return { name: arg.slice(0, eq), url: arg.slice(eq + 1) };
});
if (!wsUrl || apps.length === 0) {
  console.error('usage: WS_TEST_URL=ws://host:port/ws node examples/e2e.mjs NAME=URL ...');
  process.exit(2);
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

// Names the step that timed out instead of playwright's bare "Timeout 15000ms exceeded".
async function step(what, promise) {
  try {
    return await promise;
  } catch (error) {
    throw new Error(`${what}: ${error.message.split('\n')[0]}`);
  }
}

// Runs in the page before the click: records the assistant reply's content length and status
// at every DOM change, so the test can tell a streamed reply from one that arrived at once.
function recordAssistant() {
  const samples = [];
  window.__wirestoreSamples = samples;
  const observe = () => {
    const li = document.querySelector('[data-testid="message"][data-role="assistant"]');
    if (!li) return;
    const length = li.querySelector('[data-testid="content"]')?.textContent.length ?? 0;
    const status = li.dataset.status;
    const last = samples[samples.length - 1];
    if (!last || last.length !== length || last.status !== status) samples.push({ length, status });
  };
  new MutationObserver(observe).observe(document.body, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
  });
}

async function testApp(app) {
  const profile = mkdtempSync(path.join(tmpdir(), `wirestore-e2e-${app.name}-`));
  const problems = []; // console errors and page errors
  const notes = [];
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ARGS,
    headless: true,
    viewport: { width: 1000, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  try {
    page.setDefaultTimeout(STEP_MS);
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`);
      if (msg.type() === 'warning') notes.push(`console.warn: ${msg.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.stack ?? error.message}`));
    page.on('response', (response) => {
      if (response.url().endsWith('.wasm')) {
        notes.push(`wasm ${response.status()} ${response.headers()['content-type'] ?? '?'}`);
      }
    });

    const url = new URL(app.url);
    url.searchParams.set('ws', wsUrl);
    const response = await step('loading the page', page.goto(url.toString()));
    check(response?.ok(), `GET ${url} answered ${response?.status()}`);
    if (SERVER_RENDERED.has(app.name)) {
      const html = await response.text();
      check(
        html.includes('data-testid="connection">idle<'),
        'the server-rendered HTML does not hold the chat with its connection idle',
      );
      notes.push('server-rendered');
    }
    await step('waiting for main[data-ready="1"]', page.waitForSelector('main[data-ready="1"]'));
    await step(
      'waiting for the connection to be open',
      page.waitForFunction(
        () => document.querySelector('[data-testid="connection"]')?.textContent === 'open',
      ),
    );

    await page.evaluate(recordAssistant);
    await page.getByLabel('prompt').fill(PROMPT);
    await page.getByRole('button', { name: 'Send' }).click();

    const assistant = page.locator('[data-testid="message"][data-role="assistant"]');
    await step(
      'waiting for the assistant reply to be done',
      assistant.and(page.locator('[data-status="done"]')).waitFor({ timeout: REPLY_MS }),
    );
    await step(
      'waiting for the ack to be delivered',
      page.waitForFunction(
        () => document.querySelector('[data-testid="ack"]')?.textContent.trim() === 'delivered',
      ),
    );

    const user = page.locator('[data-testid="message"][data-role="user"]');
    check((await user.count()) === 1, `expected 1 user message, saw ${await user.count()}`);
    const echoed = await user.locator('[data-testid="content"]').textContent();
    check(echoed === PROMPT, `user message shows ${JSON.stringify(echoed)}, not the prompt`);
    check((await assistant.count()) === 1, `expected 1 assistant reply, saw ${await assistant.count()}`);
    const content = (await assistant.locator('[data-testid="content"]').textContent()) ?? '';
    check(content.length > 0, 'the reply is done but its content is empty');
    const sources = await assistant.locator('[data-testid="sources"] > li').count();
    check(sources === EXPECTED_SOURCES, `expected ${EXPECTED_SOURCES} sources, saw ${sources}`);
    const followUps = await assistant.locator('[data-testid="follow-ups"] > li').count();
    check(
      followUps === EXPECTED_FOLLOW_UPS,
      `expected ${EXPECTED_FOLLOW_UPS} follow-up questions, saw ${followUps}`,
    );
    const connection = await page.getByTestId('connection').textContent();
    check(connection === 'open', `connection ends ${JSON.stringify(connection)}, not open`);

    // Streamed: at least two distinct partial lengths, growing, before the status was done.
    const samples = await page.evaluate(() => window.__wirestoreSamples);
    const partial = samples
      .filter((s) => s.status !== 'done' && s.length > 0 && s.length < content.length)
      .map((s) => s.length);
    const growing = partial.every((length, i) => i === 0 || length > partial[i - 1]);
    check(growing, `content length went backwards while streaming: ${partial.join(',')}`);
    check(
      partial.length >= MIN_PARTIAL_LENGTHS,
      `content did not stream: partial lengths seen before done: [${partial.join(',')}] (final ${content.length})`,
    );
    check(samples.at(-1)?.status === 'done', 'the last status seen is not done');

    check(problems.length === 0, problems.join('\n  '));
    return `${partial.length} partial renders, ${content.length} chars, ${sources} sources, ${followUps} follow-ups; ${notes.join('; ')}`;
  } catch (error) {
    // Console errors explain most failures: report them with whatever failed.
    const extra = problems.filter((p) => !String(error.message).includes(p));
    throw new Error([error.message, ...extra].join('\n  '));
  } finally {
    mkdirSync(SHOTS, { recursive: true });
    await page
      .screenshot({ path: path.join(SHOTS, `${app.name}.png`), fullPage: true })
      .catch((error) => console.log(`(no screenshot of ${app.name}: ${error.message})`));
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

let failed = 0;
for (const app of apps) {
  const started = performance.now();
  try {
    const summary = await testApp(app);
    const s = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`PASS ${app.name} (${s}s): ${summary}`);
  } catch (error) {
    failed++;
    console.log(`FAIL ${app.name}: ${error.message}`);
  }
}
process.exit(failed > 0 ? 1 : 0);
