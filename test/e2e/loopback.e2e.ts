// diagnostics.loopback from inside the page, through the app's own contract client: 10 MB out
// through the stream and back with flow control (the carrier's acks plus the client's window),
// every byte checked by SHA-256 on both sides.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, startApp, type E2EApp } from './harness';
import { enMessages } from './catalogue';

// The shape of the renderer's `?e2e=1` hook (src-renderer/src/e2e-hook.ts).
interface LoopbackResult {
  total: number;
  sent: number;
  received: number;
  seconds: number;
  mbPerSecond: number;
  sentSha256: string;
  receivedSha256: string;
  match: boolean;
}
declare global {
  interface Window {
    __xendeckE2E?: { loopback(totalBytes: number): Promise<LoopbackResult> };
  }
}

let app: E2EApp;

beforeAll(async () => {
  app = await startApp();
});

afterAll(async () => {
  await app?.stop();
});

describe('diagnostics.loopback in the browser', () => {
  it('round-trips 10 MB through the stream, byte for byte', async () => {
    await openApp(app);
    const total = 10 * 1024 * 1024;
    const result = await app.page.evaluate(async (n) => {
      const hook = window.__xendeckE2E;
      if (!hook) throw new Error('the ?e2e=1 test hook is not installed');
      return hook.loopback(n);
    }, total);
    expect(result.total).toBe(total);
    expect(result.sent).toBe(total);
    expect(result.received).toBe(total);
    expect(result.receivedSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(result.receivedSha256).toBe(result.sentSha256);
    expect(result.match).toBe(true);
    console.log(`loopback: ${total} bytes in ${result.seconds.toFixed(2)} s, ${result.mbPerSecond.toFixed(1)} MB/s`);
  });

  it('ran without CSP violations or console errors (EH-2)', () => {
    expect(app.cspViolations).toEqual([]);
    expect(app.consoleErrors).toEqual([]);
  });

  it('the top bar shows the lost connection when the core goes away', async () => {
    if (!app.page.url().startsWith('http')) await openApp(app);
    const status = app.page.getByTestId('carrier-status');
    expect(await status.getAttribute('data-status')).toBe('connected');
    await app.stopServer();
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 15_000 }).toBe('reconnecting');
    expect(await status.innerText()).toContain(enMessages.get('carrier.reconnecting'));
    await app.screenshot('en-connection-lost');
  });
});
