// Where the page connects and as whom, from the URL:
//   ?user=alice          the user id (the reference server takes the token as the user id)
//   ?conversation=lobby  the conversation (typing is shared between its connections)
//   ?ws=ws://host/ws     another WebSocket endpoint than the server that served the page
//   ?tokenMs=40          the server's delay between two frames of a reply (slower = easier to watch)
//   ?transport=sse       replies as SSE in answer to a POST (store.stream) instead of over the socket
//   ?share=0             a socket per tab (by default the tabs of one user share one)
const params = new URLSearchParams(location.search);
const ID = /^[A-Za-z0-9_-]{1,64}$/;

function pick(name: string): string | null {
  const value = params.get(name);
  return value && ID.test(value) ? value : null;
}

function guestId(): string {
  const saved = sessionStorage.getItem('wirestore-demo-user');
  if (saved && ID.test(saved)) return saved;
  const made = `guest-${Math.random().toString(36).slice(2, 7)}`;
  sessionStorage.setItem('wirestore-demo-user', made);
  return made;
}

export const user = pick('user') ?? guestId();
export const conversation = pick('conversation') ?? 'lobby';
/** Whether this tab shares one socket with the other tabs of this user and conversation. */
export const share = params.get('share') !== '0';

function socketUrl(): URL {
  const override = params.get('ws');
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const url = new URL(override ?? `${scheme}//${location.host}/ws`);
  if (!url.searchParams.has('conversation')) url.searchParams.set('conversation', conversation);
  const tokenMs = params.get('tokenMs');
  if (tokenMs && /^\d{1,4}$/.test(tokenMs)) url.searchParams.set('tokenMs', tokenMs);
  return url;
}

const ws = socketUrl();
export const wsUrl = ws.toString();
const httpOrigin = `${ws.protocol === 'wss:' ? 'https:' : 'http:'}//${ws.host}`;

/** Where a reply streams as SSE (`POST /chat/stream`), as this user, at the socket's pace. */
export const chatStreamUrl = (() => {
  const url = new URL(`${httpOrigin}/chat/stream`);
  url.searchParams.set('token', user);
  const tokenMs = ws.searchParams.get('tokenMs');
  if (tokenMs) url.searchParams.set('tokenMs', tokenMs);
  return url.toString();
})();

/** How replies come first: `?transport=sse` starts on SSE. */
export const initialTransport: 'socket' | 'sse' = params.get('transport') === 'sse' ? 'sse' : 'socket';

/** The reference server's fault knobs (`POST /control`), on the same host as the socket. */
export const controlUrl = `${ws.protocol === 'wss:' ? 'https:' : 'http:'}//${ws.host}/control`;

/** A link to this page as another user of the same conversation (for the typing indicator). */
export function otherUserLink(): string {
  const next = new URL(location.href);
  next.searchParams.set('user', `guest-${Math.random().toString(36).slice(2, 7)}`);
  next.searchParams.set('conversation', conversation);
  return next.toString();
}
