// `wirestore check-routes`: the command line of checkRoutes (routes.ts). No Node API is used
// here: bin.ts hands in the file reader, the output streams and the wasm, so tests run this
// in-process. Exit status: 0 no errors, 1 the frames produced errors, 2 bad usage or options.
import type { EnvelopeOptions, LimitOptions, RouteSpec } from './options.js';
import { checkRoutes, formatRouteCheck, type RouteCheckOptions } from './routes.js';
import type { WasmInput } from './wasm.js';

/** What the command needs from its host. */
export interface CliIo {
  readFile(path: string): string;
  out(text: string): void;
  err(text: string): void;
  wasm(): WasmInput;
}

export const USAGE = `usage: wirestore check-routes <frames.jsonl> [--routes <routes.json>] [--envelope <envelope.json>]
                          [--options <options.json>] [--json]

Replays a file of frames (one JSON frame per line) through a store with the given route table
and envelope, and prints the messages it built and every error, with its line.
  --routes    a route table: {"<action name>": {"op": …, …}, …}
  --envelope  the envelope's field names: {"actionType": "type", "payload": null, …}
  --options   {"envelope", "routes", "limits"} in one file (--routes / --envelope override it)
  --json      print the result as JSON
Each of --routes, --envelope and --options takes a file, or the JSON itself.
Exit status: 0 no errors, 1 errors, 2 bad usage or options. Reference: docs/routes.md`;

const FLAGS = ['--routes', '--envelope', '--options'] as const;

class UsageError extends Error {}

/** Parses a flag's argument: inline JSON, else the contents of a JSON file. */
function json(io: CliIo, flag: string, arg: string): unknown {
  const text = arg.trimStart().startsWith('{') ? arg : read(io, arg);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new UsageError(`${flag} ${arg}: not JSON (${(e as Error).message})`);
  }
}

function read(io: CliIo, path: string): string {
  try {
    return io.readFile(path);
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as Error).message}`);
  }
}

function object(flag: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(`${flag} must hold a JSON object`);
  }
  return value as Record<string, unknown>;
}

function parse(args: readonly string[], io: CliIo): { frames: string; options: RouteCheckOptions; asJson: boolean } {
  const [command, ...rest] = args;
  if (command !== 'check-routes') throw new UsageError(command ? `unknown command ${command}` : 'no command');
  const given = new Map<string, unknown>();
  const files: string[] = [];
  let asJson = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--json') asJson = true;
    else if ((FLAGS as readonly string[]).includes(arg)) {
      const value = rest[++i];
      if (value === undefined) throw new UsageError(`${arg} needs a file or JSON`);
      given.set(arg, object(arg, json(io, arg, value)));
    } else if (arg.startsWith('--')) throw new UsageError(`unknown flag ${arg}`);
    else files.push(arg);
  }
  if (files.length !== 1) throw new UsageError('give exactly one file of frames');
  const base = (given.get('--options') ?? {}) as { envelope?: EnvelopeOptions; routes?: Record<string, RouteSpec>; limits?: LimitOptions };
  const options: RouteCheckOptions = {
    envelope: (given.get('--envelope') as EnvelopeOptions | undefined) ?? base.envelope,
    routes: (given.get('--routes') as Record<string, RouteSpec> | undefined) ?? base.routes,
    limits: base.limits,
    wasm: io.wasm(),
  };
  return { frames: read(io, files[0]!), options, asJson };
}

/**
 * Runs `wirestore <args>`; resolves to the exit status.
 *
 * @example
 * ```ts
 * const status = await runCli(['check-routes', 'frames.jsonl', '--routes', 'routes.json'], io);
 * ```
 */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args, io);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`wirestore: ${e.message}\n\n${USAGE}`);
    return 2;
  }
  let result: Awaited<ReturnType<typeof checkRoutes>>;
  try {
    result = await checkRoutes(parsed.frames, parsed.options);
  } catch (e) {
    // Bad options: the store's own message says what to change.
    io.err(`wirestore: ${(e as Error).message}`);
    return 2;
  }
  io.out(parsed.asJson ? JSON.stringify(result, null, 2) : formatRouteCheck(result));
  return result.errors.length > 0 ? 1 : 0;
}
