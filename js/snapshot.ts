// Each key's JS value, kept with the version it was read at. React requires getSnapshot to
// return the same reference until the data changes, and converting a value out of wasm costs
// a copy: so a value is read from the core only when its version moved (or a flush said the
// key changed), and otherwise the cached reference is returned.
import type { WasmCore } from './wasm.js';

/** Text slices: read incrementally, so a streaming message costs its new bytes per flush. */
const TEXT_KEY = /\/(content|reasoning)$/;
const PLUS = 43; // '+'

// `text`: read through the handle's cursor alone (one crossing, no version read).
type Entry = { version: number; value: unknown; handle?: number; text?: boolean };

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
    if (hit?.text) return this.readText(core, key, hit, hit.handle!);
    const handle = hit?.handle ?? (core.keyHandle ? core.keyHandle(key) : undefined);
    if (handle === 0) return undefined; // not a key name
    if (!hit && handle && core.textTailOf && TEXT_KEY.test(key)) return this.readText(core, key, undefined, handle);
    const now = handle ? core.versionOf!(handle) : core.version(key);
    if (hit && hit.version === now && !stale) return hit.value;
    if (now === 0) {
      this.forget(core, key, handle);
      return undefined;
    }
    const value = handle ? core.getOf!(handle) : core.get(key);
    this.entries.set(key, { version: now, value, handle });
    return value;
  }

  // A text slice: the core keeps this handle's cursor and answers "+" and what was appended
  // since the last read (empty when nothing was), or "=" and the whole text after a rewrite.
  // Strings compare by value, so an unchanged text is the same snapshot for React either way.
  private readText(core: WasmCore, key: string, hit: Entry | undefined, handle: number): unknown {
    const read = core.textTailOf!(handle);
    if (typeof read !== 'string') {
      this.forget(core, key, handle);
      return undefined;
    }
    const appended = read.charCodeAt(0) === PLUS && typeof hit?.value === 'string';
    if (appended && read.length === 1) return hit!.value;
    const value = appended ? (hit!.value as string) + read.slice(1) : read.slice(1);
    if (hit) hit.value = value;
    else this.entries.set(key, { version: 0, value, handle, text: true });
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
