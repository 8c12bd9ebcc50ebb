// `serial`: where the guest's emulated serial port goes, as a qemu character device
// (REFERENCE §3.4). `pty` is what `xl console` / `xm console` attach to.
import { fail, ok, type SublangResult } from './result';

export type SerialTarget =
  | { kind: 'pty' | 'vc' | 'stdio' | 'null' | 'none' | 'msmouse' | 'braille' }
  | { kind: 'file' | 'pipe'; path: string }
  | { kind: 'device'; path: string }
  | { kind: 'tcp' | 'telnet'; host: string; port: number; options: string[] }
  | { kind: 'udp'; address: string }
  | { kind: 'unix'; path: string; options: string[] };

export interface SerialSpec {
  raw: string;
  target: SerialTarget;
}

const SIMPLE = ['pty', 'vc', 'stdio', 'null', 'none', 'msmouse', 'braille'] as const;

export function parseSerial(raw: string): SublangResult<SerialSpec> {
  if ((SIMPLE as readonly string[]).includes(raw)) {
    return ok({ raw, target: { kind: raw as (typeof SIMPLE)[number] } });
  }
  for (const kind of ['file', 'pipe'] as const) {
    if (raw.startsWith(`${kind}:`)) {
      const path = raw.slice(kind.length + 1);
      if (path === '') return fail('no-path', `${kind}: needs a path.`, kind.length + 2);
      return ok({ raw, target: { kind, path } });
    }
  }
  if (raw.startsWith('/dev/')) return ok({ raw, target: { kind: 'device', path: raw } });
  for (const kind of ['tcp', 'telnet'] as const) {
    if (raw.startsWith(`${kind}:`)) {
      const [addr = '', ...options] = raw.slice(kind.length + 1).split(',');
      const i = addr.lastIndexOf(':');
      const port = i >= 0 ? addr.slice(i + 1) : '';
      if (!/^\d+$/.test(port) || Number(port) > 65535) {
        return fail('bad-port', `${kind}: needs HOST:PORT with a port number.`, kind.length + 2);
      }
      return ok({ raw, target: { kind, host: addr.slice(0, i), port: Number(port), options } });
    }
  }
  if (raw.startsWith('udp:')) return ok({ raw, target: { kind: 'udp', address: raw.slice(4) } });
  if (raw.startsWith('unix:')) {
    const [path = '', ...options] = raw.slice(5).split(',');
    if (path === '') return fail('no-path', 'unix: needs a socket path.', 6);
    return ok({ raw, target: { kind: 'unix', path, options } });
  }
  return fail('unknown-serial', `"${raw}" is not a serial target; use pty, a /dev path, file:PATH or tcp:HOST:PORT.`, 1);
}

export function formatSerial(t: SerialTarget): string {
  switch (t.kind) {
    case 'file':
    case 'pipe':
      return `${t.kind}:${t.path}`;
    case 'device':
      return t.path;
    case 'tcp':
    case 'telnet':
      return [`${t.kind}:${t.host}:${t.port}`, ...t.options].join(',');
    case 'udp':
      return `udp:${t.address}`;
    case 'unix':
      return [`unix:${t.path}`, ...t.options].join(',');
    default:
      return t.kind;
  }
}
