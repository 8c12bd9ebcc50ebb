// The CD-ROM drives a guest's cfg file declares (disk = [ …, ',hdc:cdrom,r' ]), read with the cfg
// engine's own parsers, for the CD dialog's drive list. A legacy xm script is read for its literal
// part only; a disk entry the engine cannot parse is skipped (the user can still type a drive).
import { openCfg, parseDisk } from '@shared/cfg';

export interface CdDrive {
  vdev: string;
  /** The image in the drive per the file, or null when empty. */
  target: string | null;
}

export function cdDrives(text: string): CdDrive[] {
  let disks: unknown;
  try {
    disks = openCfg(text).values.get('disk');
  } catch {
    return [];
  }
  if (!Array.isArray(disks)) return [];
  const out: CdDrive[] = [];
  for (const d of disks) {
    if (typeof d !== 'string') continue;
    const r = parseDisk(d);
    if (!r.ok || !r.value.cdrom) continue;
    out.push({ vdev: r.value.vdev, target: r.value.target === null || r.value.target === '' ? null : r.value.target });
  }
  return out;
}
