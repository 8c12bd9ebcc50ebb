import { describe, expect, it } from 'vitest';
import { parseInfo } from '../../../../src-main/core/toolstack/info';
import { OutputFormatError } from '../../../../src-main/core/toolstack/types';
import { capture, captures } from '../shared-samples';

describe('xl info / xm info (REFERENCE §4.4)', () => {
  it.each([...captures('xl_info_'), ...captures('xm_info_')])('reads host, memory and Xen version from %s', (name) => {
    const info = parseInfo(capture(name), name.startsWith('xm') ? 'xm' : 'xl');
    expect(info.hostname).not.toBe('');
    expect(info.totalMemoryMiB).toBeGreaterThan(0);
    expect(info.xenMajor).toBe(4);
    expect(info.hvm).toBe(true);
    expect(info.xendConfigFormat).toBe(4);
  });

  it('reads a Xen 4.6 dom0 exactly, keeping colons inside values', () => {
    const info = parseInfo(capture('xl_info_centos6-dom0_xen-4.6.3_x86_64.txt'));
    expect(info).toMatchObject({
      hostname: 'xen-2',
      machine: 'x86_64',
      nrCpus: 12,
      cpuMhz: 1600,
      totalMemoryMiB: 16159,
      freeMemoryMiB: 9797,
      xenVersion: '4.6.3-14.el6',
      scheduler: 'credit',
      virtCaps: ['hvm', 'hvm_directio'],
    });
    expect(info.raw.hw_caps).toBe('bfebfbff:2c100800:00000000:00007f00:77fefbff:00000000:00000021:000037ab');
    expect(info.raw.xen_changeset).toBe('Tue May 2 12:06:15 2017 +0100 git:52d94f1-dirty');
  });

  it('rebuilds the version when xen_version is absent, and keeps empty values empty', () => {
    const info = parseInfo(capture('xm_info_oracle-ovm-3.4_test-fixture.txt'), 'xm');
    expect(info.xenVersion).toBe('4.4.4OVM');
    expect(info.raw.xen_changeset).toBe('');
    expect(info.raw.xen_caps.endsWith(' ')).toBe(false);
    expect(parseInfo(capture('xl_info_man-page-example_xen-4.2-unstable.txt')).xenVersion).toBe('4.2-unstable');
  });

  it('reads cpu_mhz in the %d.%03d form of Xen ≥ 4.11', () => {
    expect(parseInfo('host : h\ncpu_mhz                : 2394.454\nxen_major : 4\nxen_minor : 17\n').cpuMhz).toBe(2394.454);
  });

  it('refuses output that is not xl info', () => {
    expect(() => parseInfo('ERROR:  Can\'t find hypervisor information in sysfs!\n')).toThrow(OutputFormatError);
  });
});
