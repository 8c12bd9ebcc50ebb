import { describe, expect, it } from 'vitest';
import { parseXentop } from '../../../../src-main/core/toolstack/xentop';
import { capture } from '../shared-samples';

describe('xentop -b (REFERENCE §4.7)', () => {
  it('reads "no limit" and the 19 columns of a real capture', () => {
    const rows = parseXentop(capture('xentop_batch_go-test-fixture_dom0-no-limit.txt'));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ name: 'Domain-0', state: 'running', maxMemoryKiB: null, memoryKiB: 737280, vcpus: 4, vbdReadSectors: 0 });
    expect(rows[1]).toMatchObject({ name: 'DomD', state: 'blocked', cpuTimeSec: 180, memoryKiB: 2084104, maxMemoryKiB: 2098176 });
  });

  it('takes only the last iteration, in the older 17-column layout', () => {
    const rows = parseXentop(capture('xentop_batch_repeated-iterations_older-17-columns.txt'));
    expect(rows).toEqual([
      {
        name: 'Domain-0', state: 'running', stateLetters: '-----r', cpuTimeSec: 22158, cpuPercent: 0.5, memoryKiB: 768768,
        maxMemoryKiB: 768768, vcpus: 8, nets: 0, netTxKiB: 0, netRxKiB: 0, vbds: 0, vbdOo: 0, vbdRd: 0, vbdWr: 0,
      },
    ]);
  });

  it('skips the summary lines of interactive output and reads the traffic columns', () => {
    const rows = parseXentop(capture('xentop_interactive_ubuntuforums_xen-4.1.2.txt'));
    expect(rows.map((r) => r.name)).toEqual(['Domain-0', 'virtual1']);
    expect(rows[1]).toMatchObject({ nets: 1, netTxKiB: 7604726, netRxKiB: 17270964, vbds: 2, vbdRd: 181258, vbdWr: 3374788, vbdReadSectors: 7781018, vbdWriteSectors: 69690752 });
  });

  it('keeps a full name with spaces (-f) and maps xentop state order (d s b c p r)', () => {
    const header = '      NAME  STATE   CPU(sec) CPU(%)     MEM(k) MEM(%)  MAXMEM(k) MAXMEM(%) VCPUS NETS NETTX(k) NETRX(k) VBDS   VBD_OO   VBD_RD   VBD_WR  VBD_RSECT  VBD_WSECT SSID';
    const row = (name: string, st: string) => `${name} ${st}   1   0.0   1024   0.1   1024   0.1   1   0   0   0   0   0   0   0   0   0   0`;
    const rows = parseXentop([header, row('my guest', '----p-'), row('c', '---c--'), row('d', 'd-----'), row('s', '-s----')].join('\n'));
    expect(rows.map((r) => [r.name, r.state])).toEqual([
      ['my guest', 'paused'],
      ['c', 'crashed'],
      ['d', 'dying'],
      ['s', 'shutdown'],
    ]);
  });

  it('refuses output without a header', () => {
    expect(() => parseXentop('xentop: command not found')).toThrow(/header/);
  });
});
