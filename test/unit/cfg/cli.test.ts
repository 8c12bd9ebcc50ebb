// The real `xendeck` command (node bin/xendeck.mjs) on temp files, hostile names included.
import { execFile } from 'node:child_process';
import { chmodSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCfg } from '../../../src-main/shared/cfg/syntax';
import { sharedXenDir } from '../../xlu-harness/gen';

const repo = resolve(__dirname, '../../..');
const bin = join(repo, 'bin/xendeck.mjs');
const dir = mkdtempSync(join(tmpdir(), 'xendeck-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function xendeck(...args: string[]): Promise<{ code: number; stdout: string; stderr: string; raw: Buffer }> {
  return new Promise((res) => {
    execFile(process.execPath, [bin, ...args], { cwd: dir, encoding: 'buffer' }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 99) : 0;
      res({ code, stdout: stdout.toString('utf8'), stderr: stderr.toString('utf8'), raw: stdout });
    });
  });
}

function file(name: string, text: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const GUEST = `# web server
name = "web" # name
memory = 512
disk = [
  'file:/img/a.img,hda,w',
]
`;

describe('xendeck cfg', { timeout: 60_000 }, () => {
  it('dump prints one JSON line per file, values as libxlutil holds them, errors with xl lines', async () => {
    const a = file('-a guest.cfg', GUEST);
    const b = file('bad\nname.cfg', 'a=1\nb=\n');
    const r = await xendeck('cfg', 'dump', '--', a, b, join(dir, 'missing.cfg'));
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toEqual({ file: a, ok: true, values: { name: 'web', memory: '512', disk: ['file:/img/a.img,hda,w'] } });
    expect(lines[1]).toEqual({
      file: b,
      ok: false,
      errors: [{ line: 1, col: 1, message: "syntax error, unexpected NEWLINE, expecting STRING or NUMBER or '['" }],
    });
    expect(lines[2]).toMatchObject({ ok: false, errors: [{ message: expect.stringContaining('no such file') }] });
    expect(r.code).toBe(3);
  });

  it('lint prints FILE:LINE:COL: severity: message and exits 1 on errors, 0 when clean', async () => {
    const bad = file('lint me.cfg', 'name="x"\nmemory=-1\n');
    const r = await xendeck('cfg', 'lint', bad);
    expect(r.stdout).toBe(`${bad}:2:8: error: lexical error\n`);
    expect(r.code).toBe(1);
    const good = file('clean.cfg', GUEST);
    expect((await xendeck('cfg', 'lint', good)).code).toBe(0);
  });

  it('lint applies the option rules to a file that parses (security, unknown keys)', async () => {
    const p = file('rules.cfg', 'name="g"\ntype="hvm"\nmemory=512\nvnc=1\nvnclisten="0.0.0.0"\nvncpasswd=""\nmemroy=1\n');
    const r = await xendeck('cfg', 'lint', p);
    expect(r.stdout).toContain(`${p}:5:11: warning: VNC listens on 0.0.0.0`);
    expect(r.stdout).toContain(`${p}:7:1: warning: memroy is not an option Xen knows; did you mean memory?`);
    expect(r.code).toBe(0);
  });

  it('lint --toolstack xm flags the seed key valid nowhere, once, and prints every finding once', async () => {
    const seed = join(sharedXenDir(), 'seed/seed-hvm-example.cfg');
    const r = await xendeck('cfg', 'lint', '--toolstack', 'xm', seed);
    const lines = r.stdout.split('\n').filter((l) => l.length > 0);
    expect(lines.filter((l) => l.includes('full-screen'))).toEqual([
      `${seed}:44:1: error: full-screen is not a valid key name: xl rejects the whole file and in an xm file it is a Python syntax error. No toolstack reads it; remove the line.`,
    ]);
    expect(lines.filter((l) => l.startsWith(`${seed}:44:`))).toHaveLength(1);
    expect(new Set(lines).size).toBe(lines.length);
    expect(r.code).toBe(1);
  });

  it('format gives back identical bytes, CRLF and non-UTF-8 included', async () => {
    const crlf = file('crlf.cfg', 'a=1\r\nb="x"\r\n');
    const r1 = await xendeck('cfg', 'format', crlf);
    expect(r1.raw.equals(readFileSync(crlf))).toBe(true);
    expect(r1.code).toBe(1);
    const latin = file('latin.cfg', Buffer.from([0x23, 0x20, 0xe9, 0x0a, 0x61, 0x3d, 0x31, 0x0a]));
    const r2 = await xendeck('cfg', 'format', latin);
    expect(r2.raw.equals(readFileSync(latin))).toBe(true);
    expect(r2.code).toBe(0);
  });

  it('get prints a string plainly and a list as JSON; a missing key exits 1', async () => {
    const p = file('get.cfg', GUEST);
    expect((await xendeck('cfg', 'get', p, 'name')).stdout).toBe('web\n');
    expect((await xendeck('cfg', 'get', p, 'disk')).stdout).toBe('["file:/img/a.img,hda,w"]\n');
    const miss = await xendeck('cfg', 'get', p, 'vcpus');
    expect(miss.code).toBe(1);
    expect(miss.stderr).toContain('vcpus is not set');
  });

  it('set edits minimally, writes atomically keeping the mode, follows symlinks', async () => {
    const p = file('set.cfg', GUEST);
    chmodSync(p, 0o640);
    const link = join(dir, 'link.cfg');
    symlinkSync(p, link);
    const r = await xendeck('cfg', 'set', link, 'memory=1024', 'disk=["file:/img/a.img,hda,w","file:/img/b.iso,hdc:cdrom,r"]');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(p, 'utf8')).toBe(GUEST.replace('memory = 512', 'memory = 1024').replace("hda,w',\n", "hda,w',\n  'file:/img/b.iso,hdc:cdrom,r',\n"));
    expect(statSync(p).mode & 0o777).toBe(0o640);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readdirSync(dir).filter((n) => n.includes('.xendeck-'))).toEqual([]);
  });

  it('set refuses an edit it cannot express safely and leaves the file alone', async () => {
    const text = 'd=["a"]\nd+=["b"]\n';
    const p = file('plus.cfg', text);
    const r = await xendeck('cfg', 'set', p, 'd=["c"]');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('refused');
    expect(readFileSync(p, 'utf8')).toBe(text);
  });

  it('convert turns the seed into an xl file xl accepts, notes on stderr', async () => {
    const seed = join(sharedXenDir(), 'seed/seed-hvm-example.cfg');
    const r = await xendeck('cfg', 'convert', seed);
    expect(r.code).toBe(0);
    const doc = parseCfg(r.stdout);
    expect(doc.ok).toBe(true);
    expect(doc.values.get('type')).toBe('hvm');
    expect(r.stderr).toContain('note: Replaced builder="hvm" with type="hvm"');
  });

  it('has help for every command and usage errors exit 2', async () => {
    for (const c of ['lint', 'format', 'dump', 'get', 'set', 'convert']) {
      const h = await xendeck('cfg', c, '--help');
      expect(h.code, c).toBe(0);
      expect(h.stdout, c).toContain(`Usage: xendeck cfg ${c}`);
      expect(h.stdout, c).toContain('Exit status:');
    }
    expect((await xendeck('cfg', 'lint', '--bogus', 'x')).code).toBe(2);
    expect((await xendeck('cfg', 'nope')).code).toBe(2);
    expect((await xendeck('cfg', 'get', 'only-one-arg')).code).toBe(2);
  });
});
