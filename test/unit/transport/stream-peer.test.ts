// Ack-based flow control, the same on both carriers and both sides.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src-main/shared/api/errors';
import { StreamPeer, type StreamTransport } from '../../../src-main/shared/api/stream-peer';

const flow = { highWater: 1000, lowWater: 250, chunkBytes: 100 };

function recorder() {
  const sent: Uint8Array[] = [];
  const acks: number[] = [];
  const closes: (string | undefined)[] = [];
  const transport: StreamTransport = {
    data: (b) => sent.push(b),
    ack: (n) => acks.push(n),
    close: (r) => closes.push(r),
  };
  return { sent, acks, closes, transport, sentBytes: () => sent.reduce((s, b) => s + b.byteLength, 0) };
}

describe('StreamPeer sender', () => {
  it('splits writes into chunks and pauses at the high-water mark', () => {
    const r = recorder();
    const peer = new StreamPeer(1, r.transport, flow);
    peer.send(new Uint8Array(5000));
    expect(r.sent.every((c) => c.byteLength <= 100)).toBe(true);
    expect(r.sentBytes()).toBe(1000);
    expect(peer.unacked).toBe(1000);
    expect(peer.writable).toBe(false);
  });

  it('stays paused until acks reach the low-water mark, then resumes', () => {
    const r = recorder();
    const peer = new StreamPeer(1, r.transport, flow);
    peer.send(new Uint8Array(5000));
    peer.receiveAck(500); // 500 unacked: above low water, still paused
    expect(r.sentBytes()).toBe(1000);
    peer.receiveAck(300); // 200 unacked: resume, refill to high water
    expect(r.sentBytes()).toBe(1800);
    expect(peer.unacked).toBe(1000);
  });

  it('never has more than high water + one chunk unacknowledged, whatever the write sizes', () => {
    const r = recorder();
    const peer = new StreamPeer(1, r.transport, flow);
    let acked = 0;
    for (let i = 0; i < 200; i++) {
      peer.send(new Uint8Array(1 + ((i * 37) % 333)));
      if (i % 3 === 0) {
        const n = Math.min(peer.unacked, 170);
        if (n > 0) peer.receiveAck(n);
        acked += n;
      }
    }
    expect(acked).toBeGreaterThan(0);
    expect(peer.maxUnacked).toBeLessThanOrEqual(flow.highWater + flow.chunkBytes);
  });

  it('runs whenWritable callbacks once the queue drains', () => {
    const r = recorder();
    const peer = new StreamPeer(1, r.transport, flow);
    peer.send(new Uint8Array(1200));
    let called = 0;
    peer.whenWritable(() => called++);
    expect(called).toBe(0);
    peer.receiveAck(1000);
    expect(called).toBe(1);
    peer.whenWritable(() => called++);
    expect(called).toBe(2);
  });

  it('refuses to send after close with STREAM_CLOSED', () => {
    const r = recorder();
    const peer = new StreamPeer(4, r.transport, flow);
    peer.close('done');
    expect(r.closes).toEqual(['done']);
    expect(() => peer.send(new Uint8Array(1))).toThrowError(ApiError);
    try {
      peer.send(new Uint8Array(1));
    } catch (e) {
      expect((e as ApiError).code).toBe('STREAM_CLOSED');
    }
  });
});

describe('StreamPeer receiver', () => {
  it('keeps chunks that arrive before onData and delivers them in order', () => {
    const r = recorder();
    const peer = new StreamPeer(1, r.transport, flow);
    peer.receiveData(new Uint8Array([1]));
    peer.receiveData(new Uint8Array([2]));
    const got: number[] = [];
    peer.onData((c, ack) => {
      got.push(c[0]);
      ack();
    });
    expect(got).toEqual([1, 2]);
    expect(r.acks).toEqual([1, 1]);
  });

  it('acknowledges a chunk once, only when the consumer says so', () => {
    const r = recorder();
    const peer = new StreamPeer(1, r.transport, flow);
    const acks: (() => void)[] = [];
    peer.onData((_c, ack) => acks.push(ack));
    peer.receiveData(new Uint8Array(60));
    expect(r.acks).toEqual([]);
    expect(peer.unackedInbound).toBe(60);
    acks[0]();
    acks[0]();
    expect(r.acks).toEqual([60]);
    expect(peer.unackedInbound).toBe(0);
  });

  it('closes the stream when the other side ignores flow control', () => {
    const r = recorder();
    const peer = new StreamPeer(1, r.transport, flow);
    peer.onData(() => undefined); // never acks
    let ok = true;
    for (let i = 0; i < 20 && ok; i++) ok = peer.receiveData(new Uint8Array(100));
    expect(ok).toBe(false);
    expect(peer.isClosed).toBe(true);
    expect(r.closes[0]).toMatch(/flow control/);
  });

  it('reports a close from the other side once, to every listener', () => {
    const r = recorder();
    const peer = new StreamPeer(1, r.transport, flow);
    const seen: (string | undefined)[] = [];
    peer.onClose((x) => seen.push(x));
    peer.receiveClose('bye');
    peer.receiveClose('again');
    peer.onClose((x) => seen.push(`late ${x}`));
    expect(seen).toEqual(['bye', 'late bye']);
    expect(r.closes).toEqual([]);
  });
});
