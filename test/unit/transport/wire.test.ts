// The wire protocol of browser mode: binary stream frames and text frame validation.
import { describe, expect, it } from 'vitest';
import { decodeStreamData, encodeStreamData, parseClientFrame, parseServerFrame } from '../../../src-main/shared/api/wire';

describe('binary stream frames', () => {
  it('carry the stream id and the payload unchanged', () => {
    const payload = new Uint8Array([0, 1, 2, 255, 254]);
    const frame = encodeStreamData(0xfedcba98, payload);
    expect(frame[0]).toBe(1);
    const d = decodeStreamData(frame);
    expect(d).toEqual({ ok: true, sid: 0xfedcba98, payload });
  });

  it('decode from a view into a larger buffer (as ws delivers them)', () => {
    const frame = encodeStreamData(7, new Uint8Array([9, 8, 7]));
    const big = new Uint8Array(frame.byteLength + 10);
    big.set(frame, 10);
    const d = decodeStreamData(big.subarray(10));
    expect(d.ok && d.sid).toBe(7);
    expect(d.ok && [...d.payload]).toEqual([9, 8, 7]);
  });

  it.each([
    ['too short for the header', new Uint8Array([1, 0, 0])],
    ['an unknown tag', new Uint8Array([9, 0, 0, 0, 1, 5])],
    ['stream id 0', new Uint8Array([1, 0, 0, 0, 0, 5])],
  ])('are refused when %s', (_what, bytes) => {
    expect(decodeStreamData(bytes).ok).toBe(false);
  });
});

describe('client text frames', () => {
  it('accept every frame kind of the protocol', () => {
    for (const f of [
      { t: 'req', id: 1, name: 'app.info', input: {} },
      { t: 'sub', id: 2, name: 'diagnostics.ticks' },
      { t: 'unsub', id: 2 },
      { t: 'open', id: 3, name: 'diagnostics.loopback', args: {} },
      { t: 'ack', sid: 1, n: 65536 },
      { t: 'close', sid: 1 },
    ]) {
      expect(parseClientFrame(JSON.stringify(f))).toEqual({ ok: true, frame: f });
    }
  });

  it('refuse non-JSON with a readable reason', () => {
    expect(parseClientFrame('{nope')).toEqual({ ok: false, reason: 'the frame is not JSON' });
  });

  it('refuse unknown kinds, extra keys and bad ids, keeping the id for the reply when there is one', () => {
    const r1 = parseClientFrame(JSON.stringify({ t: 'exec', id: 4 }));
    expect(r1.ok).toBe(false);
    expect(!r1.ok && r1.id).toBe(4);
    expect(parseClientFrame(JSON.stringify({ t: 'req', id: 1, name: 'app.info', input: {}, extra: 1 })).ok).toBe(false);
    expect(parseClientFrame(JSON.stringify({ t: 'req', id: -1, name: 'app.info', input: {} })).ok).toBe(false);
    expect(parseClientFrame(JSON.stringify({ t: 'ack', sid: 1, n: 0 })).ok).toBe(false);
    const r2 = parseClientFrame(JSON.stringify({ t: 'req', id: 5, name: 3, input: {} }));
    expect(!r2.ok && r2.reason).toMatch(/name/);
  });
});

describe('server text frames', () => {
  it('parse replies, events and stream control; anything else is null', () => {
    expect(parseServerFrame(JSON.stringify({ t: 'res', id: 1, reply: { ok: true, result: 5 } }))).toEqual({ t: 'res', id: 1, reply: { ok: true, result: 5 } });
    expect(parseServerFrame(JSON.stringify({ t: 'opened', id: 1, sid: 3 }))).toEqual({ t: 'opened', id: 1, sid: 3 });
    expect(parseServerFrame('x')).toBeNull();
    expect(parseServerFrame(JSON.stringify({ t: 'res', id: 1 }))).toBeNull();
  });
});
