// Shared by the quick Node-side tools (node-flush.mjs, node-ab.mjs): loading a build of the
// wasm, and timing ingest with or without a flush every 32 frames, like the page's
// `ws-…+flush` contenders but without the browser.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { SnapshotCache, takeChangedKeys } = await import(pathToFileURL(path.join(ROOT, 'dist', 'snapshot.js')).href);

/** The glue of the build in `dir`, initialised; each directory is its own module instance. */
export async function loadBuild(dir) {
  const url = `${pathToFileURL(path.resolve(dir, 'wirestore.js')).href}?${encodeURIComponent(dir)}`;
  const glue = await import(url);
  glue.initSync({ module: readFileSync(path.resolve(dir, 'wirestore_bg.wasm')) });
  return glue;
}

// The keys a UI subscribed per slice re-reads (as in page/contenders.js).
const wanted = (k) => k === 'messages' || (k.startsWith('messages/') && k.indexOf('/', 9) > 0);
let sink;

/**
 * Milliseconds to feed `frames` (strings through `ingest`, Uint8Arrays through `ingestBytes`)
 * to a new core. Levels: 0 ingest alone; 1 + the changed keys every 32 frames; 2 + a version
 * read per listened key; 3 + reads through the shim's snapshot cache instead.
 */
export function timeIngest(glue, frames, level) {
  const core = new glue.WireStoreCore({});
  core.setNotify(() => {});
  const cache = new SnapshotCache();
  const bytes = typeof frames[0] !== 'string';
  let n = 0;
  const t0 = performance.now();
  for (const f of frames) {
    if (bytes) core.ingestBytes(f);
    else core.ingest(f);
    if (level === 0 || ++n < 32) continue;
    n = 0;
    const changed = takeChangedKeys(core);
    if (level < 2) continue;
    cache.invalidate(changed, wanted, core);
    for (const k of changed) if (wanted(k)) sink = level > 2 ? cache.read(core, k) : core.version(k);
    cache.flushed();
  }
  const ms = performance.now() - t0;
  core.free();
  globalThis.benchSink = sink; // keeps the reads observable
  return ms;
}
