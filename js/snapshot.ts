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
    const hit = this.entries.get(key);
    const stale = this.stale.delete(key);
    if (core.textSince && TEXT_KEY.test(key)) {
      // A flush said it changed: one call reads the new tail (or, after a rewrite, the
      // whole text) and the version together. Otherwise check the version first.
      if (hit && !stale && hit.version === core.version(key)) return hit.value;
      return this.readText(core, key, hit);
    }
    const version = core.version(key);
    if (hit && hit.version === version && !stale) return hit.value;
    if (version === 0) {
      this.entries.delete(key);
      return undefined;
    }
    const value = core.get(key);
    this.entries.set(key, { version, value });
    return value;
  }

  private readText(core: WasmCore, key: string, hit: Entry | undefined): unknown {
    const held = hit?.epoch !== undefined && typeof hit.value === 'string';
    const read = core.textSince!(key, held ? hit.epoch! : 0, held ? hit.bytes! : 0);
    if (typeof read !== 'string') {
      this.entries.delete(key);
      return undefined;
    }
    // "epoch,byteLength,appended,version|chunk" (one string crossing per read).
    const bar = read.indexOf('|');
    const [epoch, bytes, appendedFlag, version] = read.slice(0, bar).split(',').map(Number) as [number, number, number, number];
    const appended = appendedFlag === 1;
    const chunk = read.slice(bar + 1);
    const value = appended && held ? (hit.value as string) + chunk : chunk;
    this.entries.set(key, { version, value, epoch, bytes });
    return value;
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

/**
 * Takes the keys changed since the last call from the core: one string crossing per flush
 * (`takeChangedText`, joined by newlines) where the core has it.
 *
 * @example
 * ```ts
 * for (const key of takeChangedKeys(core)) notify(key);
 * ```
 */
export function takeChangedKeys(core: WasmCore): string[] {
  if (!core.takeChangedText) return core.takeChanged();
  const keys = core.takeChangedText();
  if (typeof keys !== 'string') return keys;
  return keys === '' ? [] : keys.split('\n');
}
