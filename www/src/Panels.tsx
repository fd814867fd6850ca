import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { createWireStore, type Message, type WireStore } from 'wirestore';
import { useConnection, useWireStore, useWsStore } from 'wirestore/react';
import { conversation, user } from './config';
import type { Direction } from './recorder';
import { control, noteTyping, recorder, replyTransport, sendChat, stopTyping, type Transport } from './wire';
import { Panel, Renders, useRenderCount } from './ui';

const SUGGESTIONS = [
  { label: 'Quick answer', prompt: 'How does wirestore keep React fast?' },
  { label: 'Long reply', prompt: 'Write a long answer about resumable streams' },
  { label: 'Ask me a form', prompt: 'Book a table for dinner /form' },
  { label: 'Failing reply', prompt: 'Trigger a model failure /error' },
];

export function Composer() {
  const [text, setText] = useState('');
  const submit = (value: string) => {
    const content = value.trim();
    if (!content) return;
    sendChat(content);
    setText('');
  };
  const transport = useSyncExternalStore(replyTransport.subscribe, replyTransport.get);
  const choose = (t: Transport, label: string, title: string) => (
    <button
      type="button"
      className={`chip${transport === t ? ' active' : ' ghost'}`}
      data-testid={`transport-${t}`}
      aria-pressed={transport === t}
      title={title}
      onClick={() => replyTransport.set(t)}
    >
      {label}
    </button>
  );
  return (
    <div className="composer">
      <div className="transport" role="group" aria-label="Replies over">
        <span className="muted small">replies over</span>
        {choose('socket', 'WebSocket', 'chat.message over the socket; the reply streams back on it')}
        {choose('sse', 'SSE', 'POST /chat/stream; the reply streams back as Server-Sent Events, read by store.stream')}
      </div>
      <div className="suggestions">
        {SUGGESTIONS.map((s) => (
          <button key={s.label} className="chip ghost" onClick={() => submit(s.prompt)} title={s.prompt}>
            {s.label}
          </button>
        ))}
      </div>
      <form
        className="composer-row"
        onSubmit={(e) => {
          e.preventDefault();
          submit(text);
        }}
      >
        <textarea
          data-testid="composer"
          value={text}
          rows={1}
          placeholder="Ask something…"
          onChange={(e) => {
            setText(e.target.value);
            if (e.target.value) noteTyping();
            else stopTyping();
          }}
          onBlur={stopTyping}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              submit(text);
            }
          }}
        />
        <button className="btn primary" type="submit" data-testid="send" disabled={!text.trim()}>
          Send
        </button>
      </form>
    </div>
  );
}

/** Re-renders the caller every `everyMs` while `active` (for a countdown). */
function useTicker(active: boolean, everyMs = 100): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setTick((n) => n + 1), everyMs);
    return () => clearInterval(timer);
  }, [active, everyMs]);
}

export function ConnectionPanel() {
  const store = useWireStore<WireStore>();
  const c = useConnection();
  const renders = useRenderCount();
  useTicker(c.nextRetryAt != null);
  const [offline, setOffline] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  // Count drops the page lived through (the store's `attempt` resets once it is open again).
  const [reconnects, setReconnects] = useState(0);
  const lastStatus = useRef(c.status);
  useEffect(() => {
    if (c.status === 'reconnecting' && lastStatus.current !== 'reconnecting') setReconnects((n) => n + 1);
    lastStatus.current = c.status;
  }, [c.status]);

  const act = (label: string, body: Record<string, unknown>) =>
    control(body).then(
      () => setNote(label),
      (e: unknown) => setNote(`${label} failed: ${e instanceof Error ? e.message : String(e)}`),
    );

  const retryIn = c.nextRetryAt != null ? Math.max(0, c.nextRetryAt - Date.now()) : null;
  return (
    <Panel title="Connection" aside={<Renders count={renders} />} id="connection">
      <div className="conn-status" data-testid="connection" data-status={c.status} data-attempt={c.attempt} data-reconnects={reconnects}>
        <span className={`dot dot-${c.status}`} />
        <strong>{c.status}</strong>
        {retryIn != null && (
          <span className="countdown" data-testid="countdown">
            retry in {(retryIn / 1000).toFixed(1)} s
          </span>
        )}
      </div>
      <dl className="facts">
        <dt>attempt</dt>
        <dd data-testid="attempt">{c.attempt}</dd>
        <dt>drops survived</dt>
        <dd data-testid="reconnects">{reconnects}</dd>
        <dt>session</dt>
        <dd className="mono" data-testid="session">
          {c.sessionId ?? '—'}
        </dd>
        <dt>queued</dt>
        <dd>{c.outbox}</dd>
        <dt>last error</dt>
        <dd className={c.lastError ? 'bad' : ''} data-testid="last-error">
          {c.lastError ?? '—'}
        </dd>
      </dl>
      <div className="conn-actions">
        <button
          className="btn wide"
          data-testid="drop"
          disabled={c.status !== 'open'}
          onClick={() => act('Server dropped the connection', c.sessionId ? { drop: true, sessionId: c.sessionId } : { drop: true })}
          title="POST /control {drop: true, sessionId}: the server cuts the socket without a close frame"
        >
          Drop connection (server side)
        </button>
        <button
          className="btn"
          data-testid="drop-after"
          disabled={c.status !== 'open'}
          onClick={() => act('Server will drop after 40 more frames', { dropAfter: 40 })}
          title="POST /control {dropAfter: 40}: the next 40 frames get through, then the socket dies"
        >
          Drop in 40 frames
        </button>
        <button
          className={`btn ${offline ? 'primary' : ''}`}
          data-testid="offline"
          aria-pressed={offline}
          onClick={() => {
            if (offline) store.connect();
            else store.close();
            setOffline(!offline);
          }}
          title="close() the store, keep streaming on the server, connect() again: the store resumes its session"
        >
          {offline ? 'Go online (resume)' : 'Go offline'}
        </button>
        <button
          className="btn wide"
          data-testid="malformed"
          onClick={() => act('Server sent 4 malformed frames: see the event inspector', { malformed: 4 })}
          title="POST /control {malformed: 4}: invalid JSON, no action_type, a wrong-typed field, an unknown action"
        >
          Send 4 malformed frames
        </button>
      </div>
      {note && <p className="note">{note}</p>}
    </Panel>
  );
}

export function BurstPanel() {
  const [n, setN] = useState(3);
  return (
    <Panel title="Parallel replies" id="burst">
      <p className="muted small">One message, N assistant replies streaming at once into one store.</p>
      <div className="row">
        <label className="stepper">
          <span>N</span>
          <input type="number" min={1} max={8} value={n} data-testid="burst-n" onChange={(e) => setN(Math.min(8, Math.max(1, Number(e.target.value) || 1)))} />
        </label>
        <button className="btn primary" data-testid="burst" onClick={() => sendChat(`Compare ${n} ways to stream state`, n)}>
          Burst {n} replies
        </button>
      </div>
    </Panel>
  );
}

export function StatsPanel() {
  const stats = useWsStore('stats');
  const cells: Array<[string, number | undefined]> = [
    ['frames', stats?.frames],
    ['applied', stats?.applied],
    ['dupes', stats?.duplicates],
    ['held', stats?.held],
    ['errors', stats?.errors],
  ];
  return (
    <div className="stats" data-testid="stats">
      {cells.map(([label, value]) => (
        <div key={label} className={label === 'errors' && value ? 'stat bad' : 'stat'}>
          <strong>{value ?? 0}</strong>
          <span>{label}</span>
        </div>
      ))}
    </div>
  );
}

type Filter = 'all' | 'bad' | Direction;

const DIR_LABEL: Record<Direction, string> = { in: '↓ in', out: '↑ out', conn: '◇ conn', error: '✕ store' };

/** Replays JSONL into a fresh store without a socket and compares it with the live store. */
export async function replay(jsonl: string, live?: WireStore) {
  const fresh = createWireStore({ notify: 'sync' });
  await fresh.ready;
  const lines = jsonl.split('\n').filter((l) => l.trim());
  for (const line of lines) fresh.ingest(line);
  fresh.flush();
  const ids = (fresh.getSnapshot('messages') as string[] | undefined) ?? [];
  let same = 0;
  for (const id of ids) {
    const a = fresh.getSnapshot(`messages/${id}`) as Message | undefined;
    const b = live?.getSnapshot(`messages/${id}`) as Message | undefined;
    if (a && b && a.content === b.content && a.status === b.status && JSON.stringify(a.sources) === JSON.stringify(b.sources) && JSON.stringify(a.tools) === JSON.stringify(b.tools)) same++;
  }
  const errors = fresh.getSnapshot('stats')?.errors ?? 0;
  fresh.destroy();
  return { frames: lines.length, messages: ids.length, same, errors };
}

export function Inspector() {
  const store = useWireStore<WireStore>();
  const version = useSyncExternalStore(recorder.subscribe, recorder.version);
  const [hideDeltas, setHideDeltas] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const renders = useRenderCount();
  const counts = recorder.counts();
  const [only, setOnly] = useState<Filter>('all');
  const shown = useMemo(
    () =>
      recorder.latest(
        80,
        (r) => (only === 'all' || (only === 'bad' ? r.bad : r.dir === only)) && !(hideDeltas && r.action.endsWith('.delta')),
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `version` stands for the recorder's rows
    [version, only, hideDeltas],
  );

  function exportJsonl() {
    const blob = new Blob([recorder.jsonl()], { type: 'application/x-ndjson' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `wirestore-${conversation}-${user}-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }

  async function check(text: string, compare: boolean) {
    setResult('replaying…');
    const r = await replay(text, compare ? store : undefined);
    setResult(
      compare
        ? `Replayed ${r.frames} frames → ${r.messages} messages; ${r.same}/${r.messages} identical to the live store${r.errors ? `; ${r.errors} errors` : ''}`
        : `Replayed ${r.frames} frames → ${r.messages} messages${r.errors ? `; ${r.errors} errors` : ''}`,
    );
  }

  return (
    <Panel
      title="Event inspector"
      className="inspector"
      id="inspector"
      aside={
        <span className="counts">
          <span>↓ {counts.in}</span>
          <span>↑ {counts.out}</span>
          <span className={counts.bad ? 'bad' : ''} data-testid="error-count">
            ✕ {counts.bad}
          </span>
          <Renders count={renders} />
        </span>
      }
    >
      <StatsPanel />
      <div className="row wrap tools-row">
        <select className="select" value={only} data-testid="event-filter" onChange={(e) => setOnly(e.target.value as Filter)} aria-label="Show">
          <option value="all">all events</option>
          <option value="in">frames in</option>
          <option value="out">frames out</option>
          <option value="bad">problems only</option>
          <option value="error">store errors</option>
          <option value="conn">connection</option>
        </select>
        <label className="toggle">
          <input type="checkbox" checked={hideDeltas} onChange={(e) => setHideDeltas(e.target.checked)} /> hide deltas
        </label>
        <span className="spacer" />
        <button className="btn small" onClick={() => recorder.clear()}>
          Clear
        </button>
      </div>
      <div className="row wrap tools-row">
        <button className="btn small" data-testid="export" onClick={exportJsonl}>
          Export JSONL
        </button>
        <button className="btn small" data-testid="replay-check" onClick={() => void check(recorder.jsonl(), true)}>
          Replay check
        </button>
        <label className="btn small file">
          Replay file…
          <input
            type="file"
            accept=".jsonl,.ndjson,application/x-ndjson"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void file.text().then((t) => check(t, false));
              e.target.value = '';
            }}
          />
        </label>
      </div>
      {result && (
        <p className="note" data-testid="replay-result">
          {result}
        </p>
      )}
      <ol className="events" data-testid="events">
        {shown.map((r) => (
          <li key={r.n} className={`ev ev-${r.dir}${r.bad ? ' ev-bad' : ''}`} data-dir={r.dir} data-action={r.action} title={r.text}>
            <span className="ev-dir">{DIR_LABEL[r.dir]}</span>
            {r.seq != null && <span className="ev-seq">#{r.seq}</span>}
            <span className="ev-action">{r.action}</span>
            {r.messageId && <span className="ev-id">{r.messageId}</span>}
            {r.ref && <span className="ev-id">ref {r.ref}</span>}
            <span className="ev-payload">{r.detail}</span>
          </li>
        ))}
      </ol>
      <p className="muted small footnote">
        Frames in and out as they went over the wire (the store's <code>frames</code> key, <code>limits.recordFrames</code>), with
        the store's error entries and connection changes. Export JSONL writes the incoming frames; replaying them into a fresh store
        rebuilds the same messages.
      </p>
    </Panel>
  );
}
