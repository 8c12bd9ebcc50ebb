// An administrator's first host, in browser mode on a fresh data dir: one simulated dom0 with
// running guests is added through the form (key file and pinned fingerprint, ST-4), its guests
// are listed, one is paused and the table follows (inventory.changed), and the host page reads
// fully in Chinese. Screenshots in both languages go to test-results/e2e.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHosts, stopHosts, type HostInfo } from '../dom0-sim';
import { openApp, startApp, type E2EApp } from './harness';
import { englishLeftovers, enMessages, visibleStrings, zhMessages } from './catalogue';

const en = (key: string) => enMessages.get(key) ?? key;
const zh = (key: string) => zhMessages.get(key) ?? key;

const simDir = mkdtempSync(join(tmpdir(), 'xendeck-e2e-sim-'));
const dataDir = mkdtempSync(join(tmpdir(), 'xendeck-e2e-hosts-data-'));
const HOST = 'dom0-lab';
let h: HostInfo;
let app: E2EApp;
let paused = '';

beforeAll(async () => {
  [h] = (await startHosts({ count: 1, startGuests: true, dir: simDir })) as [HostInfo];
  app = await startApp({ locale: 'en-US', dataDir });
});

afterAll(async () => {
  await app?.stop();
  // stopHosts signals exactly the PIDs the simulator started under simDir.
  await stopHosts(simDir);
  rmSync(simDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

/** Waits until every notification has gone: they keep the language they were shown in. */
async function noNotifications(): Promise<void> {
  for (const close of await app.page.locator('.n-notification .n-base-close').all()) await close.click().catch(() => undefined);
  await expect.poll(() => app.page.locator('.n-notification').count(), { timeout: 15_000 }).toBe(0);
}

/** Adds the sim host again under another name, with the key file and optionally a pinned key. */
async function addThroughForm(name: string, fingerprint = ''): Promise<void> {
  const { page } = app;
  await page.getByTestId('add-host').click();
  await page.getByTestId('add-host-form').waitFor();
  const field = (id: string) => page.getByTestId(id).locator('input');
  await field('host-name').fill(name);
  await field('host-address').fill(h.address);
  await field('host-port').fill(String(h.port));
  await field('host-user').fill(h.user);
  await field('host-key-file').fill(h.identityFile);
  await field('host-fingerprint').fill(fingerprint);
  await field('host-cfg-dir').fill(h.cfgDir);
  await page.getByTestId('host-submit').click();
  await page.getByTestId('host-page').waitFor({ timeout: 30_000 });
}

describe('hosts in browser mode on a simulated dom0', () => {
  it('adds the host through the form with its key file and pinned fingerprint, and lists its guests', async () => {
    await openApp(app, '#/hosts/add');
    const { page } = app;
    const field = (id: string) => page.getByTestId(id).locator('input');
    await field('host-name').fill(HOST);
    await field('host-address').fill(h.address);
    await field('host-port').fill(String(h.port));
    await field('host-user').fill(h.user);
    await field('host-key-file').fill(h.identityFile);
    await field('host-fingerprint').fill(h.hostKeyFingerprint);
    await field('host-cfg-dir').fill(h.cfgDir);
    await app.screenshot('en-add-host-filled');
    await page.getByTestId('host-submit').click();

    await page.getByTestId('host-page').waitFor({ timeout: 30_000 });
    expect(new URL(page.url()).hash).toBe(`#/hosts/h/${HOST}`);
    const entry = page.getByTestId(`host-entry-${HOST}`);
    await expect.poll(() => entry.getAttribute('data-state'), { timeout: 30_000 }).toBe('online');
    expect(await page.getByTestId('hosts-tree').innerText()).toContain(HOST);

    // The sim's ready guests were created by startGuests: both are listed as running.
    const table = page.getByTestId('guests-table');
    await expect.poll(() => table.innerText(), { timeout: 30_000 }).toContain('win2003');
    expect(await table.innerText()).toContain('ExampleHVMDomain');
    for (const name of ['win2003', 'ExampleHVMDomain']) {
      await expect.poll(() => page.getByTestId(`state-${name}`).getAttribute('data-state')).toMatch(/^(running|blocked)$/);
    }
    const headers = await table.locator('th').allInnerTexts();
    for (const key of ['host.colName', 'host.colState', 'host.colDomid', 'host.colMemory', 'host.colVcpus']) expect(headers).toContain(en(key));
    expect(await page.getByTestId('host-state').innerText()).toBe(en('connection.online'));
  });

  it('pauses a running guest and the table shows it paused, with Resume offered (issue 5 §6)', async () => {
    const { page } = app;
    paused = 'win2003';
    await page.getByTestId(`action-pause-${paused}`).click();
    const state = page.getByTestId(`state-${paused}`);
    await expect.poll(() => state.getAttribute('data-state'), { timeout: 60_000 }).toBe('paused');
    expect(await state.innerText()).toBe(en('domainState.paused'));
    await page.getByTestId(`action-unpause-${paused}`).waitFor();
    expect(await page.getByTestId(`action-pause-${paused}`).count()).toBe(0);
    // the other guest is untouched
    expect(await page.getByTestId('state-ExampleHVMDomain').getAttribute('data-state')).toMatch(/^(running|blocked)$/);
    await noNotifications();
    await app.screenshot('en-host');
  });

  it('destroy asks first; cancelling leaves the guest as it was', async () => {
    const { page } = app;
    await page.getByTestId(`action-destroy-${paused}`).click();
    const dialog = page.locator('.n-dialog').filter({ hasText: en('actions.destroyBody') });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain(paused);
    await dialog.getByRole('button', { name: en('actions.cancel') }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.getByTestId(`state-${paused}`).getAttribute('data-state')).toBe('paused');
  });

  it('an unknown host key is asked about with host, key type and fingerprint; Trust once connects (ST-2)', async () => {
    const { page } = app;
    await addThroughForm('dom0-unpinned');
    const dialog = page.getByTestId('host-key-dialog');
    await dialog.waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('host-key-host').innerText()).toBe('dom0-unpinned');
    expect(await page.getByTestId('host-key-fingerprint').innerText()).toBe(h.hostKeyFingerprint);
    expect(await page.getByTestId('host-key-type').innerText()).toMatch(/^(ssh-|ecdsa-)/);
    for (const key of ['hostKey.once', 'hostKey.always', 'hostKey.refuse']) expect(await dialog.innerText()).toContain(en(key));
    await app.screenshot('en-host-key');
    await page.getByTestId('host-key-once').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('guests-table').innerText(), { timeout: 30_000 }).toContain('win2003');
    await expect.poll(() => page.getByTestId('host-entry-dom0-unpinned').getAttribute('data-state'), { timeout: 30_000 }).toBe('online');
    await noNotifications();
  });

  it('a host that shows another key than the pinned one is a clear HOST_KEY_CHANGED error, never a prompt', async () => {
    const { page } = app;
    await addThroughForm('dom0-wrong-pin', `SHA256:${'A'.repeat(43)}`);
    // inventory.get answers the host as offline with the reason: shown on the page, not as a question.
    const alert = page.getByTestId('host-offline');
    await expect.poll(() => alert.innerText().catch(() => ''), { timeout: 30_000 }).toContain(en('errors.codes.HOST_KEY_CHANGED'));
    expect(await alert.innerText()).toContain(h.hostKeyFingerprint);
    expect(await page.getByTestId('host-key-dialog').count()).toBe(0);
    await expect.poll(() => page.getByTestId('host-entry-dom0-wrong-pin').getAttribute('data-state')).not.toBe('online');
    await app.screenshot('en-host-key-changed');
    await noNotifications();
    await page.getByTestId(`host-entry-${HOST}`).click();
    await page.getByTestId(`state-${paused}`).waitFor();
  });

  it('in Chinese every visible string of the host page and the add-host form is translated', async () => {
    const { page } = app;
    await page.getByTestId('language-switcher').click();
    await page.locator('.n-base-select-option', { hasText: '简体中文' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    if (!page.url().endsWith(`#/hosts/h/${HOST}`)) await page.getByTestId(`host-entry-${HOST}`).click();
    await expect.poll(() => page.getByTestId(`state-${paused}`).innerText()).toBe(zh('domainState.paused'));
    const texts = await visibleStrings(page);
    expect(englishLeftovers(texts)).toEqual([]);
    for (const key of ['host.guests', 'host.colName', 'host.colState', 'host.colMemory', 'connection.online', 'actions.unpause', 'actions.destroy']) {
      expect(texts).toContain(zh(key));
    }
    await app.screenshot('zh-CN-host');

    await page.getByTestId('add-host').click();
    await page.getByTestId('add-host-form').waitFor();
    const formTexts = await visibleStrings(page);
    expect(englishLeftovers(formTexts)).toEqual([]);
    expect(formTexts).toContain(zh('addHost.fingerprint'));
    await page.mouse.move(700, 20); // away from the Add host button, so its tooltip does not cover the form
    await page.locator('.n-tooltip').waitFor({ state: 'detached' }).catch(() => undefined);
    await app.screenshot('zh-CN-add-host');
  });

  it('ran without CSP violations or console errors (EH-2)', () => {
    expect(app.cspViolations).toEqual([]);
    expect(app.consoleErrors).toEqual([]);
  });
});
