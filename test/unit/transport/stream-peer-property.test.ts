// Two StreamPeers wired back to back, with random write sizes and a random order of deliveries
// and consumer acks: every byte arrives once, in order, and neither side ever has more than high
// water + one chunk unacknowledged in flight.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StreamPeer } from '../../../src-main/shared/api/stream-peer';

const flow = { highWater: 1000, lowWater: 300, chunkBytes: 128 };

type Wire = (() => void)[];

function pair() {
  const aToB: Wire = [];
  const bToA: Wire = [];
  // Each side's transport refers to the other side, created just below.
  const peers: { b?: StreamPeer } = {};
  const a = new StreamPeer(1, { data: (x) => aToB.push(() => peers.b?.receiveData(x.slice())), ack: (n) => aToB.push(() => peers.b?.receiveAck(n)), close: () => undefined }, flow);
  const b = new StreamPeer(1, { data: (x) => bToA.push(() => a.receiveData(x.slice())), ack: (n) => bToA.push(() => a.receiveAck(n)), close: () => undefined }, flow);
  peers.b = b;
  return { a, b, aToB, bToA };
}

describe('flow control, property', () => {
  it('delivers everything in order within the window, whatever the timing', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 40 }), fc.array(fc.nat(3), { minLength: 50, maxLength: 400 }), (writes, schedule) => {
        const { a, b, aToB, bToA } = pair();
        const received: number[] = [];
        const pendingAcks: (() => void)[] = [];
        b.onData((chunk, ack) => {
          received.push(...chunk);
          pendingAcks.push(ack);
        });
        let counter = 0;
        const expected: number[] = [];
        for (const size of writes) {
          const bytes = new Uint8Array(size).map(() => counter++ % 251);
          expected.push(...bytes);
          a.send(bytes);
        }
        const step = (k: number) => {
          if (k === 0 && aToB.length > 0) (aToB.shift() as () => void)();
          else if (k === 1 && bToA.length > 0) (bToA.shift() as () => void)();
          else if (k === 2 && pendingAcks.length > 0) (pendingAcks.shift() as () => void)();
          else if (k === 3 && pendingAcks.length > 0) (pendingAcks.pop() as () => void)();
        };
        for (const k of schedule) step(k);
        // Then let everything drain.
        while (aToB.length + bToA.length + pendingAcks.length > 0) {
          step(0);
          step(1);
          step(2);
        }
        expect(received).toEqual(expected);
        expect(a.maxUnacked).toBeLessThanOrEqual(flow.highWater + flow.chunkBytes);
        expect(a.unacked).toBe(0);
        expect(b.isClosed).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
