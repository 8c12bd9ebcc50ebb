// The live inventory loop (issue 5 §6): runs only while something listens, one read per host per
// tick, a slow host never delays another, and it stops with the last listener.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveInventoryLoop, type LiveLoopTarget } from '../../../src-main/core/inventory/live-loop';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function target(hosts: string[], slow: Set<string>) {
  const calls: string[] = [];
  const t: LiveLoopTarget = {
    hostIds: () => hosts,
    tick: (id) => {
      calls.push(id);
      // a slow host never answers within the test
      return slow.has(id) ? new Promise<void>(() => undefined) : Promise.resolve();
    },
  };
  return { t, calls };
}

describe('LiveInventoryLoop', () => {
  it('reads nothing until a listener comes, then every host at once and on each tick', async () => {
    const { t, calls } = target(['a', 'b'], new Set());
    const loop = new LiveInventoryLoop(async () => t, 1000);
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls).toEqual([]);
    const release = loop.acquire();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.sort()).toEqual(['a', 'b']);
    await vi.advanceTimersByTimeAsync(2000);
    expect(calls.filter((c) => c === 'a')).toHaveLength(3);
    expect(calls.filter((c) => c === 'b')).toHaveLength(3);
    release();
  });

  it('skips a host whose read is still in flight without delaying the others', async () => {
    const { t, calls } = target(['slow', 'fast'], new Set(['slow']));
    const loop = new LiveInventoryLoop(async () => t, 1000);
    const release = loop.acquire();
    await vi.advanceTimersByTimeAsync(3000);
    expect(calls.filter((c) => c === 'slow')).toHaveLength(1);
    expect(calls.filter((c) => c === 'fast')).toHaveLength(4);
    release();
  });

  it('stops with the last listener, and a second release changes nothing', async () => {
    const { t, calls } = target(['a'], new Set());
    const loop = new LiveInventoryLoop(async () => t, 1000);
    const r1 = loop.acquire();
    const r2 = loop.acquire();
    await vi.advanceTimersByTimeAsync(0);
    r1();
    r1();
    expect(loop.running).toBe(true);
    r2();
    expect(loop.running).toBe(false);
    const n = calls.length;
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls.length).toBe(n);
  });

  it('keeps going when the hosts cannot be listed (an unreadable hosts.json)', async () => {
    let fail = true;
    const { t, calls } = target(['a'], new Set());
    const loop = new LiveInventoryLoop(async () => {
      if (fail) throw new Error('hosts.json is broken');
      return t;
    }, 1000);
    const release = loop.acquire();
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toEqual([]);
    fail = false;
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toEqual(['a']);
    release();
  });

  it('gives each tick the run\'s signal, aborted when the last listener goes (watches end with it)', async () => {
    const signals: AbortSignal[] = [];
    const loop = new LiveInventoryLoop(async () => ({
      hostIds: () => ['a'],
      tick: async (_id, signal) => void signals.push(signal),
    }), 1000);
    const release = loop.acquire();
    await vi.advanceTimersByTimeAsync(1000);
    expect(signals).toHaveLength(2);
    expect(signals.every((x) => !x.aborted)).toBe(true);
    release();
    expect(signals.every((x) => x.aborted)).toBe(true);
    // a new listener starts a new run with a fresh signal
    const again = loop.acquire();
    await vi.advanceTimersByTimeAsync(0);
    expect(signals.at(-1)?.aborted).toBe(false);
    again();
  });
});
