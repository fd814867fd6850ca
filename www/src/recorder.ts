// The event inspector's recorder.
//
// The store records the frames it receives and sends, as they went over the wire, in the
// `frames` key when created with `limits.recordFrames > 0` (a bounded ring). The recorder
// subscribes to that key, appends what is new to a longer log, and adds two kinds of rows that
// are not frames: connection changes (the `connection` key) and the store's error entries (the
// `errors` key), so a bad frame shows next to what the store made of it. The JSONL export is
// the incoming frames verbatim: `ingest` each line into a fresh store to replay the session.
import type { ConnectionSnapshot, ErrorEntry, FrameRecord, WireStore } from 'wirestore';

export type Direction = 'in' | 'out' | 'conn' | 'error';
export type Row = {
  n: number;
  at: number;
  dir: Direction;
  /** `action_type`, or what stands for it (`batch`, `not JSON`, `error:protocol`...). */
  action: string;
  messageId?: string;
  ref?: string;
  id?: string;
  seq?: number;
  /** A one-line summary of the payload. */
  detail: string;
  /** The frame as sent over the wire (in/out rows). */
  text?: string;
  /** Highlighted: unparsable frames, error frames, error acks, store error entries. */
  bad: boolean;
};

const READ_EVERY_MS = 150;
const BAD_ACTIONS = new Set(['session.error', 'message.error', 'resume.failed']);

function describe(text: string): Pick<Row, 'action' | 'messageId' | 'ref' | 'id' | 'seq' | 'detail' | 'bad'> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { action: 'not JSON', detail: text.slice(0, 160), bad: true };
  }
  const envelopes = Array.isArray(value) ? value : [value];
  const first = envelopes[0] as Record<string, unknown> | undefined;
  if (!first || typeof first !== 'object' || typeof first.action_type !== 'string') {
    return { action: 'no action_type', detail: text.slice(0, 160), bad: true };
  }
  const payload = first.payload as Record<string, unknown> | undefined;
  const bad =
    envelopes.some((e) => BAD_ACTIONS.has((e as Record<string, unknown>)?.action_type as string)) ||
    (first.action_type === 'ack' && payload?.status === 'error');
  const detail = payload === undefined ? '' : JSON.stringify(payload);
  return {
    action: envelopes.length > 1 ? `batch ×${envelopes.length}: ${first.action_type}` : first.action_type,
    messageId: typeof first.messageId === 'string' ? first.messageId : undefined,
    ref: typeof first.ref === 'string' ? first.ref : undefined,
    id: typeof first.id === 'string' ? first.id : undefined,
    seq: typeof first.seq === 'number' ? first.seq : undefined,
    detail: detail.length > 200 ? `${detail.slice(0, 200)}…` : detail,
    bad,
  };
}

function oneLine(text: string): string {
  if (!text.includes('\n')) return text;
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text.replace(/\r?\n/g, ' ');
  }
}

export interface Recorder {
  /** Bumped after each change (at most once per animation frame): a snapshot for React. */
  version(): number;
  /** The newest `limit` rows that pass `keep`, newest first. */
  latest(limit: number, keep: (row: Row) => boolean): Row[];
  counts(): { in: number; out: number; bad: number; missed: number };
  /** The incoming frames, one per line, verbatim: replayable with `ingest`. */
  jsonl(): string;
  clear(): void;
  subscribe(listener: () => void): () => void;
}

/** `ring` must equal the store's `limits.recordFrames`. */
export function createRecorder(store: WireStore, ring: number, keep = 50_000): Recorder {
  let rows: Row[] = [];
  let version = 0;
  let n = 0;
  const counts = { in: 0, out: 0, bad: 0, missed: 0 };
  const listeners = new Set<() => void>();
  let scheduled = false;

  function changed() {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      version++;
      for (const listener of Array.from(listeners)) listener();
    });
  }

  function push(row: Omit<Row, 'n'>) {
    rows.push({ ...row, n: ++n });
    if (rows.length > keep) rows = rows.slice(-keep);
    if (row.dir === 'in') counts.in++;
    if (row.dir === 'out') counts.out++;
    if (row.bad) counts.bad++;
    changed();
  }

  // Frames: the key is a ring of the last `ring` frames; append the ones after the last seen.
  let seen = 0; // frames seen while the ring was filling
  let last: FrameRecord | null = null;
  // Reading the key copies the whole ring out of wasm, so read it a few times a second rather
  // than after every flush; the ring is sized to hold what arrives in between (and a resume's
  // replay burst).
  // Error entries and connection changes wait for that read too, and are merged in by time, so
  // a bad frame's row comes before the store's verdict on it.
  let timer: ReturnType<typeof setTimeout> | undefined;
  let meta: Array<Omit<Row, 'n'>> = [];
  function schedule() {
    timer ??= setTimeout(() => {
      timer = undefined;
      readFrames();
    }, READ_EVERY_MS);
  }
  store.subscribe('frames', schedule);
  function readFrames() {
    const fresh: Array<Omit<Row, 'n'>> = [];
    const frames = (store.getSnapshot('frames') as FrameRecord[] | undefined) ?? [];
    let start: number;
    if (frames.length < ring) {
      start = Math.min(seen, frames.length);
    } else {
      start = -1;
      for (let i = frames.length - 1; i >= 0 && last; i--) {
        const f = frames[i]!;
        if (f.at === last.at && f.dir === last.dir && f.text === last.text) {
          start = i + 1;
          break;
        }
      }
      if (start < 0) {
        // More than a whole ring arrived between two reads: some frames were not seen.
        counts.missed++;
        fresh.push({ at: frames[0]?.at ?? Date.now(), dir: 'conn', action: 'frames not captured', detail: `more than ${ring} frames arrived at once; raise limits.recordFrames`, bad: true });
        start = 0;
      }
    }
    seen = frames.length;
    for (const frame of frames.slice(start)) {
      fresh.push({ at: frame.at, dir: frame.dir, text: frame.text, ...describe(frame.text) });
    }
    if (frames.length) last = frames[frames.length - 1]!;
    // A stable sort: frames keep their order, and come before meta rows of the same time.
    const merged = fresh.concat(meta).sort((a, b) => a.at - b.at);
    meta = [];
    for (const row of merged) push(row);
  }

  // Errors: the store's verdict on bad input. `errors` is a bounded ring, so count new entries
  // with the `stats.errors` counter.
  let errorsSeen = 0;
  store.subscribe('errors', () => {
    const entries = (store.getSnapshot('errors') as ErrorEntry[] | undefined) ?? [];
    const total = store.getSnapshot('stats')?.errors ?? entries.length;
    const fresh = Math.min(Math.max(total - errorsSeen, 0), entries.length);
    errorsSeen = Math.max(total, errorsSeen);
    for (const entry of entries.slice(entries.length - fresh)) {
      meta.push({
        at: Date.now(),
        dir: 'error',
        action: `error:${entry.kind}`,
        seq: entry.seq ?? undefined,
        detail: entry.actionType ? `${entry.message} (${entry.actionType})` : entry.message,
        bad: true,
      });
    }
    schedule();
  });

  // The connection: status and attempt changes.
  let conn: ConnectionSnapshot | undefined;
  store.subscribe('connection', () => {
    const next = store.getSnapshot('connection') as ConnectionSnapshot | undefined;
    if (!next) return;
    if (next.status !== conn?.status || next.attempt !== conn?.attempt) {
      const parts = [`attempt ${next.attempt}`];
      if (next.sessionId) parts.push(`session ${next.sessionId}`);
      if (next.lastError) parts.push(next.lastError);
      meta.push({ at: Date.now(), dir: 'conn', action: next.status, detail: parts.join(' · '), bad: next.status === 'failed' });
      schedule();
    }
    conn = next;
  });

  return {
    version: () => version,
    latest(limit, pass) {
      const out: Row[] = [];
      for (let i = rows.length - 1; i >= 0 && out.length < limit; i--) if (pass(rows[i]!)) out.push(rows[i]!);
      return out;
    },
    counts: () => ({ ...counts }),
    jsonl: () =>
      rows
        .filter((r) => r.dir === 'in' && r.text !== undefined)
        // One frame per line: re-encode the rare frame whose text has a newline.
        .map((r) => oneLine(r.text!))
        .join('\n') + '\n',
    clear() {
      rows = [];
      counts.in = counts.out = counts.bad = counts.missed = 0;
      changed();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
