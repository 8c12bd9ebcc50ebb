// The checks the guest dialogs run before anything is sent: memory bounded by maxmem, vCPUs by
// maxvcpus, new names, CPU lists as xl reads them; and the cfg path split cfgFiles.* takes.
import { describe, expect, it } from 'vitest';
import type { GuestView } from '@shared/api/hosts-types';
import { checkGuestName, checkRange, clockTime, formatBytes, formatCpuList, memoryBounds, parseCpuList, splitCfgPath, vcpuBounds } from '@/views/guest/guest-format';

function guest(over: Partial<GuestView> = {}): GuestView {
  return { name: 'web1', domid: 3, state: 'running', memoryMiB: 512, vcpus: 2, cfg: null, live: null, ...over };
}

describe('cfg paths', () => {
  it('splits a guest cfg path into the directory and the file name', () => {
    expect(splitCfgPath('/etc/xen/win2003.cfg')).toEqual({ dir: '/etc/xen', name: 'win2003.cfg' });
    expect(splitCfgPath('/etc/xen/auto/web1')).toEqual({ dir: '/etc/xen/auto', name: 'web1' });
    expect(splitCfgPath('/web1.cfg')).toEqual({ dir: '/', name: 'web1.cfg' });
  });
});

describe('memory and vCPU bounds', () => {
  it('memory goes up to the running maxmem, else the cfg maxmem, never below what the guest has', () => {
    expect(memoryBounds(guest({ live: { memoryMiB: 512, maxMemoryMiB: 1024 } })).max).toBe(1024);
    expect(memoryBounds(guest({ cfg: { path: '/etc/xen/web1.cfg', name: 'web1', maxMemoryMiB: 2048 } })).max).toBe(2048);
    // no maxmem anywhere: memory is the ceiling (xl's default maxmem = memory)
    expect(memoryBounds(guest({ live: { memoryMiB: 512 } }))).toEqual({ min: 16, max: 512 });
  });

  it('vCPUs go from 1 to maxvcpus', () => {
    expect(vcpuBounds(guest({ live: { vcpus: 2, maxVcpus: 8 } }))).toEqual({ min: 1, max: 8 });
    expect(vcpuBounds(guest({ vcpus: 2 }))).toEqual({ min: 1, max: 2 });
  });

  it('refuses empty, fractional, out-of-range and unchanged values, with the reason', () => {
    const b = { min: 16, max: 1024 };
    expect(checkRange(null, b)).toBe('required');
    expect(checkRange(100.5, b)).toBe('notInteger');
    expect(checkRange(8, b)).toBe('tooSmall');
    expect(checkRange(4096, b)).toBe('tooLarge');
    expect(checkRange(512, b, 512)).toBe('unchanged');
    expect(checkRange(768, b, 512)).toBeNull();
    expect(checkRange(1024, b, 512)).toBeNull();
  });
});

describe('new guest names', () => {
  it('accepts a plain new name and refuses empty, unchanged, taken, too long or shell-like ones', () => {
    expect(checkGuestName('web2', 'web1', ['db1'])).toBeNull();
    expect(checkGuestName('  ', 'web1', [])).toBe('required');
    expect(checkGuestName('web1', 'web1', [])).toBe('unchanged');
    expect(checkGuestName('db1', 'web1', ['db1'])).toBe('taken');
    expect(checkGuestName('x'.repeat(129), 'web1', [])).toBe('tooLong');
    for (const bad of ['a b', 'a/b', 'a;touch /tmp/x', '$(id)', '`id`', "it's", '-rf']) expect(checkGuestName(bad, 'web1', [])).toBe('badChars');
  });
});

describe('CPU lists for vcpu-pin', () => {
  it('reads all, numbers, ranges and exclusions as xl does, within the host CPUs', () => {
    expect(parseCpuList('all', 4)).toEqual([0, 1, 2, 3]);
    expect(parseCpuList('0-2,5', 8)).toEqual([0, 1, 2, 5]);
    expect(parseCpuList(' 3 ', 4)).toEqual([3]);
    expect(parseCpuList('all,^1', 4)).toEqual([0, 2, 3]);
  });

  it('refuses text that is not a list, a CPU the host does not have, NUMA nodes and an empty selection', () => {
    expect(parseCpuList('', 4)).toBeNull();
    expect(parseCpuList('zero', 4)).toBeNull();
    expect(parseCpuList('0-4', 4)).toBeNull();
    expect(parseCpuList('node:0', 4)).toBeNull();
    expect(parseCpuList('^1', 4)).toBeNull();
  });

  it('writes a set back in the shortest form, "all" for every host CPU', () => {
    expect(formatCpuList([0, 1, 2, 3], 4)).toBe('all');
    expect(formatCpuList([5, 0, 1, 2], 8)).toBe('0-2,5');
    expect(formatCpuList([3])).toBe('3');
  });
});

describe('display', () => {
  it('sizes read in binary units, bytes as whole numbers', () => {
    expect(formatBytes(544)).toBe('544 B');
    expect(formatBytes(2048)).toBe('2.0 KiB');
    expect(formatBytes(5 * 1024 * 1024 + 512 * 1024)).toBe('5.5 MiB');
  });

  it('stale labels give the time as a 24-hour hh:mm:ss clock (RS-10)', () => {
    const at = new Date(2026, 0, 2, 21, 4, 5);
    expect(clockTime(at, 'en')).toBe('21:04:05');
    expect(clockTime(at.toISOString(), 'zh-CN')).toBe('21:04:05');
  });
});
