// A raw protocol client for the browser-mode server (the `ws` package under plain Node), and a
// server started on a free port with a throwaway renderer directory.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { ServerFrame } from '../../../src-main/shared/api/wire';
import { createDispatcher } from '../../../src-main/core/dispatch/create-dispatcher';
import { createServices } from '../../../src-main/core/dispatch/services';
import type { Logger } from '../../../src-main/core/dispatch/dispatcher';
import { startWebServer, type WebServer, type WebServerOptions } from '../../../src-main/transport/web-server';

export interface TestServer extends WebServer {
  logs: string[];
  rendererDir: string;
  origin: string;
  wsUrl(token?: string | null): string;
  stop(): Promise<void>;
}

export async function startTestServer(extra: Partial<WebServerOptions> = {}): Promise<TestServer> {
  const rendererDir = mkdtempSync(join(tmpdir(), 'xendeck-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>XenDeck test</title>');
  writeFileSync(join(rendererDir, 'app.js'), 'console.log(1)');
  const logs: string[] = [];
  const log: Logger = { error: (m, e) => logs.push(`error ${m} ${e instanceof Error ? e.message : ''}`), warn: (m) => logs.push(`warn ${m}`) };
  const dispatcher = createDispatcher(createServices({ name: 'XenDeck', version: '0.0.0-test' }), log);
  const server = await startWebServer({ host: '127.0.0.1', port: 0, rendererDir, dispatcher, ...extra });
  const origin = `http://127.0.0.1:${server.port}`;
  return {
    ...server,
    logs,
    rendererDir,
    origin,
    wsUrl: (token = server.token) => `ws://127.0.0.1:${server.port}/api${token === null ? '' : `?token=${encodeURIComponent(token)}`}`,
    async stop() {
      await server.close();
      rmSync(rendererDir, { recursive: true, force: true });
    },
  };
}

export class RawClient {
  readonly ws: WebSocket;
  readonly frames: ServerFrame[] = [];
  readonly binary: Buffer[] = [];
  closeCode: number | null = null;
  closeReason = '';
  private waiters: (() => void)[] = [];
  private nextId = 1;

  constructor(url: string, origin: string | undefined) {
    this.ws = new WebSocket(url, origin === undefined ? {} : { origin });
    this.ws.on('message', (data, isBinary) => {
      if (isBinary) this.binary.push(data as Buffer);
      else this.frames.push(JSON.parse(String(data)) as ServerFrame);
      this.wake();
    });
    this.ws.on('close', (code, reason) => {
      this.closeCode = code;
      this.closeReason = reason.toString();
      this.wake();
    });
    this.ws.on('error', () => this.wake());
  }

  static async connect(server: TestServer): Promise<RawClient> {
    const c = new RawClient(server.wsUrl(), server.origin);
    await new Promise<void>((resolve, reject) => {
      c.ws.once('open', () => resolve());
      c.ws.once('unexpected-response', (_req, res) => reject(new Error(`refused with ${res.statusCode}`)));
      c.ws.once('error', reject);
    });
    return c;
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves when `pred` holds (checked on every message and close); fails after `ms`. */
  async until<T>(pred: () => T | undefined | false | null, what: string, ms = 10_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = pred();
      if (v) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; frames: ${JSON.stringify(this.frames.slice(-5))}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
  }

  sendJson(frame: unknown): void {
    this.ws.send(JSON.stringify(frame));
  }

  async request(name: string, input: unknown): Promise<Extract<ServerFrame, { t: 'res' }>['reply']> {
    const id = this.nextId++;
    this.sendJson({ t: 'req', id, name, input });
    const f = await this.until(() => this.frames.find((x): x is Extract<ServerFrame, { t: 'res' }> => x.t === 'res' && x.id === id), `the reply to ${name}`);
    return f.reply;
  }

  async open(name: string, args: unknown): Promise<number> {
    const id = this.nextId++;
    this.sendJson({ t: 'open', id, name, args });
    const f = await this.until(() => this.frames.find((x) => (x.t === 'opened' || x.t === 'res') && x.id === id), `the open of ${name}`);
    if (f.t !== 'opened') throw new Error(`open refused: ${JSON.stringify(f)}`);
    return f.sid;
  }

  waitClosed(): Promise<number> {
    return this.until(() => this.closeCode, 'the socket to close');
  }

  close(): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
  }
}

/** Tries a WebSocket upgrade; resolves with the HTTP status of a refusal, or 101 if it opened. */
export function upgradeStatus(url: string, headers: { origin?: string; host?: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { ...(headers.origin ? { origin: headers.origin } : {}), ...(headers.host ? { headers: { host: headers.host } } : {}) });
    ws.once('open', () => {
      ws.terminate();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.once('error', (e) => {
      if (!String(e.message).includes('Unexpected server response')) reject(e);
    });
  });
}
