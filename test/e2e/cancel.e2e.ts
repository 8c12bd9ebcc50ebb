// Cancelling a long guest operation from its dialog (issue 5 §2), in browser mode against a
// simulated dom0: the save dialog's Cancel stays usable while the save runs; pressed after the
// save was sent, the UI says the operation was cancelled at once, and the save still completes on
// the host (RS-4: a sent command is never killed half-way), exactly once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execLog, execsOf, knobReached, setKnobs, startHosts, stopHosts, type HostInfo } from '../dom0-sim';
import { importSimHosts, openApp, startApp, xendeck, type E2EApp } from './harness';
import { enMessages } from './catalogue';

const en = (key: string) => enMessages.get(key) ?? key;

const simDir = mkdtempSync(join(tmpdir(), 'xendeck-e2e-cancel-sim-'));
const dataDir = mkdtempSync(join(tmpdir(), 'xendeck-e2e-cancel-data-'));
const GUEST = 'win2003';
let h: HostInfo;
let app: E2EApp;

beforeAll(async () => {
  [h] = (await startHosts({ count: 1, dir: simDir })) as [HostInfo];
  importSimHosts(dataDir, simDir);
  xendeck(['--data-dir', dataDir, 'start', `${h.name}/${GUEST}`]);
  app = await startApp({ locale: 'en-US', dataDir });
});

afterAll(async () => {
  await app?.stop();
  // stopHosts signals exactly the PIDs the simulator started under simDir.
  await stopHosts(simDir);
  rmSync(simDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

describe('cancelling a guest operation from the UI', () => {
  it('cancels a running save: the dialog says so at once, and the save sent to the host still completes, once', async () => {
    const { page } = app;
    await openApp(app, `#/hosts/h/${h.name}/guests/${GUEST}`);
    await expect.poll(() => page.getByTestId('guest-state').getAttribute('data-state').catch(() => null), { timeout: 60_000 }).toMatch(/^(running|blocked)$/);
    const saves = () => execsOf(execLog(simDir, h.name), 'xl', 'save').length;
    const before = saves();
    setKnobs(simDir, h.name, { saveDelaySeconds: 8 });
    const waits = knobReached(simDir, h.name, 'saveDelaySeconds');
    try {
      await page.getByTestId('guest-ops').click();
      await page.getByTestId('op-save').click();
      await page.getByTestId('save-dialog').waitFor();
      await page.getByTestId('save-dialog-apply').click();
      // The save command is on the host now, taking its time.
      await expect.poll(() => knobReached(simDir, h.name, 'saveDelaySeconds'), { timeout: 30_000 }).toBeGreaterThan(waits);
      const cancel = page.getByTestId('save-dialog-cancel');
      expect(await cancel.isDisabled()).toBe(false);
      await cancel.click();
      // Within the save's delay: the answer did not wait for the host.
      await page.locator('.n-notification', { hasText: en('errors.codes.CANCELLED') }).waitFor({ timeout: 5_000 });
      expect(await page.getByTestId('save-dialog-apply').isDisabled()).toBe(false);
    } finally {
      setKnobs(simDir, h.name, {});
    }
    // The save was not killed half-way: the guest stops into its image.
    await expect.poll(() => page.getByTestId('guest-state').getAttribute('data-state'), { timeout: 60_000 }).toBe('stopped');
    expect(saves() - before).toBe(1);
  });
});
