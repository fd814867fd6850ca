// @ts-check
// Seed 002's backend (../shared/seeds/002): socket.io (namespace /chats) for management —
// `list_chats` → `chats_list`, `list_messages` → `messages_list`, `usage_info` — and SSE over
// a POST for the assistant's reply: `assistant_typing`, `assistant_delta`,
// `assistant_complete` (or `assistant_error` when the content says /error), `usage_info`.
// The events are the seed's; the payload fields the seed leaves open are recorded in
// tests/fixtures/seed002_hybrid_sse.txt (the SSE body this server sends for "hello").
import { Server } from 'socket.io';

export const CHATS = [
  { id: 'c1', title: 'Persian greetings' },
  { id: 'c2', title: 'Rust and wasm' },
];
export const HISTORY = {
  c1: [
    { id: 'u0', role: 'user', content: 'سلام?' },
    { id: 'a0', role: 'assistant', content: 'سلام! How can I help?' },
  ],
};
let replies = 0;
let remaining = 20;

/** The SSE events of the reply to `content` in `chatId`, as [event, data] pairs. */
export function replyEvents(chatId, content, messageId) {
  const deltas = ['سلام', '، ', 'hello ', 'from ', 'the ', 'stream ', '😀'];
  const events = [['assistant_typing', { message_id: messageId, chat_id: chatId }]];
  for (const delta of deltas) events.push(['assistant_delta', { message_id: messageId, delta }]);
  if (content.includes('/error')) {
    events.push(['assistant_error', { message_id: messageId, error: 'Insufficient balance', code: 'INSUFFICIENT_BALANCE' }]);
  } else {
    events.push(['assistant_complete', { message_id: messageId, chat_id: chatId }]);
  }
  events.push(['usage_info', { remaining: remaining - 1, limit: 20 }]);
  return events;
}

/** The SSE body of `events`. */
export function sseBody(events) {
  return events.map(([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`).join('');
}

/**
 * Attaches the socket.io server to `http`.
 * @param {import('node:http').Server} http
 */
export function attachSocketIo(http) {
  const io = new Server(http, { serveClient: false });
  io.of('/chats').on('connection', (socket) => {
    socket.emit('usage_info', { remaining, limit: 20 });
    socket.on('list_chats', ({ page = 0, limit = 20 } = {}) => {
      socket.emit('chats_list', { chats: CHATS.slice(page * limit, (page + 1) * limit), total: CHATS.length });
    });
    socket.on('list_messages', ({ chat_id }) => {
      socket.emit('messages_list', HISTORY[chat_id] ?? []);
    });
  });
  return io;
}

/**
 * Handles POST /api/v1/messages/send; answers false for any other path.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 */
export async function handleSeed002(req, res, url) {
  if (url.pathname !== '/api/v1/messages/send' || req.method !== 'POST') return false;
  let text = '';
  for await (const chunk of req) text += chunk;
  const { chat_id: chatId, content } = JSON.parse(text);
  const messageId = `r${++replies}`;
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const [event, data] of replyEvents(chatId, content, messageId)) {
    res.write(sseBody([[event, data]]));
    await new Promise((r) => setTimeout(r, 5));
  }
  remaining -= 1;
  res.end();
  return true;
}
