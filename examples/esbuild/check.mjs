// wirestore with a plain bundler: bundles app.js with esbuild (no loader, nothing copied),
// against `wirestore` and against `wirestore/inline`, serves it on a free loopback port and
// opens it in Debian's Chromium. The main entry cannot find its .wasm there by itself; told
// where it is served (`initWireStore(url)`, as the README says) it streams; `wirestore/inline`
// carries the bytes and streams with nothing served. Prints the bundle sizes. Usage: node examples/esbuild/check.mjs (after `npm install` here, which
// scripts/test-examples.sh does with the packed tarball).
import { createServer } from 'node:http';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const modules = path.join(HERE, 'node_modules');
const { build } = createRequire(path.join(HERE, 'package.json'))('esbuild');
const { chromium } = createRequire(path.join(ROOT, 'package.json'))('playwright-core');

async function bundle(entry, dir) {
  const source = readFileSync(path.join(HERE, 'app.js'), 'utf8').replace("from 'wirestore'", `from '${entry}'`);
  writeFileSync(path.join(dir, 'entry.js'), source);
  await build({
    entryPoints: [path.join(dir, 'entry.js')],
    bundle: true,
    format: 'esm',
    minify: true,
    outfile: path.join(dir, 'app.js'),
    nodePaths: [modules],
    logLevel: 'error',
  });
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><p id="out">…</p><script type="module" src="app.js"></script>');
  const js = readFileSync(path.join(dir, 'app.js'));
  return `${(js.length / 1024).toFixed(1)} KB (gzip ${(gzipSync(js).length / 1024).toFixed(1)} KB)`;
}

function serve(dir) {
  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://x');
    const file = path.join(dir, pathname === '/' ? 'index.html' : path.basename(pathname));
    try {
      const body = readFileSync(file);
      const type = file.endsWith('.html') ? 'text/html' : file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript';
      res.writeHead(200, { 'content-type': type });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function run(browser, entry, wasmUrl = '') {
  const dir = mkdtempSync(path.join(tmpdir(), 'wirestore-esbuild-'));
  const server = await serve(dir);
  try {
    const size = await bundle(entry, dir);
    if (wasmUrl) copyFileSync(path.join(modules, 'wirestore', 'pkg', 'wirestore_bg.wasm'), path.join(dir, wasmUrl));
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}/${wasmUrl ? `?wasm=/${wasmUrl}` : ''}`);
    const out = page.locator('#out');
    await page.waitForFunction(() => document.getElementById('out')?.textContent !== '…', null, { timeout: 15_000 });
    const text = await out.textContent();
    await page.close();
    return { text, size };
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
let failed = false;
try {
  const main = await run(browser, 'wirestore');
  console.log(`esbuild, wirestore: ${main.text} (bundle ${main.size}; no .wasm beside it)`);
  if (!main.text?.startsWith('error:')) failed = true;
  const told = await run(browser, 'wirestore', 'served.wasm');
  console.log(`esbuild, wirestore + initWireStore(url): ${told.text} (bundle ${told.size})`);
  if (told.text !== 'content: Hello, bundle') failed = true;
  const inline = await run(browser, 'wirestore/inline');
  console.log(`esbuild, wirestore/inline: ${inline.text} (bundle ${inline.size})`);
  if (inline.text !== 'content: Hello, bundle') failed = true;
} finally {
  await browser.close();
}
console.log(failed ? 'FAIL esbuild' : 'PASS esbuild');
process.exit(failed ? 1 : 0);
