// How `xendeck` recognises the hosts commands and the global --data-dir (issue 5 §10), and the
// default data directory shared with the desktop app (Electron userData for "XenDeck").
import { describe, expect, it } from 'vitest';
import { defaultDataDir } from '../../../bin/cli/hosts/data-dir';
import { runHostsCli } from '../../../bin/cli/hosts/index';
import type { CliIo } from '../../../bin/cli/io';

function io(): CliIo & { outText: string; errText: string } {
  const o = { outText: '', errText: '', cwd: '/', out: (t: string | Uint8Array) => void (o.outText += String(t)), err: (t: string) => void (o.errText += t) };
  return o;
}

describe('xendeck hosts command line', () => {
  it('leaves other groups to the registry', () => {
    expect(runHostsCli(['cfg', 'lint', 'x.cfg'], io())).toBeNull();
    expect(runHostsCli([], io())).toBeNull();
  });

  it('answers --help and refuses unknown hosts commands or a --data-dir without a value', async () => {
    const a = io();
    expect(await runHostsCli(['ls', '--help'], a)).toBe(0);
    expect(a.outText).toContain('xendeck [--data-dir DIR] cfg push HOST/GUEST FILE [--force]');
    const b = io();
    expect(await runHostsCli(['hosts', 'frobnicate'], b)).toBe(2);
    expect(b.errText).toContain("unknown command 'hosts frobnicate'");
    expect(await runHostsCli(['ls', '--data-dir='], io())).toBe(2);
    expect(await runHostsCli(['--data-dir', '/tmp/x', 'cfg', 'lint'], io())).toBe(2);
  });

  it('refuses a guest that is not HOST/GUEST before touching anything', async () => {
    const a = io();
    expect(await runHostsCli(['--data-dir', '/nonexistent/xendeck-test', 'start', 'just-a-name'], a)).toBe(2);
    expect(a.errText).toContain('give the guest as HOST/GUEST');
  });

  it('defaults to the app data directory', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/cfg' }, 'linux')).toBe('/cfg/XenDeck');
    expect(defaultDataDir({}, 'linux')).toMatch(/\/\.config\/XenDeck$/);
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toContain('XenDeck');
    expect(defaultDataDir({}, 'darwin')).toMatch(/Library\/Application Support\/XenDeck$/);
  });
});
