// The renderer's browser-mode client (src-renderer/src/api/web-client.ts) against the real
// server: replies, ApiError instances, events, streams, and reconnecting after the server restarts.
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ApiError, type ConnectionStatus } from '../../../src-main/shared/api';
import { WebClient } from '../../../src-renderer/src/api/web-client';
import { startTestServer, type TestServer } from './helpers';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
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

async function setup(): Promise<{ server: TestServer; client: WebClient }> {
  const server = await startTestServer();
  cleanups.push(() => server.stop());
  const client = new WebClient({ url: server.wsUrl(), WebSocketImpl: browserLikeWebSocket(server.origin), minDelayMs: 50, maxDelayMs: 200 });
  cleanups.push(() => client.dispose());
  await client.start();
  return { server, client };
}

function waitFor(pred: () => boolean, what: string, ms = 10_000): Promise<void> {
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

describe('the browser-mode client', () => {
  it('invokes requests and rejects with ApiError instances', async () => {
    const { client } = await setup();
    expect(client.status).toBe('connected');
    expect(await client.invoke('app.info', {})).toMatchObject({ carrier: 'web', version: '0.0.0-test' });
    const err = await client.invoke('diagnostics.echo', { text: 1 as unknown as string }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('INVALID_INPUT');
  });

  it('fails to start with UNAUTHORIZED when the token is wrong', async () => {
    const server = await startTestServer();
    cleanups.push(() => server.stop());
    const client = new WebClient({ url: server.wsUrl('wrong'), WebSocketImpl: browserLikeWebSocket(server.origin) });
    const err = await client.start().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('UNAUTHORIZED');
    expect(client.status).toBe('closed');
  });

  it('delivers events to `on` and stops after the returned unsubscribe', async () => {
    const { client } = await setup();
    const ticks: number[] = [];
    const off = client.on('diagnostics.ticks', (t) => ticks.push(t.n));
    await waitFor(() => ticks.length >= 1, 'a tick');
    off();
    expect(ticks[0]).toBe(1);
  });

  it('streams bytes both ways with flow control', async () => {
    const { client } = await setup();
    const s = await client.openStream('diagnostics.loopback', {});
    const total = 3 * 1024 * 1024;
    let received = 0;
    const done = new Promise<void>((resolve) => {
      s.onData((chunk, ack) => {
        received += chunk.byteLength;
        ack();
        if (received >= total) resolve();
      });
    });
    s.send(new Uint8Array(total).fill(7));
    await done;
    expect(received).toBe(total);
    s.close();
  });

  it('reconnects after the server restarts, shows the status, and resumes subscriptions', async () => {
    const { server, client } = await setup();
    const statuses: ConnectionStatus[] = [];
    client.onStatus((s) => statuses.push(s));
    const ticks: number[] = [];
    client.on('diagnostics.ticks', (t) => ticks.push(t.n));
    const s = await client.openStream('diagnostics.loopback', {});
    let closedReason: string | undefined;
    s.onClose((r) => (closedReason = r ?? 'closed'));

    await server.close();
    await waitFor(() => client.status === 'reconnecting', 'reconnecting');
    expect(closedReason).toMatch(/lost/);
    const meanwhile = await client.invoke('app.info', {}).catch((e: unknown) => e);
    expect((meanwhile as ApiError).code).toBe('DISCONNECTED');

    const again = await startTestServer({ port: server.port, token: server.token });
    cleanups.push(() => again.stop());
    await waitFor(() => client.status === 'connected', 'connected again');
    expect(statuses).toEqual(['reconnecting', 'connected']);
    expect((await client.invoke('app.info', {})).carrier).toBe('web');
    const before = ticks.length;
    await waitFor(() => ticks.length > before, 'a tick on the new connection');
  });
});
