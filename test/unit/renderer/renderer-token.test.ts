// Browser mode: the token is read from the page URL once and then kept out of the visible URL.
import { describe, expect, it } from 'vitest';
import { takeToken } from '@/api/token';
import { webSocketUrl } from '@/api/index';

function fakeWindow(href: string) {
  const store = new Map<string, string>();
  const w = {
    location: { href },
    history: {
      state: null,
      replaceState: (_s: unknown, _t: string, url: string) => {
        w.location.href = new URL(url, w.location.href).href;
      },
    },
    sessionStorage: {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    },
  };
  return w;
}

describe('the browser-mode token', () => {
  it('is taken from the URL, which then no longer shows it (other parameters and the route stay)', () => {
    const w = fakeWindow('http://127.0.0.1:4000/?e2e=1&token=s3cr3t-_x#/hosts');
    expect(takeToken(w as unknown as Window)).toBe('s3cr3t-_x');
    expect(w.location.href).toBe('http://127.0.0.1:4000/?e2e=1#/hosts');
    expect(w.location.href).not.toContain('s3cr3t');
  });

  it('survives a reload of the tab (kept in sessionStorage)', () => {
    const w = fakeWindow('http://127.0.0.1:4000/?token=abc');
    takeToken(w as unknown as Window);
    expect(w.location.href).toBe('http://127.0.0.1:4000/');
    expect(takeToken(w as unknown as Window)).toBe('abc');
  });

  it('is null when the page was opened without one', () => {
    expect(takeToken(fakeWindow('http://127.0.0.1:4000/#/hosts') as unknown as Window)).toBeNull();
  });

  it('goes into the WebSocket URL of the same host', () => {
    expect(webSocketUrl({ protocol: 'http:', host: '127.0.0.1:4000' }, 'a b+')).toBe('ws://127.0.0.1:4000/api?token=a%20b%2B');
  });
});
