// Where a new key goes: beside the keys of its group, in the schema's reading order. The option
// schema knows every key's group; this small table covers keys the schema lacks.
import { getOption, GROUPS, optionOrder } from '../schema';

export const GROUP_ORDER = [
  'General',
  'CPU & Memory',
  'Boot',
  'Disks',
  'Network',
  'Display & Console',
  'Devices',
  'Lifecycle',
  'Advanced',
] as const;

const FALLBACK: Record<string, (typeof GROUP_ORDER)[number]> = {
  name: 'General', uuid: 'General', type: 'General', builder: 'General', description: 'General', pool: 'General',
  memory: 'CPU & Memory', maxmem: 'CPU & Memory', shadow_memory: 'CPU & Memory', vcpus: 'CPU & Memory',
  maxvcpus: 'CPU & Memory', cpus: 'CPU & Memory', cpus_soft: 'CPU & Memory', cpu_weight: 'CPU & Memory', cap: 'CPU & Memory',
  kernel: 'Boot', ramdisk: 'Boot', cmdline: 'Boot', root: 'Boot', extra: 'Boot', boot: 'Boot', firmware: 'Boot', bios: 'Boot',
  bootloader: 'Boot', bootloader_args: 'Boot',
  disk: 'Disks', cdrom: 'Disks', hdtype: 'Disks',
  vif: 'Network', nics: 'Network',
  vnc: 'Display & Console', vnclisten: 'Display & Console', vncdisplay: 'Display & Console', vncunused: 'Display & Console',
  vncpasswd: 'Display & Console', vncconsole: 'Display & Console', sdl: 'Display & Console', nographic: 'Display & Console',
  stdvga: 'Display & Console', vga: 'Display & Console', videoram: 'Display & Console', keymap: 'Display & Console',
  serial: 'Display & Console', spice: 'Display & Console',
  usb: 'Devices', usbdevice: 'Devices', usbversion: 'Devices', soundhw: 'Devices', pci: 'Devices',
  on_poweroff: 'Lifecycle', on_reboot: 'Lifecycle', on_crash: 'Lifecycle', on_watchdog: 'Lifecycle', on_soft_reset: 'Lifecycle',
};

export type GroupOf = (key: string) => string | undefined;

export const fallbackGroupOf: GroupOf = (key) => FALLBACK[key];

/** The schema's group label for a key (English label, as in GROUP_ORDER), else the fallback's. */
export const schemaGroupOf: GroupOf = (key) => {
  const spec = getOption(key);
  if (spec) return GROUPS.find((g) => g.id === spec.group)?.label.en;
  return FALLBACK[key];
};

/** Position of a key in the schema's reading order (-1 when the schema does not know it). */
export function keyOrder(key: string): number {
  return optionOrder(key);
}

export function groupRank(group: string | undefined): number {
  const i = GROUP_ORDER.indexOf(group as (typeof GROUP_ORDER)[number]);
  return i < 0 ? GROUP_ORDER.length : i;
}
