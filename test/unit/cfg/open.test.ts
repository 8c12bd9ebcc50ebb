// openCfg: the one-call view the UI uses — kind, values, diagnostics and routed edits.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCfg } from '../../../src-main/shared/cfg/edit';
import { sharedXenDir } from '../../xlu-harness/gen';

const seed = readFileSync(join(sharedXenDir(), 'seed/seed-hvm-example.cfg'), 'utf8');

describe('openCfg', () => {
  it('opens the seed as xm with every value shown for an x86_64 host', () => {
    const c = openCfg(seed, { machine: 'x86_64', toolstack: 'xm' });
    expect(c.kind).toBe('xm');
    expect(c.values.get('device_model')).toBe('/usr/lib64/xen/bin/qemu-dm');
    expect(c.values.get('keymap')).toBe('ja');
    expect(c.scripted.map((r) => r.startLine)).toEqual([1, 2, 3, 29]);
    expect(c.diagnostics.filter((d) => d.params?.key === 'full-screen').map((d) => [d.code, d.line])).toEqual([['invalid-key-name', 44]]);
    expect(c.diagnostics.some((d) => d.code === 'python-code')).toBe(false);
  });

  it('on an xl host, says the seed is Python xl rejects: once per Python region', () => {
    const c = openCfg(seed, { machine: 'x86_64', toolstack: 'xl' });
    expect(c.diagnostics.filter((d) => d.code === 'python-code').map((d) => d.line)).toEqual([1, 2, 3, 29]);
  });

  it.each(['xl', 'xm'] as const)('shows each problem of the seed once on an %s host', (toolstack) => {
    const c = openCfg(seed, { machine: 'x86_64', toolstack });
    // One finding per problem: no two diagnostics on the same line about the same key or region.
    const subjects = c.diagnostics.map((d) => `${d.line}:${String(d.params?.key ?? d.params?.startLine ?? d.code)}`);
    expect(subjects.filter((s, i) => subjects.indexOf(s) !== i)).toEqual([]);
    expect(c.diagnostics.filter((d) => d.line === 44)).toHaveLength(1);
    for (const r of c.scripted) {
      const aboutRegion = c.diagnostics.filter((d) => d.params?.startLine === r.startLine);
      expect(aboutRegion).toHaveLength(toolstack === 'xl' ? 1 : 0);
    }
  });

  it('opens an xl file with lint diagnostics and edits it with a minimal diff', () => {
    const text = 'name = "g"\ntype = "hvm"\nmemory = 512\nvnclisten = "0.0.0.0"\n';
    const c = openCfg(text);
    expect(c.kind).toBe('xl');
    expect(c.values.get('memory')).toBe('512');
    expect(c.diagnostics.length).toBeGreaterThan(0);
    const r = c.edit([{ op: 'set', key: 'vnclisten', value: '127.0.0.1' }]);
    expect(r.ok && r.text).toBe(text.replace('0.0.0.0', '127.0.0.1'));
  });

  it('keeps a broken xl file as xl with its parse errors (not mistaken for xm)', () => {
    const c = openCfg('memory = -1\n');
    expect(c.kind).toBe('xl');
    expect(c.diagnostics[0]).toMatchObject({ code: 'parse-error', line: 1 });
  });
});
