// wirestore/inline: the main entry with the wasm module's bytes inside it (base64, in
// dist/wasm-inline.js), for bundlers that do not copy assets (esbuild without a loader, a
// plain <script type="module">): nothing is fetched and no URL needs to be right. The bytes
// cost about a third more than the .wasm file (gzip evens most of it out; see the build's
// `inline:` line) and load with the JS, so prefer the main entry where the bundler serves the
// .wasm. Importing this module only registers where the bytes are; they are decoded and
// compiled on the first use of a store, on a server too.
import { provideWasmBytes } from './wasm.js';
import { WASM_BASE64 } from './wasm-inline.js';

/** The base64 text as bytes (`atob` exists in browsers, workers, Node ≥ 16, Deno, Bun). */
function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

provideWasmBytes(() => decode(WASM_BASE64));

export * from './index.js';
