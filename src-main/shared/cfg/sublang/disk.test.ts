import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDiskSpec, formatDisk, parseDisk, vdevBus } from './disk';

function eff(spec: string) {
  const r = parseDisk(spec);
  if (!r.ok) throw new Error(`${spec}: ${r.error.message}`);
  const { target, vdev, format, readWrite, cdrom } = r.value;
  return { target, vdev, format, readWrite, cdrom };
}

describe('disk specs (libxlutil disk syntax)', () => {
  it('reads the seed disk, an xm file: image written to hda', () => {
    expect(eff('file:/var/images/min-el3-i386.img,hda,w')).toEqual({
      target: '/var/images/min-el3-i386.img',
      vdev: 'hda',
      format: 'raw',
      readWrite: true,
      cdrom: false,
    });
  });

  it('reads the seed empty CD-ROM ",hdc:cdrom,r" as a removable drive with no medium', () => {
    expect(eff(',hdc:cdrom,r')).toEqual({ target: '', vdev: 'hdc', format: 'empty', readWrite: false, cdrom: true });
  });

  it('treats the REFERENCE equivalent spellings alike', () => {
    const a = eff('/dev/vg/guest-volume,,hda');
    expect(eff('/dev/vg/guest-volume,raw,hda,rw')).toEqual(a);
    expect(eff('format=raw, vdev=hda, access=rw, target=/dev/vg/guest-volume')).toEqual(a);
    expect(eff('raw:/dev/vg/guest-volume,hda,w')).toEqual(a);
  });

  it('strips chained xm prefixes such as tap:aio:', () => {
    const r = parseDisk('tap:aio:/img,xvda,w');
    expect(r.ok && r.value.legacyPrefixes).toEqual(['tap', 'aio']);
    expect(eff('tap:aio:/img,xvda,w').target).toBe('/img');
  });

  it('ignores a blank piece after the last comma and still gives the text back', () => {
    const r = parseDisk('/a,,hda,w, ');
    expect(r.ok && formatDisk(r.value)).toBe('/a,,hda,w, ');
    expect(eff('/a,,hda,w, ').vdev).toBe('hda');
  });

  it('lets target= swallow commas and colons', () => {
    expect(eff('vdev=hda,target=/a,b:c').target).toBe('/a,b:c');
  });

  it('drops blanks after an xm prefix, as xl does (`qcow2: /x`)', () => {
    expect(eff('qcow2: /x,hda')).toEqual({ target: '/x', vdev: 'hda', format: 'qcow2', readWrite: true, cdrom: false });
    expect(eff('tap: aio: /i,xvda,w').target).toBe('/i');
    const r = parseDisk('tap: aio: /i,xvda,w');
    expect(r.ok && formatDisk(r.value)).toBe('tap: aio: /i,xvda,w');
  });

  it('reads what follows an xm prefix like any parameter: keywords work, unknown ones are refused', () => {
    expect(eff('file:format=qcow2,/x,hda').format).toBe('qcow2');
    const r = parseDisk('file:a=b,hda,w');
    expect(r.ok ? null : [r.error.code, r.error.col]).toEqual(['unknown-parameter', 6]);
  });

  it('refuses an unknown prefix before anything but a letter or digit (`xyz:,,w`, `/x,hdc:,r`)', () => {
    for (const spec of ['xyz:,,w', '/x,hdc:,r']) {
      const r = parseDisk(spec);
      expect(r.ok ? null : r.error.code).toBe('unknown-prefix');
    }
    expect(eff('x:y,,hda').target).toBe('x:y');
  });

  it('checks respecified formats, scripts and vdevs the way libxlutil does', () => {
    for (const spec of ['raw:qcow2:/x,hda', 'iscsi:nbd:/x,hda', 'vdev=hda,,hdc:cdrom', 'backendtype=phy,backendtype=tap,/x,,hda']) {
      expect(parseDisk(spec).ok).toBe(false);
    }
  });

  it('ignores a stray last character as the scanner does, and keeps it in the text', () => {
    const r = parseDisk('vdev=hda,file:/a,w=');
    expect(r.ok && [r.value.target, r.value.vdev, r.value.readWrite]).toEqual(['/a', 'hda', true]);
    expect(r.ok && formatDisk(r.value)).toBe('vdev=hda,file:/a,w=');
  });

  it.each([
    ['/a,hda:disk,w', 'unknown-format', 4],
    ['foo:/x,hda,w', 'unknown-prefix', 1],
    ['/a,,hda,w!', 'unknown-access', 9],
    ['/a,,hda,w,x', 'too-many-positional', 11],
    ['vdev=hda,vdev=hdb,target=/a', 'vdev-respecified', 15],
    ['bogus=1,/a,,hda', 'unknown-parameter', 1],
    ['hdc:cdrom', 'no-vdev', 1],
    ['vdev=hda', 'no-target', 1],
  ])('rejects %j (%s) at column %i', (spec, code, col) => {
    const r = parseDisk(spec);
    expect(r.ok).toBe(false);
    if (!r.ok) expect([r.error.code, r.error.col]).toEqual([code, col]);
  });

  it('knows which buses the HVM BIOS can boot', () => {
    expect(vdevBus('hda')).toBe('ide');
    expect(vdevBus('sdb')).toBe('scsi');
    expect(vdevBus('xvda')).toBe('xen');
  });

  it('builds new disks in the key=value form that parse back to the same drive', () => {
    const s = buildDiskSpec({ target: '/iso/win.iso', vdev: 'hdc', cdrom: true });
    expect(s).toBe('format=raw, vdev=hdc, access=ro, devtype=cdrom, target=/iso/win.iso');
    expect(eff(s)).toEqual({ target: '/iso/win.iso', vdev: 'hdc', format: 'raw', readWrite: false, cdrom: true });
  });

  const path = fc.stringMatching(/^\/[a-z0-9/._-]{0,20}$/);
  const vdev = fc.constantFrom('hda', 'hdb', 'hdc', 'hdd', 'sda', 'xvda', 'xvdb');
  const canonical = fc.oneof(
    fc
      .record({
        prefix: fc.constantFrom('file:', 'phy:', 'tap:aio:', 'tap2:aio:'),
        target: path,
        vdev,
        cd: fc.boolean(),
        access: fc.constantFrom('r', 'w', 'ro', 'rw'),
      })
      .map(({ prefix, target, vdev: v, cd, access }) => `${prefix}${target},${v}${cd ? ':cdrom' : ''},${access}`),
    fc
      .record({ target: path, fmt: fc.constantFrom('', 'raw', 'qcow2', 'vhd'), vdev, access: fc.constantFrom('', 'r', 'rw') })
      .map(({ target, fmt, vdev: v, access }) => `${target},${fmt},${v},${access}`),
    fc
      .record({ fmt: fc.constantFrom('raw', 'qcow2'), vdev, cd: fc.boolean(), target: path, sep: fc.constantFrom(',', ', ') })
      .map(({ fmt, vdev: v, cd, target, sep }) =>
        [`format=${fmt}`, `vdev=${v}`, ...(cd ? ['devtype=cdrom'] : []), `target=${target}`].join(sep),
      ),
  );

  it('gives every accepted spec back byte for byte (property)', () => {
    fc.assert(
      fc.property(canonical, (spec) => {
        const r = parseDisk(spec);
        expect(r.ok).toBe(true);
        if (r.ok) {
          expect(formatDisk(r.value)).toBe(spec);
          expect(r.value.raw).toBe(spec);
        }
      }),
    );
  });
});
