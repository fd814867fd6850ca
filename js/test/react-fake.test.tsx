// The hooks against a structural fake store: they need only {subscribe, getSnapshot}.
import { act, cleanup, render } from '@testing-library/react';
import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import {
  useAck,
  useConnection,
  useMessage,
  useMessageIds,
  useSlice,
  useWireStore,
  useWsStore,
  WireStoreProvider,
} from '../react.js';
import { fakeSource } from './helpers.js';

afterEach(cleanup);

describe('hooks on a structural store', () => {
  it('useWsStore_reads_the_store_passed_explicitly_and_follows_its_key', () => {
    const source = fakeSource({ 'messages/m1/content': 'He' });
    let seen: unknown;
    function Content() {
      seen = useWsStore(source, 'messages/m1/content');
      return null;
    }
    render(<Content />);
    expect(seen).toBe('He');
    act(() => source.set('messages/m1/content', 'Hello'));
    expect(seen).toBe('Hello');
  });

  it('helpers_read_from_the_provider_with_stable_defaults', () => {
    const source = fakeSource({
      'messages/m1': { id: 'm1', content: 'x' },
      'messages/m1/sources': [{ id: 's1' }],
      'acks/c1': { status: 'pending' },
    });
    const seen: Record<string, unknown[]> = { ids: [], conn: [] };
    let rest: unknown[] = [];
    function Probe() {
      seen.ids!.push(useMessageIds());
      seen.conn!.push(useConnection());
      rest = [useMessage('m1'), useSlice('m1', 'sources'), useAck('c1'), useAck(undefined)];
      return null;
    }
    const { rerender } = render(
      <WireStoreProvider store={source}>
        <Probe />
      </WireStoreProvider>,
    );
    rerender(
      <WireStoreProvider store={source}>
        <Probe />
      </WireStoreProvider>,
    );
    expect(seen.ids![0]).toEqual([]);
    expect(seen.ids![0]).toBe(seen.ids![1]);
    expect(seen.conn![0]).toMatchObject({ status: 'idle', attempt: 0 });
    expect(seen.conn![0]).toBe(seen.conn![1]);
    expect(rest).toEqual([{ id: 'm1', content: 'x' }, [{ id: 's1' }], { status: 'pending' }, undefined]);
  });

  it('useWireStore_returns_the_provided_store_and_throws_without_one', () => {
    const source = fakeSource();
    let got: unknown;
    function Probe() {
      got = useWireStore();
      return null;
    }
    render(
      <WireStoreProvider store={source}>
        <Probe />
      </WireStoreProvider>,
    );
    expect(got).toBe(source);
    const quiet = console.error;
    console.error = () => {};
    try {
      expect(() => render(<Probe />)).toThrow(/WireStoreProvider/);
    } finally {
      console.error = quiet;
    }
  });

  it('a_component_renders_only_for_its_own_key', () => {
    const source = fakeSource({ a: 1, b: 1 });
    const renders = { a: 0, b: 0 };
    function A() {
      renders.a++;
      return <>{String(useWsStore(source, 'a'))}</>;
    }
    function B() {
      renders.b++;
      return <>{String(useWsStore(source, 'b'))}</>;
    }
    render(
      <>
        <A />
        <B />
      </>,
    );
    act(() => source.set('a', 2));
    act(() => source.set('a', 3));
    expect(renders).toEqual({ a: 3, b: 1 });
  });

  it('strict_mode_double_mount_leaves_one_subscription', () => {
    const source = fakeSource({ k: 1 });
    function K() {
      return <>{String(useWsStore(source, 'k'))}</>;
    }
    const { unmount } = render(
      <StrictMode>
        <K />
      </StrictMode>,
    );
    expect(source.listenerCount('k')).toBe(1);
    unmount();
    expect(source.listenerCount('k')).toBe(0);
  });

  it('server_render_uses_the_server_snapshot', () => {
    const source = fakeSource({ 'messages/m1/content': 'client only' });
    function Content() {
      return <p>{useSlice('m1', 'content') ?? 'empty'}</p>;
    }
    const html = renderToString(
      <WireStoreProvider store={source}>
        <Content />
      </WireStoreProvider>,
    );
    expect(html).toContain('empty');
    expect(source.listenerCount('messages/m1/content')).toBe(0);
  });
});
