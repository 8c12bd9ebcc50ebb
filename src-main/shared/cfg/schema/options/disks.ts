import { L, options } from '../define';

export const DISK_OPTIONS = options([
  {
    key: 'disk',
    type: 'disk',
    shape: 'list',
    group: 'disks',
    toolstacks: ['xl', 'xm'],
    label: L('Disks and CD-ROMs', '磁盘与光驱'),
    help: L(
      'One spec per drive. xm style: "file:/var/images/vm.img,hda,w" — target (an image with file:, a host block device with phy:), the device the guest sees (hda = first IDE disk, hdc = the IDE position usually used for the CD-ROM; add :cdrom for a CD-ROM) and access (w read-write, r read-only). ",hdc:cdrom,r" is an empty CD-ROM drive. xl also understands "format=raw, vdev=hda, access=rw, target=/var/images/vm.img". An HVM BIOS can only boot from hd*/sd* devices, not xvd*.',
      '每个驱动器一项。xm 写法:"file:/var/images/vm.img,hda,w"——依次是目标(file: 表示镜像文件,phy: 表示宿主机上的块设备)、虚拟机看到的设备名(hda = 第一个 IDE 硬盘,hdc 通常用作光驱的 IDE 位置,光驱要加 :cdrom)和访问方式(w 读写,r 只读)。",hdc:cdrom,r" 表示一个空光驱。xl 还支持 "format=raw, vdev=hda, access=rw, target=/var/images/vm.img" 的写法。HVM 的 BIOS 只能从 hd*/sd* 设备启动,不能从 xvd* 启动。',
    ),
  },
  {
    key: 'hdtype',
    type: 'enum',
    shape: 'scalar',
    group: 'disks',
    toolstacks: ['xl'],
    xlSince: '4.6',
    values: ['ide', 'ahci'],
    default: { xl: 'ide' },
    label: L('Disk controller', '磁盘控制器'),
    help: L(
      'Emulated controller for hd* disks: ide (works everywhere) or ahci (SATA; faster, needs a guest with AHCI drivers — not Windows XP/2003 out of the box).',
      'hd* 磁盘使用的模拟控制器:ide(兼容性最好)或 ahci(SATA,更快,但需要客户机自带 AHCI 驱动——Windows XP/2003 默认没有)。',
    ),
  },
  {
    key: 'fda',
    type: 'string',
    shape: 'scalar',
    group: 'disks',
    toolstacks: ['xm'],
    label: L('Floppy A (xm)', '软驱 A (xm)'),
    help: L('xm only: image file for the first floppy drive. xl has no floppy drives.', '仅 xm:第一个软驱使用的镜像文件。xl 不支持软驱。'),
  },
  {
    key: 'fdb',
    type: 'string',
    shape: 'scalar',
    group: 'disks',
    toolstacks: ['xm'],
    label: L('Floppy B (xm)', '软驱 B (xm)'),
    help: L('xm only: image file for the second floppy drive.', '仅 xm:第二个软驱使用的镜像文件。'),
  },
  {
    key: 'cdrom',
    type: 'string',
    shape: 'scalar',
    group: 'disks',
    toolstacks: ['xm'],
    label: L('CD-ROM image (old xm)', '光盘镜像 (旧 xm)'),
    help: L(
      'Very old xm key: an image or device shown as the CD-ROM on hdc. xl ignores it; write a disk entry such as "file:/iso/x.iso,hdc:cdrom,r" instead.',
      'xm 很早期的写法:作为 hdc 光驱的镜像或设备。xl 会忽略它;请改写成磁盘项,例如 "file:/iso/x.iso,hdc:cdrom,r"。',
    ),
  },
]);
