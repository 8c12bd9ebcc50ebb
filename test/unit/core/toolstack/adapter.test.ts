import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiError } from '@shared/api/errors';
import { shellCommand, type Arg } from '../../../../src-main/core/remote/argv';
import { detectToolstack, xlToolstack, xmToolstack, type Exec, type ExecResult } from '../../../../src-main/core/toolstack/adapter';
import { capture } from '../shared-samples';

/** An exec that answers from a table keyed by the quoted command line, and records what ran. */
function fakeExec(answers: Record<string, Partial<ExecResult>>): Exec & { ran: string[] } {
  const ran: string[] = [];
  const exec = async (argv: readonly Arg[]) => {
    const line = shellCommand(argv);
    ran.push(line);
    const a = answers[line];
    if (a === undefined) return { stdout: '', stderr: `sh: 1: ${String(argv[0])}: not found\n`, code: 127 };
    return { stdout: a.stdout ?? '', stderr: a.stderr ?? '', code: a.code ?? 0 };
  };
  return Object.assign(exec, { ran });
}

describe('Toolstack adapter over an injected exec', () => {
  it('lists domains and host info on an xl host from real captures', async () => {
    const exec = fakeExec({
      'xl list': { stdout: capture('xl_list_pybofh-test-fixture.txt') },
      'xl info': { stdout: capture('xl_info_centos6-dom0_xen-4.6.3_x86_64.txt') },
      'xentop -b -i 2 -d 1': { stdout: capture('xentop_batch_go-test-fixture_dom0-no-limit.txt') },
    });
    const { toolstack, info } = await detectToolstack({ host: 'dom0-a', exec });
    expect(toolstack.kind).toBe('xl');
    expect(info.xenVersion).toBe('4.6.3-14.el6');
    expect((await toolstack.list()).map((d) => d.name)).toEqual(['Domain-0', 'domu1', 'domu2', 'domu3']);
    expect((await toolstack.metrics())[1].name).toBe('DomD');
    expect(exec.ran).toEqual(['xl info', 'xl list', 'xentop -b -i 2 -d 1']);
  });

  it('falls back to xm when xl is missing, and reads SXP', async () => {
    const exec = fakeExec({
      'xm info': { stdout: capture('xm_info_oracle-ovm-3.4_test-fixture.txt') },
      'xm list --long': { stdout: capture('xm_list_long_sxp_opensolaris-xvm_winxp-hvm_libvirt-testdata.sexpr') },
    });
    const { toolstack } = await detectToolstack({ host: 'centos5', exec });
    expect(toolstack.kind).toBe('xm');
    expect((await toolstack.listLong())[0].name).toBe('domu-224');
    expect(await toolstack.validate('/etc/xen/a.cfg')).toBe(false);
  });

  it('says TOOLSTACK_MISSING when neither tool exists, NEEDS_ROOT when sudo wants a password', async () => {
    await expect(detectToolstack({ host: 'plain', exec: fakeExec({}) })).rejects.toMatchObject({
      code: 'TOOLSTACK_MISSING',
      message: 'Neither xl nor xm was found on plain.',
    });
    const sudo = fakeExec({ 'sudo -n xl info': { code: 1, stderr: 'sudo: a password is required\n' } });
    await expect(detectToolstack({ host: 'h', exec: sudo, sudo: true })).rejects.toMatchObject({ code: 'NEEDS_ROOT' });
    expect(sudo.ran[0]).toBe('sudo -n xl info');
  });

  it('runs a dry run before create and maps its error to the cfg line (CFG_INVALID)', async () => {
    const exec = fakeExec({
      'xl -N create /etc/xen/bad.cfg': { code: 1, stderr: 'Parsing config from /etc/xen/bad.cfg\n/etc/xen/bad.cfg:3: config parsing error near `memory\': syntax error, unexpected IDENT, expecting STRING or NUMBER or \'[\'\n' },
    });
    const err = await xlToolstack({ host: 'h', exec }).validate('/etc/xen/bad.cfg').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'CFG_INVALID', details: { line: 3, file: '/etc/xen/bad.cfg' } });
  });

  it('finds the VNC endpoint in xenstore, and null when the key is absent', async () => {
    const exec = fakeExec({
      'xenstore-read /local/domain/7/console/vnc-port': { stdout: '5901\n' },
      'xenstore-read /local/domain/7/console/vnc-listen': { stdout: '127.0.0.1\n' },
      'xenstore-read /local/domain/8/console/vnc-port': { code: 1, stderr: 'xenstore-read: couldn\'t read path /local/domain/8/console/vnc-port\n' },
    });
    const ts = xlToolstack({ host: 'h', exec });
    expect(await ts.vncEndpoint(7)).toEqual({ listen: '127.0.0.1', port: 5901 });
    expect(await ts.vncEndpoint(8)).toBeNull();
  });

  it('resolves a name to its current domid, refusing a recycled id (IN-3)', async () => {
    const table = [
      'Name                                        ID   Mem VCPUs\tState\tTime(s)',
      'Domain-0                                     0  2048     2     r-----      10.0',
      '123                                          5   512     1     -b----       1.0',
      'web                                          7   512     1     -b----       1.0',
    ].join('\n');
    const exec = fakeExec({ 'xl list': { stdout: table } });
    const ts = xlToolstack({ host: 'h', exec });
    expect(await ts.resolve('123')).toBe(5);
    expect(await ts.resolve('web', 7)).toBe(7);
    await expect(ts.resolve('web', 3)).rejects.toMatchObject({ code: 'DOMAIN_NOT_FOUND', message: 'The guest "web" was restarted (its id is now 7, not 3), so nothing was done on h.' });
    await expect(ts.resolve('gone')).rejects.toMatchObject({ code: 'DOMAIN_NOT_FOUND' });
    expect(exec.ran.every((l) => l === 'xl list')).toBe(true);
  });

  it('turns unreadable output into COMMAND_FAILED naming the host (IN-8)', async () => {
    const exec = fakeExec({ 'xl list -l': { stdout: '[{"domid": 1, "con' } });
    await expect(xlToolstack({ host: 'dom0-b', exec }).listLong()).rejects.toMatchObject({
      code: 'COMMAND_FAILED',
      message: expect.stringMatching(/^On dom0-b, the output of xl list -l was not understood/),
    });
  });

  it('addresses xm operations with the xm spelling and refuses what xm lacks', async () => {
    const exec = fakeExec({ 'xm mem-set 3 512': {} });
    const ts = xmToolstack({ host: 'old', exec });
    await ts.memSet(3, 512);
    await expect(ts.cdEject(3, 'hdc')).rejects.toMatchObject({ code: 'COMMAND_FAILED', message: "old uses xm, which can't do this operation." });
    expect(exec.ran).toEqual(['xm mem-set 3 512']);
  });
});

describe('Toolstack adapter over a real local shell', () => {
  const dir = mkdtempSync(join(tmpdir(), 'toolstack-local-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const log = join(dir, 'argv.log');
  // A stand-in xl that records its argv, one NUL-terminated argument per line.
  writeFileSync(join(dir, 'xl'), `#!/bin/sh\nfor a in "$@"; do printf '%s\\0' "$a"; done >> '${log}'\nprintf '\\n' >> '${log}'\nexit 0\n`);
  chmodSync(join(dir, 'xl'), 0o755);

  const localExec: Exec = (argv) =>
    new Promise((resolve) => {
      const p = spawn('/bin/sh', ['-c', shellCommand(argv)], { env: { PATH: `${dir}:/usr/bin:/bin` }, cwd: dir });
      let stdout = '';
      let stderr = '';
      p.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
      p.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      p.on('close', (code) => resolve({ stdout, stderr, code }));
    });

  it('delivers a hostile guest name to xl as one argument and runs nothing else (IN-1)', async () => {
    const ts = xlToolstack({ host: 'local', exec: localExec });
    const name = `a;touch ${join(dir, 'pwned')} $(id) \`id\` 'q' -x\n日本`;
    await ts.destroy(name);
    await ts.cdInsert('-web', 'hdc', '/iso/my cd.iso');
    const calls = readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => l.split('\0').slice(0, -1));
    // The name contains a newline, so the first call spans two log lines: rejoin by record.
    const text = readFileSync(log, 'utf8');
    expect(text.startsWith(`destroy\0${name}\0\n`)).toBe(true);
    expect(calls[calls.length - 1]).toEqual(['cd-insert', '--', '-web', 'hdc', '/iso/my cd.iso']);
    expect(() => readFileSync(join(dir, 'pwned'))).toThrow();
  });
});
