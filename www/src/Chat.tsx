import { useLayoutEffect, useRef, useSyncExternalStore, useState, type FormEvent } from 'react';
import type { Elicitation, WireStore } from 'wirestore';
import { useAck, useMessageIds, useSlice, useWireStore, useWsStore } from 'wirestore/react';
import { user } from './config';
import { outbox, send, sendChat, stopReply } from './wire';
import { Renders, useRenderCount } from './ui';

const LIVE = new Set(['pending', 'streaming']);
const FAILED = new Set(['error', 'timeout', 'dropped']);

/** The conversation: message ids from the store, then what this page sent and the server has not echoed yet. */
export function ChatLog() {
  const ids = useMessageIds();
  const mine = useSyncExternalStore(outbox.subscribe, outbox.get);
  const known = new Set(ids);
  const waiting = mine.filter((o) => !known.has(o.messageId));
  const renders = useRenderCount();
  const scroller = useRef<HTMLDivElement>(null);
  const inner = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const [compact, setCompact] = useState(false);

  // Keep the newest text in view while the user is at the bottom.
  useLayoutEffect(() => {
    const box = scroller.current;
    const content = inner.current;
    if (!box || !content) return;
    // Follow the stream until the reader scrolls up; follow again once they are back at the end.
    let lastTop = box.scrollTop;
    const onScroll = () => {
      if (box.scrollHeight - box.scrollTop - box.clientHeight < 80) pinned.current = true;
      else if (box.scrollTop < lastTop) pinned.current = false;
      lastTop = box.scrollTop;
    };
    const observer = new ResizeObserver(() => {
      if (pinned.current) box.scrollTop = box.scrollHeight;
    });
    observer.observe(content);
    box.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      observer.disconnect();
      box.removeEventListener('scroll', onScroll);
    };
  }, []);

  return (
    <>
      <div className="chat-head">
        <strong>Conversation</strong>
        <span className="muted small">
          {ids.length} message{ids.length === 1 ? '' : 's'}
        </span>
        <Renders count={renders} />
        <label className="toggle" title="Hide sources, reasoning, tools and activity: see parallel replies side by side">
          <input type="checkbox" checked={compact} data-testid="compact" onChange={(e) => setCompact(e.target.checked)} /> compact
        </label>
      </div>
      <div className={`chat-log${compact ? ' compact' : ''}`} ref={scroller} data-testid="chat-log">
        <div className="chat-inner" ref={inner}>
          {ids.length === 0 && waiting.length === 0 && <Welcome />}
          {ids.map((id) => (
            <MessageItem key={id} id={id} />
          ))}
          {waiting.map((o) => (
            <UserBubble key={o.messageId} id={o.messageId} content={o.content} ackId={o.ackId} />
          ))}
        </div>
      </div>
    </>
  );
}

function Welcome() {
  return (
    <div className="welcome">
      <h1>A live view of a WebSocket stream</h1>
      <p>
        Every box below subscribes to one key of the store (<code>messages/&lt;id&gt;/content</code>,{' '}
        <code>…/sources</code>, <code>…/status</code>) and re-renders only when that key changes: watch the{' '}
        <span className="renders">n×</span> badges while a reply streams.
      </p>
      <p className="muted">Try a prompt below, or one of the suggestions.</p>
    </div>
  );
}

function MessageItem({ id }: { id: string }) {
  const store = useWireStore<WireStore>();
  // The role is set once by message.start; read it without subscribing to the whole message.
  const role = store.getSnapshot(`messages/${id}`)?.role;
  if (role === 'user') {
    const sent = outbox.find(id);
    return <UserBubble id={id} ackId={sent?.ackId} echoed />;
  }
  return <AssistantMessage id={id} />;
}

const ACK_LABEL: Record<string, string> = {
  pending: 'sending…',
  received: 'received',
  delivered: 'sent',
  error: 'not sent',
  timeout: 'no ack',
  dropped: 'not sent',
};

function UserBubble(props: { id: string; ackId?: string; content?: string; echoed?: boolean }) {
  const echoedText = useSlice(props.echoed ? props.id : null, 'content');
  const ack = useAck(props.ackId);
  const renders = useRenderCount();
  const text = echoedText ?? props.content ?? '';
  const status = ack?.status ?? (props.echoed ? 'delivered' : 'pending');
  return (
    <div className={`msg user${FAILED.has(status) ? ' failed' : ''}`} data-testid="user-message" data-id={props.id}>
      <div className="bubble">{text}</div>
      <div className={`ack ack-${status}`} data-testid="ack" data-ack={status}>
        {status === 'delivered' && <span aria-hidden>✓ </span>}
        {ACK_LABEL[status] ?? status}
        {ack?.error && <span className="ack-error"> — {ack.error}</span>}
        <Renders count={renders} />
      </div>
    </div>
  );
}

function AssistantMessage({ id }: { id: string }) {
  return (
    <article className="msg assistant" data-testid="assistant-message" data-id={id}>
      <div className="avatar" aria-hidden>
        W
      </div>
      <div className="body">
        <MessageHeader id={id} />
        <Sources id={id} />
        <Reasoning id={id} />
        <Tools id={id} />
        <ElicitationForm id={id} />
        <Content id={id} />
        <ErrorBox id={id} />
        <FollowUps id={id} />
        <Logs id={id} />
      </div>
    </article>
  );
}

function MessageHeader({ id }: { id: string }) {
  const status = useSlice(id, 'status') ?? 'pending';
  const renders = useRenderCount();
  const [stopping, setStopping] = useState(false);
  return (
    <div className="msg-head">
      <span className="msg-id">{id}</span>
      <span className={`status status-${status}`} data-testid="status" data-status={status}>
        {status}
      </span>
      <Renders count={renders} />
      {LIVE.has(status) && (
        <button
          className="btn small danger"
          data-testid="stop"
          disabled={stopping}
          onClick={() => {
            setStopping(true);
            stopReply(id);
          }}
        >
          ■ Stop
        </button>
      )}
    </div>
  );
}

function Sources({ id }: { id: string }) {
  const sources = useSlice(id, 'sources');
  const renders = useRenderCount();
  if (!sources || sources.length === 0) return null;
  return (
    <div className="sources" data-testid="sources">
      {sources.map((s, i) => {
        let host = '';
        try {
          host = s.url ? new URL(s.url).host : '';
        } catch {
          host = s.url ?? '';
        }
        return (
          <a className="source" key={s.id ?? s.url ?? i} href={s.url ?? undefined} target="_blank" rel="noreferrer" data-testid="source">
            <span className="source-n">{i + 1}</span>
            <span className="source-title">{s.title ?? s.url ?? 'source'}</span>
            <span className="source-host">{host}</span>
          </a>
        );
      })}
      <Renders count={renders} />
    </div>
  );
}

function Reasoning({ id }: { id: string }) {
  const text = useSlice(id, 'reasoning');
  const renders = useRenderCount();
  if (!text) return null;
  return (
    <details className="reasoning" data-testid="reasoning">
      <summary>
        Reasoning <Renders count={renders} />
      </summary>
      <p>{text}</p>
    </details>
  );
}

function Tools({ id }: { id: string }) {
  const tools = useSlice(id, 'tools');
  const renders = useRenderCount();
  if (!tools || tools.length === 0) return null;
  return (
    <div className="tools">
      {tools.map((t) => (
        <div className={`tool tool-${t.status}`} key={t.toolCallId} data-testid="tool" data-status={t.status}>
          <div className="tool-head">
            <span className="tool-icon" aria-hidden>
              ⚙
            </span>
            <code>{t.name ?? 'tool'}</code>
            <span className={`status status-${t.status === 'running' ? 'streaming' : t.status}`}>{t.status}</span>
            <Renders count={renders} />
          </div>
          <div className="tool-io">
            <span className="label">args</span>
            <code data-testid="tool-args">{t.argsText || '…'}</code>
            {t.status !== 'running' && (
              <>
                <span className="label">{t.error != null ? 'error' : 'result'}</span>
                <code data-testid="tool-result">{JSON.stringify(t.error ?? t.result)}</code>
              </>
            )}
          </div>
        </div>
      ))}
    </div>
  );
}

function Content({ id }: { id: string }) {
  const text = useSlice(id, 'content') ?? '';
  const status = useSlice(id, 'status');
  const renders = useRenderCount();
  const live = status != null && LIVE.has(status);
  if (!text && !live) return null;
  return (
    <div className="content" data-testid="content" data-length={text.length}>
      <span data-testid="content-text">{text}</span>
      {live && <span className="caret" aria-hidden />}
      <Renders count={renders} />
    </div>
  );
}

function ErrorBox({ id }: { id: string }) {
  const error = useSlice(id, 'error');
  const renders = useRenderCount();
  if (!error) return null;
  return (
    <div className="error-box" role="alert" data-testid="message-error">
      <strong>{error.code ?? 'error'}</strong> {error.message} <Renders count={renders} />
    </div>
  );
}

function FollowUps({ id }: { id: string }) {
  const questions = useSlice(id, 'followUpQuestions');
  const renders = useRenderCount();
  if (!questions || questions.length === 0) return null;
  return (
    <div className="followups" data-testid="followups">
      {questions.map((q) => (
        <button key={q} className="chip" data-testid="followup" onClick={() => sendChat(q)}>
          {q}
        </button>
      ))}
      <Renders count={renders} />
    </div>
  );
}

function Logs({ id }: { id: string }) {
  const logs = useSlice(id, 'logs');
  const renders = useRenderCount();
  if (!logs || logs.length === 0) return null;
  return (
    <details className="logs">
      <summary>
        Activity · {logs.length} <Renders count={renders} />
      </summary>
      <ul>
        {logs.map((l, i) => (
          <li key={i} className={`log log-${l.level ?? 'info'}`}>
            <span className="label">{l.level ?? 'info'}</span> {l.text}
          </li>
        ))}
      </ul>
    </details>
  );
}

type Field = { name: string; title: string; type: string; required: boolean; min?: number; max?: number };

function fieldsOf(e: Elicitation): { title: string; fields: Field[] } {
  const schema = (e.schema ?? {}) as {
    title?: string;
    required?: string[];
    properties?: Record<string, { type?: string; title?: string; minimum?: number; maximum?: number }>;
  };
  const required = new Set(schema.required ?? []);
  const fields = Object.entries(schema.properties ?? {}).map(([name, p]) => ({
    name,
    title: p.title ?? name,
    type: p.type ?? 'string',
    required: required.has(name),
    min: p.minimum,
    max: p.maximum,
  }));
  return { title: schema.title ?? 'The server asks for input', fields };
}

function ElicitationForm({ id }: { id: string }) {
  const elicitation = useSlice(id, 'elicitation');
  const renders = useRenderCount();
  const [sentFor, setSentFor] = useState<string | null>(null);
  const ack = useAck(sentFor);
  if (!elicitation) return null;
  const { title, fields } = fieldsOf(elicitation);
  const submitted = sentFor !== null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const values: Record<string, unknown> = {};
    for (const f of fields) {
      const raw = String(data.get(f.name) ?? '');
      if (raw === '' && !f.required) continue;
      values[f.name] = f.type === 'integer' || f.type === 'number' ? Number(raw) : f.type === 'boolean' ? raw === 'on' : raw;
    }
    setSentFor(send('elicitation.submit', { elicitationId: elicitation!.elicitationId, values }));
  }

  return (
    <form className="elicitation" data-testid="elicitation" onSubmit={submit}>
      <div className="elicitation-head">
        <strong>{title}</strong>
        <span className="muted">the server paused this reply for your input</span>
        <Renders count={renders} />
      </div>
      <div className="fields">
        {fields.map((f) => (
          <label key={f.name}>
            <span>
              {f.title}
              {f.required && ' *'}
            </span>
            {f.type === 'boolean' ? (
              <input type="checkbox" name={f.name} disabled={submitted} />
            ) : (
              <input
                name={f.name}
                type={f.type === 'integer' || f.type === 'number' ? 'number' : 'text'}
                required={f.required}
                min={f.min}
                max={f.max}
                step={f.type === 'integer' ? 1 : undefined}
                disabled={submitted}
                data-testid={`field-${f.name}`}
              />
            )}
          </label>
        ))}
      </div>
      <div className="row">
        <button className="btn primary" type="submit" disabled={submitted} data-testid="elicitation-submit">
          {submitted ? (ack?.status === 'delivered' || ack?.status === 'received' ? 'Submitted' : 'Submitting…') : 'Submit'}
        </button>
        {ack?.status === 'error' && <span className="ack-error">{ack.error}</span>}
      </div>
    </form>
  );
}

/** Who else is typing in this conversation (the `typing` key). */
export function TypingIndicator() {
  const typing = useWsStore('typing') ?? [];
  const renders = useRenderCount();
  const others = typing.filter((t) => t.userId !== user);
  return (
    <div className="typing" data-testid="typing" data-count={others.length} aria-live="polite">
      {others.length > 0 && (
        <>
          <span className="dots" aria-hidden>
            <i />
            <i />
            <i />
          </span>
          {others.map((t) => t.userId).join(', ')} {others.length === 1 ? 'is' : 'are'} typing
          <Renders count={renders} />
        </>
      )}
    </div>
  );
}
