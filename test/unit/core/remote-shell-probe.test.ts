import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { shellCommand } from '../../../src-main/core/remote/argv';
import { probeShell } from '../../../src-main/core/remote/shell-probe';
import type { Exec } from '../../../src-main/core/toolstack/adapter';

const shellExec =
  (shell: string): Exec =>
  (argv) =>
    new Promise((resolve) => {
      const p = spawn(shell, ['-c', shellCommand(argv)], { env: { PATH: '/usr/bin:/bin', HOME: '/nonexistent' } });
      const out: Buffer[] = [];
      p.stdout.on('data', (b: Buffer) => out.push(b));
      p.on('close', (code) => resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: '', code }));
    });

describe('login shell probe (IN-6)', () => {
  it.each(['/bin/dash', '/bin/bash'].filter((s) => existsSync(s)))('passes on %s', async (shell) => {
    expect(await probeShell(shellExec(shell))).toEqual({ posix: true });
  });

  it('fails, saying which argument changed, on a shell with other quoting rules', async () => {
    // What a csh-like shell does to `!!` inside single quotes: history expansion.
    const csh: Exec = async (argv) => {
      const args = argv.slice(2).map(String).map((a) => (a === '!!' ? 'printf' : a));
      return { stdout: `${args.join('\0')}\0`, stderr: '', code: 0 };
    };
    expect(await probeShell(csh)).toEqual({ posix: false, reason: 'the login shell changed the argument "!!" into "printf"' });
  });

  it('fails when arguments are split or the command fails', async () => {
    expect(await probeShell(async () => ({ stdout: 'a\0b\0', stderr: '', code: 0 }))).toMatchObject({ posix: false, reason: expect.stringContaining('into 2') });
    expect(await probeShell(async () => ({ stdout: '', stderr: 'Unknown command', code: 127 }))).toMatchObject({ posix: false });
  });
});
