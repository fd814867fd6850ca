#!/usr/bin/env node
/// <reference types="node" />
// The `wirestore` command (package.json "bin"): Node's side of cli.ts. The wasm is the one
// shipped beside dist/, in pkg/.
import { readFileSync } from 'node:fs';
import { runCli } from './cli.js';

process.exitCode = await runCli(process.argv.slice(2), {
  readFile: (path) => readFileSync(path, 'utf8'),
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  wasm: () => readFileSync(new URL('../pkg/wirestore_bg.wasm', import.meta.url)),
});
