// @ts-check
// A wirestore protocol v1 socket at /v1/ws, for "a stream beside a WebSocket": it opens a
// session and streams message `w` (seq'd deltas "w1 " ... "w<n> ", then done), one frame
// every `delay` ms, where `n` and `delay` come from the query.
import { WebSocketServer } from 'ws';

/**
 * Serves the v1 socket on `http` at /v1/ws.
 * @param {import('node:http').Server} http
 */
export function attachV1Socket(http) {
  const wss = new WebSocketServer({ noServer: true });
  http.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/v1/ws') return;
    wss.handleUpgrade(req, socket, head, (ws) => stream(ws, url.searchParams));
  });
  return wss;
}

async function stream(ws, q) {
  const n = Number(q.get('n') ?? 20);
  const delay = Number(q.get('delay') ?? 5);
  const send = (frame) => ws.readyState === ws.OPEN && ws.send(JSON.stringify({ v: 1, ...frame }));
  send({ action_type: 'session.ready', payload: { sessionId: 's-1', epoch: 1, seq: 0 } });
  for (let i = 1; i <= n + 1; i++) {
    await new Promise((r) => setTimeout(r, delay));
    const frame = i <= n
      ? { action_type: 'content.delta', messageId: 'w', seq: i, payload: { text: `w${i} ` } }
      : { action_type: 'message.done', messageId: 'w', seq: i, payload: {} };
    send(frame);
  }
}
