// The input buffer against the REAL wasm core: frames of any size, and across memory growth.
import { beforeAll, describe, expect, it } from 'vitest';
import { FrameInput } from '../input.js';
import { wasmIfLoaded, type WasmCore } from '../wasm.js';
import { delta, start } from './helpers.js';
import { loadRealWasm } from './real-wasm.js';

beforeAll(loadRealWasm);

const enc = new TextEncoder();
const bytes = (frame: string) => enc.encode(frame);

/** A real core that keeps every view `inputView` handed out. */
function watchedCore(): { core: WasmCore; views: Uint8Array[] } {
  const glue = wasmIfLoaded();
  if (!glue) throw new Error('wasm not loaded');
  const core = new glue.WireStoreCore({});
  const views: Uint8Array[] = [];
  const inputView = core.inputView!.bind(core);
  core.inputView = (len: number) => {
    const view = inputView(len);
    views.push(view);
    return view;
  };
  return { core, views };
}

describe('frame input on the real wasm core', () => {
  it('frames_of_any_size_arrive_exact_through_one_reused_buffer', () => {
    const { core, views } = watchedCore();
    const input = new FrameInput();
    input.ingest(core, bytes(start('m')));
    input.ingest(core, bytes(delta('m', 'Hé')));
    expect(views.length).toBe(1);
    const wide = '€'.repeat(3000); // 9,000 bytes: more than the first buffer
    input.ingest(core, bytes(delta('m', wide)));
    input.ingest(core, bytes(delta('m', '!')));
    expect(views.length).toBe(2);
    expect(core.get('messages/m/content')).toBe(`Hé${wide}!`);
    expect(core.get('errors')).toEqual([]);
    core.free();
  });

  it('a_view_detached_by_memory_growth_is_asked_for_again', () => {
    const { core, views } = watchedCore();
    const input = new FrameInput();
    input.ingest(core, bytes(start('m')));
    const first = views[0]!;
    const memoryBefore = first.buffer.byteLength;
    const chunk = 'y'.repeat(10_000);
    for (let i = 0; i < 300; i++) input.ingest(core, bytes(delta('m', chunk)));
    input.ingest(core, bytes(delta('m', '!')));
    const last = views[views.length - 1]!;
    expect(last.buffer.byteLength).toBeGreaterThan(memoryBefore); // memory grew...
    expect(first.length).toBe(0); // ...which detached the first view
    expect(views.length).toBeGreaterThan(1);
    const content = core.get('messages/m/content') as string;
    expect(content.length).toBe(300 * 10_000 + 1);
    expect(content.endsWith('y!')).toBe(true);
    core.free();
  });

  it('a_frame_over_the_size_limit_is_rejected_without_growing_the_buffer', () => {
    const glue = wasmIfLoaded()!;
    const core = new glue.WireStoreCore({ limits: { maxFrameBytes: 50_000 } });
    const input = new FrameInput();
    input.ingest(core, bytes(delta('m', 'kept')));
    const big = bytes(delta('m', 'z'.repeat(60_000)));
    input.ingest(core, big);
    expect(core.inputView!(big.length).length).toBeLessThan(big.length);
    input.ingest(core, bytes(delta('m', '!')));
    expect(core.get('messages/m/content')).toBe('kept!');
    const errors = core.get('errors') as Array<{ message: string }>;
    expect(errors.map((e) => e.message)).toEqual([
      `frame of ${big.length} bytes exceeds limits.maxFrameBytes (50000); not parsed`,
    ]);
    core.free();
  });

  it('a_length_past_the_buffer_is_an_invalid_frame_and_changes_nothing_else', () => {
    const { core } = watchedCore();
    const input = new FrameInput();
    input.ingest(core, bytes(delta('m', 'kept')));
    core.ingestInput!(1 << 30);
    expect(core.get('messages/m/content')).toBe('kept');
    const errors = core.get('errors') as Array<{ kind: string }>;
    expect(errors.map((e) => e.kind)).toEqual(['protocol']);
    core.free();
  });
});
