import { describe, expect, it } from 'vitest';
import { parseVcpuList } from '../../../../src-main/core/toolstack/vcpu-list';
import { capture } from '../shared-samples';

describe('vcpu-list (REFERENCE §4.6)', () => {
  it('reads hard and soft affinity from the real xl capture', () => {
    const rows = parseVcpuList(capture('xl_vcpu-list_qubes-issue-9984_TRUNCATED.txt'));
    expect(rows).toHaveLength(15);
    expect(rows[3]).toEqual({
      name: 'Domain-0', domid: 0, vcpu: 3, cpu: 3, running: true, blocked: false, online: true,
      cpuTimeSec: 43.3, hardAffinity: '3', softAffinity: 'all',
    });
    expect(rows.find((r) => r.name === 'sys-usb-dm')).toMatchObject({ domid: 5, cpu: 17, hardAffinity: 'all', softAffinity: '16-31' });
  });

  it('reads the xm layout with "any cpu" affinity', () => {
    expect(parseVcpuList(capture('xm_vcpu-list_opensolaris-xvm.txt'), 'xm')).toEqual([
      { name: 'Domain-0', domid: 0, vcpu: 1, cpu: 0, running: true, blocked: false, online: true, cpuTimeSec: 3292.7, hardAffinity: 'any cpu' },
      { name: 'sxc18', domid: 12, vcpu: 0, cpu: 0, running: false, blocked: true, online: true, cpuTimeSec: 25.7, hardAffinity: 'any cpu' },
    ]);
  });

  it('reads an offline vCPU', () => {
    const text = 'Name                                ID  VCPU   CPU State   Time(s) Affinity (Hard / Soft)\n' +
      'web                                  3     1    -   --p       0.0  all / all\n';
    expect(parseVcpuList(text)[0]).toMatchObject({ cpu: null, online: false, running: false });
  });
});
