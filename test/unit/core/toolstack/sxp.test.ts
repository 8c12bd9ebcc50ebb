import { describe, expect, it } from 'vitest';
import { atom, child, parseSexps } from '../../../../src-main/core/toolstack/sxp';
import { parseXmListLong } from '../../../../src-main/core/toolstack/sxp-domain';
import { OutputFormatError } from '../../../../src-main/core/toolstack/types';
import { capture } from '../shared-samples';

describe('S-expression reader', () => {
  it('reads bare and quoted atoms, empty values and nesting', () => {
    const [e] = parseSexps(`(domain (name 'a b') (x "q\\"d") (empty ) (image (hvm (boot c))))`);
    expect(e).toEqual(['domain', ['name', 'a b'], ['x', 'q"d'], ['empty'], ['image', ['hvm', ['boot', 'c']]]]);
    expect(atom(e, 'image', 'hvm', 'boot')).toBe('c');
    expect(atom(e, 'empty')).toBeUndefined();
    expect(child(e, 'missing', 'x')).toBeUndefined();
  });

  it('reads several top-level expressions', () => {
    expect(parseSexps('(domain (name a))\n(domain (name b))\n')).toHaveLength(2);
  });

  it('refuses unbalanced or unterminated input (IN-8)', () => {
    expect(() => parseSexps('(domain (name a)')).toThrow(OutputFormatError);
    expect(() => parseSexps('(domain))')).toThrow(/unmatched/);
    expect(() => parseSexps("(name 'abc")).toThrow(/not closed/);
    expect(() => parseSexps('('.repeat(10_000))).toThrow(/nested too deeply/);
  });
});

describe('xm list --long domains (REFERENCE §4.8)', () => {
  it('extracts an HVM guest with disks, CD-ROM, NIC and VNC location from the real capture', () => {
    const [d] = parseXmListLong(capture('xm_list_long_sxp_opensolaris-xvm_winxp-hvm_libvirt-testdata.sexpr'));
    expect(d).toEqual({
      name: 'domu-224',
      domid: 21,
      uuid: 'e0c172e6-4ad8-7353-0ece-515d2f181365',
      type: 'hvm',
      memoryMiB: 512,
      maxMemoryMiB: 512,
      vcpus: 1,
      onlineVcpus: 1,
      cpuTimeSec: 907.159661051,
      onPoweroff: 'destroy',
      onReboot: 'destroy',
      onCrash: 'destroy',
      state: 'running',
      boot: 'd',
      serial: 'pty',
      disks: [
        { target: '/iscsi/winxp', vdev: 'hda', backend: 'phy', cdrom: false, readonly: false },
        { target: '/net/heaped/export/netimage/windows/xp-sp2-vol.iso', vdev: 'hdc', backend: 'file', cdrom: true, readonly: true },
      ],
      nics: [{ mac: '00:16:3e:1b:e8:18', bridge: 'e1000g0', script: 'vif-vnic' }],
      vnc: { enabled: true, hasPassword: false, location: 'localhost:5925', display: 25, findUnused: true },
    });
  });

  it('reads the one-line quoted xend form with VNC and CD in the image section', () => {
    const [d] = parseXmListLong(capture('xend_sxp_oneline_fv_libvirt-testdata.sexpr'));
    expect(d).toMatchObject({ name: 'fvtest', domid: 3, memoryMiB: 400, type: 'hvm', boot: 'c', vnc: { enabled: true } });
    expect(d.disks).toEqual([
      { target: '/root/foo.img', vdev: 'hda', backend: 'file', cdrom: false, readonly: false },
      { target: '/root/boot.iso', vdev: 'hdc', cdrom: true, readonly: true },
    ]);
    expect(d.nics).toEqual([{ mac: '00:16:3e:1b:b1:47', bridge: 'xenbr0', script: 'vif-bridge', type: 'ioemu' }]);
  });

  it('reports a managed domain without domid as stopped', () => {
    const [d] = parseXmListLong('(domain (name idle) (memory 256) (state ------))');
    expect(d).toMatchObject({ name: 'idle', domid: null, state: 'stopped' });
  });
});
