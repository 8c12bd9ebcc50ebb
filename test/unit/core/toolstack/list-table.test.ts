import { describe, expect, it } from 'vitest';
import { parseListTable } from '../../../../src-main/core/toolstack/list-table';
import { OutputFormatError } from '../../../../src-main/core/toolstack/types';
import { capture, captures } from '../shared-samples';

describe('xl list table (REFERENCE §4.2)', () => {
  it.each(captures('xl_list_'))('parses every row of the real capture %s', (name) => {
    const text = capture(name);
    const rows = parseListTable(text, 'xl');
    const dataLines = text.split('\n').filter((l) => l.trim() !== '' && !/^\s*Name\s/.test(l));
    expect(rows).toHaveLength(dataLines.length);
    expect(rows[0]).toMatchObject({ name: 'Domain-0', domid: 0, state: 'running', stateLetters: 'r-----' });
    for (const r of rows) {
      expect(Number.isInteger(r.memoryMiB) && r.memoryMiB > 0).toBe(true);
      expect(r.vcpus).toBeGreaterThan(0);
    }
  });

  it('reads the TAB header and the values of a real capture exactly', () => {
    expect(parseListTable(capture('xl_list_mirage-cubieboard-arm.txt'), 'xl')).toEqual([
      { name: 'Domain-0', domid: 0, memoryMiB: 512, vcpus: 2, stateLetters: 'r-----', state: 'running', cpuTimeSec: 194.3 },
      { name: 'stackv4', domid: 11, memoryMiB: 256, vcpus: 1, stateLetters: '-b----', state: 'blocked', cpuTimeSec: 0.1 },
    ]);
  });

  it('reads the indented man-page form with spaces instead of tabs', () => {
    const rows = parseListTable(capture('xl_list_man-page-example_spaces-instead-of-tabs.txt'), 'xl');
    expect(rows.map((r) => [r.name, r.domid, r.memoryMiB])).toEqual([
      ['Domain-0', 0, 750],
      ['win', 1, 1019],
      ['linux', 2, 2048],
    ]);
  });

  it('keeps names with spaces or longer than the column, and maps every xl state', () => {
    const text = [
      'Name                                        ID   Mem VCPUs\tState\tTime(s)',
      'a name with  spaces                          3   512     1     --p---       1.0',
      'a-very-long-guest-name-that-overflows-the-column 4  1024     2     ---sc-       2.5',
      'going                                        5   128     1     ---s--       0.0',
      'dying                                        6   128     1     -----d       0.0',
      'idle                                         7   128     1     ------       0.0',
      'rebooting                                    8   128     1     ---sr-       0.0',
    ].join('\n');
    expect(parseListTable(text, 'xl').map((r) => [r.name, r.state])).toEqual([
      ['a name with  spaces', 'paused'],
      ['a-very-long-guest-name-that-overflows-the-column', 'crashed'],
      ['going', 'shutdown'],
      ['dying', 'dying'],
      ['idle', 'running'],
      ['rebooting', 'shutdown'],
    ]);
  });

  it('refuses output without the header instead of guessing', () => {
    expect(() => parseListTable('bash: xl: command not found\n', 'xl')).toThrow(OutputFormatError);
    expect(() => parseListTable('Name ID Mem VCPUs State Time(s)\ngarbage row\n', 'xl')).toThrow(/garbage row/);
  });
});

describe('xm list table (REFERENCE §4.8)', () => {
  it.each(captures('xm_list_').filter((n) => n.endsWith('.txt')))('parses the real capture %s', (name) => {
    const rows = parseListTable(capture(name), 'xm');
    expect(rows[0]).toMatchObject({ name: 'Domain-0', domid: 0, state: 'running' });
  });

  it('reads the Xen 3.0.3 Mem(MiB) layout', () => {
    expect(parseListTable(capture('xm_list_fedora-blog-jp_xen-3.0.3-format_MemMiB.txt'), 'xm')).toEqual([
      { name: 'Domain-0', domid: 0, memoryMiB: 2012, vcpus: 8, stateLetters: 'r-----', state: 'running', cpuTimeSec: 780.4 },
      { name: 'fedora', domid: 2, memoryMiB: 1024, vcpus: 1, stateLetters: '-b----', state: 'blocked', cpuTimeSec: 9.9 },
    ]);
  });

  it('reads the narrow 3.0.0 name column', () => {
    expect(parseListTable(capture('xm_list_old-howto_narrow-name-column.txt'), 'xm')).toEqual([
      { name: 'Domain-0', domid: 0, memoryMiB: 463, vcpus: 1, stateLetters: 'r-----', state: 'running', cpuTimeSec: 42.3 },
    ]);
  });

  it('maps position 5 to crashed, and a managed domain without ID to stopped', () => {
    const text = [
      'Name                                        ID   Mem VCPUs      State   Time(s)',
      'Domain-0                                     0  2012     8     r-----    780.4',
      'broken                                       3   512     1     ----c-      1.0',
      'inactive                                         512     1     ------      0.0',
      '123                                              256     1     ------      0.0',
      'labelled                                     4   256     1     -b----      1.0 s:foo/p:bar',
    ].join('\n');
    expect(parseListTable(text, 'xm').map((r) => [r.name, r.domid, r.state])).toEqual([
      ['Domain-0', 0, 'running'],
      ['broken', 3, 'crashed'],
      ['inactive', null, 'stopped'],
      ['123', null, 'stopped'],
      ['labelled', 4, 'blocked'],
    ]);
  });
});
