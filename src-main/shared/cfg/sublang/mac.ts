// MAC addresses for vif specs, and a generator in Xen's own range 00:16:3e. Xen's OUI is a
// universally administered unicast prefix; like xend and libxl we keep the fourth byte below 0x80.

export interface Mac {
  bytes: [number, number, number, number, number, number];
}

const MAC_RE = /^([0-9a-fA-F]{1,2})([:-])([0-9a-fA-F]{1,2})\2([0-9a-fA-F]{1,2})\2([0-9a-fA-F]{1,2})\2([0-9a-fA-F]{1,2})\2([0-9a-fA-F]{1,2})$/;

export const XEN_OUI = [0x00, 0x16, 0x3e] as const;

/** Parses `xx:xx:xx:xx:xx:xx` (or with `-`); null when it is not a MAC address. */
export function parseMac(text: string): Mac | null {
  const m = MAC_RE.exec(text);
  if (!m) return null;
  const g = [m[1], m[3], m[4], m[5], m[6], m[7]].map((h) => parseInt(h as string, 16));
  return { bytes: g as Mac['bytes'] };
}

export function formatMac(mac: Mac): string {
  return mac.bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

export function isMulticastMac(mac: Mac): boolean {
  return (mac.bytes[0] & 0x01) === 0x01;
}

export function isLocallyAdministeredMac(mac: Mac): boolean {
  return (mac.bytes[0] & 0x02) === 0x02;
}

export function isXenMac(mac: Mac): boolean {
  return mac.bytes[0] === XEN_OUI[0] && mac.bytes[1] === XEN_OUI[1] && mac.bytes[2] === XEN_OUI[2];
}

export function isZeroMac(mac: Mac): boolean {
  return mac.bytes.every((b) => b === 0);
}

/** A source of random bytes; inject a seeded one in tests, `crypto.getRandomValues` in the app. */
export type RandomBytes = (n: number) => Uint8Array;

/**
 * A fresh MAC `00:16:3e:xx:xx:xx` (fourth byte < 0x80, as xl and xend generate), different from
 * every address in `avoid` (compared case-insensitively).
 */
export function generateXenMac(random: RandomBytes, avoid: Iterable<string> = []): string {
  const taken = new Set<string>();
  for (const a of avoid) {
    const m = parseMac(a);
    if (m) taken.add(formatMac(m));
  }
  for (let attempt = 0; attempt < 1000; attempt++) {
    const r = random(3);
    const mac = formatMac({
      bytes: [XEN_OUI[0], XEN_OUI[1], XEN_OUI[2], (r[0] ?? 0) & 0x7f, r[1] ?? 0, r[2] ?? 0],
    });
    if (!taken.has(mac)) return mac;
  }
  throw new Error('Could not find an unused MAC address in 00:16:3e:00:00:00-7f:ff:ff.');
}
