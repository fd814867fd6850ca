// waitForAck on a fake source: how each ack status settles the promise.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AckError, waitForAck } from '../ack.js';
import { fakeSource } from './helpers.js';

const KEY = 'acks/c1';

describe('waitForAck', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
  afterEach(() => vi.useRealTimers());

  it('resolves_on_delivered_and_unsubscribes', async () => {
    const source = fakeSource({ [KEY]: { status: 'pending' } });
    const { promise } = waitForAck(source, 'c1', {}, 1000);
    expect(source.listenerCount(KEY)).toBe(1);
    source.set(KEY, { status: 'received' });
    source.set(KEY, { status: 'delivered' });
    await expect(promise).resolves.toEqual({ status: 'delivered' });
    expect(source.listenerCount(KEY)).toBe(0);
  });

  it('resolves_at_once_when_already_delivered', async () => {
    const source = fakeSource({ [KEY]: { status: 'delivered' } });
    await expect(waitForAck(source, 'c1', {}, 1000).promise).resolves.toEqual({ status: 'delivered' });
  });

  it('resolves_on_received_when_asked_to', async () => {
    const source = fakeSource();
    const { promise } = waitForAck(source, 'c1', { until: 'received' }, 1000);
    source.set(KEY, { status: 'received' });
    await expect(promise).resolves.toEqual({ status: 'received' });
  });

  it('rejects_with_a_typed_error_on_an_error_ack', async () => {
    const source = fakeSource();
    const { promise } = waitForAck(source, 'c1', {}, 1000);
    source.set(KEY, { status: 'error', code: 'forbidden', error: 'no' });
    const error = await promise.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AckError);
    expect(error).toMatchObject({ id: 'c1', status: 'error', code: 'forbidden' });
  });

  it('rejects_on_timeout_without_any_ack_and_on_dropped', async () => {
    const a = fakeSource();
    const timedOut = waitForAck(a, 'c1', {}, 1000).promise;
    a.set(KEY, { status: 'timeout' });
    await expect(timedOut).rejects.toMatchObject({ name: 'AckError', status: 'timeout' });
    const b = fakeSource();
    const dropped = waitForAck(b, 'c1', {}, 1000).promise;
    b.set(KEY, { status: 'dropped' });
    await expect(dropped).rejects.toMatchObject({ status: 'dropped' });
  });

  it('resolves_with_received_when_delivered_never_comes', async () => {
    const source = fakeSource();
    const { promise } = waitForAck(source, 'c1', {}, 1000);
    source.set(KEY, { status: 'received' });
    vi.advanceTimersByTime(999);
    let settled = false;
    void promise.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    vi.advanceTimersByTime(1);
    await expect(promise).resolves.toEqual({ status: 'received' });
  });

  it('resolves_with_received_when_a_timeout_follows_it', async () => {
    const source = fakeSource();
    const { promise } = waitForAck(source, 'c1', {}, 60_000);
    source.set(KEY, { status: 'received' });
    source.set(KEY, { status: 'timeout' });
    await expect(promise).resolves.toEqual({ status: 'received' });
  });

  it('rejects_with_the_abort_reason_and_on_cancel', async () => {
    const source = fakeSource();
    const controller = new AbortController();
    const aborted = waitForAck(source, 'c1', { signal: controller.signal }, 1000).promise;
    controller.abort(new Error('user left'));
    await expect(aborted).rejects.toThrow('user left');
    const { promise, cancel } = waitForAck(source, 'c1', {}, 1000);
    cancel(new Error('destroyed'));
    await expect(promise).rejects.toThrow('destroyed');
    expect(source.listenerCount(KEY)).toBe(0);
  });
});
