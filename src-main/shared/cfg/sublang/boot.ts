// `boot`: the BIOS boot order as drive letters, tried left to right (REFERENCE §3.4).
import { fail, ok, type SublangResult } from './result';

export type BootDevice = 'a' | 'c' | 'd' | 'n';

export const BOOT_DEVICES: Record<BootDevice, { en: string; 'zh-CN': string }> = {
  a: { en: 'floppy', 'zh-CN': '软盘' },
  c: { en: 'hard disk', 'zh-CN': '硬盘' },
  d: { en: 'CD-ROM', 'zh-CN': '光驱' },
  n: { en: 'network (PXE)', 'zh-CN': '网络 (PXE)' },
};

export interface BootOrder {
  raw: string;
  devices: BootDevice[];
}

export function parseBoot(raw: string): SublangResult<BootOrder> {
  if (raw === '') return fail('empty', 'The boot order is empty; use letters such as "c" or "dc".', 1);
  const devices: BootDevice[] = [];
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i] as string;
    if (!(ch in BOOT_DEVICES)) {
      return fail(
        'bad-letter',
        `"${ch}" is not a boot device; use a (floppy), c (disk), d (CD-ROM) or n (network).`,
        i + 1,
      );
    }
    if (devices.includes(ch as BootDevice)) {
      return fail('repeated-letter', `"${ch}" appears twice in the boot order.`, i + 1);
    }
    devices.push(ch as BootDevice);
  }
  return ok({ raw, devices });
}

export function formatBoot(order: Pick<BootOrder, 'devices'>): string {
  return order.devices.join('');
}

/** The order after installing from CD: the hard disk first, the rest kept in their order. */
export function diskFirst(order: Pick<BootOrder, 'devices'>): BootDevice[] {
  return ['c', ...order.devices.filter((d) => d !== 'c')];
}
