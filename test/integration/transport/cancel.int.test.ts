// Cancelling a request in flight over the browser carrier (issue 5 §2, EH-1: every operation can
// be cancelled): a `cancel` frame aborts the handler's signal and is answered CANCELLED at once;
// other requests are unaffected; unknown ids are ignored; a client that goes away aborts its work.
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ApiError } from '../../../src-main/shared/api';
import type { Logger } from '../../../src-main/core/dispatch/dispatcher';
import { WebClient } from '../../../src-renderer/src/api/web-client';
import { newSeen, waitingDispatcher, type Seen } from '../../unit/transport/waiting-dispatcher';
import { RawClient, startTestServer, type TestServer } from './helpers';

let server: TestServer;
let seen: Seen;
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(): Promise<void> {
  seen = newSeen();
  const logs: string[] = [];
  const log: Logger = { error: (m) => logs.push(m), warn: (m) => logs.push(m) };
  server = await startTestServer({ dispatcher: waitingDispatcher(seen, log) });
  cleanups.push(() => server.stop());
}

async function rawClient(): Promise<RawClient> {
  const c = await RawClient.connect(server);
  cleanups.push(() => c.close());
  return c;
}

function until(pred: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const check = () => {
      if (pred()) resolve();
      else if (Date.now() > deadline) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(check, 20);
    };
    check();
  });
}

const replyTo = (c: RawClient, id: number) => c.until(() => c.frames.find((f) => f.t === 'res' && f.id === id), `the reply to ${id}`);

describe('browser mode: cancelling a request', () => {
  it('answers a cancelled request CANCELLED, aborts its handler and leaves the others alone', async () => {
    await setup();
    const c = await rawClient();
    c.sendJson({ t: 'req', id: 101, name: 'diagnostics.echo', input: { text: 'wait:a' } });
    c.sendJson({ t: 'req', id: 102, name: 'diagnostics.echo', input: { text: 'wait:b' } });
    await until(() => seen.started.has('a') && seen.started.has('b'), 'both handlers to start');

    c.sendJson({ t: 'cancel', id: 101 });
    const cancelled = await replyTo(c, 101);
    expect(cancelled).toMatchObject({
      t: 'res',
      reply: { ok: false, error: { code: 'CANCELLED', message: 'The request diagnostics.echo was cancelled.', hint: expect.stringMatching(/may still take effect/) } },
    });
    expect(seen.aborted.has('a')).toBe(true);
    expect(seen.aborted.has('b')).toBe(false);

    // The same connection keeps serving, and request 102 still finishes with its own result.
    expect(await c.request('diagnostics.echo', { text: 'plain' })).toMatchObject({ ok: true, result: { text: 'plain' } });
    seen.finish.get('b')?.();
    expect(await replyTo(c, 102)).toMatchObject({ reply: { ok: true, result: { text: 'finished b' } } });
    expect(seen.aborted.has('b')).toBe(false);

    // The aborted handler's late result never becomes a second reply to request 101.
    await new Promise((r) => setTimeout(r, 100));
    expect(c.frames.filter((f) => f.t === 'res' && f.id === 101)).toHaveLength(1);
  });

  it('ignores a cancel for an unknown or finished id: no reply, no error, the connection keeps serving', async () => {
    await setup();
    const c = await rawClient();
    expect((await c.request('app.info', {})).ok).toBe(true);
    const before = c.frames.length;
    // Request 1 (app.info) has finished; 999 was never sent.
    c.sendJson({ t: 'cancel', id: 1 });
    c.sendJson({ t: 'cancel', id: 999 });
    expect(await c.request('diagnostics.echo', { text: 'after' })).toMatchObject({ ok: true, result: { text: 'after' } });
    // Only the echo's reply arrived after the two cancels.
    expect(c.frames.slice(before)).toHaveLength(1);
  });

  it('refuses a malformed cancel frame with FRAME_INVALID', async () => {
    await setup();
    const c = await rawClient();
    c.sendJson({ t: 'cancel', id: 'one' });
    const f = await c.until(() => c.frames.find((x) => x.t === 'err'), 'the refusal');
    expect(f).toMatchObject({ t: 'err', error: { code: 'FRAME_INVALID' } });
  });

  it('aborts every request of a client that disconnects, and only those', async () => {
    await setup();
    const leaving = await rawClient();
    const staying = await rawClient();
    leaving.sendJson({ t: 'req', id: 101, name: 'diagnostics.echo', input: { text: 'wait:c' } });
    leaving.sendJson({ t: 'req', id: 102, name: 'diagnostics.echo', input: { text: 'wait:d' } });
    staying.sendJson({ t: 'req', id: 101, name: 'diagnostics.echo', input: { text: 'wait:e' } });
    await until(() => ['c', 'd', 'e'].every((k) => seen.started.has(k)), 'three handlers to start');
    leaving.close();
    await until(() => seen.aborted.has('c') && seen.aborted.has('d'), 'the leaving client’s handlers to see the abort');
    expect(seen.aborted.has('e')).toBe(false);
    seen.finish.get('e')?.();
    expect(await replyTo(staying, 101)).toMatchObject({ reply: { ok: true, result: { text: 'finished e' } } });
  });
});

/** ws's WebSocket speaks the browser API; a browser sends the page's Origin, so this one does too. */
function browserLikeWebSocket(origin: string): typeof globalThis.WebSocket {
  class OriginWebSocket extends WebSocket {
    constructor(url: string) {
      super(url, { origin });
    }
  }
  return OriginWebSocket as unknown as typeof globalThis.WebSocket;
}

describe('the browser-mode client: invoke with a signal', () => {
  async function webClient(): Promise<WebClient> {
    await setup();
    const client = new WebClient({ url: server.wsUrl(), WebSocketImpl: browserLikeWebSocket(server.origin), minDelayMs: 50, maxDelayMs: 200 });
    cleanups.push(() => client.dispose());
    await client.start();
    return client;
  }

  it('rejects with CANCELLED when the signal aborts, and the core handler sees it', async () => {
    const client = await webClient();
    const ac = new AbortController();
    const call = client.invoke('diagnostics.echo', { text: 'wait:f' }, { signal: ac.signal }).catch((e: unknown) => e);
    await until(() => seen.started.has('f'), 'the handler to start');
    ac.abort();
    const err = await call;
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'CANCELLED', message: 'The request diagnostics.echo was cancelled.' });
    expect(seen.aborted.has('f')).toBe(true);
    // A signal that never aborts changes nothing.
    expect(await client.invoke('diagnostics.echo', { text: 'fine' }, { signal: new AbortController().signal })).toMatchObject({ text: 'fine' });
  });

  it('rejects at once, sending nothing, when the signal is already aborted', async () => {
    const client = await webClient();
    const ac = new AbortController();
    ac.abort();
    const err = await client.invoke('diagnostics.echo', { text: 'wait:g' }, { signal: ac.signal }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CANCELLED' });
    // A round trip later the core has still not seen that request.
    await client.invoke('app.info', {});
    expect(seen.started.has('g')).toBe(false);
  });
});
