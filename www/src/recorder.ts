// The event inspector's recorder.
//
// wirestore does not expose the raw WebSocket frames (and this page does not wrap
// `WebSocket`), so the recorder listens to what the package does expose, the keys, and
// reconstructs protocol frames from each change: a message that grew by "abc" becomes
// `content.delta {text: "abc"}`, a finished one `message.done`, and so on. One flush can
// carry several frames, so a reconstructed frame may merge a few real ones. Replaying the
// reconstructed frames into a fresh store (`ingest`) rebuilds the same messages: the
// exported JSONL is a faithful, replayable record. Outgoing frames are recorded exactly,
// as this page sends them.
import type { ConnectionSnapshot, ErrorEntry, Message, StoreStats, TypingEntry, WireStore } from 'wirestore';

export type Direction = 'in' | 'out' | 'conn' | 'error';
export type Frame = { action_type: string; messageId?: string; ref?: string; id?: string; payload?: unknown };
export type Record_ = {
  n: number;
  at: number;
  dir: Direction;
  frame: Frame;
  /** Part of the JSONL export (a frame the store can ingest). */
  replayable: boolean;
  /** Highlighted: error entries, error acks, failed messages. */
  bad: boolean;
};

const TERMINAL = new Set(['done', 'error', 'cancelled', 'stale']);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const isPrefix = <T>(short: T[], long: T[]) =>
  short.length <= long.length && same(short, long.slice(0, short.length));

const EMPTY: Message = {
  id: '',
  role: null,
  status: 'streaming',
  content: '',
  reasoning: '',
  sources: [],
  followUpQuestions: [],
  citations: [],
  logs: [],
  tools: [],
  elicitation: null,
  error: null,
  meta: null,
  custom: {},
};

/** The frames that turn message `prev` (absent: not yet seen) into `next`. */
export function framesBetween(prev: Message | undefined, next: Message): Frame[] {
  const messageId = next.id;
  const out: Frame[] = [];
  const f = (action_type: string, payload: unknown) => out.push({ action_type, messageId, payload });
  const snapshot = (): Frame[] => [{ action_type: 'message.snapshot', messageId, payload: next }];
  let p = prev ?? EMPTY;
  if (!prev || (TERMINAL.has(prev.status) && !TERMINAL.has(next.status))) {
    // New, or reopened for regeneration: slices start empty.
    const start: Record<string, unknown> = {};
    if (next.role != null) start.role = next.role;
    if (next.meta != null) start.meta = next.meta;
    f('message.start', start);
    p = EMPTY;
  }
  if (!same(p.sources, next.sources)) {
    if (p.sources.length > 0 && isPrefix(p.sources, next.sources)) {
      f('sources.add', { sources: next.sources.slice(p.sources.length) });
    } else f('sources.set', { sources: next.sources });
  }
  if (!same(p.elicitation, next.elicitation)) {
    if (next.elicitation) f('elicitation.start', next.elicitation);
    else if (p.elicitation) f('elicitation.end', { elicitationId: p.elicitation.elicitationId });
  }
  if (p.reasoning !== next.reasoning) {
    if (!next.reasoning.startsWith(p.reasoning)) return snapshot();
    f('reasoning.delta', { text: next.reasoning.slice(p.reasoning.length) });
  }
  if (!same(p.logs, next.logs)) {
    if (!isPrefix(p.logs, next.logs)) return snapshot(); // the ring dropped old lines
    for (const line of next.logs.slice(p.logs.length)) f('logs.append', line);
  }
  if (!same(p.tools, next.tools)) {
    if (next.tools.length < p.tools.length) return snapshot();
    for (const tool of next.tools) {
      const old = p.tools.find((t) => t.toolCallId === tool.toolCallId);
      const { toolCallId } = tool;
      if (!old) f('tool.start', { toolCallId, name: tool.name });
      const had = old?.argsText ?? '';
      if (!tool.argsText.startsWith(had)) return snapshot();
      if (tool.argsText.length > had.length) f('tool.delta', { toolCallId, argsText: tool.argsText.slice(had.length) });
      if (tool.status !== 'running' && (!old || old.status === 'running')) {
        f('tool.end', { toolCallId, result: tool.result, error: tool.error });
      }
    }
  }
  if (!same(p.citations, next.citations)) {
    if (!isPrefix(p.citations, next.citations)) return snapshot();
    f('citations.add', { citations: next.citations.slice(p.citations.length) });
  }
  for (const [slice, value] of Object.entries(next.custom)) {
    if (!same(p.custom[slice], value)) f('state.set', { slice, value });
  }
  if (Object.keys(p.custom).some((slice) => !(slice in next.custom))) return snapshot();
  if (p.content !== next.content) {
    if (p.content && next.content.startsWith(p.content)) {
      f('content.delta', { text: next.content.slice(p.content.length) });
    } else f('content.set', { text: next.content });
  }
  if (!same(p.followUpQuestions, next.followUpQuestions)) {
    f('followUpQuestions.set', { questions: next.followUpQuestions });
  }
  if (p.status !== next.status || (!prev && TERMINAL.has(next.status))) {
    if (next.status === 'done') f('message.done', {});
    else if (next.status === 'cancelled') f('message.cancelled', {});
    else if (next.status === 'error') f('message.error', next.error ?? { message: 'error' });
    else if (next.status === 'stale') return snapshot();
  }
  return out;
}

export interface Recorder {
  /** Records an outgoing frame exactly as sent. */
  out(actionType: string, id: string, payload: unknown, ack: boolean): void;
  /** The newest `limit` records, oldest first; a new array after each change. */
  recent(): readonly Record_[];
  counts(): { in: number; out: number; errors: number };
  /** The replayable incoming frames, one JSON object per line. */
  jsonl(): string;
  clear(): void;
  subscribe(listener: () => void): () => void;
}

export function createRecorder(store: WireStore, keep = 20_000, show = 120): Recorder {
  let records: Record_[] = [];
  let recent: readonly Record_[] = [];
  let n = 0;
  const counts = { in: 0, out: 0, errors: 0 };
  const listeners = new Set<() => void>();
  let scheduled = false;

  function changed() {
    if (scheduled) return;
    scheduled = true;
    // At most one inspector render per animation frame, however many frames arrive.
    requestAnimationFrame(() => {
      scheduled = false;
      recent = records.slice(-show);
      for (const listener of Array.from(listeners)) listener();
    });
  }

  function push(dir: Direction, frame: Frame, replayable: boolean, bad = false) {
    records.push({ n: ++n, at: Date.now(), dir, frame, replayable, bad });
    if (records.length > keep) records = records.slice(-keep);
    if (dir === 'in') counts.in++;
    if (dir === 'out') counts.out++;
    if (bad) counts.errors++;
    changed();
  }

  // Messages: watch each one's whole key and reconstruct the frames between two values.
  const seen = new Map<string, Message>();
  const watched = new Map<string, () => void>();
  function watch(id: string) {
    const key = `messages/${id}`;
    const update = () => {
      const next = store.getSnapshot(key) as Message | undefined;
      if (!next) return;
      const frames = framesBetween(seen.get(id), next);
      seen.set(id, next);
      for (const frame of frames) push('in', frame, true, frame.action_type === 'message.error');
    };
    watched.set(id, store.subscribe(key, update));
    update();
  }
  store.subscribe('messages', () => {
    const ids = (store.getSnapshot('messages') as string[] | undefined) ?? [];
    const live = new Set(ids);
    for (const id of ids) if (!watched.has(id)) watch(id);
    for (const [id, stop] of watched) {
      if (!live.has(id)) {
        stop();
        watched.delete(id);
        seen.delete(id);
      }
    }
  });

  // Typing: entries that appeared / went away.
  let typing: TypingEntry[] = [];
  store.subscribe('typing', () => {
    const next = (store.getSnapshot('typing') as TypingEntry[] | undefined) ?? [];
    const key = (t: TypingEntry) => `${t.userId}\u0000${t.conversationId ?? ''}`;
    const before = new Set(typing.map(key));
    const after = new Set(next.map(key));
    for (const t of next) if (!before.has(key(t))) push('in', { action_type: 'typing.start', payload: t }, true);
    for (const t of typing) if (!after.has(key(t))) push('in', { action_type: 'typing.stop', payload: t }, true);
    typing = next;
  });

  // Errors: the `errors` key is a bounded ring, so count new entries with `stats.errors`.
  let errorsSeen = 0;
  store.subscribe('errors', () => {
    const entries = (store.getSnapshot('errors') as ErrorEntry[] | undefined) ?? [];
    const total = (store.getSnapshot('stats') as StoreStats | undefined)?.errors ?? entries.length;
    const fresh = Math.min(Math.max(total - errorsSeen, 0), entries.length);
    errorsSeen = Math.max(total, errorsSeen);
    for (const entry of entries.slice(entries.length - fresh)) {
      push('error', { action_type: `error:${entry.kind}`, payload: entry }, false, true);
    }
  });

  // The connection: status changes and new sessions (session.ready), not replayable.
  let conn: ConnectionSnapshot | undefined;
  store.subscribe('connection', () => {
    const next = store.getSnapshot('connection') as ConnectionSnapshot | undefined;
    if (!next) return;
    if (next.sessionId && next.sessionId !== conn?.sessionId) {
      push('in', { action_type: 'session.ready', payload: { sessionId: next.sessionId } }, false);
    }
    if (next.status !== conn?.status || next.attempt !== conn?.attempt) {
      const payload: Record<string, unknown> = { status: next.status, attempt: next.attempt };
      if (next.lastError) payload.lastError = next.lastError;
      push('conn', { action_type: 'connection', payload }, false, next.status === 'failed');
    }
    conn = next;
  });

  return {
    out(actionType, id, payload, ack) {
      push('out', { action_type: actionType, id, payload }, false);
      if (!ack) return;
      let last = '';
      const stop = store.subscribe(`acks/${id}`, () => {
        const state = store.getSnapshot(`acks/${id}`);
        if (!state || state.status === last) return;
        last = state.status;
        const payload: Record<string, unknown> = { status: state.status };
        if (state.code) payload.code = state.code;
        if (state.error) payload.error = state.error;
        push('in', { action_type: 'ack', ref: id, payload }, false, state.status === 'error' || state.status === 'timeout');
        if (state.status !== 'pending' && state.status !== 'received') stop();
      });
    },
    recent: () => recent,
    counts: () => ({ ...counts }),
    jsonl: () =>
      records
        .filter((r) => r.replayable)
        .map((r) => JSON.stringify({ v: 1, ...r.frame }))
        .join('\n') + '\n',
    clear() {
      records = [];
      counts.in = counts.out = counts.errors = 0;
      changed();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
