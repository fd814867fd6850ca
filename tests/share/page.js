// A bare page of one shared store, for tests/share/e2e.mjs: the packed shim and wasm (dist/,
// pkg/) as a browser loads them, no bundler. The URL says who and how:
//   ?user=U          token and user id (the reference server takes the token as the user)
//   &share=0         no sharing (a socket per tab)
//   &routes=1        extra store options (a route), which a sharing leader refuses
//   &tokenMs=N       the server's delay between two frames of a reply
//   &binary=1        the server sends binary frames (the fast path; forwarded as bytes)
// window.__t is what the test reads and calls.
import { createWireStore } from './dist/index.js';

const params = new URLSearchParams(location.search);
const user = params.get('user') ?? 'share-user';
const url = new URL(`ws://${location.host}/ws`);
if (params.get('tokenMs')) url.searchParams.set('tokenMs', params.get('tokenMs'));
if (params.get('binary') === '1') url.searchParams.set('binary', '1');
const options = { url: url.toString(), token: user, share: params.get('share') !== '0', heartbeat: false };
if (params.get('routes') === '1') options.routes = { 'x.delta': { op: 'content.delta', text: 'text' } };

const store = createWireStore(options);
const el = (id) => document.getElementById(id);

// Everything a message holds that the test compares, read from the store.
function messages() {
  const out = {};
  for (const id of store.getSnapshot('messages') ?? []) {
    const m = store.getSnapshot(`messages/${id}`);
    if (m) out[id] = { role: m.role, status: m.status, content: m.content, sources: m.sources.length };
  }
  return out;
}

window.__t = {
  store,
  state() {
    const connection = store.getSnapshot('connection') ?? {};
    return {
      role: connection.share?.role ?? null,
      reason: connection.share?.reason ?? null,
      status: connection.status ?? null,
      sessionId: connection.sessionId ?? null,
      ids: store.getSnapshot('messages') ?? [],
      messages: messages(),
      errors: store.getSnapshot('errors') ?? [],
      stats: store.getSnapshot('stats') ?? {},
    };
  },
  send(content, replies = 1) {
    return store.send('chat.message', { content, replies }, { ack: true });
  },
  async sendAndWait(content, replies = 1) {
    const ack = await store.sendAndWait('chat.message', { content, replies });
    return ack.status;
  },
};

for (const key of ['connection', 'messages']) {
  store.subscribe(key, () => {
    const s = window.__t.state();
    el('role').textContent = s.role ?? 'none';
    el('status').textContent = s.status;
    el('count').textContent = String(s.ids.length);
    document.body.dataset.role = s.role ?? 'none';
  });
}
store.connect();
void store.ready.then(() => document.body.setAttribute('data-ready', '1'));
