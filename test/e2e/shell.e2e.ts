// The app shell as a user meets it in browser mode: the empty hosts page in English, the whole UI
// in Chinese after one switch (remembered), About and Diagnostics talking to the real core, and
// no CSP or Trusted Types violation on the way (EH-2). Screenshots of every page in both languages go to test-results/e2e.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, repoRoot, startApp, type E2EApp } from './harness';
import { englishLeftovers, enMessages, visibleStrings, zhMessages } from './catalogue';

const pages = [
  { hash: '#/hosts', testid: 'hosts-page', name: 'hosts' },
  { hash: '#/hosts/add', testid: 'add-host-page', name: 'add-host' },
  { hash: '#/about', testid: 'about-page', name: 'about' },
  { hash: '#/diagnostics', testid: 'diagnostics-page', name: 'diagnostics' },
];

const en = (key: string) => enMessages.get(key) ?? key;
const zh = (key: string) => zhMessages.get(key) ?? key;

let app: E2EApp;

beforeAll(async () => {
  app = await startApp({ locale: 'en-US' });
});

afterAll(async () => {
  await app?.stop();
});

// Each test can also run alone (`-t`): the app is opened if no earlier test did.
async function show(hash: string, testid: string): Promise<void> {
  if (!app.page.url().startsWith('http')) await openApp(app, hash);
  await app.page.evaluate((h) => {
    window.location.hash = h;
  }, hash);
  await app.page.getByTestId(testid).waitFor();
}

describe('app shell in browser mode', () => {
  it('opens on the empty hosts page in English', async () => {
    await openApp(app, '');
    const { page } = app;
    expect(new URL(page.url()).hash).toBe('#/hosts');
    await page.getByTestId('hosts-empty').waitFor();
    const texts = await visibleStrings(page);
    for (const key of ['nav.hosts', 'nav.diagnostics', 'nav.about', 'nav.addHost', 'hosts.emptyTitle', 'hosts.stepDemo', 'carrier.connected']) {
      expect(texts.join('\n')).toContain(en(key));
    }
    expect(texts).toContain(en('hosts.demoCommand'));
    expect(await page.getByTestId('hosts-tree').innerText()).toBe(en('nav.noHostsYet'));
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await app.screenshot('en-hosts');
  });

  it('Add host leads to the add-host form; an empty form is not sent, each field says what it needs', async () => {
    const { page } = app;
    await page.getByTestId('add-host').click();
    await page.getByTestId('add-host-form').waitFor();
    expect(await page.getByTestId('host-port').locator('input').inputValue()).toBe('22');
    expect(await page.getByTestId('host-user').locator('input').inputValue()).toBe('root');
    await page.getByTestId('host-fingerprint').locator('input').fill('SHA256:short');
    await page.getByTestId('host-submit').click();
    const form = page.getByTestId('add-host-form');
    await expect.poll(() => form.innerText()).toContain(en('addHost.required'));
    expect(await form.innerText()).toContain(en('addHost.invalidFingerprint'));
    // nothing was added
    expect(await page.getByTestId('hosts-tree').innerText()).toBe(en('nav.noHostsYet'));
    await page.getByTestId('host-fingerprint').locator('input').fill('');
  });

  it('About shows app.info from the core: version, platform, carrier', async () => {
    await show('#/about', 'about-page');
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    await expect.poll(() => app.page.getByTestId('about-version').innerText()).toBe(pkg.version);
    expect(await app.page.getByTestId('about-platform').innerText()).toBe(process.platform);
    expect(await app.page.getByTestId('about-carrier').innerText()).toBe(en('carrier.web'));
    await app.screenshot('en-about');
  });

  it('Diagnostics echoes text as text (EH-7), shows live ticks and runs the loopback check', async () => {
    await show('#/diagnostics', 'diagnostics-page');
    const { page } = app;
    const hostile = '<img src=x onerror=alert(1)> 你好';
    await page.getByTestId('echo-input').locator('input').fill(hostile);
    await page.getByTestId('echo-send').click();
    await expect.poll(() => page.getByTestId('echo-reply').innerText().catch(() => '')).toContain(hostile);
    expect(await page.locator('[data-testid="echo-reply"] img').count()).toBe(0);

    // Ticks arrive every second while the page is open: two different tick numbers prove it is live.
    const tick = () => page.getByTestId('ticks').locator('.n-statistic-value').innerText().catch(() => '');
    await expect.poll(tick, { timeout: 10_000 }).toMatch(/\d/);
    const first = await tick();
    await expect.poll(tick, { timeout: 10_000 }).not.toBe(first);

    // An input the contract refuses comes back as a typed error, shown translated by its code.
    await page.getByTestId('echo-input').locator('input').fill('x'.repeat(70_000));
    await page.getByTestId('echo-send').click();
    const toast = page.locator('.n-notification').filter({ hasText: en('errors.codes.INVALID_INPUT') });
    await toast.waitFor();
    await app.screenshot('en-diagnostics-error');
    await toast.locator('.n-base-close').click();
    await toast.waitFor({ state: 'detached' });

    await page.getByTestId('loopback-run').click();
    await expect.poll(() => page.getByTestId('loopback-verdict').innerText().catch(() => ''), { timeout: 60_000 }).toContain(en('diagnostics.loopbackMatch'));
    await app.screenshot('en-diagnostics');
  });

  it('switching to 简体中文 translates every visible string on every page, and is remembered', async () => {
    const { page } = app;
    await show('#/hosts', 'hosts-page');
    await page.getByTestId('language-switcher').click();
    await page.locator('.n-base-select-option', { hasText: '简体中文' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');

    // Reload: the choice comes back from localStorage even though the browser says en-US.
    await page.reload();
    await page.locator('[data-testid="carrier-status"][data-status="connected"]').waitFor();

    for (const p of pages) {
      await show(p.hash, p.testid);
      if (p.name === 'diagnostics') {
        await page.getByTestId('ticks').waitFor({ timeout: 10_000 });
        await page.getByTestId('echo-input').locator('input').fill('你好');
        await page.getByTestId('echo-send').click();
        await page.getByTestId('echo-reply').waitFor();
        await page.getByTestId('loopback-run').click();
        await page.getByTestId('loopback-verdict').waitFor({ timeout: 60_000 });
      }
      const texts = await visibleStrings(page);
      expect(englishLeftovers(texts), `English left on ${p.hash}`).toEqual([]);
      await app.screenshot(`zh-CN-${p.name}`);
    }

    await show('#/hosts', 'hosts-page');
    const texts = (await visibleStrings(page)).join('\n');
    for (const key of ['nav.hosts', 'nav.diagnostics', 'nav.about', 'nav.addHost', 'nav.noHostsYet', 'hosts.emptyTitle', 'hosts.emptyBody', 'hosts.stepDemo', 'carrier.connected', 'carrier.web']) {
      expect(texts).toContain(zh(key));
    }
  });

  it('the dark theme can be chosen over the system theme', async () => {
    const { page } = app;
    await page.getByTestId('theme-switcher').click();
    await page.locator('.n-base-select-option', { hasText: zh('settings.themeDark') }).click();
    // naive-ui's dark theme paints the layout dark.
    await expect
      .poll(() => page.locator('.n-layout').first().evaluate((el) => getComputedStyle(el).backgroundColor))
      .toMatch(/rgb\((1\d|2\d|3\d|[0-9]), (1\d|2\d|3\d|[0-9]), (1\d|2\d|3\d|[0-9])\)/);
    await app.screenshot('zh-CN-hosts-dark');
  });

  it('the page is served with the strict CSP and Trusted Types; injected script and inline onerror do not run (EH-2)', async () => {
    await show('#/hosts', 'hosts-page');
    const response = await app.page.request.get(app.url);
    const csp = response.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("require-trusted-types-for 'script'");
    expect(csp).toContain('trusted-types vue');
    const meta = await app.page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '');
    expect(meta).toContain("require-trusted-types-for 'script'; trusted-types vue");

    const before = app.cspViolations.length;
    const consoleBefore = app.consoleErrors.length;
    // An attacker's string reaching a script sink: a <script>'s text, an inline event handler
    // attribute, HTML markup with a handler. Each must throw, and no handler may ever run.
    const probe = await app.page.evaluate(async () => {
      const w = window as unknown as { __injected?: boolean; __onerrorRan?: boolean };
      const errors: string[] = [];
      const s = document.createElement('script');
      try {
        s.textContent = 'window.__injected = true';
      } catch (e) {
        errors.push(`${(e as Error).name}: ${(e as Error).message}`);
      }
      document.body.appendChild(s);
      s.remove();

      const img = document.createElement('img');
      try {
        img.setAttribute('onerror', 'window.__onerrorRan = true');
      } catch (e) {
        errors.push(`${(e as Error).name}: ${(e as Error).message}`);
      }
      // A broken image fires error: the handler would run now if the attribute had been set.
      const failed = new Promise((r) => img.addEventListener('error', r, { once: true }));
      img.src = 'data:image/png;base64,AAAA';
      document.body.appendChild(img);
      await failed;
      img.remove();

      const div = document.createElement('div');
      try {
        div.innerHTML = '<img src="data:image/png;base64,AAAA" onerror="window.__onerrorRan = true">';
      } catch (e) {
        errors.push(`${(e as Error).name}: ${(e as Error).message}`);
      }
      document.body.appendChild(div);
      await new Promise((r) => setTimeout(r, 200));
      div.remove();
      return { errors, injected: w.__injected === true, onerrorRan: w.__onerrorRan === true };
    });
    expect(probe.injected).toBe(false);
    expect(probe.onerrorRan).toBe(false);
    expect(probe.errors).toHaveLength(3);
    expect(probe.errors[0]).toMatch(/^TypeError: .*requires 'TrustedScript' assignment/);
    expect(probe.errors[1]).toMatch(/^TypeError: .*requires 'TrustedScript' assignment/);
    expect(probe.errors[2]).toMatch(/^TypeError: .*requires 'TrustedHTML' assignment/);

    // Each refusal is reported once per policy (header and meta). These are this probe's, so the
    // suite-wide check below leaves them out.
    await expect.poll(() => app.cspViolations.length - before).toBe(6);
    const reported = app.cspViolations.splice(before);
    expect(new Set(reported.map((v) => `${v.directive} ${v.blockedURI} ${v.sample.split('|')[0]}`))).toEqual(
      new Set([
        'require-trusted-types-for trusted-types-sink HTMLScriptElement textContent',
        'require-trusted-types-for trusted-types-sink Element onerror',
        'require-trusted-types-for trusted-types-sink Element innerHTML',
      ]),
    );
    const probeConsole = app.consoleErrors.splice(consoleBefore);
    expect(probeConsole.length).toBeGreaterThan(0);
    expect(probeConsole.filter((m) => !/requires 'Trusted(Script|HTML)' assignment/.test(m))).toEqual([]);
  });

  it('the built renderer calls neither eval( nor new Function( (EH-2 build check)', () => {
    const dir = join(repoRoot, 'out', 'renderer', 'assets');
    const bundles = readdirSync(dir).filter((f) => f.endsWith('.js'));
    expect(bundles.length).toBeGreaterThan(0);
    const offenders = bundles.filter((f) => /(^|[^\w$.])eval\(|new Function\(/.test(readFileSync(join(dir, f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('ran without CSP violations or console errors (EH-2)', () => {
    expect(app.cspViolations).toEqual([]);
    expect(app.consoleErrors).toEqual([]);
  });
});
