// Watching instead of polling (issue 5 §6): the remote watch script (run here by a local sh with a
// fake xenstore-watch), and the per-host watch loop: one debounced read per burst of events, a read
// at the safety deadline, polling when the host can't watch, nothing after stop.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseWatchOutput, watchArgv } from '../../../src-main/core/inventory/watch';
import { HostWatch, HostWatches } from '../../../src-main/core/inventory/watcher';
import type { Exec, ExecResult } from '../../../src-main/core/toolstack/adapter';

const tmp = mkdtempSync(join(tmpdir(), 'xendeck-watch-unit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs the watch script as sshd would: its own session (so its `kill 0` stays inside), stdin a pipe. */
function runScript(bin: string, seconds: number, opts: { closeStdinAfterMs?: number } = {}): Promise<{ stdout: string; stderr: string }> {
  const [sh, c, script, ...args] = watchArgv(false, seconds).map(String) as [string, string, string, ...string[]];
  const child = spawn(sh, [c, script, ...args], { detached: true, env: { PATH: `${bin}:/usr/bin:/bin` }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  if (opts.closeStdinAfterMs !== undefined) setTimeout(() => child.stdin.end(), opts.closeStdinAfterMs);
  return new Promise((resolve) => child.on('close', () => resolve({ stdout, stderr })));
}

function fakeWatchBin(name: string, body: string): string {
  const bin = join(tmp, name);
  mkdirSync(bin);
  const f = join(bin, 'xenstore-watch');
  // -n 2 PATH: fires once on registration, like xenstored, then as the test says
  writeFileSync(f, `#!/bin/sh\necho "$3"\n${body}\n`);
  chmodSync(f, 0o755);
  return bin;
}

describe('the watch script', () => {
  it('ends at the first domain event with W0', async () => {
    const bin = fakeWatchBin('event', 'case "$3" in @releaseDomain) sleep 0.3; echo "$3"; exit 0;; *) sleep 30;; esac');
    expect(parseWatchOutput(...Object.values(await runScript(bin, 30)) as [string, string])).toEqual({ kind: 'event' });
  });

  it('ends at the deadline with T when nothing happens', async () => {
    const bin = fakeWatchBin('quiet', 'sleep 30');
    expect((await runScript(bin, 1)).stdout).toBe('T\n');
  });

  it('ends with C when the channel closes (stdin EOF), and kills its watchers', async () => {
    const bin = fakeWatchBin('closed', `echo $$ >> ${join(tmp, 'pids')}; sleep 30`);
    expect((await runScript(bin, 30, { closeStdinAfterMs: 300 })).stdout).toBe('C\n');
    const pids = readFileSync(join(tmp, 'pids'), 'utf8').trim().split('\n').map(Number);
    expect(pids).toHaveLength(2);
    // kill 0 took the whole group: each watcher is gone or a zombie waiting to be reaped
    const alive = (pid: number) => {
      try {
        return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      } catch {
        return false;
      }
    };
    await until(() => pids.every((pid) => !alive(pid)));
  });

  it('says the host cannot watch when xenstore-watch is missing', async () => {
    const bin = join(tmp, 'none');
    mkdirSync(bin);
    const r = await runScript(bin, 30);
    expect(r.stdout).toBe('W127\n');
    expect(parseWatchOutput(r.stdout, r.stderr)).toMatchObject({ kind: 'unavailable', reason: expect.stringMatching(/xenstore-watch/) });
    expect(parseWatchOutput('W1\n', 'sudo: a password is required\n')).toEqual({ kind: 'unavailable', reason: 'sudo: a password is required' });
  });
});

/** An exec whose answers the test gives one at a time. */
function scriptedExec() {
  const calls: { resolve: (r: ExecResult) => void; reject: (e: unknown) => void; signal?: AbortSignal }[] = [];
  const exec: Exec = (_argv, o) =>
    new Promise<ExecResult>((resolve, reject) => {
      calls.push({ resolve, reject, ...(o?.signal ? { signal: o.signal } : {}) });
      o?.signal?.addEventListener('abort', () => reject(new Error('cancelled')), { once: true });
    });
  const answer = async (line: string) => {
    await until(() => calls.length > 0);
    calls.shift()?.resolve({ stdout: `${line}\n`, stderr: '', code: null });
  };
  return { exec, calls, answer };
}

async function until(ok: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(ok()).toBe(true);
}

describe('HostWatch', () => {
  it('reads once per burst of events, and at each safety deadline', async () => {
    const { exec, answer } = scriptedExec();
    let reads = 0;
    const stop = new AbortController();
    const w = new HostWatch({ host: 'h', exec, sudo: false, debounceMs: 50, read: async () => void reads++ }, stop.signal);
    await answer('W0');
    await answer('W0');
    await answer('W0');
    await until(() => reads === 1);
    await answer('T');
    await until(() => reads === 2);
    expect(w.counts).toEqual({ events: 3, deadlines: 1, reads: 2 });
    stop.abort();
    expect(w.state).toBe('ended');
  });

  it('stops on abort: the exec is cancelled and no read follows', async () => {
    const { exec, calls, answer } = scriptedExec();
    let reads = 0;
    const stop = new AbortController();
    const w = new HostWatch({ host: 'h', exec, sudo: false, debounceMs: 30, read: async () => void reads++ }, stop.signal);
    await answer('W0');
    await until(() => calls.length === 1);
    stop.abort();
    await new Promise((r) => setTimeout(r, 60));
    expect(reads).toBe(0);
    expect(w.state).toBe('ended');
    expect(calls[0]?.signal?.aborted).toBe(true);
  });

  it('a host that cannot watch is polled until its next connection', async () => {
    const { exec, answer } = scriptedExec();
    const watches = new HostWatches();
    const stop = new AbortController();
    const conn = {};
    const make = () => ({ host: 'h', exec, sudo: false, read: async () => undefined });
    expect(watches.ensure('h', conn, stop.signal, make)).toBe(true);
    await answer('W127');
    await until(() => watches.running('h', conn) === null);
    expect(watches.ensure('h', conn, stop.signal, make)).toBe(false);
    expect(watches.unavailable('h', conn)).toBe('xenstore-watch is not installed');
    const next = {};
    expect(watches.ensure('h', next, stop.signal, make)).toBe(true);
    expect(watches.running('h', next)).not.toBeNull();
    watches.stopAll();
    expect(watches.running('h', next)).toBeNull();
  });

  it('ends when the connection goes; the next tick starts a new one', async () => {
    const { exec, calls } = scriptedExec();
    const watches = new HostWatches();
    const stop = new AbortController();
    const conn = {};
    watches.ensure('h', conn, stop.signal, () => ({ host: 'h', exec, sudo: false, read: async () => undefined }));
    await until(() => calls.length === 1);
    calls.shift()?.reject(new Error('HOST_UNREACHABLE'));
    await until(() => watches.running('h', conn) === null);
    expect(watches.unavailable('h', conn)).toBeNull();
    expect(watches.ensure('h', conn, stop.signal, () => ({ host: 'h', exec, sudo: false, read: async () => undefined }))).toBe(true);
    stop.abort();
  });
});
