"use client";
// The whole wirestore example: one store, a provider, and components that each read one key,
// so a streamed token re-renders only the text it changes. Open with `?ws=ws://host:port/ws`.
// Rendered on the server too: creating the store there loads nothing (no wasm, no socket).
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

const DEFAULT_URL = 'ws://127.0.0.1:8787/ws';
const TOKEN = 'user-e2e';

function storeOptions() {
  if (typeof window === 'undefined') return {}; // server render: the store stays idle
  const params = new URLSearchParams(window.location.search);
  return { url: params.get('ws') ?? DEFAULT_URL, token: params.get('token') ?? TOKEN };
}

export function Chat() {
  // One store per page, created once (it survives re-renders and StrictMode's double mount).
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
        <h1>wirestore + Next.js</h1>
        <Status />
        <Composer />
        <Messages />
      </main>
    </WireStoreProvider>
  );
}

function Status() {
  const { status, attempt } = useConnection();
  return (
    <p>
      connection: <b data-testid="connection">{status}</b>
      {attempt > 0 ? ` (attempt ${attempt})` : null}
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
      <input aria-label="prompt" value={text} onChange={(e) => setText(e.target.value)} />
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
      <b>{role ?? '…'}</b> <small>{status}</small>
      <Content id={id} />
      <Sources id={id} />
      <FollowUps id={id} />
    </li>
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
