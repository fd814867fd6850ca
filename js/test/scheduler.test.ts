// The flush scheduler alone: which browser mechanism each mode uses, and that one flush serves
// every request made before it runs.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFlushScheduler, FRAME_FALLBACK_MS, FRAME_STALL_MS } from '../scheduler.js';
import { fakeAnimationFrames, setHidden } from './helpers.js';

describe('flush scheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
    setHidden(false);
  });

  it('sync_mode_flushes_before_request_returns', () => {
    const flush = vi.fn();
    createFlushScheduler('sync', flush).request(false);
    expect(flush).toHaveBeenCalledTimes(1);
  });

  it('microtask_mode_flushes_once_for_many_requests', async () => {
    const flush = vi.fn();
    const s = createFlushScheduler('microtask', flush);
    s.request(false);
    s.request(false);
    s.request(true);
    expect(flush).not.toHaveBeenCalled();
    await Promise.resolve();
    expect(flush).toHaveBeenCalledTimes(1);
  });

  it('frame_mode_waits_for_the_animation_frame', () => {
    const frames = fakeAnimationFrames();
    const flush = vi.fn();
    const s = createFlushScheduler('frame', flush);
    s.request(false);
    s.request(false);
    expect(frames.pending()).toBe(1);
    expect(flush).not.toHaveBeenCalled();
    frames.run();
    expect(flush).toHaveBeenCalledTimes(1);
    // the stall timer was cleared with the frame
    vi.advanceTimersByTime(FRAME_STALL_MS * 2);
    expect(flush).toHaveBeenCalledTimes(1);
  });

  it('frame_mode_urgent_request_flushes_in_a_microtask_and_cancels_the_frame', async () => {
    const frames = fakeAnimationFrames();
    const flush = vi.fn();
    const s = createFlushScheduler('frame', flush);
    s.request(false);
    s.request(true);
    await Promise.resolve();
    expect(flush).toHaveBeenCalledTimes(1);
    expect(frames.pending()).toBe(0);
    vi.advanceTimersByTime(FRAME_STALL_MS * 2);
    expect(flush).toHaveBeenCalledTimes(1);
  });

  it('frame_mode_uses_a_timer_while_the_document_is_hidden', () => {
    const frames = fakeAnimationFrames();
    setHidden(true);
    const flush = vi.fn();
    createFlushScheduler('frame', flush).request(false);
    expect(frames.pending()).toBe(0);
    vi.advanceTimersByTime(FRAME_FALLBACK_MS);
    expect(flush).toHaveBeenCalledTimes(1);
  });

  it('frame_mode_uses_a_timer_without_requestAnimationFrame', () => {
    vi.stubGlobal('requestAnimationFrame', undefined);
    const flush = vi.fn();
    createFlushScheduler('frame', flush).request(false);
    vi.advanceTimersByTime(FRAME_FALLBACK_MS);
    expect(flush).toHaveBeenCalledTimes(1);
  });

  it('frame_mode_flushes_anyway_when_the_frame_never_comes', () => {
    const frames = fakeAnimationFrames();
    const flush = vi.fn();
    createFlushScheduler('frame', flush).request(false);
    vi.advanceTimersByTime(FRAME_STALL_MS);
    expect(flush).toHaveBeenCalledTimes(1);
    expect(frames.pending()).toBe(0);
  });

  it('cancel_drops_the_outstanding_request', async () => {
    const frames = fakeAnimationFrames();
    const flush = vi.fn();
    const s = createFlushScheduler('frame', flush);
    s.request(false);
    s.cancel();
    frames.run();
    vi.advanceTimersByTime(FRAME_STALL_MS);
    s.request(true);
    s.cancel();
    await Promise.resolve();
    expect(flush).not.toHaveBeenCalled();
  });
});
