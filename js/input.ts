// Frames into wasm memory through one buffer the core keeps: a native copy and one call per
// frame. `core.ingestBytes` (wasm-bindgen's own path) allocates in wasm, copies, calls and
// frees, per frame.
import type { WasmCore } from './wasm.js';

/**
 * The input path of one core: copies a frame into the core's input buffer and applies it.
 * Holds a view of that buffer, so it belongs to one core; make a new one for a new core.
 *
 * @example
 * ```ts
 * const input = new FrameInput();
 * socket.onmessage = (e) => input.ingest(core, new Uint8Array(e.data));
 * ```
 */
export class FrameInput {
  private view: Uint8Array | null = null;

  /** Applies `bytes` (one frame: an envelope or a batch) to `core`. */
  ingest(core: WasmCore, bytes: Uint8Array): void {
    if (!core.inputView || !core.ingestInput) return core.ingestBytes(bytes);
    let view = this.view;
    // Too short, or detached (length 0) because wasm memory grew: ask for it again.
    if (!view || view.length < bytes.length) view = this.view = core.inputView(bytes.length);
    if (view.length < bytes.length) return core.ingestBytes(bytes);
    view.set(bytes);
    core.ingestInput(bytes.length);
  }

  /**
   * Applies `bytes` as the next chunk of stream `source`'s body, in pieces as large as the
   * buffer grows (a chunk may hold many frames, or part of one). Answers whether the stream
   * is done (`data: [DONE]`).
   */
  push(core: WasmCore, source: number, bytes: Uint8Array): boolean {
    if (!core.inputView || !core.streamInput) return core.streamBytes!(source, bytes);
    let done = false;
    for (let at = 0; at < bytes.length && !done; ) {
      const want = bytes.length - at;
      let view = this.view;
      if (!view || view.length < want) view = this.view = core.inputView(want);
      // No buffer at all (the limit is below this chunk and none was grown yet).
      if (view.length === 0) return core.streamBytes!(source, at === 0 ? bytes : bytes.subarray(at));
      const n = Math.min(want, view.length);
      view.set(at === 0 && n === bytes.length ? bytes : bytes.subarray(at, at + n));
      done = core.streamInput(source, n);
      at += n;
    }
    return done;
  }
}
