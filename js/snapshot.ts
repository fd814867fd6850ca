// Each key's JS value, kept with the version it was read at. React requires getSnapshot to
// return the same reference until the data changes, and converting a value out of wasm costs
// a copy: so a value is read from the core only when its version moved (or a flush said the
// key changed), and otherwise the cached reference is returned.
import type { WasmCore } from './wasm.js';

/** Text slices: read incrementally, so a streaming message costs its new bytes per flush. */
const TEXT_KEY = /\/(content|reasoning)$/;
const PLUS = 43; // '+'
const EQUALS = 61; // '='
const SEMICOLON = 59; // ';'
const DIGIT_0 = 48;
const DIGIT_9 = 57;

// `key`: the name this entry is cached under (a flush names changed keys by handle).
// `text`: read through the handle's cursor alone (one crossing, no version read).
// `stale`: a flush reported the key changed; re-read it even if the version looks the same.
// `readIn`: the flush that last brought a text slice's new text (`takeChanged`): its value
// is current until that flush ends. Flags on the entry, not sets of names: no lookups by
// name beyond the one that finds the entry.
type Entry = {
  key: string;
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
 * frame passes an integer, not the key's name, across the boundary; and a flush hands over
 * the handles of the changed keys this cache holds ({@link SnapshotCache.takeChanged}), so
 * keys nobody reads or listens to never cross at all. So a key listened to must have an
 * entry ({@link SnapshotCache.track} or a read), or its changes go unreported. An entry stays
 * until its key changes while nobody listens, even while the key has no value (a message not
 * yet started).
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
  // The entries by handle, for a flush that names changed keys by handle.
  private readonly byHandle: Array<Entry | undefined> = [];
  // Counts flushes: odd while one runs (from `takeChanged` or `invalidate` to `flushed`).
  private flushes = 0;

  /** The key's value: the cached reference while its version is unchanged. */
  read(core: WasmCore, key: string): unknown {
    const hit = this.entries.get(key) ?? this.add(core, key);
    if (hit.text) return hit.readIn === this.flushes ? hit.value : this.readText(core, hit);
    const { handle } = hit;
    if (handle === 0) return undefined; // not a key name
    const now = handle ? core.versionOf!(handle) : core.version(key);
    if (hit.version === now && !hit.stale) return hit.value;
    hit.stale = false;
    hit.version = now;
    hit.value = now === 0 ? undefined : handle ? core.getOf!(handle) : core.get(key);
    return hit.value;
  }

  /**
   * Gives `key` an entry (and a handle, where the core has them) without reading it, so a
   * flush reports its changes: for a key that is listened to before it is read.
   */
  track(core: WasmCore, key: string): void {
    if (!this.entries.has(key)) this.add(core, key);
  }

  /**
   * Starts a flush: takes the keys changed since the last call from the core. Where the
   * core has `takeFlush`, only the keys this cache holds, by handle, with the new text of
   * the changed text slices in the same string (served until {@link SnapshotCache.flushed});
   * otherwise all of them by name.
   */
  takeChanged(core: WasmCore): string[] {
    this.flushes += this.flushes % 2 === 0 ? 1 : 2; // a new flush, or a new pass of this one
    if (!core.takeFlush) return core.takeChanged();
    const all = core.takeFlush();
    const keys: string[] = [];
    let at = 0;
    while (at < all.length) {
      let handle = 0;
      let c = all.charCodeAt(at);
      for (; c >= DIGIT_0 && c <= DIGIT_9; c = all.charCodeAt(++at)) handle = handle * 10 + c - DIGIT_0;
      const hit = this.byHandle[handle];
      if (c === SEMICOLON) at++;
      else at = this.readRecord(all, at, hit?.text ? hit : undefined);
      if (hit) keys.push(hit.key);
    }
    return keys;
  }

  // A new entry, unread (version -1): interned where the core has handles.
  private add(core: WasmCore, key: string): Entry {
    const handle = core.keyHandle ? core.keyHandle(key) : undefined;
    const text = !!handle && !!core.textTailOf && TEXT_KEY.test(key);
    const hit: Entry = { key, version: -1, value: undefined, handle, text };
    this.entries.set(key, hit);
    if (handle) this.byHandle[handle] = hit;
    return hit;
  }

  // A text slice: the core keeps this handle's cursor and answers "+" and what was appended
  // since the last read (empty when nothing was), or "=" and the whole text after a rewrite.
  // Strings compare by value, so an unchanged text is the same snapshot for React either way.
  private readText(core: WasmCore, hit: Entry): unknown {
    const read = core.textTailOf!(hit.handle!);
    // No text: the message is gone or not started. The entry stays (it may be listened to);
    // the core's cursor never matches a later message with this id, which is read whole.
    hit.value = typeof read === 'string' ? nextText(hit.value, read.charCodeAt(0) === PLUS, read.slice(1)) : undefined;
    return hit.value;
  }

  /** Drops a key's entry and releases its handle. */
  private forget(core: WasmCore | undefined, hit: Entry): void {
    this.entries.delete(hit.key);
    if (!hit.handle) return;
    this.byHandle[hit.handle] = undefined;
    core?.releaseHandle?.(hit.handle);
  }

  /**
   * Marks a flush's changed keys (from {@link SnapshotCache.takeChanged}); a changed value
   * nobody listens to is dropped instead. A text slice needs no mark: the flush brought its
   * new text, or its next read goes through its cursor.
   */
  invalidate(changed: readonly string[], listened: (key: string) => boolean, core?: WasmCore): void {
    if (this.flushes % 2 === 0) this.flushes++;
    for (const key of changed) {
      const hit = this.entries.get(key);
      if (!hit) continue;
      if (!listened(key)) this.forget(core, hit);
      else if (!hit.text) hit.stale = true;
    }
  }

  /** Ends a flush: text slices are read from the core again. */
  flushed(): void {
    if (this.flushes % 2 === 1) this.flushes++;
  }

  // One text record at `at`: `+` or `=`, a UTF-16 length, `:` and the chunk; or `!` when the
  // key has no text. Applied to `hit` (current until the flush ends) if given; answers where
  // the next record starts.
  private readRecord(all: string, at: number, hit: Entry | undefined): number {
    const mode = all.charCodeAt(at);
    let end = at + 1;
    let value: string | undefined;
    if (mode === PLUS || mode === EQUALS) {
      const colon = all.indexOf(':', at);
      end = colon + 1 + Number(all.slice(at + 1, colon));
      if (hit) value = nextText(hit.value, mode === PLUS, all.slice(colon + 1, end));
    }
    if (hit) {
      hit.value = value;
      hit.readIn = this.flushes;
    }
    return end > at ? end : at + 1; // always forward, whatever the string holds
  }

  /** Forgets everything (the core's handles go with the core). */
  clear(): void {
    this.entries.clear();
    this.byHandle.length = 0;
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
