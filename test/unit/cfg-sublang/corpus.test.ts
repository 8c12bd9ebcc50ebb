// Sub-language parsers on every disk and vif value found in the real samples (../shared/xen).
import { describe, expect, it } from 'vitest';
import { formatDisk, parseDisk } from '../../../src-main/shared/cfg/sublang/disk';
import { formatVif, parseVif } from '../../../src-main/shared/cfg/sublang/vif';
import { xluDiskMany } from '../../xlu-harness/client';
import { sampleListValues } from './corpus';

const disks = sampleListValues(['disk']);
const vifs = sampleListValues(['vif']);

describe('sub-languages on the real sample files', () => {
  it('finds a real corpus (at least 40 disks and 40 vifs, the seed among them)', () => {
    expect(disks.length).toBeGreaterThanOrEqual(40);
    expect(vifs.length).toBeGreaterThanOrEqual(40);
    expect(disks.map((d) => d.value)).toContain(',hdc:cdrom,r');
  });

  it('parses every sample disk and gives its text back byte for byte', () => {
    const failures = disks.flatMap((d) => {
      const r = parseDisk(d.value);
      if (!r.ok) return [`${d.file}: ${d.value}: ${r.error.message}`];
      return formatDisk(r.value) === d.value ? [] : [`${d.file}: ${d.value}: round trip`];
    });
    expect(failures).toEqual([]);
  });

  it('parses every sample vif and gives its text back byte for byte', () => {
    const failures = vifs.flatMap((v) => {
      const r = parseVif(v.value);
      if (!r.ok) return [`${v.file}: ${v.value}: ${r.error.message}`];
      return formatVif(r.value) === v.value ? [] : [`${v.file}: ${v.value}: round trip`];
    });
    expect(failures).toEqual([]);
  });

  it('agrees with libxlutil xlu_disk_parse on every sample disk and on generated mixes', async () => {
    const atoms = ['', ' ', '/a', 'file:/a', 'phy:/dev/x', 'tap:aio:/i', 'raw:/a', 'hda', 'hdc:cdrom', 'xvda', 'w', 'r',
      'ro', 'rw', 'cdrom', 'raw', 'qcow2', 'vdev=hdb', 'format=raw', 'access=ro', 'devtype=cdrom', 'target=/t',
      'target=', ' hda', 'hda ', 'discard', 'backendtype=phy', 'ioemu:hda', 'x:y', 'foo:/x', 'hda:disk', 'script=s'];
    let seed = 12345;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const specs = [...new Set(disks.map((d) => d.value))];
    for (let i = 0; i < 3000; i++) {
      const parts = Array.from({ length: 1 + next(5) }, () => atoms[next(atoms.length)] as string);
      specs.push(parts.join(',') + (next(8) === 0 ? ',' : ''));
    }
    const xlu = await xluDiskMany(specs);
    const disagreements = specs.flatMap((s, i) => {
      const x = xlu[i];
      const m = parseDisk(s);
      if (!x) return [`${s}: no answer`];
      if (x.ok !== m.ok) return [`${s}: libxlutil ok=${x.ok}, ours ok=${m.ok}`];
      if (!m.ok) return [];
      const ours = [m.value.target, m.value.vdev, m.value.format, m.value.readWrite, m.value.cdrom];
      const theirs = [x.target ?? null, x.vdev, x.format, x.readwrite === 1, x.is_cdrom === 1];
      return JSON.stringify(ours) === JSON.stringify(theirs) ? [] : [`${s}: ${JSON.stringify(theirs)} vs ${JSON.stringify(ours)}`];
    });
    expect(disagreements).toEqual([]);
  }, 60_000);
});
