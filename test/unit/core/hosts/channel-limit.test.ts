import { describe, expect, it } from 'vitest';
import { ChannelLimit } from '../../../../src-main/core/hosts/channel-limit';

describe('channel limit (RS-9)', () => {
  it('never grants more than max at once and serves waiters in order', async () => {
    const limit = new ChannelLimit(2);
    const order: number[] = [];
    const jobs = Array.from({ length: 6 }, (_, i) =>
      limit.acquire().then(async (release) => {
        order.push(i);
        expect(limit.inUse).toBeLessThanOrEqual(2);
        await Promise.resolve();
        release();
        release(); // a second release is harmless
      }),
    );
    await Promise.all(jobs);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(limit.peak).toBe(2);
    expect(limit.inUse).toBe(0);
  });

  it('drops a waiter whose signal aborts, and fails all waiters on rejectAll', async () => {
    const limit = new ChannelLimit(1);
    const held = await limit.acquire();
    const ac = new AbortController();
    const aborted = limit.acquire(ac.signal);
    const other = limit.acquire();
    const third = limit.acquire();
    ac.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    held();
    const release = await other;
    limit.rejectAll(new Error('gone'));
    await expect(third).rejects.toThrow('gone');
    release();
    expect(limit.inUse).toBe(0);
  });
});
