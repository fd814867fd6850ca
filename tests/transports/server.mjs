// @ts-check
// The loopback peer of the transport tests: one HTTP server on 127.0.0.1 and a free port,
// serving the test page and the built package (/dist, /pkg), socket.io-client's browser
// bundle, the test streams (streams.mjs), seed 002's socket.io + SSE backend (seed002.mjs),
// seed 004's WebSocket backend (seed004.mjs) and a protocol v1 socket (v1socket.mjs).
import { createReadStream, existsSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { attachSocketIo, handleSeed002 } from './seed002.mjs';
import { attachSeed004, handleSeed004 } from './seed004.mjs';
import { handleStreams } from './streams.mjs';
import { attachV1Socket } from './v1socket.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
/** URL prefix → directory served under it. */
const STATIC = [
  ['/dist/', path.join(ROOT, 'dist')],
  ['/pkg/', path.join(ROOT, 'pkg')],
  ['/socket.io-client/', path.join(HERE, 'node_modules/socket.io-client/dist')],
];
const TYPES = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html', '.map': 'application/json' };

function serveFile(res, file) {
  if (!existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404).end('not found');
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
}

function serveStatic(res, pathname) {
  if (pathname === '/' || pathname === '/page.html') return serveFile(res, path.join(HERE, 'page.html')), true;
  if (pathname === '/favicon.ico') return res.writeHead(204).end(), true;
  for (const [prefix, dir] of STATIC) {
    if (!pathname.startsWith(prefix)) continue;
    const file = path.resolve(dir, `.${pathname.slice(prefix.length - 1)}`);
    if (!file.startsWith(dir)) return res.writeHead(403).end(), true;
    return serveFile(res, file), true;
  }
  return false;
}

/** Starts the server; answers its base URL and a close function. */
export async function start() {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    try {
      if (await handleStreams(req, res, url)) return;
      if (await handleSeed002(req, res, url)) return;
      if (handleSeed004(req, res, url)) return;
      if (serveStatic(res, url.pathname)) return;
      res.writeHead(404).end('not found');
    } catch (error) {
      // One bad request never takes the server down.
      console.error('request failed:', url.pathname, error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    }
  });
  const io = attachSocketIo(server);
  const seed004 = attachSeed004(server);
  const v1 = attachV1Socket(server);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await io.close();
      for (const wss of [seed004, v1]) {
        for (const ws of wss.clients) ws.terminate();
        wss.close();
      }
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}
