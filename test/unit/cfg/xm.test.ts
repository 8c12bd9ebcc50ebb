// Legacy xm files: scripted regions kept verbatim, literal lines editable, common idioms evaluated
// for the host, conversion to a plain xl file, and keys valid nowhere flagged with a fix.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCfg } from '../../../src-main/shared/cfg/syntax';
import { getOption } from '../../../src-main/shared/cfg/schema';
import { analyzeXm, applyXmEdits, evaluateXm, toXl, XL_RENAMES } from '../../../src-main/shared/cfg/xm';
import { corpusFiles, sharedXenDir } from '../../xlu-harness/gen';

const seed = readFileSync(join(sharedXenDir(), 'seed/seed-hvm-example.cfg'), 'utf8');

describe('analyzeXm on the seed', () => {
  const a = analyzeXm(seed);

  it('finds the Python regions and what they assign, kept verbatim', () => {
    expect(a.regions.map((r) => [r.startLine, r.endLine, r.assigns])).toEqual([
      [1, 1, []],
      [2, 2, ['arch']],
      [3, 6, ['arch_libdir']],
      [29, 29, ['device_model']],
    ]);
    expect(a.regions[2]?.text).toBe("if re.search('64', arch):\n    arch_libdir = 'lib64'\nelse:\n    arch_libdir = 'lib'\n");
  });

  it('sets full-screen=1 aside as a key valid nowhere (the linter reports it) and masks it', () => {
    expect(a.invalidKeys).toMatchObject([{ key: 'full-screen', value: '1', line: 44 }]);
    const k = a.invalidKeys[0] as (typeof a.invalidKeys)[number];
    expect(a.mask.slice(k.start, k.end).trim()).toBe('');
  });

  it('masks the Python so the literal part parses as xl with every literal value', () => {
    expect(a.mask.length).toBe(seed.length);
    const doc = parseCfg(a.mask);
    expect(doc.ok).toBe(true);
    expect(doc.values.get('memory')).toBe('128');
    expect(doc.values.has('device_model')).toBe(false);
  });
});

describe('evaluateXm', () => {
  it('shows every seed value, resolving arch_libdir from uname -m', () => {
    const e64 = evaluateXm(seed, { machine: 'x86_64' });
    expect(e64.values.get('device_model')).toBe('/usr/lib64/xen/bin/qemu-dm');
    expect(e64.values.get('disk')).toEqual(['file:/var/images/min-el3-i386.img,hda,w', ',hdc:cdrom,r']);
    expect(e64.values.get('vncpasswd')).toBe('');
    expect(e64.helpers.get('arch_libdir')).toBe('lib64');
    expect(e64.values.has('arch')).toBe(false);
    // 35 assignments in the seed; `full-screen=1` is not Python (nor xl), so 34 options.
    expect(e64.values.size).toBe(34);
    expect(evaluateXm(seed, { machine: 'i686' }).values.get('device_model')).toBe('/usr/lib/xen/bin/qemu-dm');
  });

  it('leaves values it cannot work out unresolved instead of guessing', () => {
    const e = evaluateXm(seed, {});
    expect(e.values.has('device_model')).toBe(false);
    expect(e.unresolved).toContain('device_model');
    const e2 = evaluateXm('name = "VM%d" % vmid\nmemory = 64\nacpi = True\n');
    expect(e2.unresolved).toEqual(['name']);
    expect(Object.fromEntries(e2.values)).toEqual({ memory: '64', acpi: '1' });
  });
});

describe('toXl', () => {
  it('renames the xm keys the schema gives an xl name for, and only those', () => {
    expect(XL_RENAMES).toEqual({ cpu_cap: 'cap', bootargs: 'bootloader_args' });
    for (const [xm, xl] of Object.entries(XL_RENAMES)) {
      expect(getOption(xm)?.xlName).toBe(xl);
      expect(getOption(xl)?.toolstacks).toContain('xl');
    }
    const r = toXl('cpu_cap = 50\nbootargs = "-q"\n');
    const doc = parseCfg(r.text);
    expect([doc.values.get('cap'), doc.values.get('bootloader_args'), doc.values.has('cpu_cap')]).toEqual(['50', '-q', false]);
  });

  it('converts the seed to a plain xl file: type="hvm", dropped keys commented with reasons, comments kept', () => {
    const r = toXl(seed, { machine: 'x86_64' });
    const doc = parseCfg(r.text);
    expect(doc.ok).toBe(true);
    expect(doc.values.get('type')).toBe('hvm');
    expect(doc.values.has('builder')).toBe(false);
    expect(doc.values.has('kernel')).toBe(false);
    expect(doc.values.has('device_model')).toBe(false);
    expect(r.text).toContain('# Shadow pagetable memory for the domain, in MB.\nshadow_memory = 8\n');
    expect(r.text).toContain("# [xl] dropped: `full-screen' is not a valid key for xl or xm\n# full-screen=1\n");
    expect(r.text).toContain('#     arch_libdir = \'lib64\'\n');
    expect(r.notes.join('\n')).toContain('type="hvm"');
  });

  it('maps renamed keys and evaluates Python values it understands', () => {
    const r = toXl("import os\ncpu_cap = 50\nmemory = 64 * 1\nbootargs = '-q'\nacpi = True\n");
    const v = parseCfg(r.text).values;
    expect(v.get('cap')).toBe('50');
    expect(v.get('bootloader_args')).toBe('-q');
    expect(v.get('acpi')).toBe('1');
    expect(r.notes.some((n) => n.includes("Could not work out `memory'"))).toBe(true);
  });

  it('produces a file xl parses for every xm example in ../shared/xen', () => {
    for (const [name, text] of corpusFiles()) {
      if (!/xm|seed/.test(name)) continue;
      expect(parseCfg(toXl(text, { machine: 'x86_64' }).text).ok, name).toBe(true);
    }
  });
});

describe('applyXmEdits', () => {
  it('edits a literal line of an xm file with a minimal diff', () => {
    const r = applyXmEdits(seed, [{ op: 'set', key: 'memory', value: '512' }]);
    expect(r.ok && r.text).toBe(seed.replace('memory = 128', 'memory = 512'));
  });

  it('refuses keys the Python computes', () => {
    const r = applyXmEdits(seed, [{ op: 'set', key: 'device_model', value: '/x' }]);
    expect(r).toEqual({ ok: false, reason: expect.stringContaining('computed by Python on lines 29-29') });
  });

  it('applies the fix for a key valid nowhere', () => {
    const r = applyXmEdits(seed, [{ op: 'remove', key: 'full-screen' }]);
    expect(r.ok && r.text).toBe(seed.replace('full-screen=1\n', ''));
  });
});
