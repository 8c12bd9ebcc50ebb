// Values read with `xenstore-read` (REFERENCE §5). With several paths it prints one value per
// line in order; a missing key fails the whole command, so the VNC lookup reads keys one by one.
import { OutputFormatError } from './types';

export function vncPortPath(domid: number): string {
  return `/local/domain/${checkDomid(domid)}/console/vnc-port`;
}

export function vncListenPath(domid: number): string {
  return `/local/domain/${checkDomid(domid)}/console/vnc-listen`;
}

export function serialTtyPath(domid: number, n = 0): string {
  return `/local/domain/${checkDomid(domid)}/serial/${n}/tty`;
}

function checkDomid(domid: number): number {
  if (!Number.isInteger(domid) || domid < 0) throw new OutputFormatError('xenstore-read', `"${domid}" is not a domain id`);
  return domid;
}

/** One value: xenstore-read prints it followed by a newline. */
export function parseXenstoreValue(text: string): string {
  return text.replace(/\r?\n$/, '');
}

export function parseVncPort(text: string): number {
  const v = parseXenstoreValue(text).trim();
  if (!/^\d{1,5}$/.test(v) || Number(v) < 1 || Number(v) > 65535) {
    throw new OutputFormatError('xenstore-read console/vnc-port', `"${v.slice(0, 40)}" is not a TCP port`);
  }
  return Number(v);
}
