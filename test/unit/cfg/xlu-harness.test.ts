// The libxlutil harness itself: builds against the installed libxlutil and reports what Xen's parser
// holds. These checks also validate the mirrored struct layout (a wrong layout gives wrong values).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureXluHarness } from '../../xlu-harness/build';
import { xluDiskMany, xluParseMany } from '../../xlu-harness/client';

let bin = '';
const dir = mkdtempSync(join(tmpdir(), 'xlu-harness-'));

beforeAll(async () => {
  bin = await ensureXluHarness();
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function dump(text: string, source?: string) {
  const file = join(dir, 'g.cfg');
  writeFileSync(file, text);
  const args = source ? ['--source', source, file] : [file];
  return spawnSync(bin, args, { encoding: 'utf8' });
}

describe('xlu-dump (libxlutil 4.17)', () => {
  it('prints effective values in file order of their last assignment, lists nested', () => {
    const r = dump('name="h0"\nmemory=512\ndisk=[ "a", # c\n "b"\n ,\n "c",\n]\nv=[["x"],[]]\nmemory=1024\ns="a"\ns+="b"\n');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      '{"ok":true,"values":{"name":"h0","disk":["a","b","c"],"v":[["x"],[]],"memory":"1024","s":"ab"}}\n',
    );
  });

  it('prints xl error lines on stderr with the given source name and exits 1', () => {
    const r = dump('a=1\nb=\nName=1\n', 'guest.cfg');
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({ ok: false });
    expect(r.stderr).toBe(
      "guest.cfg:1: config parsing error near <newline>: syntax error, unexpected NEWLINE, expecting STRING or NUMBER or '['\n" +
        "guest.cfg:3: config parsing error near `Name=1': lexical error\n",
    );
  });

  it('batch mode gives the same answers with the report captured', async () => {
    const [a, b] = await xluParseMany(['x=0x1f\n', 'x=-1\n'], 'f');
    expect(a).toEqual({ ok: true, values: { x: '0x1f' }, lines: { x: 1 }, report: '' });
    expect(b?.ok).toBe(false);
    expect(b?.report).toContain("f:1: config parsing error near `-1': lexical error\n");
    expect(b?.report).toContain('warning: Config file looks like it contains Python code.');
  });

  it('parses disk specs with xlu_disk_parse', async () => {
    const [d, cd, bad] = await xluDiskMany(['file:/a.img,hda,w', '/b.iso,raw,hdc:cdrom,r', 'x,w!,zz']);
    expect(d).toMatchObject({ ok: true, target: '/a.img', vdev: 'hda', format: 'raw', readwrite: 1, is_cdrom: 0 });
    expect(cd).toMatchObject({ ok: true, target: '/b.iso', vdev: 'hdc', readwrite: 0, is_cdrom: 1 });
    expect(bad?.ok).toBe(false);
    expect(bad?.report).toContain('unknown value for format');
  });
});
