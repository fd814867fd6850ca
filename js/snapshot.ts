// Each key's JS value, kept with the version it was read at. React requires getSnapshot to
// return the same reference until the data changes, and converting a value out of wasm costs
// a copy: so a value is read from the core only when its version moved (or a flush said the
// key changed), and otherwise the cached reference is returned.
import type { WasmCore } from './wasm.js';

/** Text slices: read incrementally, so a streaming message costs its new bytes per flush. */
const TEXT_KEY = /\/(content|reasoning)$/;
const PLUS = 43; // '+'
const EQUALS = 61; // '='

// `text`: read through the handle's cursor alone (one crossing, no version read).
// `stale`: a flush reported the key changed; re-read it even if the version looks the same.
// `readIn`: the flush in which a text slice was last read by `invalidate` (its value is
// current until that flush ends). Flags on the entry, not sets of names: a flush then hashes
// each changed key's name once.
type Entry = {
  version: number;
  value: unknown;
  handle?: number;
  text?: boolean;
  stale?: boolean;
  readIn?: number;
};

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
  // Counts flushes: odd while one runs (between `invalidate` and `flushed`).
  private flushes = 0;

  /** The key's value: the cached reference while its version is unchanged. */
  read(core: WasmCore, key: string): unknown {
    const hit = this.entries.get(key);
    if (hit?.text) return hit.readIn === this.flushes ? hit.value : this.readText(core, key, hit, hit.handle!);
    const stale = hit?.stale === true;
    if (stale) hit.stale = false;
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
    const value = nextText(hit?.value, read.charCodeAt(0) === PLUS, read.slice(1));
    if (hit) hit.value = value;
    else this.entries.set(key, { version: 0, value, handle, text: true });
    return value;
  }

  /** Drops a key's entry and releases its handle. */
  private forget(core: WasmCore | undefined, key: string, handle = this.entries.get(key)?.handle): void {
    this.entries.delete(key);
    if (handle && core?.releaseHandle) core.releaseHandle(handle);
  }

  /**
   * Marks a flush's changed keys; a changed value nobody listens to is dropped instead.
   * Changed text slices that are listened to are read right here, all in one crossing
   * (`textTailsOf`), and served from the cache until {@link SnapshotCache.flushed}.
   */
  invalidate(changed: readonly string[], listened: (key: string) => boolean, core?: WasmCore): void {
    this.flushes += this.flushes % 2 === 0 ? 1 : 2; // a new flush, or a new pass of this one
    let texts: string[] | undefined;
    let hits: Entry[] | undefined;
    for (const key of changed) {
      const hit = this.entries.get(key);
      if (!hit) continue;
      if (!listened(key)) this.forget(core, key);
      else if (hit.text && core?.textTailsOf) {
        (texts ??= []).push(key);
        (hits ??= []).push(hit);
      } else hit.stale = true;
    }
    if (texts && hits) this.readTexts(core!, texts, hits);
  }

  /** Ends a flush: text slices are read from the core again. */
  flushed(): void {
    if (this.flushes % 2 === 1) this.flushes++;
  }

  // The records of `textTailsOf`, in the order of `keys`: `+` or `=`, a UTF-16 length,
  // `:` and the chunk; or `!` when the key is no longer a text slice.
  private readTexts(core: WasmCore, keys: string[], hits: Entry[]): void {
    const handles = new Uint32Array(hits.length);
    for (let i = 0; i < hits.length; i++) handles[i] = hits[i]!.handle!;
    const all = core.textTailsOf!(handles);
    let at = 0;
    for (let i = 0; i < hits.length; i++) {
      const mode = all.charCodeAt(at);
      if (mode !== PLUS && mode !== EQUALS) {
        at += 1;
        this.forget(core, keys[i]!);
        continue;
      }
      const colon = all.indexOf(':', at);
      const end = colon + 1 + Number(all.slice(at + 1, colon));
      const hit = hits[i]!;
      hit.value = nextText(hit.value, mode === PLUS, all.slice(colon + 1, end));
      hit.readIn = this.flushes;
      at = end;
    }
  }

  /** Forgets everything (the core's handles go with the core). */
  clear(): void {
    this.entries.clear();
  }
}

/**
 * A text slice's value after a read: `chunk` appended to what was held (the same string when
 * nothing was appended, so React sees no change), or `chunk` as the whole text.
 */
function nextText(held: unknown, appended: boolean, chunk: string): string {
  if (!appended || typeof held !== 'string') return chunk;
  return chunk === '' ? held : held + chunk;
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
