// Domain facts out of xend's SXP (`xm list --long`), in the same shape as `xl list -l` gives.
import { atom, child, children, head, parseSexps, type Sexp } from './sxp';
import { stateFromLetters } from './state';
import { OutputFormatError, checkSize, type DiskInfo, type DomainConfigInfo, type NicInfo, type VncInfo } from './types';

function num(v: string | undefined): number | undefined {
  return v !== undefined && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : undefined;
}

function disk(vbd: Sexp[]): DiskInfo {
  const uname = atom(vbd, 'uname') ?? '';
  const dev = atom(vbd, 'dev') ?? '';
  // uname is `phy:/dev/x`, `file:/img`, `tap:aio:/img`; dev is `hda:disk`, `hdc:cdrom`, `ioemu:hda`.
  const colon = uname.indexOf(':');
  const backend = colon > 0 ? uname.slice(0, colon) : undefined;
  const target = uname.replace(/^(phy|file|tap:\w+|tap2:\w+|drbd):/, '');
  const devParts = dev.split(':').filter((p) => p !== 'ioemu');
  const out: DiskInfo = {
    target,
    vdev: devParts[0] ?? '',
    cdrom: devParts.includes('cdrom'),
    readonly: (atom(vbd, 'mode') ?? 'w') === 'r',
  };
  if (backend !== undefined) out.backend = backend;
  return out;
}

function nic(vif: Sexp[]): NicInfo {
  const out: NicInfo = {};
  for (const [k, key] of [
    ['mac', 'mac'],
    ['bridge', 'bridge'],
    ['model', 'model'],
    ['type', 'type'],
    ['script', 'script'],
  ] as const) {
    const v = atom(vif, key);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

export function domainFromSexp(d: Sexp): DomainConfigInfo {
  if (head(d) !== 'domain') throw new OutputFormatError('xm list --long', 'an expression is not a (domain …)');
  const name = atom(d, 'name');
  if (name === undefined) throw new OutputFormatError('xm list --long', 'a domain has no name');
  const domid = num(atom(d, 'domid'));
  const hvm = child(d, 'image', 'hvm');
  const letters = atom(d, 'state');
  const out: DomainConfigInfo = {
    name,
    domid: domid ?? null,
    disks: [],
    nics: [],
  };
  const set = <K extends keyof DomainConfigInfo>(k: K, v: DomainConfigInfo[K] | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  set('uuid', atom(d, 'uuid'));
  set('type', hvm ? 'hvm' : child(d, 'image', 'linux') ? 'pv' : undefined);
  set('memoryMiB', num(atom(d, 'memory')));
  set('maxMemoryMiB', num(atom(d, 'maxmem')));
  set('vcpus', num(atom(d, 'vcpus')));
  set('onlineVcpus', num(atom(d, 'online_vcpus')));
  set('cpuTimeSec', num(atom(d, 'cpu_time')));
  set('onPoweroff', atom(d, 'on_poweroff'));
  set('onReboot', atom(d, 'on_reboot'));
  set('onCrash', atom(d, 'on_crash'));
  if (letters !== undefined) out.state = stateFromLetters(letters, 'xm', domid !== undefined);
  if (hvm) {
    set('boot', atom(hvm, 'boot'));
    set('serial', atom(hvm, 'serial'));
  }
  for (const dev of children(d, 'device')) {
    const kind = dev[1];
    if (!Array.isArray(kind)) continue;
    if (kind[0] === 'vbd' || kind[0] === 'tap' || kind[0] === 'tap2') out.disks.push(disk(kind));
    else if (kind[0] === 'vif') out.nics.push(nic(kind));
    else if (kind[0] === 'vfb' && atom(kind, 'type') !== 'sdl') {
      const vnc: VncInfo = { enabled: true, hasPassword: atom(kind, 'vncpasswd') !== undefined };
      const loc = atom(kind, 'location');
      if (loc !== undefined) vnc.location = loc;
      const display = num(atom(kind, 'vncdisplay'));
      if (display !== undefined) vnc.display = display;
      const unused = atom(kind, 'vncunused');
      if (unused !== undefined) vnc.findUnused = unused === '1';
      const listen = atom(kind, 'vnclisten');
      if (listen !== undefined) vnc.listen = listen;
      out.vnc = vnc;
    }
  }
  // xend before 3.1 has no vfb device for HVM: VNC is in the image section.
  if (out.vnc === undefined && hvm && atom(hvm, 'vnc') === '1') {
    const vnc: VncInfo = { enabled: true, hasPassword: atom(hvm, 'vncpasswd') !== undefined };
    const display = num(atom(hvm, 'vncdisplay'));
    if (display !== undefined) vnc.display = display;
    const unused = atom(hvm, 'vncunused');
    if (unused !== undefined) vnc.findUnused = unused === '1';
    const listen = atom(hvm, 'vnclisten');
    if (listen !== undefined) vnc.listen = listen;
    out.vnc = vnc;
  }
  // Xen 3.0.x kept the CD in the image section as `(cdrom path)`.
  const cdrom = hvm ? atom(hvm, 'cdrom') : undefined;
  if (cdrom !== undefined && !out.disks.some((x) => x.cdrom)) {
    out.disks.push({ target: cdrom, vdev: 'hdc', cdrom: true, readonly: true });
  }
  return out;
}

export function parseXmListLong(text: string): DomainConfigInfo[] {
  checkSize('xm list --long', text);
  return parseSexps(text).map(domainFromSexp);
}
