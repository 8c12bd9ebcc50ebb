// Editing a host in browser mode, as an administrator would, on one simulated dom0 imported with
// its pinned key: from the hosts page's row menu, add tags and point it at a wrong port (it goes
// offline with the reason, the tags show at once); from the host page, put the right port back
// (online again, no re-adding). The edit form in Chinese, opened from the sidebar's context menu,
// is fully translated. Screenshots in English and Chinese go to test-results/e2e.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHosts, stopHosts, type HostInfo } from '../dom0-sim';
import { englishLeftovers, enMessages, visibleStrings, zhMessages } from './catalogue';
import { importSimHosts, openApp, startApp, type E2EApp } from './harness';

const en = (key: string) => enMessages.get(key) ?? key;
const zh = (key: string) => zhMessages.get(key) ?? key;

const simDir = mkdtempSync(join(tmpdir(), 'xendeck-e2e-edit-sim-'));
const dataDir = mkdtempSync(join(tmpdir(), 'xendeck-e2e-edit-data-'));
let h: HostInfo;
let app: E2EApp;

/** A local port nothing listens on (taken from the OS, then released). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  [h] = (await startHosts({ count: 1, dir: simDir })) as [HostInfo];
  importSimHosts(dataDir, simDir);
  app = await startApp({ locale: 'en-US', dataDir });
});

afterAll(async () => {
  await app?.stop();
  await stopHosts(simDir);
  rmSync(simDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

const entry = (name: string) => app.page.getByTestId(`host-entry-${name}`);
const row = (name: string) => app.page.getByTestId(`host-row-${name}`);
const field = (testid: string) => app.page.getByTestId(testid).locator('input');

describe('editing a host in browser mode', () => {
  it('from the row menu: tags and a wrong port are saved; the host goes offline with the reason and shows its tags', async () => {
    const { page } = app;
    await openApp(app, '#/hosts');
    await expect.poll(() => entry(h.name).getAttribute('data-state'), { timeout: 30_000 }).toBe('online');
    await page.getByTestId(`host-menu-${h.name}`).click();
    await page.locator('.n-dropdown-option', { hasText: en('editHost.menu') }).click();
    await page.getByTestId('edit-host-page').waitFor();
    // Prefilled from the host as listed; the secret field is empty and says it keeps the stored one.
    await expect.poll(() => field('host-port').inputValue()).toBe(String(h.port));
    expect(await field('host-address').inputValue()).toBe(h.address);
    expect(await field('host-key-file').inputValue()).toBe(h.identityFile);
    expect(await field('host-cfg-dir').inputValue()).toBe(h.cfgDir);
    expect(await field('host-fingerprint').inputValue()).toBe(h.hostKeyFingerprint);
    expect(await field('host-passphrase').inputValue()).toBe('');
    expect(await field('host-passphrase').getAttribute('placeholder')).toBe(en('editHost.keepPassphrase'));

    await app.screenshot('en-edit-host');
    const wrong = await closedPort();
    await field('host-tags').fill('lab, rack-2');
    await field('host-port').fill(String(wrong));
    await page.getByTestId('host-submit').click();

    await page.getByTestId('host-page').waitFor();
    await expect.poll(() => entry(h.name).getAttribute('data-state'), { timeout: 30_000 }).toBe('offline');
    await page.locator('.n-menu-item').first().click();
    await page.getByTestId('hosts-list').waitFor();
    expect(await row(h.name).innerText()).toContain(`:${wrong}`);
    expect(await page.getByTestId(`host-row-tags-${h.name}`).innerText()).toMatch(/lab\s*rack-2/);
    const reason = row(h.name).getByTestId('host-reason');
    await reason.waitFor({ timeout: 30_000 });
    expect(await reason.getAttribute('data-code')).toBe('HOST_UNREACHABLE');
    // The profile on disk has the new port; no password or passphrase field was written.
    const stored = JSON.parse(readFileSync(join(dataDir, 'hosts.json'), 'utf8')) as { hosts: { name: string; port: number; tags: string[] }[] };
    expect(stored.hosts.find((x) => x.name === h.name)).toMatchObject({ port: wrong, tags: ['lab', 'rack-2'] });
  });

  it('from the host page: the right port brings it back online, the tags kept', async () => {
    const { page } = app;
    await row(h.name).getByTestId(`host-open-${h.name}`).click();
    await page.getByTestId('host-page').waitFor();
    await page.getByTestId('host-edit').click();
    await page.getByTestId('edit-host-page').waitFor();
    await expect.poll(() => field('host-tags').inputValue()).toBe('lab, rack-2');
    await field('host-port').fill(String(h.port));
    await page.getByTestId('host-submit').click();
    await page.getByTestId('host-page').waitFor();
    await expect.poll(() => entry(h.name).getAttribute('data-state'), { timeout: 30_000 }).toBe('online');
    await expect.poll(() => page.getByTestId('host-state').innerText(), { timeout: 30_000 }).toBe(en('connection.online'));
    await page.locator('.n-menu-item').first().click();
    expect(await page.getByTestId(`host-row-tags-${h.name}`).innerText()).toMatch(/lab\s*rack-2/);
    await expect.poll(() => row(h.name).getByTestId('host-reason').count(), { timeout: 15_000 }).toBe(0);
    await page.mouse.move(900, 700);
    await app.screenshot('en-hosts-edited');
  });

  it('in Chinese, the edit form opened from the sidebar context menu is fully translated', async () => {
    const { page } = app;
    // The "saved" notice of the last edit, in English, is gone first.
    for (const close of await page.locator('.n-notification .n-base-close').all()) await close.click().catch(() => undefined);
    await expect.poll(() => page.locator('.n-notification').count(), { timeout: 15_000 }).toBe(0);
    await page.getByTestId('language-switcher').click();
    await page.locator('.n-base-select-option', { hasText: '简体中文' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await entry(h.name).click({ button: 'right' });
    await page.locator('.n-dropdown-option', { hasText: zh('editHost.menu') }).click();
    await page.getByTestId('edit-host-page').waitFor();
    await expect.poll(() => field('host-port').inputValue()).toBe(String(h.port));
    const texts = await visibleStrings(page);
    expect(englishLeftovers(texts)).toEqual([]);
    for (const key of ['editHost.submit', 'editHost.tags', 'editHost.saveDir']) expect(texts).toContain(zh(key));
    expect(await field('host-passphrase').getAttribute('placeholder')).toBe(zh('editHost.keepPassphrase'));
    await app.screenshot('zh-CN-edit-host');
    expect(app.cspViolations).toEqual([]);
    expect(app.consoleErrors).toEqual([]);
  });
});
