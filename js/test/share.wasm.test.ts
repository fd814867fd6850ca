// The `share` option at creation, on the real wasm core: what it accepts and the clear errors
// it throws. Tabs sharing a socket are tested in a real browser (tests/share/e2e.mjs).
import { beforeAll, describe, expect, it } from 'vitest';
import { createWireStore } from '../index.js';
import { missingShareApi, readShareOption } from '../share.js';
import { loadRealWasm } from './real-wasm.js';

beforeAll(loadRealWasm);
const URL = 'ws://127.0.0.1:9/ws';

describe('the share option', () => {
  it('accepts_true_false_and_a_name', () => {
    expect(readShareOption(undefined)).toBeNull();
    expect(readShareOption(false)).toBeNull();
    expect(readShareOption(true)).toEqual({});
    expect(readShareOption({ name: 'chat:u1' })).toEqual({ name: 'chat:u1' });
  });

  it('a_wrong_share_option_says_what_to_change', () => {
    expect(() => readShareOption('yes')).toThrow(/share must be true, false or \{ name \}/);
    expect(() => readShareOption({ nam: 'x' })).toThrow(/share has no option nam/);
    expect(() => readShareOption({ name: 7 })).toThrow(/share.name must be a string/);
    expect(() => createWireStore({ url: URL, share: 'yes' as never })).toThrow(/share must be/);
  });

  it('a_token_function_needs_a_name_so_users_never_share', () => {
    expect(() => createWireStore({ url: URL, token: () => 'jwt', share: true })).toThrow(/needs share.name/);
    const named = createWireStore({ url: URL, token: () => 'jwt', share: { name: 'user-7' } });
    named.destroy();
  });

  it('sharing_needs_a_url', () => {
    expect(() => createWireStore({ share: true })).toThrow(/share needs options.url/);
  });

  it('node_has_no_web_locks_so_a_store_here_would_be_alone', () => {
    expect(missingShareApi()).toBe('Web Locks');
  });
});
