// @ts-check
// Seed 004's backend (../shared/seeds/004, a chat product's WebSocket spec), at /seed004/ws:
// `connection:authenticated` on connect; `message:send {messageId, conversationId, content}`
// is answered `message:ack received`, `message:receive` (the broadcast), `message:ack
// delivered`, then the assistant's reply as cumulative `message:stream` frames ending with
// `isComplete: true`. A content with /ratelimit gets `message:ack error` instead, as the
// spec's rate limit does. Every frame received is kept: GET /seed004/log answers them, so a
// test can check that the client's frames are exactly the spec's shape.
import { WebSocketServer } from 'ws';

const received = [];
let replies = 0;
const now = () => new Date().toISOString();

/**
 * Serves the seed 004 socket on `http` at /seed004/ws.
 * @param {import('node:http').Server} http
 */
export function attachSeed004(http) {
  const wss = new WebSocketServer({ noServer: true });
  http.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== '/seed004/ws') return;
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws));
  });
  wss.on('connection', (ws) => {
    const send = (frame) => ws.send(JSON.stringify({ ...frame, timestamp: now() }));
    send({ type: 'connection:authenticated', connectionId: `conn-${received.length}` });
    ws.on('message', async (data) => {
      const text = data.toString();
      received.push(text);
      const frame = JSON.parse(text);
      if (frame.type !== 'message:send') return;
      const { messageId, conversationId, content } = frame;
      if (String(content).includes('/ratelimit')) {
        send({ type: 'message:ack', messageId, status: 'error', error: 'Rate limit exceeded. Try again in 42 seconds' });
        return;
      }
      send({ type: 'message:ack', messageId, status: 'received' });
      send({ type: 'message:receive', messageId, conversationId, content, userId: 'u-1' });
      send({ type: 'message:ack', messageId, status: 'delivered' });
      const reply = `ai-${++replies}`;
      const words = ['Here', ' is', ' the', ' answer', ' to', ` "${content}"`, '.'];
      let cumulative = '';
      for (const [i, word] of words.entries()) {
        cumulative += word;
        await new Promise((r) => setTimeout(r, 3));
        send({ type: 'message:stream', messageId: reply, conversationId, content: cumulative, isComplete: i === words.length - 1 });
      }
    });
  });
  return wss;
}

/**
 * Handles GET /seed004/log; answers false for any other path.
 * @param {import('node:http').IncomingMessage} _req
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 */
export function handleSeed004(_req, res, url) {
  if (url.pathname !== '/seed004/log') return false;
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(received));
  return true;
}
