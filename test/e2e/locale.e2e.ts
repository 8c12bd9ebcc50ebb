// A user whose browser (or desktop) speaks Chinese gets the app in Chinese without choosing it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, startApp, type E2EApp } from './harness';
import { englishLeftovers, visibleStrings, zhMessages } from './catalogue';

let app: E2EApp;

beforeAll(async () => {
  app = await startApp({ locale: 'zh-CN' });
});

afterAll(async () => {
  await app?.stop();
});

describe('first start in a Chinese browser', () => {
  it('opens in 简体中文 when navigator.language is zh-CN and nothing was chosen yet', async () => {
    await openApp(app);
    const { page } = app;
    expect(await page.evaluate(() => [navigator.language, localStorage.getItem('xendeck.locale')])).toEqual(['zh-CN', null]);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    const texts = await visibleStrings(page);
    expect(texts).toContain(zhMessages.get('hosts.emptyTitle'));
    expect(texts).toContain(zhMessages.get('nav.hosts'));
    expect(englishLeftovers(texts)).toEqual([]);
  });

  it('ran without CSP violations or console errors (EH-2)', () => {
    expect(app.cspViolations).toEqual([]);
    expect(app.consoleErrors).toEqual([]);
  });
});
