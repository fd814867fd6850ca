// @ts-check
// Generates the dialect fixtures with the protocols' own packages: for every scenario of
// every producer (producers/*.mjs), the frames the client receives (one JSON text per line,
// exactly the `data` of each SSE event the producer's response carried) and what the
// protocol's own client-side reader made of the same bytes (the reference).
//
//   node tests/dialects/generate.mjs [out-dir]   (default: tests/fixtures/dialects)
//
// The output is deterministic (seeded text, fixed ids), so CI regenerates it into a temporary
// folder and requires it to equal the committed copy: a protocol package that changes its
// output shows up as a diff, and regenerating is this one command.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { framesOf } from './common.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] ?? join(here, '..', 'fixtures', 'dialects'));
const producers = ['ai-sdk', 'agui', 'openai', 'anthropic'];

for (const dialect of producers) {
  const { scenarios } = await import(`./producers/${dialect}.mjs`);
  await mkdir(join(out, dialect), { recursive: true });
  for (const [name, run] of Object.entries(scenarios)) {
    const { sse, reference } = await run();
    const frames = framesOf(sse);
    await writeFile(join(out, dialect, `${name}.jsonl`), `${frames.join('\n')}\n`);
    await writeFile(join(out, dialect, `${name}.reference.json`), `${JSON.stringify(reference, null, 1)}\n`);
    console.log(`${dialect}/${name}: ${frames.length} frames`);
  }
}
