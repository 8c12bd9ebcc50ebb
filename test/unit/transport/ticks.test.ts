// diagnostics.ticks: one event a second while subscribed, and no timer at all otherwise.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTickSource } from '../../../src-main/core/diagnostics/ticks';

describe('the tick source', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('emits {n, at} every second while someone listens', () => {
    const src = createTickSource();
    const got: { n: number; at: string }[] = [];
    const stop = src.subscribe((t) => got.push(t));
    vi.advanceTimersByTime(3000);
    expect(got.map((t) => t.n)).toEqual([1, 2, 3]);
    expect(got.every((t) => !Number.isNaN(Date.parse(t.at)))).toBe(true);
    stop();
    vi.advanceTimersByTime(3000);
    expect(got).toHaveLength(3);
  });

  it('shares one timer between subscribers and stops it with the last one', () => {
    const src = createTickSource();
    const a: number[] = [];
    const b: number[] = [];
    const stopA = src.subscribe((t) => a.push(t.n));
    const stopB = src.subscribe((t) => b.push(t.n));
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(1000);
    stopA();
    vi.advanceTimersByTime(1000);
    expect(a).toEqual([1]);
    expect(b).toEqual([1, 2]);
    stopB();
    expect(vi.getTimerCount()).toBe(0);
    expect(src.listenerCount).toBe(0);
  });
});
