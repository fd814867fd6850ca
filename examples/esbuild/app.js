// A page bundled by esbuild with no loader and no asset copying: `wirestore` (or
// `wirestore/inline`, chosen by check.mjs) is resolved from the installed tarball. With
// `?wasm=<url>` it first tells the main entry where the .wasm is served (initWireStore(url)).
// It streams two frames into a store and writes the content, or the error, into the page.
import { createWireStore, initWireStore } from 'wirestore';

const wasm = new URLSearchParams(location.search).get('wasm');
if (wasm) void initWireStore(wasm);
const out = document.getElementById('out');
const store = createWireStore({ notify: 'sync' });
store.ingest('{"action_type":"content.delta","messageId":"m1","payload":{"text":"Hello, "}}');
store.ingest('{"action_type":"content.delta","messageId":"m1","payload":{"text":"bundle"}}');
store.ready.then(
  () => (out.textContent = `content: ${store.getSnapshot('messages/m1/content')}`),
  (e) => (out.textContent = `error: ${e && e.message}`),
);
