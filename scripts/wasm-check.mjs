// Loads the built wasm in Node with its glue and drives one frame through it, so a
// broken optimizer or a glue mismatch fails the build instead of a user's page.
import { readFileSync } from 'node:fs';
import path from 'node:path';
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const glue = await import(path.join(root, 'pkg', 'wirestore.js'));
glue.initSync({ module: readFileSync(path.join(root, 'pkg', 'wirestore_bg.wasm')) });
const core = new glue.WireStoreCore({});
core.ingest('{"action_type":"content.delta","messageId":"m1","payload":{"text":"ok"}}');
const content = core.get('messages/m1/content');
if (content !== 'ok') throw new Error(`wasm check failed: content = ${JSON.stringify(content)}`);
const size = readFileSync(path.join(root, 'pkg', 'wirestore_bg.wasm')).length;
console.log(`wasm loads OK (${size} bytes); changed keys: ${core.takeChanged().length}`);
