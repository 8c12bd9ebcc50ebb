// The e2e harness: the real renderer and the real core, in browser mode, driven in Debian's
// Chromium with playwright-core (no browser download). Everything it starts it stops by PID.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const resultsDir = join(repoRoot, 'test-results', 'e2e');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

// ---------------------------------------------------------------------------------------------
// The build: `electron-vite build` at most once per run. It is skipped when nothing it reads has
// changed since the last successful build by this harness, so the second e2e file of a run (and
// a rerun with no edits) does not pay for it again, and a stale bundle is never tested.

const BUILD_STAMP = join(repoRoot, 'out', '.e2e-build-stamp');
const BUILD_INPUTS = ['src-renderer', 'src-main', 'electron.vite.config.ts', 'package.json', 'package-lock.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export function ensureBuild(): void {
  const stampTime = existsSync(BUILD_STAMP) ? statSync(BUILD_STAMP).mtimeMs : 0;
  const inputsTime = Math.max(...BUILD_INPUTS.map((p) => newestMtime(join(repoRoot, p))));
  if (stampTime > inputsTime && existsSync(join(repoRoot, 'out', 'renderer', 'index.html'))) return;
  process.stdout.write('e2e: building the app (electron-vite build)…\n');
  // Started by its JS entry, not through npx (TEST-GROUND pitfall 5).
  const r = spawnSync(process.execPath, [join(repoRoot, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
    timeout: 240_000,
  });
  if (r.status !== 0) {
    throw new Error(`electron-vite build failed (exit ${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  }
  writeFileSync(BUILD_STAMP, new Date().toISOString());
}

// ---------------------------------------------------------------------------------------------
// Browser mode: bin/web.ts on a free port, its URL (with the token) read from its stdout.

const URL_LINE = /XenDeck web UI: (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([\w-]+))/;

interface WebServer {
  proc: ChildProcess;
  url: string;
  output: () => string;
}

function startWeb(dataDir: string): Promise<WebServer> {
  return new Promise((resolvePromise, reject) => {
    // node --import tsx: one process, so the PID signalled is the server itself (TEST-GROUND pitfall 5).
    const proc = spawn(process.execPath, ['--import', 'tsx', 'bin/web.ts', '--port', '0', '--no-open', '--data-dir', dataDir], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
    });
    let out = '';
    let settled = false;
    const output = () => out;
    const timer = setTimeout(() => fail(new Error(`bin/web.ts printed no URL within 90 s. Output:\n${out}`)), 90_000);
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal(proc);
      reject(err);
    };
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = URL_LINE.exec(out);
      if (m && !settled) {
        settled = true;
        clearTimeout(timer);
        resolvePromise({ proc, url: m[1], output });
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    proc.on('error', (e) => fail(e));
    proc.on('exit', (code, signal) => fail(new Error(`bin/web.ts exited (${code ?? signal}) before printing its URL. Output:\n${out}`)));
  });
}

function signal(proc: ChildProcess, sig: NodeJS.Signals = 'SIGTERM'): void {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  proc.kill(sig);
}

async function stopWeb(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  signal(proc, 'SIGTERM');
  const timer = setTimeout(() => signal(proc, 'SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

// ---------------------------------------------------------------------------------------------
// Chromium, with console errors and CSP violations recorded from the first script on.

export interface CspViolation {
  directive: string;
  blockedURI: string;
  sourceFile: string;
  sample: string;
}

export interface E2EApp {
  /** The page URL printed by browser mode, with its token, plus `e2e=1`. */
  url: string;
  context: BrowserContext;
  page: Page;
  consoleErrors: string[];
  cspViolations: CspViolation[];
  /** Output of the browser-mode server so far (for failure messages). */
  serverOutput: () => string;
  screenshot(name: string): Promise<string>;
  /** Stops only the browser-mode server (the page stays open), as when the core goes away. */
  stopServer(): Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** navigator.language of the browser (default en-US). */
  locale?: string;
  /** The core's --data-dir. Default: a fresh temporary directory, removed on stop, so the
   * developer's own hosts never show up in a test. */
  dataDir?: string;
}

export async function startApp(opts: StartOptions = {}): Promise<E2EApp> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: the e2e tests drive Debian's Chromium. Install it with \`apt-get install -y chromium\` (.ci/run does).`);
  }
  ensureBuild();
  const ownDataDir = opts.dataDir === undefined ? mkdtempSync(join(tmpdir(), 'xendeck-e2e-data-')) : null;
  const web = await startWeb(opts.dataDir ?? (ownDataDir as string));
  const userDataDir = mkdtempSync(join(tmpdir(), 'xendeck-e2e-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      locale: opts.locale ?? 'en-US',
      viewport: { width: 1280, height: 800 },
      colorScheme: 'light',
    });
  } catch (e) {
    await stopWeb(web.proc);
    rmSync(userDataDir, { recursive: true, force: true });
    if (ownDataDir) rmSync(ownDataDir, { recursive: true, force: true });
    throw e;
  }

  const consoleErrors: string[] = [];
  const cspViolations: CspViolation[] = [];
  await context.exposeBinding('__xendeckReportCsp', (_src, v: CspViolation) => {
    cspViolations.push(v);
  });
  await context.addInitScript(() => {
    document.addEventListener(
      'securitypolicyviolation',
      (e) => {
        const report = (window as unknown as { __xendeckReportCsp: (v: CspViolation) => Promise<void> }).__xendeckReportCsp;
        void report({ directive: e.effectiveDirective, blockedURI: e.blockedURI, sourceFile: e.sourceFile, sample: e.sample });
      },
      true,
    );
  });

  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));

  mkdirSync(resultsDir, { recursive: true });
  const url = `${web.url}&e2e=1`;

  return {
    url,
    context,
    page,
    consoleErrors,
    cspViolations,
    serverOutput: web.output,
    async screenshot(name: string) {
      const file = join(resultsDir, `${name}.png`);
      // Transitions are finished first, so a screenshot shows the settled page.
      await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
      return file;
    },
    async stopServer() {
      await stopWeb(web.proc);
    },
    async stop() {
      await context.close().catch(() => undefined);
      await stopWeb(web.proc);
      rmSync(userDataDir, { recursive: true, force: true });
      if (ownDataDir) rmSync(ownDataDir, { recursive: true, force: true });
    },
  };
}

/** Opens the app and waits until the top bar says the carrier is connected. */
export async function openApp(app: E2EApp, hash = '#/hosts'): Promise<void> {
  await app.page.goto(`${app.url}${hash}`);
  await app.page.locator('[data-testid="carrier-status"][data-status="connected"]').waitFor({ timeout: 30_000 });
}

/** Runs the `xendeck` command (bin/xendeck.mjs, the same core) and fails with its output unless it exits 0. */
export function xendeck(args: string[]): string {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'xendeck.mjs'), ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`xendeck ${args.join(' ')} failed (exit ${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/**
 * Imports the simulator's hosts.json into a data directory with the `xendeck` command, the way an
 * administrator (and `npm run demo`) does: the host keys are pinned by its fingerprints, so no
 * prompt is needed. Run before `startApp({ dataDir })`.
 */
export function importSimHosts(dataDir: string, simDir: string): void {
  xendeck(['--data-dir', dataDir, 'hosts', 'import', join(simDir, 'hosts.json')]);
}
