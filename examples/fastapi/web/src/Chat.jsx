// A chat page for the FastAPI example (examples/fastapi/app.py serves it): send, watch the
// reply stream, stop it, fill the form a reply asks for. Each component reads one key, so a
// streamed token re-renders only the text it changes. The socket is the page's own origin
// (`/ws`), or `?ws=ws://host:port/ws`; the token is `?token=` (default `user-fastapi`).
import { useEffect, useState } from 'react';
import { createWireStore } from 'wirestore';
import {
  WireStoreProvider,
  useAck,
  useConnection,
  useMessageIds,
  useSlice,
  useWireStore,
} from 'wirestore/react';

function storeOptions() {
  const params = new URLSearchParams(window.location.search);
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return {
    url: params.get('ws') ?? `${scheme}//${window.location.host}/ws`,
    token: params.get('token') ?? 'user-fastapi',
  };
}

export function Chat() {
  const [store] = useState(() => createWireStore(storeOptions()));
  const [ready, setReady] = useState(false);
  useEffect(() => {
    store.connect();
    setReady(true);
    return () => store.close();
  }, [store]);
  return (
    <WireStoreProvider store={store}>
      <main data-ready={ready ? '1' : undefined}>
        <h1>wirestore + FastAPI</h1>
        <Status />
        <Composer />
        <Messages />
      </main>
    </WireStoreProvider>
  );
}

function Status() {
  const { status, attempt, sessionId } = useConnection();
  return (
    <p>
      connection: <b data-testid="connection">{status}</b>
      {attempt > 0 ? ` (attempt ${attempt})` : null}{' '}
      <small data-testid="session">{sessionId ?? ''}</small>
    </p>
  );
}

function Composer() {
  const store = useWireStore();
  const [text, setText] = useState('Tell me about wirestore');
  const [ackId, setAckId] = useState(null);
  const ack = useAck(ackId);
  const submit = (event) => {
    event.preventDefault();
    setAckId(store.send('chat.message', { content: text }, { ack: true }));
  };
  return (
    <form onSubmit={submit}>
      <input aria-label="prompt" value={text} onChange={(e) => setText(e.target.value)} size={50} />
      <button type="submit">Send</button>
      {ack ? <span data-testid="ack"> {ack.status}</span> : null}
    </form>
  );
}

function Messages() {
  const ids = useMessageIds();
  return (
    <ol>
      {ids.map((id) => (
        <Message key={id} id={id} />
      ))}
    </ol>
  );
}

function Message({ id }) {
  const role = useSlice(id, 'role');
  const status = useSlice(id, 'status');
  return (
    <li data-testid="message" data-id={id} data-role={role ?? ''} data-status={status ?? ''}>
      <b>{role ?? '…'}</b> <small data-testid="status">{status}</small>{' '}
      {role === 'assistant' && status === 'streaming' ? <Stop id={id} /> : null}
      <Form id={id} />
      <Content id={id} />
      <Sources id={id} />
      <FollowUps id={id} />
    </li>
  );
}

function Stop({ id }) {
  const store = useWireStore();
  return (
    <button type="button" data-testid="stop" onClick={() => store.send('signal.stop', { messageId: id })}>
      Stop
    </button>
  );
}

// The form a reply asks for (`elicitation` slice): one text input per string or integer
// property of its JSON Schema; submitting sends `elicitation.submit {elicitationId, values}`.
function Form({ id }) {
  const store = useWireStore();
  const form = useSlice(id, 'elicitation');
  const [values, setValues] = useState({});
  if (!form) return null;
  const properties = form.schema?.properties ?? {};
  const submit = (event) => {
    event.preventDefault();
    const typed = {};
    for (const [name, spec] of Object.entries(properties)) {
      const raw = values[name];
      if (raw === undefined || raw === '') continue;
      typed[name] = spec.type === 'integer' ? Number.parseInt(raw, 10) : raw;
    }
    store.send('elicitation.submit', { elicitationId: form.elicitationId, values: typed }, { ack: true });
  };
  return (
    <form data-testid="elicitation" onSubmit={submit}>
      <b>{form.schema?.title ?? 'The reply asks:'}</b>
      {Object.entries(properties).map(([name, spec]) => (
        <label key={name}>
          {' '}
          {spec.title ?? name}{' '}
          <input
            aria-label={name}
            value={values[name] ?? ''}
            onChange={(e) => setValues({ ...values, [name]: e.target.value })}
          />
        </label>
      ))}{' '}
      <button type="submit">Submit</button>
    </form>
  );
}

function Content({ id }) {
  const content = useSlice(id, 'content') ?? '';
  return <p data-testid="content">{content}</p>;
}

function Sources({ id }) {
  const sources = useSlice(id, 'sources') ?? [];
  if (sources.length === 0) return null;
  return (
    <ul data-testid="sources">
      {sources.map((s, i) => (
        <li key={s.id ?? s.url ?? i}>
          <a href={s.url ?? undefined}>{s.title ?? s.url}</a>
        </li>
      ))}
    </ul>
  );
}

function FollowUps({ id }) {
  const questions = useSlice(id, 'followUpQuestions') ?? [];
  if (questions.length === 0) return null;
  return (
    <ul data-testid="follow-ups">
      {questions.map((q) => (
        <li key={q}>{q}</li>
      ))}
    </ul>
  );
}
