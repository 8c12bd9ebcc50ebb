// Rules across the device lists: does the boot order match real drives, are NIC MACs unique and
// fixed, is a CD-ROM still first after the install.
import type { BootDevice } from '../../sublang/boot';
import { BOOT_DEVICES, diskFirst, formatBoot, parseBoot } from '../../sublang/boot';
import { parseDisk, vdevBus } from '../../sublang/disk';
import { formatMac, parseMac } from '../../sublang/mac';
import { parseVif } from '../../sublang/vif';
import { effective, elements, isSet, report, valuePos, type LintContext } from '../context';

export function deviceRules(ctx: LintContext): void {
  let bootableDisk = false;
  let cdrom = false;
  const diskEntry = ctx.last.get('disk');
  const disksKnown = !ctx.scriptedKeys.has('disk');
  if (diskEntry) {
    for (const text of elements(diskEntry.value)) {
      const d = parseDisk(text);
      if (!d.ok) {
        // xend-style disks the xl grammar rejects still describe a drive: count it by its device.
        const dev = text.split(',')[1]?.trim() ?? '';
        if (dev.endsWith(':cdrom')) cdrom = true;
        else if (['ide', 'scsi'].includes(vdevBus(dev.replace(/^ioemu:/, '')))) bootableDisk = true;
        continue;
      }
      if (d.value.cdrom) cdrom = true;
      else if (['ide', 'scsi'].includes(vdevBus(d.value.vdev))) bootableDisk = true;
    }
  }
  // xend's old `cdrom = "/path"` adds hdc as a CD-ROM.
  if (ctx.toolstack === 'xm' && isSet(ctx, 'cdrom')) cdrom = true;
  const vifEntry = ctx.last.get('vif');
  const nic = vifEntry !== undefined && typeof vifEntry.value !== 'string' && vifEntry.value.length > 0;
  const floppy = isSet(ctx, 'fda') || isSet(ctx, 'fdb');

  const bootEntry = ctx.last.get('boot');
  const boot = effective(ctx, 'boot');
  if (bootEntry && boot !== undefined && disksKnown && !ctx.scriptedKeys.has('vif')) {
    const p = parseBoot(boot);
    if (p.ok) {
      const has: Record<BootDevice, boolean> = { a: floppy, c: bootableDisk, d: cdrom, n: nic };
      if (!p.value.devices.some((d) => has[d])) {
        report(ctx, 'warning', 'boot-no-device', valuePos(bootEntry), { value: boot });
      } else {
        p.value.devices.forEach((d, i) => {
          // A trailing floppy is xl's own default ("cda"); only a missing first choice matters then.
          if (has[d] || (d === 'a' && i > 0)) return;
          report(ctx, 'info', 'boot-device-missing', valuePos(bootEntry), { value: boot, letter: d, device: BOOT_DEVICES[d].en });
        });
      }
      if (p.value.devices[0] === 'd' && bootableDisk) {
        const suggestion = formatBoot({ devices: diskFirst(p.value) });
        report(ctx, 'info', 'boot-cdrom-first', valuePos(bootEntry), { value: boot, suggestion }, { kind: 'set', key: 'boot', value: suggestion });
      }
    }
  }

  if (vifEntry && typeof vifEntry.value !== 'string') {
    const macs = new Map<string, number>();
    vifEntry.value.forEach((item, i) => {
      if (typeof item !== 'string') return;
      const v = parseVif(item);
      if (!v.ok) return;
      if (ctx.toolstack === 'xl' && v.value.fields.type === 'netfront') {
        report(ctx, 'error', 'vif-netfront-on-xl', valuePos(vifEntry), { index: i });
      }
      for (const u of v.value.unknown) report(ctx, 'info', 'vif-unknown-key', valuePos(vifEntry), { index: i, item: u });
      const mac = v.value.fields.mac ? parseMac(v.value.fields.mac) : null;
      if (mac) {
        const m = formatMac(mac);
        macs.set(m, (macs.get(m) ?? 0) + 1);
      } else if (ctx.toolstack === 'xl') {
        report(ctx, 'info', 'vif-random-mac', valuePos(vifEntry), { index: i });
      }
    });
    for (const [mac, n] of macs) if (n > 1) report(ctx, 'error', 'duplicate-mac', valuePos(vifEntry), { mac });
  }
}
