// Browser mode: a small HTTP server on loopback that serves the built renderer and speaks the
// contract over one WebSocket at /api. It demands a random token and the page's own Origin, so
// neither another local user's browser tab nor a DNS-rebinding page can reach the core.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Dispatcher } from '../core/dispatch/dispatcher';
import { contentSecurityPolicy } from './csp';
import { CLOSE_GOING_AWAY, DEFAULT_LIMITS, serveConnection, type ConnectionLimits } from './web/connection';
import { createStaticHandler } from './web/static-files';

export interface WebServerOptions {
  /** Loopback only; anything else is refused. */
  host?: '127.0.0.1';
  /** 0 picks a free port. */
  port?: number;
  rendererDir: string;
  dispatcher: Dispatcher;
  /** Given by tests; otherwise 32 random bytes. */
  token?: string;
  limits?: Partial<ConnectionLimits>;
}

export interface WebServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export const API_PATH = '/api';

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** Constant-time comparison of the offered token with ours. */
export function tokenMatches(offered: string | null, token: string): boolean {
  if (offered === null) return false;
  return timingSafeEqual(digest(offered), digest(token));
}

function refuseUpgrade(socket: Socket, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${text.length + 1}\r\n\r\n${text}\n`);
}

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const host = opts.host ?? '127.0.0.1';
  if (host !== '127.0.0.1') throw new Error('browser mode binds 127.0.0.1 only');
  opts.dispatcher.assertComplete();
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const limits: ConnectionLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  let port = 0;
  const origin = () => `http://${host}:${port}`;
  const csp = () => contentSecurityPolicy({ connectSrc: [`ws://${host}:${port}`] });

  const staticHandler = createStaticHandler(opts.rendererDir, csp);
  const server = createServer((req, res) => {
    staticHandler(req, res).catch((e: unknown) => {
      opts.dispatcher.log.error('serving a file failed', e);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('Internal error\n');
    });
  });
  // A frame up to twice the limit reaches serveConnection, which answers FRAME_TOO_LARGE before
  // closing; anything bigger is cut off by ws itself (close code 1009) without being buffered.
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxFrameBytes * 2, perMessageDeflate: false });
  let clientCount = 0;

  const authorize = (req: IncomingMessage): { status: number; text: string } | null => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== API_PATH) return { status: 404, text: 'Not Found' };
    const hostHeader = req.headers.host ?? '';
    if (hostHeader !== `${host}:${port}` && hostHeader !== `localhost:${port}`) return { status: 403, text: 'Forbidden' };
    if (req.headers.origin !== origin() && req.headers.origin !== `http://localhost:${port}`) return { status: 403, text: 'Forbidden' };
    if (!tokenMatches(url.searchParams.get('token'), token)) return { status: 401, text: 'Unauthorized' };
    return null;
  };

  server.on('upgrade', (req, socket: Socket, head) => {
    const refusal = authorize(req);
    if (refusal) {
      opts.dispatcher.log.warn(`refused a WebSocket (${refusal.status}) from origin ${String(req.headers.origin).slice(0, 100)}`);
      refuseUpgrade(socket, refusal.status, refusal.text);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      clientCount += 1;
      serveConnection(ws, opts.dispatcher, { carrier: 'web', client: `web#${clientCount}` }, limits);
    });
  });
  server.on('clientError', (_e, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | null = null;
  return {
    url: `${origin()}/?token=${encodeURIComponent(token)}`,
    port,
    token,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.close(CLOSE_GOING_AWAY, 'server shutting down');
        wss.close();
        server.close(() => resolve());
        // Keep-alive HTTP connections and lingering sockets must not hold the shutdown.
        server.closeAllConnections();
        setTimeout(() => {
          for (const ws of wss.clients) ws.terminate();
        }, 1000).unref();
      });
      return closing;
    },
  };
}
