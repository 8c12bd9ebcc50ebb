// `usbdevice`: a device for qemu's `-usbdevice` (REFERENCE §3.4): a pointer (`tablet` for an
// absolute pointer that follows the VNC cursor, `mouse` for a relative one) or a host device.
import { fail, ok, type SublangResult } from './result';

export type UsbDevice =
  | { kind: 'tablet' | 'mouse' | 'keyboard' | 'wacom-tablet' | 'braille' }
  | { kind: 'host'; vendorId: string; productId: string }
  | { kind: 'host-address'; bus: string; address: string }
  | { kind: 'disk'; path: string }
  | { kind: 'serial'; chardev: string }
  | { kind: 'net'; options: string };

export interface UsbDeviceSpec {
  raw: string;
  device: UsbDevice;
}

const SIMPLE = ['tablet', 'mouse', 'keyboard', 'wacom-tablet', 'braille'] as const;

export function parseUsbDevice(raw: string): SublangResult<UsbDeviceSpec> {
  if ((SIMPLE as readonly string[]).includes(raw)) {
    return ok({ raw, device: { kind: raw as (typeof SIMPLE)[number] } });
  }
  if (raw.startsWith('host:')) {
    const rest = raw.slice(5);
    let m = /^([0-9a-fA-F]{1,4}):([0-9a-fA-F]{1,4})$/.exec(rest);
    if (m) return ok({ raw, device: { kind: 'host', vendorId: m[1] as string, productId: m[2] as string } });
    m = /^(\d+)\.(\d+)$/.exec(rest);
    if (m) return ok({ raw, device: { kind: 'host-address', bus: m[1] as string, address: m[2] as string } });
    return fail('bad-host', 'A host USB device is host:VENDOR:PRODUCT (hex) or host:BUS.ADDRESS.', 6);
  }
  if (raw.startsWith('disk:') && raw.length > 5) return ok({ raw, device: { kind: 'disk', path: raw.slice(5) } });
  if (raw.startsWith('serial:') && raw.length > 7) {
    return ok({ raw, device: { kind: 'serial', chardev: raw.slice(7) } });
  }
  if (raw === 'net' || raw.startsWith('net:')) {
    return ok({ raw, device: { kind: 'net', options: raw.slice(4) } });
  }
  return fail(
    'unknown-device',
    `"${raw}" is not a USB device qemu knows; use tablet, mouse, keyboard or host:VENDOR:PRODUCT.`,
    1,
  );
}

export function formatUsbDevice(d: UsbDevice): string {
  switch (d.kind) {
    case 'host':
      return `host:${d.vendorId}:${d.productId}`;
    case 'host-address':
      return `host:${d.bus}.${d.address}`;
    case 'disk':
      return `disk:${d.path}`;
    case 'serial':
      return `serial:${d.chardev}`;
    case 'net':
      return d.options === '' ? 'net' : `net:${d.options}`;
    default:
      return d.kind;
  }
}
