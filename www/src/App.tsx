import { useEffect } from 'react';
import { useConnection } from 'wirestore/react';
import { ChatLog, TypingIndicator } from './Chat';
import { conversation, otherUserLink, user } from './config';
import { BurstPanel, Composer, ConnectionPanel, Inspector } from './Panels';
import { store } from './wire';

function ConnectionPill() {
  const { status, attempt } = useConnection();
  return (
    <span className={`pill pill-${status}`} data-testid="pill">
      <span className={`dot dot-${status}`} />
      {status}
      {status === 'reconnecting' && attempt > 0 ? ` #${attempt}` : ''}
    </span>
  );
}

/** Which part this tab plays in the socket its user's tabs share (leader, follower, alone). */
function TabPill() {
  const { share } = useConnection();
  if (!share) return null;
  const title = {
    leader: 'This tab owns the socket; the other tabs of this user apply what it receives',
    follower: 'This tab opens no socket: it applies what the leading tab receives, and sends through it',
    alone: share.reason ?? 'This tab has its own socket',
  }[share.role];
  return (
    <span className={`pill tab-${share.role}`} data-testid="tab-role" data-role={share.role} title={title}>
      {share.role === 'leader' ? 'leader tab' : share.role === 'follower' ? 'follower tab' : 'own socket'}
    </span>
  );
}

export function App() {
  useEffect(() => {
    // A marker for tests and scripts: React mounted and the wasm core is up.
    void store.ready.then(() => document.body.setAttribute('data-ready', '1'));
  }, []);
  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <span className="logo" aria-hidden>
            W
          </span>
          <span>
            wirestore <span className="muted">demo</span>
          </span>
        </div>
        <div className="who">
          <span className="muted">user</span> <strong data-testid="user">{user}</strong>
          <span className="sep">·</span>
          <span className="muted">conversation</span> <strong>{conversation}</strong>
        </div>
        <div className="top-actions">
          <a className="btn small ghost" href={otherUserLink()} target="_blank" rel="noreferrer" title="Open this conversation as another user, to see the typing indicator">
            + Second user
          </a>
          <TabPill />
          <ConnectionPill />
        </div>
      </header>
      <main className="layout">
        <section className="chat-col" aria-label="Chat">
          <ChatLog />
          <TypingIndicator />
          <Composer />
        </section>
        <aside className="side-col">
          <ConnectionPanel />
          <BurstPanel />
          <Inspector />
        </aside>
      </main>
    </div>
  );
}
