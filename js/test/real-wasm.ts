// Loads the real wasm core (pkg/, built by scripts/build.sh) for the tests that need it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { initWireStore } from '../index.js';

/** The wasm module built by `wasm-pack build --target web --out-dir pkg`. */
export const WASM_PATH = path.resolve('pkg/wirestore_bg.wasm');

/** Initialises the real wasm from its bytes (jsdom's URL cannot be read by fs). */
export async function loadRealWasm(): Promise<void> {
  await initWireStore(readFileSync(WASM_PATH));
}
