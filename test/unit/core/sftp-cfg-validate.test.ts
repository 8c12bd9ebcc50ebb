// FS-7: the checks a cfg save passes before the rename — our parser on the text, `xl -N create` on
// the temp — and how xl's words are mapped to the user's file and line.
import { describe, expect, it } from 'vitest';
import { ApiError } from '@shared/api/errors';
import { checkCfgText, lineOfXlError, xlDryRun } from '../../../src-main/core/remote/cfg-validate';
import type { Arg } from '../../../src-main/core/remote/argv';
import { xlToolstack, xmToolstack, type ExecResult } from '../../../src-main/core/toolstack/adapter';

const ctx = { host: 'dom0', path: '/etc/xen/web.cfg', toolstack: 'xl' as const };
const TEMP = '/etc/xen/.web.cfg.xendeck-0123456789ab.tmp';
const TEXT = 'name = "web"\ntype = "hvm"\nmemory = 256\ndisk = [ "/img/web.img,qcow9,hda,w" ]\non_crash = "explode"\n';

function thrown(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected a throw');
}

async function rejected(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

describe('checkCfgText (our parser, FS-7)', () => {
  it('accepts valid xl text, a missing final newline and an xm script with Python', () => {
    expect(() => checkCfgText('name = "web"\nmemory = 256', ctx)).not.toThrow();
    expect(() => checkCfgText('import os\nname = "web"\narch = os.uname()[4]\n', ctx)).not.toThrow();
  });

  it('refuses a syntax error with CFG_INVALID at xl’s line and our column', () => {
    const e = thrown(() => checkCfgText('name = "web"\nmemory = = 256\n', ctx));
    expect(e.code).toBe('CFG_INVALID');
    expect(e.details).toEqual({ host: 'dom0', path: '/etc/xen/web.cfg', line: 2, col: 10 });
    expect(e.message).toBe("/etc/xen/web.cfg on dom0 was not saved: line 2, column 10: syntax error, unexpected '=', expecting STRING or NUMBER or '[' (near `=').");
  });

  it('CRLF: refused on xl with its own sentence, kept on xm', () => {
    const crlf = 'name = "web"\r\nmemory = 256\r\n';
    expect(thrown(() => checkCfgText(crlf, ctx)).message).toMatch(/Windows line ends \(CRLF\), which xl cannot read/);
    expect(() => checkCfgText(crlf, { ...ctx, toolstack: 'xm' })).not.toThrow();
  });
});

describe('lineOfXlError', () => {
  it('finds the line xl means: its own number, a quoted disk spec, a named key', () => {
    expect(lineOfXlError(`${TEMP}:3: config parsing error near \`=': syntax error`, TEXT)).toBe(3);
    expect(lineOfXlError(`${TEMP}:0: config parsing error near <newline>: x`, TEXT)).toBe(1);
    expect(lineOfXlError(`${TEMP}: config parsing error in disk specification: unknown value for format: near \`qcow9' in \`/img/web.img,qcow9,hda,w'`, TEXT)).toBe(4);
    expect(lineOfXlError('Unknown on_crash action "explode" specified', TEXT)).toBe(5);
    expect(lineOfXlError('Domain name must be specified.', TEXT)).toBe(1);
    expect(lineOfXlError('libxl: error: something else', TEXT)).toBeNull();
  });
});

describe('xlDryRun (xl -N create on the temp)', () => {
  const run = (r: ExecResult, o: { sudo?: boolean } = {}) => {
    const calls: (readonly Arg[])[] = [];
    const exec = (argv: readonly Arg[]) => (calls.push(argv), Promise.resolve(r));
    const v = xlDryRun({ host: 'dom0', exec, toolstack: xlToolstack({ host: 'dom0', exec }), ...o });
    return { calls, check: () => v(TEMP, { path: '/etc/xen/web.cfg', text: TEXT }) };
  };

  it('runs `xl -N create TEMP` (with sudo -n in sudo mode) and passes xl’s warnings on', async () => {
    const a = run({ code: 0, stdout: '{}', stderr: `Parsing config from ${TEMP}\nWARNING: ignoring device_model directive.\n` });
    expect(await a.check()).toEqual(['xl: WARNING: ignoring device_model directive.']);
    expect(a.calls).toEqual([['xl', '-N', 'create', TEMP]]);
    const b = run({ code: 0, stdout: '{}', stderr: '' }, { sudo: true });
    await b.check();
    expect(b.calls[0]?.slice(0, 3)).toEqual(['sudo', '-n', 'xl']);
  });

  it('a refusal is CFG_INVALID naming the live file and line, never the temp', async () => {
    const e = await rejected(
      run({ code: 1, stdout: '', stderr: `Parsing config from ${TEMP}\n${TEMP}: config parsing error in disk specification: unknown value for format: near \`qcow9' in \`/img/web.img,qcow9,hda,w'\n` }).check(),
    );
    expect(e.code).toBe('CFG_INVALID');
    expect(e.details).toMatchObject({ line: 4, path: '/etc/xen/web.cfg' });
    expect(e.message).toBe("/etc/xen/web.cfg on dom0 was not saved: line 4: xl refused it: config parsing error in disk specification: unknown value for format: near `qcow9' in `/img/web.img,qcow9,hda,w'.");
    const own = await rejected(run({ code: 1, stdout: '', stderr: `${TEMP}:2: config parsing error near \`x': lexical error\nFailed to parse config: Invalid argument\n` }).check());
    expect(own.message).toContain('line 2: xl refused it: config parsing error near `x\': lexical error');
    expect(own.message).not.toContain('xendeck-');
  });

  it('when xl can’t run (sudo wants a password) the save goes on with a warning; a lost connection is not a verdict', async () => {
    const w = await run({ code: 1, stdout: '', stderr: 'sudo: a password is required\n' }, { sudo: true }).check();
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/xl could not check \/etc\/xen\/web\.cfg before it was saved/);
    const exec = () => Promise.reject(new ApiError({ code: 'HOST_UNREACHABLE', message: 'gone' }));
    const v = xlDryRun({ host: 'dom0', exec, toolstack: xlToolstack({ host: 'dom0', exec }) });
    expect((await rejected(v(TEMP, { path: '/etc/xen/web.cfg', text: TEXT }))).code).toBe('HOST_UNREACHABLE');
  });

  it('xm has no dry run: nothing is run', async () => {
    const calls: unknown[] = [];
    const exec = (argv: readonly Arg[]) => (calls.push(argv), Promise.resolve({ code: 0, stdout: '', stderr: '' }));
    const v = xlDryRun({ host: 'old', exec, toolstack: xmToolstack({ host: 'old', exec }) });
    expect(await v(TEMP, { path: '/etc/xen/web', text: TEXT })).toEqual([]);
    expect(calls).toEqual([]);
  });
});
