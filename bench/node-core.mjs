// Shared by the quick Node-side tools (node-flush.mjs, node-ab.mjs): loading a build of the
// wasm, and timing ingest with or without a flush every 32 frames, like the page's
// `ws-…+flush` contenders but without the browser.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { SnapshotCache } = await import(pathToFileURL(path.join(ROOT, 'dist', 'snapshot.js')).href);
const { FrameInput } = await import(pathToFileURL(path.join(ROOT, 'dist', 'input.js')).href);
const { sliceUi } = await import('./slice-ui.mjs');

/** The glue of the build in `dir`, initialised; each directory is its own module instance. */
export async function loadBuild(dir) {
  const url = `${pathToFileURL(path.resolve(dir, 'wirestore.js')).href}?${encodeURIComponent(dir)}`;
  const glue = await import(url);
  glue.initSync({ module: readFileSync(path.resolve(dir, 'wirestore_bg.wasm')) });
  return glue;
}

let sink;

/**
 * Milliseconds to feed `frames` (strings through `ingest`, Uint8Arrays as the store's
 * `ingestBytes` does, through `FrameInput`)
 * to a new core. Levels: 0 ingest alone; 1 + every 32 frames all changed keys by name
 * (`takeChanged`); 2 + instead the flush of a per-slice UI (bench/slice-ui.mjs, as the
 * page's `ws-…+flush` contenders).
 */
export function timeIngest(glue, frames, level) {
  const core = new glue.WireStoreCore({});
  core.setNotify(() => {});
  const ui = level >= 2 ? sliceUi(core, SnapshotCache) : null;
  const bytes = typeof frames[0] !== 'string';
  const input = new FrameInput();
  let n = 0;
  const t0 = performance.now();
  for (const f of frames) {
    if (bytes) input.ingest(core, f);
    else core.ingest(f);
    if (level === 0 || ++n < 32) continue;
    n = 0;
    if (ui) ui.flush();
    else sink = core.takeChanged();
  }
  const ms = performance.now() - t0;
  if (ui) sink = ui.sink;
  core.free();
  globalThis.benchSink = sink; // keeps the reads observable
  return ms;
}
