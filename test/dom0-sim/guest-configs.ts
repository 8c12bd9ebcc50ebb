// The ready guests in each simulated host's cfg directory (its /etc/xen):
//  - the seed (../shared/xen/seed/seed-hvm-example.cfg) with its disk pointing at the test guest;
//    on an xl host the Python preamble is dropped (xl cannot run it), on an xm host it stays and
//    is executed like xend did;
//  - a Windows-2003-style guest (acpi=0, apic=0: the setting that guide says such installs need);
//  - a guest with a multi-line disk list and comments.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repoRoot } from './paths';

export const SEED_PATH = resolve(repoRoot, '../shared/xen/seed/seed-hvm-example.cfg');

export function readSeed(): string {
  if (!existsSync(SEED_PATH)) {
    throw new Error(
      `The seed guest config ${SEED_PATH} is missing: the simulator derives a ready guest from ` +
        `../shared/xen/seed/ beside the repository. Check out the shared references next to the repo.`,
    );
  }
  return readFileSync(SEED_PATH, 'utf8');
}

export interface ReadyGuest {
  /** File name inside the host's cfg dir. */
  file: string;
  /** Domain name the cfg declares. */
  name: string;
  text: string;
  /** Images the cfg refers to, relative to the host's images dir: name -> 'guest' | 'blank'. */
  images: Record<string, 'guest' | 'blank'>;
}

/** The seed, adapted: its disk points at the test guest; for xl the Python idioms are removed. */
function seedGuest(images: string, toolstack: 'xl' | 'xm'): ReadyGuest {
  let text = readSeed().replace('/var/images/min-el3-i386.img', join(images, 'seed-hvm.img'));
  // Not a Python identifier either: xend's own example keeps it commented out.
  text = text.replace(/^full-screen=1$/m, '#full-screen=1');
  if (toolstack === 'xl') {
    // xl's parser rejects the arch preamble and string concatenation; keep the rest verbatim.
    text = text
      .replace(/^import os, re\n(?:.*\n){5}/m, '')
      .replace(/^device_model = .*$/m, "device_model = '/usr/lib64/xen/bin/qemu-dm'");
  }
  return { file: toolstack === 'xl' ? 'seed-hvm.cfg' : 'seed-hvm', name: 'ExampleHVMDomain', text, images: { 'seed-hvm.img': 'guest' } };
}

function win2003Guest(images: string, toolstack: 'xl' | 'xm'): ReadyGuest {
  const text = [
    '# Windows Server 2003 style HVM guest: the installer hangs unless ACPI and APIC are off.',
    toolstack === 'xl' ? 'type = "hvm"' : "kernel = '/usr/lib/xen/boot/hvmloader'\nbuilder = 'hvm'",
    'name = "win2003"',
    'memory = 256',
    'vcpus = 1',
    'acpi = 0',
    'apic = 0',
    'pae = 1',
    'boot = "dc"',
    `disk = [ 'file:${join(images, 'win2003.img')},hda,w', ',hdc:cdrom,r' ]`,
    "vif = [ 'type=ioemu, mac=00:16:3e:20:03:01, bridge=xenbr0, model=rtl8139' ]",
    'vnc = 1',
    'vncunused = 1',
    'vncpasswd = "w2k3pass"',
    'stdvga = 1',
    'serial = "pty"',
    'usb = 1',
    'usbdevice = "tablet"',
    'localtime = 1',
    'on_poweroff = "destroy"',
    'on_reboot = "restart"',
    'on_crash = "preserve"',
    '',
  ].join('\n');
  return { file: toolstack === 'xl' ? 'win2003.cfg' : 'win2003', name: 'win2003', text, images: { 'win2003.img': 'guest' } };
}

function multiDiskGuest(images: string, toolstack: 'xl' | 'xm'): ReadyGuest {
  const text = [
    '# A guest with a system disk, a data disk and a CD-ROM, one disk per line.',
    toolstack === 'xl' ? 'type = "hvm"' : "kernel = '/usr/lib/xen/boot/hvmloader'\nbuilder = 'hvm'",
    'name = "multidisk"',
    'memory = 192',
    'maxmem = 256',
    'vcpus = 2',
    'maxvcpus = 2',
    'disk = [',
    '    # the system disk (the test guest boots from it)',
    `    'file:${join(images, 'multidisk.img')},hda,w',`,
    '    # a blank data disk',
    `    'file:${join(images, 'multidisk-data.img')},hdb,w',`,
    '    # an empty CD-ROM drive for cd-insert',
    "    ',hdc:cdrom,r',",
    ']',
    'boot = "cd"   # disk first, then CD',
    'vnc = 1',
    'vnclisten = "127.0.0.1"',
    'serial = "pty"',
    'keymap = "en-us"',
    'on_poweroff = "destroy"',
    'on_reboot = "restart"',
    'on_crash = "destroy"',
    '',
  ].join('\n');
  return {
    file: toolstack === 'xl' ? 'multidisk.cfg' : 'multidisk',
    name: 'multidisk',
    text,
    images: { 'multidisk.img': 'guest', 'multidisk-data.img': 'blank' },
  };
}

export function readyGuests(images: string, toolstack: 'xl' | 'xm'): ReadyGuest[] {
  return [seedGuest(images, toolstack), win2003Guest(images, toolstack), multiDiskGuest(images, toolstack)];
}
