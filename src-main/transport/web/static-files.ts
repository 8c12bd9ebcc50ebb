// Serves the built renderer (out/renderer) read-only, with the strict CSP as a header (EH-2).
// Only GET and HEAD; no directory listings; nothing outside the renderer directory.
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
  };
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer, head: boolean): void {
  res.writeHead(status, { ...headers, 'Content-Length': String(Buffer.byteLength(body)) });
  res.end(head ? undefined : body);
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

export function createStaticHandler(rendererDir: string, csp: () => string) {
  const root = resolve(rendererDir);
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const headers = securityHeaders(csp());
    const head = req.method === 'HEAD';
    if (req.method !== 'GET' && !head) {
      send(res, 405, { ...headers, Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }, 'Method not allowed\n', head);
      return;
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      send(res, 400, { ...headers, 'Content-Type': 'text/plain' }, 'Bad request\n', head);
      return;
    }
    if (pathname.includes('\0')) {
      send(res, 400, { ...headers, 'Content-Type': 'text/plain' }, 'Bad request\n', head);
      return;
    }
    let file = resolve(join(root, normalize(pathname)));
    if (file !== root && !file.startsWith(root + sep)) {
      send(res, 404, { ...headers, 'Content-Type': 'text/plain' }, 'Not found\n', head);
      return;
    }
    if (file === root || (!(await isFile(file)) && extname(file) === '')) file = join(root, 'index.html');
    if (!(await isFile(file))) {
      send(res, 404, { ...headers, 'Content-Type': 'text/plain' }, 'Not found\n', head);
      return;
    }
    const body = await readFile(file);
    const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    const cache = extname(file) === '.html' ? 'no-store' : 'no-cache';
    send(res, 200, { ...headers, 'Content-Type': type, 'Cache-Control': cache }, body, head);
  };
}
