// EH-2: the UI is served from the app bundle under app://xendeck, by a protocol handler that
// attaches the strict CSP as a response header (frame-ancestors only works there).
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { contentSecurityPolicy } from '../csp';

export const APP_SCHEME = 'app';
export const APP_HOST = 'xendeck';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

/** Maps an app:// URL to a file under `root`, or null if it points anywhere else. Pure. */
export function resolveAppPath(rawUrl: string, root: string): string | null {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const base = resolve(root);
  const file = resolve(join(base, normalize(pathname === '/' ? '/index.html' : pathname)));
  return file.startsWith(base + sep) ? file : null;
}

/** The handler for protocol.handle(APP_SCHEME, …). */
export function createAppProtocolHandler(rendererDir: string) {
  const csp = contentSecurityPolicy();
  return async (request: { url: string }): Promise<Response> => {
    const file = resolveAppPath(request.url, rendererDir);
    const headers = { 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff' };
    if (!file) return new Response('Not found', { status: 404, headers });
    try {
      const body = await readFile(file);
      return new Response(body, { status: 200, headers: { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' } });
    } catch {
      return new Response('Not found', { status: 404, headers });
    }
  };
}
