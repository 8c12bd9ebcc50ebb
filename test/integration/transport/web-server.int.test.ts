// Browser mode under plain Node: the real server, the real dispatcher, a raw `ws` client.
// Every bad input gets a typed error or a closed connection, and the server keeps serving others.
import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeStreamData, MAX_FRAME_BYTES, STREAM_CHUNK_BYTES, STREAM_HIGH_WATER } from '../../../src-main/shared/api/wire';
import { RawClient, startTestServer, upgradeStatus, type TestServer } from './helpers';

let server: TestServer;
const clients: RawClient[] = [];

async function client(): Promise<RawClient> {
  const c = await RawClient.connect(server);
  clients.push(c);
  return c;
}

/** The server still serves a fresh client after whatever the test did. */
async function expectServerAlive(): Promise<void> {
  const c = await client();
  expect((await c.request('app.info', {})).ok).toBe(true);
}

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server.stop();
});

function httpGet(path: string, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: server.port, path, method }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('browser mode: requests and events', () => {
  it('answers app.info and diagnostics.echo with reply envelopes', async () => {
    const c = await client();
    expect(await c.request('app.info', {})).toEqual({ ok: true, result: { name: 'XenDeck', version: '0.0.0-test', platform: process.platform, carrier: 'web' } });
    const echo = await c.request('diagnostics.echo', { text: 'grüß 你好' });
    expect(echo.ok && (echo.result as { text: string }).text).toBe('grüß 你好');
  });

  it('answers INVALID_INPUT and UNKNOWN_NAME with readable sentences', async () => {
    const c = await client();
    const bad = await c.request('diagnostics.echo', { text: 42 });
    expect(!bad.ok && bad.error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/diagnostics\.echo.*text/) });
    const unknown = await c.request('hosts.format', {});
    expect(!unknown.ok && unknown.error).toMatchObject({ code: 'UNKNOWN_NAME', message: 'There is no request named "hosts.format".' });
  });

  it('delivers diagnostics.ticks while subscribed and stops after unsub', async () => {
    const c = await client();
    c.sendJson({ t: 'sub', id: 50, name: 'diagnostics.ticks' });
    const ticks = () => c.frames.filter((f) => f.t === 'evt' && f.id === 50);
    await c.until(() => ticks().length >= 2, 'two ticks');
    expect(ticks().map((f) => f.t === 'evt' && (f.payload as { n: number }).n)).toEqual([1, 2]);
    c.sendJson({ t: 'unsub', id: 50 });
    const seen = ticks().length;
    // After the unsub, an echo round trip and one tick period later nothing more arrives.
    await c.request('diagnostics.echo', { text: 'fence' });
    await new Promise((r) => setTimeout(r, 1200));
    expect(ticks().length).toBeLessThanOrEqual(seen + 1);
    const after = ticks().length;
    await new Promise((r) => setTimeout(r, 1200));
    expect(ticks().length).toBe(after);
  });

  it('refuses to subscribe to an unknown event with UNKNOWN_NAME', async () => {
    const c = await client();
    c.sendJson({ t: 'sub', id: 9, name: 'hosts.exploded' });
    const f = await c.until(() => c.frames.find((x) => x.t === 'res' && x.id === 9), 'the refusal');
    expect(f.t === 'res' && !f.reply.ok && f.reply.error.code).toBe('UNKNOWN_NAME');
  });
});

describe('browser mode: streams with flow control', () => {
  it('loops 10 MB back intact, and the server pauses at the high-water mark until the client acks', async () => {
    const c = await client();
    const sid = await c.open('diagnostics.loopback', {});
    const total = 10 * 1024 * 1024;
    const payload = randomBytes(total);
    let sent = 0;
    let serverAckedOfOurs = 0;
    let received = 0;
    let acked = 0;
    let maxServerUnacked = 0;
    let acking = false;
    const echoed: Buffer[] = [];

    c.ws.on('message', (data, isBinary) => {
      if (!isBinary) {
        const f = JSON.parse(String(data)) as { t: string; sid?: number; n?: number };
        if (f.t === 'ack' && f.sid === sid) {
          serverAckedOfOurs += f.n as number;
          pump();
        }
        return;
      }
      const chunk = (data as Buffer).subarray(5);
      echoed.push(Buffer.from(chunk));
      received += chunk.byteLength;
      maxServerUnacked = Math.max(maxServerUnacked, received - acked);
      if (acking) ackAll();
    });
    const ackAll = () => {
      if (received > acked) {
        c.sendJson({ t: 'ack', sid, n: received - acked });
        acked = received;
      }
    };
    // Our own sender obeys the server's acks the same way (at most high water + a chunk in flight).
    const pump = () => {
      while (sent < total && sent - serverAckedOfOurs < STREAM_HIGH_WATER) {
        const end = Math.min(total, sent + STREAM_CHUNK_BYTES);
        c.ws.send(encodeStreamData(sid, payload.subarray(sent, end)));
        sent = end;
      }
    };
    pump();

    // Phase 1: we do not ack. The server must stop at its high-water mark (+ at most one chunk).
    await c.until(() => received >= STREAM_HIGH_WATER, 'the first megabyte of echo');
    await new Promise((r) => setTimeout(r, 500));
    expect(received).toBeLessThanOrEqual(STREAM_HIGH_WATER + STREAM_CHUNK_BYTES);
    expect(sent).toBeLessThan(total);

    // Phase 2: ack as we consume; everything arrives, in order, unchanged.
    acking = true;
    ackAll();
    await c.until(() => received >= total, 'all 10 MB back', 60_000);
    expect(received).toBe(total);
    expect(maxServerUnacked).toBeLessThanOrEqual(STREAM_HIGH_WATER + STREAM_CHUNK_BYTES);
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    expect(sha(Buffer.concat(echoed))).toBe(sha(payload));
  });

  it('closes a stream whose client ignores flow control, and keeps serving', async () => {
    const c = await client();
    const sid = await c.open('diagnostics.loopback', {});
    // Never reading acks: 3 MiB in 64 KiB frames is far beyond high water + one chunk.
    for (let i = 0; i < 48; i++) c.ws.send(encodeStreamData(sid, new Uint8Array(STREAM_CHUNK_BYTES)));
    const f = await c.until(() => c.frames.find((x) => x.t === 'close' && x.sid === sid), 'the stream to be closed');
    expect(f.t === 'close' && f.reason).toMatch(/flow control/);
    expect((await c.request('app.info', {})).ok).toBe(true);
  });
});

describe('browser mode: bad input never crashes the server', () => {
  it('answers a malformed frame with FRAME_INVALID and keeps the connection', async () => {
    const c = await client();
    c.ws.send('{this is not json');
    c.sendJson({ t: 'req', id: 77, name: 'app.info' }); // no input
    c.sendJson({ t: 'launch', id: 78 });
    await c.until(() => c.frames.filter((f) => f.t === 'err').length >= 3, 'three FRAME_INVALID errors');
    const errs = c.frames.filter((f) => f.t === 'err');
    expect(errs.every((f) => f.t === 'err' && f.error.code === 'FRAME_INVALID')).toBe(true);
    expect(errs.map((f) => f.t === 'err' && f.id)).toEqual([undefined, 77, 78]);
    expect((await c.request('app.info', {})).ok).toBe(true);
  });

  it('answers an oversize frame with FRAME_TOO_LARGE and closes that connection only', async () => {
    const c = await client();
    c.ws.send('x'.repeat(MAX_FRAME_BYTES + 1));
    expect(await c.waitClosed()).toBe(1009);
    expect(c.frames.some((f) => f.t === 'err' && f.error.code === 'FRAME_TOO_LARGE')).toBe(true);
    await expectServerAlive();
  });

  it('cuts off a frame far beyond the limit without buffering it (close 1009)', async () => {
    const c = await client();
    c.ws.send(Buffer.alloc(MAX_FRAME_BYTES * 2 + 1024));
    expect(await c.waitClosed()).toBe(1009);
    await expectServerAlive();
  });

  it('answers bytes or acks for an unknown stream id with STREAM_NOT_FOUND', async () => {
    const c = await client();
    c.ws.send(encodeStreamData(4242, new Uint8Array([1, 2, 3])));
    c.sendJson({ t: 'ack', sid: 4243, n: 10 });
    c.sendJson({ t: 'close', sid: 4244 });
    await c.until(() => c.frames.filter((f) => f.t === 'err').length >= 3, 'three errors');
    const errs = c.frames.filter((f) => f.t === 'err');
    expect(errs.map((f) => f.t === 'err' && [f.error.code, f.sid])).toEqual([
      ['STREAM_NOT_FOUND', 4242],
      ['STREAM_NOT_FOUND', 4243],
      ['STREAM_NOT_FOUND', 4244],
    ]);
    c.ws.send(Buffer.from([7, 0, 0, 0, 1]));
    await c.until(() => c.frames.some((f) => f.t === 'err' && f.error.code === 'FRAME_INVALID'), 'FRAME_INVALID for a bad tag');
    expect((await c.request('app.info', {})).ok).toBe(true);
  });

  it('rate-limits a request flood and keeps serving other clients', async () => {
    const flood = await client();
    const calm = await client();
    const n = 2000;
    for (let i = 0; i < n; i++) flood.sendJson({ t: 'req', id: 1000 + i, name: 'diagnostics.echo', input: { text: 'x' } });
    await flood.until(() => flood.closeCode !== null || flood.frames.filter((f) => f.t === 'res').length >= n, 'the flood to be answered or cut off');
    const limited = flood.frames.filter((f) => f.t === 'res' && !f.reply.ok && f.reply.error.code === 'RATE_LIMITED').length;
    const served = flood.frames.filter((f) => f.t === 'res' && f.reply.ok).length;
    expect(limited > 0 || flood.closeCode === 1008).toBe(true);
    expect(served).toBeLessThan(n);
    expect((await calm.request('app.info', {})).ok).toBe(true);
    await expectServerAlive();
  });

  it('closes a connection that keeps sending bad frames (1008)', async () => {
    const c = await client();
    for (let i = 0; i < 500; i++) c.ws.send('nope');
    expect(await c.waitClosed()).toBe(1008);
    await expectServerAlive();
  });
});

describe('browser mode: who may connect', () => {
  it('accepts the right token from the page origin', async () => {
    expect(await upgradeStatus(server.wsUrl(), { origin: server.origin })).toBe(101);
  });

  it.each<[string, () => [string, { origin?: string; host?: string }], number]>([
    ['a missing token', () => [server.wsUrl(null), { origin: server.origin }], 401],
    ['a wrong token', () => [server.wsUrl('A'.repeat(43)), { origin: server.origin }], 401],
    ['a token that is a prefix of the right one', () => [server.wsUrl(server.token.slice(0, 10)), { origin: server.origin }], 401],
    ['a foreign Origin', () => [server.wsUrl(), { origin: 'https://evil.example' }], 403],
    ['another local port as Origin', () => [server.wsUrl(), { origin: `http://127.0.0.1:${server.port + 1}` }], 403],
    ['no Origin at all', () => [server.wsUrl(), {}], 403],
    ['a rebound Host name', () => [server.wsUrl(), { origin: server.origin, host: `evil.example:${server.port}` }], 403],
    ['another path', () => [server.wsUrl().replace('/api', '/apix'), { origin: server.origin }], 404],
  ])('refuses %s', async (_what, make, status) => {
    const [url, headers] = make();
    expect(await upgradeStatus(url, headers)).toBe(status);
    expect(server.logs).toContainEqual(expect.stringContaining(`refused a WebSocket (${status})`));
  });

  it('listens on 127.0.0.1 only', async () => {
    const refused = await new Promise<string>((resolve) => {
      const s = connect({ host: '127.0.0.2', port: server.port });
      s.once('connect', () => {
        s.destroy();
        resolve('connected');
      });
      s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('browser mode: the page', () => {
  it('is served with the strict CSP header (EH-2), including frame-ancestors', async () => {
    const r = await httpGet('/');
    expect(r.status).toBe(200);
    expect(r.body).toContain('XenDeck test');
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${server.port}`);
    expect(csp).not.toContain('unsafe-eval');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves files of the renderer directory and nothing outside it', async () => {
    expect((await httpGet('/app.js')).status).toBe(200);
    expect((await httpGet('/missing.js')).status).toBe(404);
    expect((await httpGet('/hosts')).body).toContain('XenDeck test');
    for (const p of ['/../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd']) {
      const r = await httpGet(p);
      expect(r.body).not.toMatch(/root:|"name"/);
    }
    expect((await httpGet('/', 'POST')).status).toBe(405);
  });
});
