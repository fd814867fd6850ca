// The page's one store, its recorder, and the few actions the UI sends.
import { createWireStore, type LimitOptions, type StreamHandle } from 'wirestore';
import { chatStreamUrl, conversation, controlUrl, initialTransport, share, user, wsUrl } from './config';
import { createRecorder } from './recorder';

/** Frames the store keeps in its `frames` key for the inspector (a ring). */
const RECORD_FRAMES = 4096;
const limits: LimitOptions = { recordFrames: RECORD_FRAMES };

export const store = createWireStore({
  url: wsUrl,
  token: user,
  // Short backoff so a dropped connection visibly counts down and comes back quickly.
  reconnect: { baseDelayMs: 1000, maxDelayMs: 8000, jitter: 0.3 },
  limits,
  // The tabs of one user share one socket: the pill in the top bar says which tab leads.
  share,
});

export const recorder = createRecorder(store, RECORD_FRAMES);

/** `store.send`; returns the frame id (`acks/<id>` follows its ack). */
export function send(actionType: string, payload: Record<string, unknown>, ack = true): string {
  return store.send(actionType, payload, { ack });
}

// Messages this page sent: message id -> the frame id whose ack they show. The server echoes
// the user message under the id we choose, so the bubble can find its ack. A message sent over
// SSE has no ack: the echo at the start of its stream says the server has it.
export type Outgoing = { messageId: string; ackId?: string; content: string };
let outgoing: readonly Outgoing[] = [];
const outgoingListeners = new Set<() => void>();
let counter = 0;

export const outbox = {
  subscribe(listener: () => void) {
    outgoingListeners.add(listener);
    return () => void outgoingListeners.delete(listener);
  },
  get: () => outgoing,
  find: (messageId: string) => outgoing.find((o) => o.messageId === messageId),
};

// How a chat message is answered: over the socket (`chat.message`), or as Server-Sent Events
// in the body of a POST (`POST /chat/stream`), read into the same store by `store.stream`.
export type Transport = 'socket' | 'sse';
let transport: Transport = initialTransport;
const transportListeners = new Set<() => void>();
export const replyTransport = {
  subscribe(listener: () => void) {
    transportListeners.add(listener);
    return () => void transportListeners.delete(listener);
  },
  get: () => transport,
  set(next: Transport) {
    transport = next;
    for (const listener of Array.from(transportListeners)) listener();
  },
};

/** Replies streaming over SSE, by reply id: Stop aborts the request and cancels the reply. */
const streams = new Map<string, StreamHandle>();

// Message ids carry no user id: the reference server takes the token as the user, and the
// store redacts the token wherever it appears in what it records (the inspector's frames).
const tab = Math.random().toString(36).slice(2, 8);

export function sendChat(content: string, replies?: number): string {
  const messageId = `m-${tab}-${Date.now().toString(36)}-${++counter}`;
  if (transport === 'sse') {
    // We choose the reply's id too, so Stop finds this stream.
    const replyId = `${messageId}-r`;
    const body = JSON.stringify({ content, conversationId: conversation, messageId, replyId });
    const request = fetch(chatStreamUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const handle = store.stream(request);
    streams.set(replyId, handle);
    void handle.done.finally(() => streams.delete(replyId));
    outgoing = [...outgoing, { messageId, content }];
  } else {
    const payload: Record<string, unknown> = { content, conversationId: conversation, messageId };
    if (replies && replies > 1) payload.replies = replies;
    const ackId = send('chat.message', payload);
    outgoing = [...outgoing, { messageId, ackId, content }];
  }
  for (const listener of Array.from(outgoingListeners)) listener();
  stopTyping();
  return messageId;
}

/** Stops reply `id`: aborts its SSE request (the reply becomes cancelled), else `signal.stop`. */
export function stopReply(id: string): void {
  const handle = streams.get(id);
  if (handle) handle.abort({ cancel: true });
  else send('signal.stop', { messageId: id });
}

// Typing: `typing.start` on the first keystroke, `typing.stop` after a pause or on send.
let typing = false;
let typingTimer: ReturnType<typeof setTimeout> | undefined;
export function noteTyping() {
  if (!typing) {
    typing = true;
    send('typing.start', { conversationId: conversation }, false);
  }
  clearTimeout(typingTimer);
  typingTimer = setTimeout(stopTyping, 2500);
}
export function stopTyping() {
  clearTimeout(typingTimer);
  if (!typing) return;
  typing = false;
  send('typing.stop', { conversationId: conversation }, false);
}

/** Sets the reference server's fault knobs (server-wide; `drop` can name one session). */
export async function control(body: Record<string, unknown>): Promise<string> {
  const response = await fetch(controlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST /control answered ${response.status}`);
  return response.text();
}
