// `tsx bin/web.ts`: prints exactly one line with the URL once listening (the e2e harness parses
// it), serves the page and the contract there, and shuts down cleanly on SIGTERM and SIGINT.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RawClient } from './helpers';

const repoRoot = resolve(__dirname, '../../..');
const LINE = /^XenDeck web UI: http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]+)$/;

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function start(): { child: ChildProcess; out: () => string; err: () => string; exited: Promise<{ code: number | null; signal: string | null }> } {
  const dir = mkdtempSync(join(tmpdir(), 'xendeck-web-bin-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>stand-in</title>');
  // node --import tsx: one process, so the PID we signal and kill is the server itself (TEST-GROUND pitfall 5).
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/web.ts', '--no-open', '--port', '0', '--renderer-dir', dir], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));
  return { child, out: () => out, err: () => err, exited };
}

async function firstLine(out: () => string, err: () => string): Promise<string> {
  const deadline = Date.now() + 60_000;
  while (!out().includes('\n')) {
    if (Date.now() > deadline) throw new Error(`no line printed; stderr: ${err()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return out();
}

describe('bin/web.ts', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('prints one URL line, serves the contract there, and exits 0 on %s', async (signal) => {
    const p = start();
    const out = await firstLine(p.out, p.err);
    const lines = out.split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const m = LINE.exec(lines[0]);
    expect(m, lines[0]).not.toBeNull();
    const [, port, token] = m as RegExpExecArray;

    const c = new RawClient(`ws://127.0.0.1:${port}/api?token=${token}`, `http://127.0.0.1:${port}`);
    await c.until(() => c.ws.readyState === c.ws.OPEN, 'the WebSocket to open');
    expect(await c.request('app.info', {})).toMatchObject({ ok: true, result: { carrier: 'web', name: 'XenDeck' } });

    p.child.kill(signal);
    expect(await p.exited).toEqual({ code: 0, signal: null });
    expect(p.out().split('\n').filter(Boolean)).toHaveLength(1);
    expect(await c.waitClosed()).toBe(1001);
  });

  it('refuses a renderer directory without index.html with a sentence, exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xendeck-web-empty-'));
    dirs.push(dir);
    const child = spawn(process.execPath, ['--import', 'tsx', 'bin/web.ts', '--no-open', '--renderer-dir', dir], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    expect(code).toBe(1);
    expect(err).toMatch(/index\.html is missing: build the renderer first/);
  });
});
