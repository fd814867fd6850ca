// Each key's JS value, kept with the version it was read at. React requires getSnapshot to
// return the same reference until the data changes, and converting a value out of wasm costs
// a copy: so a value is read from the core only when its version moved (or a flush said the
// key changed), and otherwise the cached reference is returned.
import type { WasmCore } from './wasm.js';

/** Text slices: read incrementally, so a streaming message costs its new bytes per flush. */
const TEXT_KEY = /\/(content|reasoning)$/;

type Entry = { version: number; value: unknown; epoch?: number; bytes?: number };

/**
 * The per-key snapshot cache of one store.
 *
 * @example
 * ```ts
 * const cache = new SnapshotCache();
 * const a = cache.read(core, 'messages');
 * cache.read(core, 'messages') === a; // until the key's version moves
 * ```
 */
export class SnapshotCache {
  private readonly entries = new Map<string, Entry>();
  // Cached keys a flush reported changed: re-read them even if the version looks the same.
  private readonly stale = new Set<string>();

  /** The key's value: the cached reference while its version is unchanged. */
  read(core: WasmCore, key: string): unknown {
    const version = core.version(key);
    const hit = this.entries.get(key);
    if (hit && hit.version === version && !this.stale.has(key)) return hit.value;
    this.stale.delete(key);
    if (version === 0) {
      this.entries.delete(key);
      return undefined;
    }
    const entry: Entry = { version, value: undefined };
    if (core.textSince && TEXT_KEY.test(key)) {
      // The tail since what we hold, or the whole text after a rewrite (its epoch moved).
      const held = hit?.epoch !== undefined && typeof hit.value === 'string';
      const read = core.textSince(key, held ? hit.epoch! : 0, held ? hit.bytes! : 0);
      if (Array.isArray(read)) {
        const [epoch, bytes, chunk, appended] = read as [number, number, string, boolean];
        entry.value = appended && held ? (hit.value as string) + chunk : chunk;
        entry.epoch = epoch;
        entry.bytes = bytes;
        this.entries.set(key, entry);
        return entry.value;
      }
    }
    entry.value = core.get(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Marks a flush's changed keys; a changed value nobody listens to is dropped instead. */
  invalidate(changed: readonly string[], listened: (key: string) => boolean): void {
    for (const key of changed) {
      if (!this.entries.has(key)) continue;
      if (listened(key)) this.stale.add(key);
      else this.entries.delete(key);
    }
  }

  /** Forgets everything. */
  clear(): void {
    this.entries.clear();
    this.stale.clear();
  }
}
