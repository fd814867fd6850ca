// Each key's JS value, kept with the version it was read at. React requires getSnapshot to
// return the same reference until the data changes, and converting a value out of wasm costs
// a copy: so a value is read from the core only when its version moved (or a flush said the
// key changed), and otherwise the cached reference is returned.
import type { WasmCore } from './wasm.js';

/** Text slices: read incrementally, so a streaming message costs its new bytes per flush. */
const TEXT_KEY = /\/(content|reasoning)$/;
const PLUS = 43; // '+'

type Entry = { version: number; value: unknown; handle?: number };

/**
 * The per-key snapshot cache of one store.
 *
 * Where the core has handles (`keyHandle`), each cached key is interned once, so a read per
 * frame passes an integer, not the key's name, across the boundary.
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
    const handle = hit?.handle ?? (core.keyHandle ? core.keyHandle(key) : undefined);
    if (handle === 0) return undefined; // not a key name
    const version = (): number => (handle ? core.versionOf!(handle) : core.version(key));
    if (handle && core.textTailOf && TEXT_KEY.test(key)) {
      // A flush said it changed: read the new tail (or, after a rewrite, the whole text)
      // straight away. Otherwise check the version first.
      if (hit && !stale && hit.version === version()) return hit.value;
      return this.readText(core, key, hit, handle);
    }
    const now = version();
    if (hit && hit.version === now && !stale) return hit.value;
    if (now === 0) {
      this.forget(core, key, handle);
      return undefined;
    }
    const value = handle ? core.getOf!(handle) : core.get(key);
    this.entries.set(key, { version: now, value, handle });
    return value;
  }

  private readText(core: WasmCore, key: string, hit: Entry | undefined, handle: number): unknown {
    // The core keeps this handle's cursor: "+" and the new tail, or "=" and the whole text.
    const read = core.textTailOf!(handle);
    if (typeof read !== 'string') {
      this.forget(core, key, handle);
      return undefined;
    }
    const chunk = read.slice(1);
    const value = read.charCodeAt(0) === PLUS && typeof hit?.value === 'string' ? hit.value + chunk : chunk;
    this.entries.set(key, { version: core.versionOf!(handle), value, handle });
    return value;
  }

  /** Drops a key's entry and releases its handle. */
  private forget(core: WasmCore | undefined, key: string, handle = this.entries.get(key)?.handle): void {
    this.entries.delete(key);
    if (handle && core?.releaseHandle) core.releaseHandle(handle);
  }

  /** Marks a flush's changed keys; a changed value nobody listens to is dropped instead. */
  invalidate(changed: readonly string[], listened: (key: string) => boolean, core?: WasmCore): void {
    for (const key of changed) {
      if (!this.entries.has(key)) continue;
      if (listened(key)) this.stale.add(key);
      else this.forget(core, key);
    }
  }

  /** Forgets everything (the core's handles go with the core). */
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
