// The page's one store, its recorder, and the few actions the UI sends.
import { createWireStore, type LimitOptions } from 'wirestore';
import { conversation, controlUrl, user, wsUrl } from './config';
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
});

export const recorder = createRecorder(store, RECORD_FRAMES);

/** `store.send`; returns the frame id (`acks/<id>` follows its ack). */
export function send(actionType: string, payload: Record<string, unknown>, ack = true): string {
  return store.send(actionType, payload, { ack });
}

// Messages this page sent: message id -> the frame id whose ack they show. The server echoes
// the user message under the id we choose, so the bubble can find its ack.
export type Outgoing = { messageId: string; ackId: string; content: string };
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

export function sendChat(content: string, replies?: number): string {
  const messageId = `${user}-${Date.now().toString(36)}-${++counter}`;
  const payload: Record<string, unknown> = { content, conversationId: conversation, messageId };
  if (replies && replies > 1) payload.replies = replies;
  const ackId = send('chat.message', payload);
  outgoing = [...outgoing, { messageId, ackId, content }];
  for (const listener of Array.from(outgoingListeners)) listener();
  stopTyping();
  return messageId;
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
