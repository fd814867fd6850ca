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
}
