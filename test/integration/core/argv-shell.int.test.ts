// IN-1 / IN-2 / IN-7: a command built by argv.ts, run by a real POSIX shell, delivers exactly the
// intended argv and runs nothing else. Shells: dash (Debian's sh) and bash, as dom0 login shells are.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { operands, shellCommand } from '../../../src-main/core/remote/argv';

const dir = mkdtempSync(join(tmpdir(), 'argv-shell-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const shells = ['/bin/dash', '/bin/bash'].filter((s) => existsSync(s));

/** Runs `printf '%s\0' ARGS…` through `shell -c` and returns the argv printf received. */
function roundTrip(shell: string, args: string[]): string[] {
  const cmd = shellCommand(['printf', '%s\\0', ...args]);
  const r = spawnSync(shell, ['-c', cmd], { cwd: dir, encoding: 'buffer', env: { PATH: '/usr/bin:/bin' } });
  expect(r.status, r.stderr.toString()).toBe(0);
  const out = r.stdout.toString('utf8');
  return out === '' ? [] : out.slice(0, -1).split('\0');
}

const hostile = () => [
  `a;touch ${join(dir, 'pwned1')}`,
  `$(touch ${join(dir, 'pwned2')})`,
  `\`touch ${join(dir, 'pwned3')}\``,
  `it's "quoted" \\'x\\'`,
  'two  spaces\tand tab',
  'new\nline; touch pwned4',
  '-F',
  '--',
  '日本語-ゲスト',
  '!$HOME*?[a]{b,c}~',
  '',
  "'",
  '\\',
];

describe.each(shells)('through %s -c', (shell) => {
  it('delivers hostile names as single arguments and runs none of them (IN-1)', () => {
    expect(shells.length).toBeGreaterThan(0);
    expect(roundTrip(shell, hostile())).toEqual(hostile());
    expect(readdirSync(dir)).toEqual([]);
  });

  it('round-trips any string without NUL (property, fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }).filter((s) => !s.includes('\0')), { minLength: 1, maxLength: 6 }), (args) => {
        // printf with no arguments still prints its format once, so at least one is given.
        // Lone surrogates are not representable in UTF-8; compare what the shell can receive.
        const expected = args.map((a) => Buffer.from(a, 'utf8').toString('utf8'));
        expect(roundTrip(shell, args)).toEqual(expected);
      }),
      { numRuns: 150 },
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('keeps a leading-dash name an operand when -- is inserted (IN-7)', () => {
    // `ls -- -l` must look for a file named -l instead of listing long.
    const cmd = shellCommand(['ls', ...operands(['-l'])]);
    const r = spawnSync(shell, ['-c', cmd], { cwd: dir, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/-l/);
  });
});
