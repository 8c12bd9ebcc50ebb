// Managing hosts in browser mode on two simulated dom0s, as an administrator would: import them
// from the simulator's ssh_config (pasted, then picked as a file), trust one key always and refuse
// the other (offline with the reason, no prompt loop, Retry asks again), watch a host go offline
// after a read and come back (RS-10: "last seen", nothing claims to be live), remove a host, and
// restart the app on the same data dir: the host trusted always connects with no question (ST-2).
// Screenshots in English and Chinese go to test-results/e2e.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHosts, stopHosts, type HostInfo } from '../dom0-sim';
import { killSshd, swapHostKey } from '../dom0-sim/faults';
import { launchSshd, readSpec } from '../dom0-sim/hosts';
import { englishLeftovers, enMessages, visibleStrings, zhMessages } from './catalogue';
import { openApp, startApp, type E2EApp } from './harness';

const en = (key: string) => enMessages.get(key) ?? key;
const zh = (key: string) => zhMessages.get(key) ?? key;

const simDir = mkdtempSync(join(tmpdir(), 'xendeck-e2e-manage-sim-'));
const dataDir = mkdtempSync(join(tmpdir(), 'xendeck-e2e-manage-data-'));
let h1: HostInfo;
let h2: HostInfo;
let app: E2EApp;
const security: { csp: unknown[]; console: string[] } = { csp: [], console: [] };
/** Entries the import must skip, with a reason each, ahead of the simulator's own hosts. */
const EXTRA = 'Include conf.d/*\n\nHost *\n  ServerAliveInterval 30\n\n';
/** startGuests runs every ready guest of a host: as many running as defined. */
const ALL_RUNNING = /^([1-9]\d*) running · \1 defined$/;

beforeAll(async () => {
  [h1, h2] = (await startHosts({ count: 2, startGuests: true, dir: simDir })) as [HostInfo, HostInfo];
  app = await startApp({ locale: 'en-US', dataDir });
});

afterAll(async () => {
  if (app) {
    security.csp.push(...app.cspViolations);
    security.console.push(...app.consoleErrors);
    await app.stop();
  }
  await stopHosts(simDir);
  rmSync(simDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

const entry = (name: string) => app.page.getByTestId(`host-entry-${name}`);
const row = (name: string) => app.page.getByTestId(`host-row-${name}`);
const keyDialog = () => app.page.getByTestId('host-key-dialog');
const draftRow = (name: string) => app.page.getByTestId('import-drafts').locator('tr', { has: app.page.getByTestId(`import-name-${name}`) });

async function noNotifications(): Promise<void> {
  for (const close of await app.page.locator('.n-notification .n-base-close').all()) await close.click().catch(() => undefined);
  await expect.poll(() => app.page.locator('.n-notification').count(), { timeout: 15_000 }).toBe(0);
}

/** Watches for a host-key dialog for a while (a few live-inventory periods): none may appear. */
async function noPromptFor(ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    expect(await keyDialog().count()).toBe(0);
    await app.page.waitForTimeout(500);
  }
}

async function setTicked(name: string, ticked: boolean): Promise<void> {
  const box = draftRow(name).locator('.n-checkbox');
  const now = ((await box.getAttribute('class')) ?? '').includes('n-checkbox--checked');
  if (now !== ticked) await box.click();
  await expect.poll(async () => ((await box.getAttribute('class')) ?? '').includes('n-checkbox--checked')).toBe(ticked);
}

async function answerKey(host: HostInfo, name: string, answer: 'once' | 'always' | 'refuse'): Promise<void> {
  await keyDialog().waitFor({ timeout: 30_000 });
  expect(await app.page.getByTestId('host-key-host').innerText()).toBe(name);
  expect(await app.page.getByTestId('host-key-fingerprint').innerText()).toBe(host.hostKeyFingerprint);
  await app.page.getByTestId(`host-key-${answer}`).click();
  await keyDialog().waitFor({ state: 'detached' });
}

describe('managing hosts in browser mode', () => {
  it('imports a host from pasted ssh_config text: drafts with their values, skipped entries with reasons; Trust always connects it', async () => {
    const { page } = app;
    await openApp(app, '#/hosts/add');
    // The add-host page leads to the import.
    await page.getByTestId('add-host-import-open').click();
    await page.getByTestId('import-hosts-page').waitFor();
    const text = EXTRA + readFileSync(join(simDir, 'ssh_config'), 'utf8');
    await page.getByTestId('import-text').locator('textarea').fill(text);
    await page.getByTestId('import-read').click();

    const table = page.getByTestId('import-drafts');
    await table.waitFor();
    for (const h of [h1, h2]) {
      const cells = await draftRow(h.name).locator('td').allInnerTexts();
      expect(cells).toEqual(expect.arrayContaining([h.name, h.address, String(h.port), h.user, h.identityFile]));
    }
    // Both are new, so both are ticked; the wildcard and the Include are skipped with their reasons.
    const skipped = await page.getByTestId('import-skipped').innerText();
    expect(skipped).toContain('Include conf.d/*');
    expect(skipped).toContain(en('importSsh.reasonInclude'));
    expect(skipped).toContain('Host *');
    expect(skipped).toContain(en('importSsh.reasonWildcard'));

    // Only the first host now, with its cfg directory.
    await setTicked(h2.name, false);
    await page.getByTestId('import-cfg-dir').locator('input').fill(h1.cfgDir);
    expect(await page.getByTestId('import-run').innerText()).toBe(en('importSsh.importSelected').replace('{n}', '1'));
    await app.screenshot('en-import-ssh-config');
    await page.getByTestId('import-run').click();
    await page.getByTestId(`import-added-${h1.name}`).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('import-summary').innerText()).toContain(en('importSsh.summary').replace('{added}', '1').replace('{failed}', '0'));

    // Its key is unknown: asked, trusted always; it connects and its guests are counted.
    await answerKey(h1, h1.name, 'always');
    await expect.poll(() => entry(h1.name).getAttribute('data-state'), { timeout: 30_000 }).toBe('online');
    expect(await entry(h2.name).count()).toBe(0);
    await page.getByTestId('import-go-hosts').click();
    await page.getByTestId('hosts-list').waitFor();
    await expect.poll(() => row(h1.name).getByTestId('host-row-counts').innerText().catch(() => ''), { timeout: 30_000 }).toMatch(ALL_RUNNING);
    const running = ALL_RUNNING.exec(await row(h1.name).getByTestId('host-row-counts').innerText())?.[1];
    expect(await entry(h1.name).getByTestId('host-entry-counts').innerText()).toBe(`${running}/${running}`);
    await noNotifications();
  });

  it('imports from a picked file, marks the name already added; Refuse leaves the host offline with the reason and no prompt loop (ST-2)', async () => {
    const { page } = app;
    await page.getByTestId('hosts-import').click();
    await page.getByTestId('import-hosts-page').waitFor();
    await page.getByTestId('import-file').setInputFiles(join(simDir, 'ssh_config'));
    await page.getByTestId('import-drafts').waitFor();
    expect(await page.getByTestId('import-file-note').innerText()).toBe(en('importSsh.fileLoaded').replace('{file}', 'ssh_config'));
    expect(await page.getByTestId(`import-exists-${h1.name}`).innerText()).toBe(en('importSsh.exists'));
    // The existing one can't be ticked; the new one is ticked already.
    expect(await draftRow(h1.name).locator('.n-checkbox').getAttribute('class')).toContain('n-checkbox--disabled');
    expect(await draftRow(h2.name).locator('.n-checkbox').getAttribute('class')).toContain('n-checkbox--checked');
    await page.getByTestId('import-cfg-dir').locator('input').fill(h2.cfgDir);
    await page.getByTestId('import-run').click();
    await page.getByTestId(`import-added-${h2.name}`).waitFor({ timeout: 30_000 });

    await answerKey(h2, h2.name, 'refuse');
    await expect.poll(() => entry(h2.name).getAttribute('data-state'), { timeout: 30_000 }).toBe('offline');
    await page.getByTestId('import-go-hosts').click();
    const reason = row(h2.name).getByTestId('host-reason');
    await reason.waitFor({ timeout: 15_000 });
    expect(await reason.getAttribute('data-code')).toBe('HOST_KEY_UNKNOWN');
    const said = await reason.innerText();
    expect(said).toContain(en('hostStatus.keyNotTrusted'));
    expect(said).toContain(h2.hostKeyFingerprint);
    expect(said).toContain(en('hostStatus.manualRetry'));
    expect(await row(h2.name).getByTestId('host-row-state').innerText()).toBe(en('connection.offline'));
    await page.getByTestId(`host-retry-${h2.name}`).waitFor();
    // Neither the live inventory (every 5 s) nor a read asks again by itself.
    await noPromptFor(12_000);
    expect(await entry(h2.name).getAttribute('data-state')).toBe('offline');
    await noNotifications();
    await app.screenshot('en-hosts-refused');
  });

  it('in Chinese the hosts page, the sidebar and the import page are fully translated', async () => {
    const { page } = app;
    await page.getByTestId('language-switcher').click();
    await page.locator('.n-base-select-option', { hasText: '简体中文' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await expect.poll(() => row(h2.name).getByTestId('host-reason').innerText()).toContain(zh('hostStatus.keyNotTrusted'));
    const texts = await visibleStrings(page);
    expect(englishLeftovers(texts)).toEqual([]);
    for (const key of ['hosts.importSsh', 'connection.online', 'connection.offline', 'hostStatus.retry']) expect(texts).toContain(zh(key));
    await app.screenshot('zh-CN-hosts-refused');
    // The same in the dark theme (looked at, not compared), then back to the system's (light here).
    await page.getByTestId('theme-switcher').click();
    await page.locator('.n-base-select-option', { hasText: zh('settings.themeDark') }).click();
    await page.mouse.move(900, 700);
    await app.screenshot('zh-CN-hosts-refused-dark');
    await page.getByTestId('theme-switcher').click();
    await page.locator('.n-base-select-option', { hasText: zh('settings.themeSystem') }).click();

    await page.getByTestId('hosts-import').click();
    await page.getByTestId('import-text').locator('textarea').fill(EXTRA + readFileSync(join(simDir, 'ssh_config'), 'utf8'));
    await page.getByTestId('import-read').click();
    await page.getByTestId('import-drafts').waitFor();
    const importTexts = await visibleStrings(page);
    expect(englishLeftovers(importTexts)).toEqual([]);
    for (const key of ['importSsh.exists', 'importSsh.reasonWildcard', 'importSsh.colKey']) expect(importTexts).toContain(zh(key));
    await app.screenshot('zh-CN-import-ssh-config');

    // The remove confirmation, in Chinese, from the hosts page's row menu; cancelled.
    await page.locator('.n-menu-item').first().click();
    await page.getByTestId('hosts-list').waitFor();
    await page.getByTestId(`host-menu-${h2.name}`).click();
    await page.locator('.n-dropdown-option', { hasText: zh('hostMenu.remove') }).click();
    const dialog = page.locator('.n-dialog').filter({ hasText: zh('removeHost.body') });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain(zh('removeHost.title').replace('{name}', h2.name));
    expect(englishLeftovers(await visibleStrings(page))).toEqual([]);
    await app.screenshot('zh-CN-remove-host');
    await page.getByTestId('remove-host-cancel').click();
    await dialog.waitFor({ state: 'detached' });
    expect(await entry(h2.name).count()).toBe(1);

    await page.getByTestId('language-switcher').click();
    await page.locator('.n-base-select-option', { hasText: 'English' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
  });

  it('Retry on a refused host asks about its key again; Trust once connects it', async () => {
    const { page } = app;
    await page.getByTestId(`host-retry-${h2.name}`).click();
    await answerKey(h2, h2.name, 'once');
    await expect.poll(() => entry(h2.name).getAttribute('data-state'), { timeout: 30_000 }).toBe('online');
    await expect.poll(() => row(h2.name).getByTestId('host-reason').count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => row(h2.name).getByTestId('host-row-counts').innerText().catch(() => ''), { timeout: 30_000 }).toMatch(ALL_RUNNING);
  });

  it('a host that goes offline after a read shows "last seen" and the reason, never live data; back online it is live again (RS-10)', async () => {
    const { page } = app;
    await expect.poll(() => entry(h1.name).getAttribute('data-stale')).toBe('false');
    expect(await entry(h1.name).getByTestId('host-entry-last-seen').count()).toBe(0);
    await killSshd(simDir, h1.name);

    await expect.poll(() => entry(h1.name).getAttribute('data-state'), { timeout: 30_000 }).toBe('offline');
    await expect.poll(() => entry(h1.name).getAttribute('data-stale'), { timeout: 15_000 }).toBe('true');
    const lastSeen = await entry(h1.name).getByTestId('host-entry-last-seen').innerText();
    expect(lastSeen).toMatch(/^Last seen \d\d:\d\d:\d\d$/);
    expect(await row(h1.name).getByTestId('host-row-last-seen').innerText()).toBe(lastSeen);
    // The counts stay, as last seen; the reason is the host's own sentence with the translated title.
    expect(await row(h1.name).getByTestId('host-row-counts').innerText()).toMatch(ALL_RUNNING);
    const reason = row(h1.name).getByTestId('host-reason');
    await reason.waitFor();
    expect(['HOST_UNREACHABLE', 'TIMEOUT']).toContain(await reason.getAttribute('data-code'));
    expect(await reason.innerText()).toContain(h1.name);
    await page.mouse.move(900, 700);
    await noNotifications();
    await app.screenshot('en-hosts-offline');

    await launchSshd(readSpec(simDir, h1.name));
    const retry = page.getByTestId(`host-retry-${h1.name}`);
    // The core retries by itself with a backoff; the user's Retry does it now (while it is not already connecting).
    await expect
      .poll(
        async () => {
          if (await retry.isEnabled().catch(() => false)) await retry.click().catch(() => undefined);
          return entry(h1.name).getAttribute('data-state');
        },
        { timeout: 60_000, interval: 1000 },
      )
      .toBe('online');
    await expect.poll(() => entry(h1.name).getAttribute('data-stale'), { timeout: 30_000 }).toBe('false');
    expect(await entry(h1.name).getByTestId('host-entry-last-seen').count()).toBe(0);
    expect(await row(h1.name).getByTestId('host-row-last-seen').count()).toBe(0);
    await app.screenshot('en-hosts');
  });

  it('removes a host from its context menu in the sidebar, after a confirmation naming it; it is gone everywhere', async () => {
    const { page } = app;
    await entry(h2.name).click({ button: 'right' });
    await page.locator('.n-dropdown-option', { hasText: en('hostMenu.remove') }).click();
    const dialog = page.locator('.n-dialog').filter({ hasText: en('removeHost.body') });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain(`Remove ${h2.name}?`);
    expect(await dialog.innerText()).toContain('nothing on the host changes');
    await app.screenshot('en-remove-host');
    await page.getByTestId('remove-host-confirm').click();
    await dialog.waitFor({ state: 'detached' });
    await entry(h2.name).waitFor({ state: 'detached' });
    await row(h2.name).waitFor({ state: 'detached' });
    expect(await entry(h1.name).count()).toBe(1);
    // The core forgot it: a fresh page does not list it.
    await page.reload();
    await entry(h1.name).waitFor({ timeout: 30_000 });
    expect(await entry(h2.name).count()).toBe(0);
    expect(await page.getByTestId('hosts-tree').innerText()).not.toContain(h2.name);
    await noNotifications();
  });

  it('after a restart on the same data dir, the host trusted always connects with no question (ST-2)', async () => {
    security.csp.push(...app.cspViolations);
    security.console.push(...app.consoleErrors);
    await app.stop();
    app = await startApp({ locale: 'en-US', dataDir });
    await openApp(app, '#/hosts');
    await expect.poll(() => entry(h1.name).getAttribute('data-state'), { timeout: 30_000 }).toBe('online');
    await expect.poll(() => row(h1.name).getByTestId('host-row-counts').innerText().catch(() => ''), { timeout: 30_000 }).toMatch(ALL_RUNNING);
    await noPromptFor(6_000);
    expect(await entry(h2.name).count()).toBe(0);
  });

  it('a host that shows another key than the one trusted always is a red HOST_KEY_CHANGED error with both fingerprints, never a question (ST-3)', async () => {
    const { page } = app;
    const swapped = await swapHostKey(simDir, h1.name);
    await expect.poll(() => entry(h1.name).getAttribute('data-state'), { timeout: 60_000 }).toBe('offline');
    const reason = row(h1.name).getByTestId('host-reason');
    await expect.poll(() => reason.getAttribute('data-code').catch(() => null), { timeout: 60_000 }).toBe('HOST_KEY_CHANGED');
    const said = await reason.innerText();
    expect(said).toContain(en('errors.codes.HOST_KEY_CHANGED'));
    expect(said).toContain('REMOTE HOST IDENTIFICATION HAS CHANGED');
    expect(said).toContain(en('hostStatus.expected'));
    expect(said).toContain(h1.hostKeyFingerprint);
    expect(said).toContain(swapped);
    expect(said).toContain(en('hostStatus.manualRetry'));
    expect(await reason.getAttribute('data-severity')).toBe('error');
    // Not retried by itself, and never asked about.
    await noPromptFor(8_000);
    expect(await entry(h1.name).getAttribute('data-state')).toBe('offline');
    await page.mouse.move(900, 700);
    await app.screenshot('en-hosts-key-changed');
  });

  it('ran without CSP violations or console errors (EH-2)', () => {
    expect([...security.csp, ...app.cspViolations]).toEqual([]);
    expect([...security.console, ...app.consoleErrors]).toEqual([]);
  });
});
