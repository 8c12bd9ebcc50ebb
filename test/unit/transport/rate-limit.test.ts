// The token bucket behind RATE_LIMITED: a burst, then the refill rate.
import { describe, expect, it } from 'vitest';
import { createTokenBucket } from '../../../src-main/transport/rate-limit';

describe('the token bucket', () => {
  it('allows a burst, refuses beyond it, and refills with time', () => {
    let t = 0;
    const b = createTokenBucket(3, 2, () => t);
    expect([b.take(), b.take(), b.take(), b.take()]).toEqual([true, true, true, false]);
    t = 500; // one token back
    expect([b.take(), b.take()]).toEqual([true, false]);
    t = 60_000; // never more than the capacity
    expect([b.take(), b.take(), b.take(), b.take()]).toEqual([true, true, true, false]);
  });
});
