// The guest page an administrator uses every day, in browser mode against a simulated dom0 whose
// guests run (real QEMU): opened from the host page, with its details, lifecycle actions (RS-5),
// and its cfg file read-only in CodeMirror under the app's CSP and Trusted Types (EH-2); then the
// same page in Chinese. Screenshots in both languages go to test-results/e2e.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostDirOf, killSshd, startHosts, stopHosts, type HostInfo } from '../dom0-sim';
import { importSimHosts, openApp, startApp, xendeck, type E2EApp } from './harness';
import { englishLeftovers, enMessages, visibleStrings, zhMessages } from './catalogue';

const en = (key: string) => enMessages.get(key) ?? key;
const zh = (key: string) => zhMessages.get(key) ?? key;

const simDir = mkdtempSync(join(tmpdir(), 'xendeck-e2e-guest-sim-'));
const dataDir = mkdtempSync(join(tmpdir(), 'xendeck-e2e-guest-data-'));
const GUEST = 'win2003';
let h: HostInfo;
let app: E2EApp;

beforeAll(async () => {
  [h] = (await startHosts({ count: 1, startGuests: true, dir: simDir })) as [HostInfo];
  importSimHosts(dataDir, simDir);
  app = await startApp({ locale: 'en-US', dataDir });
});

afterAll(async () => {
  await app?.stop();
  // stopHosts signals exactly the PIDs the simulator started under simDir.
  await stopHosts(simDir);
  rmSync(simDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

/** A tab of the guest page (naive-ui marks each with its name). */
const tab = (name: string) => app.page.locator(`[data-testid="guest-tabs"] .n-tabs-tab[data-name="${name}"]`);
const stateOf = () => app.page.getByTestId('guest-state').getAttribute('data-state');

/** Closes the notifications (they keep the language they were shown in) and waits until none is left. */
async function noNotifications(): Promise<void> {
  for (const close of await app.page.locator('.n-notification .n-base-close').all()) await close.click().catch(() => undefined);
  await expect.poll(() => app.page.locator('.n-notification').count(), { timeout: 15_000 }).toBe(0);
}

describe('the guest page on a simulated dom0', () => {
  it('opens from the guest’s row on the host page and shows what the guest is', async () => {
    const { page } = app;
    await openApp(app, `#/hosts/h/${h.name}`);
    await expect.poll(() => page.getByTestId('guests-table').innerText(), { timeout: 30_000 }).toContain(GUEST);
    await page.getByTestId(`guest-link-${GUEST}`).click();
    await page.getByTestId('guest-page').waitFor();
    expect(new URL(page.url()).hash).toBe(`#/hosts/h/${h.name}/guests/${GUEST}`);

    expect(await page.getByTestId('guest-name').innerText()).toBe(GUEST);
    await expect.poll(stateOf, { timeout: 60_000 }).toMatch(/^(running|blocked)$/);
    expect(await page.getByTestId('detail-domid').innerText()).toMatch(/^\d+$/);
    // win2003's cfg: memory = 256, vcpus = 1
    expect(await page.getByTestId('detail-memory').innerText()).toBe('256 MiB');
    expect(await page.getByTestId('detail-vcpus').innerText()).toBe('1');
    expect(await page.getByTestId('detail-cfg').innerText()).toBe(`${h.cfgDir}/win2003.cfg`);
  });

  it('shows live metrics from xentop while the page is visible: CPU and memory tiles and a chart', async () => {
    const { page } = app;
    const metrics = page.getByTestId('guest-metrics');
    // Two reads at least: the chart has a line, the tiles a value.
    await expect.poll(async () => Number(await metrics.getAttribute('data-samples')), { timeout: 45_000 }).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId('metric-cpu').innerText()).toMatch(/\d %/);
    expect(await page.getByTestId('metric-memory').innerText()).toMatch(/\d+ MiB/);
    expect(await page.getByTestId('chart-cpu-memory').locator('canvas').count()).toBe(1);
  });

  it('sets the memory of the running guest; the page shows it, and the drift says it is not saved to the file', async () => {
    const { page } = app;
    await page.getByTestId('guest-ops').click();
    await page.getByTestId('op-memory').click();
    const dialog = page.getByTestId('memory-dialog');
    await dialog.waitFor();
    const input = page.getByTestId('memory-input').locator('input');
    // Above maxmem is refused before anything is sent.
    await input.fill('999999');
    await expect.poll(() => dialog.innerText()).toContain(en('guest.ops.problems.tooLarge').replace('{max}', '256'));
    expect(await page.getByTestId('memory-dialog-apply').isDisabled()).toBe(true);
    await input.fill('192');
    await expect.poll(() => page.getByTestId('memory-dialog-apply').isDisabled()).toBe(false);
    await page.getByTestId('memory-dialog-apply').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('detail-memory').innerText(), { timeout: 30_000 }).toBe('192 MiB');
    const drift = page.getByTestId('drift-memoryMiB');
    await expect.poll(() => drift.getAttribute('data-kind').catch(() => null), { timeout: 30_000 }).toBe('changed live, not saved');
    expect(await drift.innerText()).toContain(en('guest.drift.kinds.live'));
    expect(await page.getByTestId('guest-drift').innerText()).toContain(en('guest.drift.explain'));
    await noNotifications();
  });

  it('the vCPU dialog refuses more vCPUs than the guest may have, and the current count, before anything is sent', async () => {
    const { page } = app;
    await page.getByTestId('guest-ops').click();
    await page.getByTestId('op-vcpus').click();
    const dialog = page.getByTestId('vcpus-dialog');
    await dialog.waitFor();
    const input = page.getByTestId('vcpus-input').locator('input');
    expect(await input.inputValue()).toBe(await page.getByTestId('detail-vcpus').innerText());
    expect(await page.getByTestId('vcpus-dialog-apply').isDisabled()).toBe(true);
    await input.fill('99');
    await expect.poll(() => dialog.innerText()).toContain(en('guest.ops.problems.tooLarge').split('{max}')[0]);
    expect(await page.getByTestId('vcpus-dialog-apply').isDisabled()).toBe(true);
    await page.getByTestId('vcpus-dialog-cancel').click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('pins the vCPU to one host CPU; a CPU the host does not have is refused before anything is sent', async () => {
    const { page } = app;
    await page.getByTestId('guest-ops').click();
    await page.getByTestId('op-pin').click();
    const dialog = page.getByTestId('pin-dialog');
    await dialog.waitFor();
    await page.getByTestId('pin-row-0').waitFor({ timeout: 30_000 });
    const cpus = page.getByTestId('pin-cpus').locator('input');
    await cpus.fill('0-4095');
    await expect.poll(() => dialog.innerText()).toContain(en('guest.ops.problems.badCpus').split('{last}')[0] ?? '');
    expect(await page.getByTestId('pin-dialog-apply').isDisabled()).toBe(true);
    await cpus.fill('0');
    expect(await dialog.innerText()).toContain(en('guest.ops.pinAll'));
    expect(await dialog.innerText()).not.toMatch(/guest\.\w+/); // no untranslated key shows
    await app.screenshot('en-guest-pin');
    await page.getByTestId('pin-dialog-apply').click();
    await dialog.waitFor({ state: 'detached' });
    await noNotifications();
    // Opened again, the vCPU's affinity is read back from the host.
    await page.getByTestId('guest-ops').click();
    await page.getByTestId('op-pin').click();
    await expect.poll(() => page.getByTestId('pin-row-0').innerText().catch(() => ''), { timeout: 30_000 }).toMatch(/\b0$/);
    await page.getByTestId('pin-dialog-cancel').click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('inserts an ISO image on the host into the CD-ROM drive listed from the cfg file, then ejects it', async () => {
    const { page } = app;
    const iso = join(hostDirOf(simDir, h.name), 'images', 'tools.iso');
    await page.getByTestId('guest-ops').click();
    await page.getByTestId('op-cd').click();
    const dialog = page.getByTestId('cd-dialog');
    await dialog.waitFor();
    // win2003's cfg has one empty CD-ROM drive, hdc.
    await expect.poll(() => page.getByTestId('cd-drive').innerText(), { timeout: 30_000 }).toBe('hdc');
    await page.getByTestId('cd-path').locator('input').fill(iso);
    await page.getByTestId('cd-dialog-apply').click();
    await dialog.waitFor({ state: 'detached' });
    const done = en('guest.ops.cdInserted').replace('{path}', iso).replace('{vdev}', 'hdc').replace('{name}', GUEST);
    await expect.poll(() => page.locator('.n-notification').allInnerTexts(), { timeout: 30_000 }).toContainEqual(expect.stringContaining(done));
    await noNotifications();

    await page.getByTestId('guest-ops').click();
    await page.getByTestId('op-cd').click();
    await dialog.waitFor();
    await page.getByTestId('cd-eject').click();
    await dialog.waitFor({ state: 'detached' });
    const ejected = en('guest.ops.cdEjected').replace('{vdev}', 'hdc').replace('{name}', GUEST);
    await expect.poll(() => page.locator('.n-notification').allInnerTexts(), { timeout: 30_000 }).toContainEqual(expect.stringContaining(ejected));
    await noNotifications();
  });

  it('pauses and resumes the guest; the buttons are disabled while the action runs (RS-5)', async () => {
    const { page } = app;
    const pause = page.getByTestId(`action-pause-${GUEST}`);
    await pause.click();
    // The other actions of this guest are disabled until the host answers.
    expect(await page.getByTestId(`action-shutdown-${GUEST}`).isDisabled()).toBe(true);
    await expect.poll(stateOf, { timeout: 60_000 }).toBe('paused');
    expect(await page.getByTestId('guest-state').innerText()).toBe(en('domainState.paused'));
    await page.getByTestId(`action-unpause-${GUEST}`).click();
    await expect.poll(stateOf, { timeout: 60_000 }).toMatch(/^(running|blocked)$/);
    await page.getByTestId(`action-pause-${GUEST}`).waitFor();
    await noNotifications();
  });

  it('destroy asks first; cancelling leaves the guest running', async () => {
    const { page } = app;
    await page.getByTestId(`action-destroy-${GUEST}`).click();
    const dialog = page.locator('.n-dialog').filter({ hasText: en('actions.destroyBody') });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain(GUEST);
    await dialog.getByRole('button', { name: en('actions.cancel') }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await stateOf()).toMatch(/^(running|blocked)$/);
    await app.screenshot('en-guest-overview');
  });

  it('shows the cfg file read-only in CodeMirror with its SHA-256 and size', async () => {
    const { page } = app;
    await tab('cfg').click();
    const viewer = page.getByTestId('cfg-viewer');
    await expect.poll(() => viewer.locator('.cm-content').innerText(), { timeout: 30_000 }).toContain('name = "win2003"');
    expect(await viewer.locator('.cm-content').innerText()).toContain('memory = 256');
    // read-only: CodeMirror is not editable
    expect(await viewer.locator('.cm-content').getAttribute('contenteditable')).toBe('false');
    expect(await page.getByTestId('cfg-path').innerText()).toBe(`${h.cfgDir}/win2003.cfg`);
    expect(await page.getByTestId('cfg-sha256').innerText()).toMatch(/^[0-9a-f]{16}…$/);
    expect(new URL(page.url()).hash).toContain('tab=cfg');
    await app.screenshot('en-guest-cfg');
  });

  it('restores the version XenDeck replaced; a file changed on the host meanwhile is refused with a clear message and reloaded (FS-4)', async () => {
    const { page } = app;
    const cfgPath = `${h.cfgDir}/win2003.cfg`;
    const original = readFileSync(cfgPath, 'utf8');
    // A new version through the same core's safe write (the editor is a later issue): the one it replaces goes to the history.
    const edited = join(simDir, 'win2003-edited.cfg');
    writeFileSync(edited, `${original}# edited through XenDeck\n`);
    xendeck(['--data-dir', dataDir, 'cfg', 'push', `${h.name}/${GUEST}`, edited, '--force']);
    const text = () => page.getByTestId('cfg-viewer').locator('.cm-content').innerText();
    await page.getByTestId('cfg-reload').click();
    await expect.poll(text, { timeout: 30_000 }).toContain('# edited through XenDeck');
    const restore = page.locator('[data-testid^="cfg-restore-"]');
    await expect.poll(() => restore.count(), { timeout: 30_000 }).toBe(1);

    // Someone edits the file on the host after the page read it: the restore must not overwrite that.
    writeFileSync(cfgPath, `${readFileSync(cfgPath, 'utf8')}# edited on the host\n`);
    await restore.click();
    await page.locator('.n-popconfirm').getByRole('button', { name: en('guest.cfg.restore') }).click();
    const conflict = page.getByTestId('cfg-conflict');
    await expect.poll(() => conflict.innerText().catch(() => ''), { timeout: 30_000 }).toContain(en('guest.cfg.conflictTitle'));
    expect(await conflict.innerText()).toContain(en('guest.cfg.conflictBody'));
    await expect.poll(text, { timeout: 30_000 }).toContain('# edited on the host');
    expect(readFileSync(cfgPath, 'utf8')).toContain('# edited on the host');
    await app.screenshot('en-guest-cfg-conflict');

    // Now against the text shown, the restore goes through: the file is the original again.
    await page.locator('[data-testid^="cfg-restore-"]').first().click();
    await page.locator('.n-popconfirm').getByRole('button', { name: en('guest.cfg.restore') }).click();
    await expect.poll(() => readFileSync(cfgPath, 'utf8'), { timeout: 30_000 }).toBe(original);
    await expect.poll(text, { timeout: 30_000 }).not.toContain('# edited');
    await noNotifications();
  });

  it('saves another guest to a directory on the host (it stops) and restores it from there (it runs again)', async () => {
    const { page } = app;
    const saveDir = join(hostDirOf(simDir, h.name), 'save', 'e2e');
    await page.getByTestId('crumb-host').click();
    // The host page marks the guest whose memory was changed live (not in its cfg file).
    const badge = page.getByTestId(`drift-badge-${GUEST}`);
    await expect.poll(() => badge.count(), { timeout: 30_000 }).toBe(1);
    expect(await badge.getAttribute('title')).toContain(en('guest.drift.fields.memoryMiB'));
    await page.getByTestId('guest-link-multidisk').click();
    await expect.poll(() => page.getByTestId('guest-state').getAttribute('data-state').catch(() => null), { timeout: 30_000 }).toMatch(/^(running|blocked)$/);
    await page.getByTestId('guest-ops').click();
    await page.getByTestId('op-save').click();
    await page.getByTestId('save-dialog').waitFor();
    // Left empty, the image goes to the host's own save directory (its profile, from hosts.json)
    expect(await page.getByTestId('save-dir').locator('input').getAttribute('placeholder')).toContain(h.saveDir);
    await page.getByTestId('save-dir').locator('input').fill(saveDir);
    await page.getByTestId('save-dialog-apply').click();
    await page.getByTestId('save-dialog').waitFor({ state: 'detached', timeout: 90_000 });
    await expect.poll(() => page.getByTestId('guest-state').getAttribute('data-state'), { timeout: 60_000 }).toBe('stopped');
    await noNotifications();

    await page.getByTestId('guest-ops').click();
    await page.getByTestId('op-restore').click();
    const dialog = page.getByTestId('restore-dialog');
    await dialog.waitFor();
    await page.getByTestId('restore-dir').locator('input').fill(saveDir);
    await page.getByTestId('restore-dir').locator('input').press('Enter');
    await expect.poll(() => page.getByTestId('restore-image').innerText().catch(() => ''), { timeout: 30_000 }).toContain(join(saveDir, 'multidisk'));
    await app.screenshot('en-guest-restore');
    await page.getByTestId('restore-dialog-apply').click();
    await dialog.waitFor({ state: 'detached', timeout: 90_000 });
    await expect.poll(() => page.getByTestId('guest-state').getAttribute('data-state'), { timeout: 60_000 }).toMatch(/^(running|blocked)$/);
    await noNotifications();
  });

  it('renames another running guest from its page: a taken name is refused first, then the page follows the new name', async () => {
    const { page } = app;
    await page.getByTestId('crumb-host').click();
    await page.getByTestId('guest-link-ExampleHVMDomain').click();
    await expect.poll(() => page.getByTestId('guest-name').innerText()).toBe('ExampleHVMDomain');
    await page.getByTestId('guest-ops').click();
    await page.getByTestId('op-rename').click();
    const dialog = page.getByTestId('rename-dialog');
    await dialog.waitFor();
    const input = page.getByTestId('rename-input').locator('input');
    await input.fill(GUEST);
    await expect.poll(() => dialog.innerText()).toContain(en('guest.ops.problems.taken'));
    expect(await page.getByTestId('rename-dialog-apply').isDisabled()).toBe(true);
    await input.fill('lab-example');
    await page.getByTestId('rename-dialog-apply').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => new URL(page.url()).hash, { timeout: 30_000 }).toBe(`#/hosts/h/${h.name}/guests/lab-example`);
    await expect.poll(() => page.getByTestId('guest-state').getAttribute('data-state').catch(() => null), { timeout: 60_000 }).toMatch(/^(running|blocked)$/);
    expect(await page.getByTestId('guest-name').innerText()).toBe('lab-example');
    await noNotifications();

    // back to win2003's cfg file for the next checks
    await page.getByTestId('crumb-host').click();
    await page.getByTestId(`guest-link-${GUEST}`).click();
    await tab('cfg').click();
    await page.getByTestId('cfg-viewer').waitFor();
  });

  it('in Chinese every visible string of the guest page is translated', async () => {
    const { page } = app;
    await page.getByTestId('language-switcher').click();
    await page.locator('.n-base-select-option', { hasText: '简体中文' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await expect.poll(() => tab('cfg').innerText()).toBe(zh('guest.tabCfg'));
    await expect.poll(() => visibleStrings(page)).toContain(zh('guest.cfg.history'));
    let texts = await visibleStrings(page);
    expect(englishLeftovers(texts)).toEqual([]);
    expect(texts).toContain(zh('guest.cfg.history'));
    await app.screenshot('zh-CN-guest-cfg');

    await tab('overview').click();
    // The panes slide: read once the overview is in place.
    await expect.poll(() => visibleStrings(page)).toContain(zh('guest.details'));
    texts = await visibleStrings(page);
    expect(englishLeftovers(texts)).toEqual([]);
    for (const key of ['guest.details', 'guest.memory', 'guest.cfgFile', 'actions.pause', 'actions.destroy']) expect(texts).toContain(zh(key));
    await app.screenshot('zh-CN-guest-overview');

    // The operations menu and a dialog, in Chinese too.
    await page.getByTestId('guest-ops').click();
    await page.getByTestId('op-pin').click();
    await page.getByTestId('pin-row-0').waitFor({ timeout: 30_000 });
    texts = await visibleStrings(page);
    expect(englishLeftovers(texts)).toEqual([]);
    expect(texts).toContain(zh('guest.ops.pinAffinity'));
    await app.screenshot('zh-CN-guest-pin');
    await page.getByTestId('pin-dialog-cancel').click();
    await page.getByTestId('pin-dialog').waitFor({ state: 'detached' });
  });

  it('in the dark theme the cfg text and the charts are dark too', async () => {
    const { page } = app;
    await page.getByTestId('theme-switcher').click();
    await page.locator('.n-base-select-option', { hasText: zh('settings.themeDark') }).click();
    const bg = () => page.getByTestId('cfg-viewer').locator('.cm-editor').evaluate((el) => getComputedStyle(el).backgroundColor);
    await expect.poll(bg).toBe('rgb(24, 24, 28)');
    await app.screenshot('zh-CN-guest-cfg-dark');
    await tab('overview').click();
    await expect.poll(() => visibleStrings(page)).toContain(zh('guest.details'));
    await app.screenshot('zh-CN-guest-overview-dark');
  });

  it('when the host goes offline, the guest and its cfg text stay on screen, labelled with the time last seen, read-only (RS-10)', async () => {
    const { page } = app;
    await killSshd(simDir, h.name);
    const stale = page.getByTestId('guest-stale');
    await expect.poll(() => stale.innerText().catch(() => ''), { timeout: 30_000 }).toMatch(/\d\d:\d\d:\d\d/);
    expect(await stale.innerText()).toContain(zh('guest.staleSince').split('{time}')[0]?.trim());
    expect(await page.getByTestId(`action-pause-${GUEST}`).isDisabled()).toBe(true);
    expect(await page.getByTestId('guest-ops').isDisabled()).toBe(true);
    expect(await page.getByTestId('detail-memory').innerText()).toBe('192 MiB');

    await tab('cfg').click();
    const cached = page.getByTestId('cfg-stale');
    await expect.poll(() => cached.innerText().catch(() => ''), { timeout: 30_000 }).toContain(zh('guest.cfg.cachedAt').split('{time}')[0]?.trim());
    expect(await page.getByTestId('cfg-viewer').locator('.cm-content').innerText()).toContain('name = "win2003"');
    expect(englishLeftovers(await visibleStrings(page))).toEqual([]);
    await app.screenshot('zh-CN-guest-offline');

    await page.getByTestId('crumb-host').click();
    await expect.poll(() => page.getByTestId('host-stale').innerText().catch(() => ''), { timeout: 30_000 }).toMatch(/\d\d:\d\d:\d\d/);
    expect(await page.getByTestId('guests-table').innerText()).toContain(GUEST);
    await app.screenshot('zh-CN-host-offline');
  });

  it('ran without CSP violations or console errors (EH-2)', () => {
    expect(app.cspViolations).toEqual([]);
    expect(app.consoleErrors).toEqual([]);
  });
});
