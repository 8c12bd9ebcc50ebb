// The CD dialog lists the CD-ROM drives of the guest's cfg file, read by the cfg engine: empty or
// with an image, one-line or multi-line disk lists, never a hard disk.
import { describe, expect, it } from 'vitest';
import { cdDrives } from '@/views/guest/cd-drives';

describe('CD-ROM drives from a cfg text', () => {
  it('finds an empty drive and one with an image, and skips hard disks', () => {
    const text = [
      'name = "win2003"',
      "disk = [ 'file:/var/images/w.img,hda,w',",
      "         ',hdc:cdrom,r',",
      "         'file:/isos/install.iso,hdd:cdrom,r' ]",
      '',
    ].join('\n');
    expect(cdDrives(text)).toEqual([
      { vdev: 'hdc', target: null },
      { vdev: 'hdd', target: '/isos/install.iso' },
    ]);
  });

  it('a cfg without disks, or that does not parse, lists none', () => {
    expect(cdDrives('name = "x"\nmemory = 256\n')).toEqual([]);
    expect(cdDrives('disk = [ \n')).toEqual([]);
  });
});
