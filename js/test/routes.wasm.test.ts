// Route tables against the REAL wasm core: creation errors thrown to JS, checkRoutes on the seed
// fixtures and on frames that do not fit, and the check-routes command run in-process.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createWireStore } from '../index.js';
import { runCli, type CliIo } from '../cli.js';
import { checkRoutes, formatRouteCheck } from '../routes.js';
import { loadRealWasm, WASM_PATH } from './real-wasm.js';

beforeAll(loadRealWasm);

const FIXTURES = path.resolve('tests/fixtures');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
const options = (name: string) => JSON.parse(fixture(`${name}.options.json`)) as Record<string, never>;

const UPDATE = {
  envelope: { actionType: 'type', messageId: 'message_id', payload: null },
  routes: {
    Update: { op: 'content.delta', 'text?': 'delta.content', also: [{ op: 'reasoning.delta', text: 'delta.reasoning' }] },
    Token: { op: 'content.delta', text: 'delta.content' },
  },
};

describe('route specs on the real wasm core', () => {
  it('an_unknown_key_in_a_route_throws_at_creation_listing_the_ops_fields', () => {
    expect(() => createWireStore({ routes: { Update: { op: 'content.delta', content: 'delta' } } })).toThrow(
      /route `Update`: `content.delta` has no field "content"; `content.delta` takes text \(required\)/,
    );
    expect(() => createWireStore({ routes: { Update: { op: 'content.append', text: 't' } } })).toThrow(
      /unknown op `content.append`; use one of message.start, content.delta/,
    );
  });
});

describe('checkRoutes', () => {
  it('replays_a_seed_fixture_into_its_messages_without_errors', async () => {
    const result = await checkRoutes(fixture('seed001_openagents.jsonl'), options('seed001_openagents'));
    expect(result.errors).toEqual([]);
    expect(result.frames).toBe(8);
    expect(result.messages.map((m) => [m.id, m.content, m.reasoning])).toEqual([
      ['5f0c6a3e-0001', 'Let me check.', 'The user asks for a check.'],
      ['5f0c6a3e-0002', 'Second', 'Second thoughts'],
    ]);
  });

  it('reports_every_error_with_its_line_and_applies_nothing_of_those_frames', async () => {
    const frames = [
      '{"type":"Update","message_id":"m1","delta":{"reasoning":"why"}}',
      '',
      '{"type":"Token","message_id":"m1","delta":{"text":"typo"}}',
      '{"type":"Update","message_id":"m1","delta":"flat"}',
      '{"type":"Nope","message_id":"m1"}',
      'not json',
    ].join('\n');
    const result = await checkRoutes(frames, UPDATE);
    expect(result.frames).toBe(5);
    expect(result.messages).toHaveLength(1);
    expect(result.messages[0]).toMatchObject({ id: 'm1', content: '', reasoning: 'why' });
    expect(result.errors.map((e) => [e.line, e.kind, e.actionType])).toEqual([
      [3, 'protocol', 'Token'],
      [4, 'protocol', 'Update'],
      [5, 'unrouted', 'Nope'],
      [6, 'protocol', undefined],
    ]);
    expect(result.errors[0]!.message).toContain('field `text` at path `delta.content` is absent');
    expect(result.errors[1]!.message).toContain('`delta` is a string, not an object');
    const text = formatRouteCheck(result);
    expect(text).toMatch(/^5 frames, 5 envelopes, 4 errors\nmessage m1 \(streaming\)\n {2}reasoning: "why"/);
    expect(text).toContain('  line 3: protocol (Token, message m1): route `Token` (content.delta)');
  });

  it('keeps_every_error_past_the_errors_key_bound', async () => {
    const frames = Array.from({ length: 150 }, () => '{"type":"Nope"}');
    const result = await checkRoutes(frames, { ...UPDATE, limits: { maxErrors: 10 } });
    expect(result.errors).toHaveLength(150);
    expect(result.errors[149]!.line).toBe(150);
  });

  it('rejects_bad_options_with_the_stores_message', async () => {
    await expect(checkRoutes('', { routes: { x: { op: 'tool.delta', toolCallId: 'id' } } })).rejects.toThrow(
      /`tool.delta` needs "argsText" mapped/,
    );
  });
});

describe('wirestore check-routes', () => {
  function io(files: Record<string, string>) {
    const out: string[] = [];
    const err: string[] = [];
    const cli: CliIo = {
      readFile: (name) => {
        if (!(name in files)) throw new Error(`ENOENT ${name}`);
        return files[name]!;
      },
      out: (text) => out.push(text),
      err: (text) => err.push(text),
      wasm: () => readFileSync(WASM_PATH),
    };
    return { cli, out, err };
  }

  it('prints_messages_and_exits_0_when_every_frame_fits', async () => {
    const { cli, out } = io({
      'frames.jsonl': fixture('seed004_chatspec.jsonl'),
      'options.json': fixture('seed004_chatspec.options.json'),
    });
    expect(await runCli(['check-routes', 'frames.jsonl', '--options', 'options.json'], cli)).toBe(0);
    expect(out.join('\n')).toContain('message ai-1 (done)\n  content: "Here is the news."');
  });

  it('prints_errors_and_exits_1_and_json_on_request', async () => {
    const { cli, out } = io({
      'frames.jsonl': '{"type":"Token","message_id":"m1","delta":{}}\n',
      'routes.json': JSON.stringify(UPDATE.routes),
    });
    const args = ['check-routes', 'frames.jsonl', '--routes', 'routes.json', '--envelope', JSON.stringify(UPDATE.envelope)];
    expect(await runCli(args, cli)).toBe(1);
    expect(out.pop()).toContain('line 1: protocol (Token, message m1)');
    expect(await runCli([...args, '--json'], cli)).toBe(1);
    const result = JSON.parse(out.pop()!) as { errors: { line: number; kind: string }[] };
    expect(result.errors).toMatchObject([{ line: 1, kind: 'protocol' }]);
  });

  it('exits_2_on_bad_usage_or_bad_routes_saying_why', async () => {
    const { cli, err } = io({ 'frames.jsonl': '' });
    expect(await runCli(['check-routes'], cli)).toBe(2);
    expect(err.pop()).toMatch(/give exactly one file of frames\n\nusage: wirestore check-routes/);
    expect(await runCli(['check-routes', 'frames.jsonl', '--routes', '{"x":{"op":"nope"}}'], cli)).toBe(2);
    expect(err.pop()).toMatch(/unknown op `nope`/);
    expect(await runCli(['check-routes', 'missing.jsonl'], cli)).toBe(2);
    expect(err.pop()).toMatch(/cannot read missing.jsonl/);
  });
});
