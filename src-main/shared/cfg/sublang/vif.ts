// vif specs (xl-network-configuration(5), REFERENCE §3.6): comma-separated `key=value` items.
// xl splits with strtok (empty items vanish) and strips leading blanks only; unknown keys only
// print a warning, so they are kept and reported, not rejected.
import { isMulticastMac, isZeroMac, parseMac } from './mac';
import { ok, splitCommas, type SublangError, type SublangResult } from './result';

export interface VifItem {
  /** Blanks before the item. */
  lead: string;
  /** The key, or null for an item without `=` (xl: "unrecognized argument"). */
  key: string | null;
  value: string;
  /** 0-based offset of the key in the spec. */
  offset: number;
}

export interface VifSpec {
  raw: string;
  /** Every comma-separated piece, empty ones included (lossless). */
  items: VifItem[];
  /** Effective `key → value`: the last occurrence wins, as in xl. */
  fields: Record<string, string>;
  /** Keys xl does not know (kept; xl warns and goes on). */
  unknown: string[];
}

export const VIF_KEYS = [
  'mac',
  'bridge',
  'model',
  'type',
  'ip',
  'script',
  'vifname',
  'rate',
  'backend',
  'gatewaydev',
  'netdev',
  'devid',
  'mtu',
  'vlan',
  'trusted',
  'untrusted',
  'accel',
  'forwarddev',
  'colo_forwarddev',
  'colo_sock_mirror_id',
  'colo_sock_mirror_ip',
  'colo_sock_mirror_port',
  'colo_sock_compare_pri_in_id',
  'colo_sock_compare_pri_in_ip',
  'colo_sock_compare_pri_in_port',
  'colo_sock_compare_sec_in_id',
  'colo_sock_compare_sec_in_ip',
  'colo_sock_compare_sec_in_port',
  'colo_sock_compare_notify_id',
  'colo_sock_compare_notify_ip',
  'colo_sock_compare_notify_port',
  'colo_sock_redirector0_id',
  'colo_sock_redirector0_ip',
  'colo_sock_redirector0_port',
  'colo_sock_redirector1_id',
  'colo_sock_redirector1_ip',
  'colo_sock_redirector1_port',
  'colo_sock_redirector2_id',
  'colo_sock_redirector2_ip',
  'colo_sock_redirector2_port',
  'colo_filter_mirror_queue',
  'colo_filter_mirror_outdev',
  'colo_filter_redirector0_queue',
  'colo_filter_redirector0_indev',
  'colo_filter_redirector0_outdev',
  'colo_filter_redirector1_queue',
  'colo_filter_redirector1_indev',
  'colo_filter_redirector1_outdev',
  'colo_compare_pri_in',
  'colo_compare_sec_in',
  'colo_compare_out',
  'colo_compare_notify_dev',
  'colo_sock_sec_redirector0_id',
  'colo_sock_sec_redirector0_ip',
  'colo_sock_sec_redirector0_port',
  'colo_sock_sec_redirector1_id',
  'colo_sock_sec_redirector1_ip',
  'colo_sock_sec_redirector1_port',
  'colo_filter_sec_redirector0_queue',
  'colo_filter_sec_redirector0_indev',
  'colo_filter_sec_redirector0_outdev',
  'colo_filter_sec_redirector1_queue',
  'colo_filter_sec_redirector1_indev',
  'colo_filter_sec_redirector1_outdev',
  'colo_filter_sec_rewriter0_queue',
  'colo_checkpoint_host',
  'colo_checkpoint_port',
] as const;

/** Flags that xl accepts without `=`. */
const VIF_FLAGS = ['trusted', 'untrusted'];
/** xm spelled the PV-only NIC `netfront`; xl calls it `vif`. */
export const VIF_TYPES = ['ioemu', 'vif', 'netfront'] as const;
const RATE_RE = /^(\d+)(GB|MB|KB|B|Gb|Mb|Kb|b)\/s(?:@(\d+)(s|ms|us))?$/;

export function parseVif(raw: string): SublangResult<VifSpec> {
  const items: VifItem[] = [];
  const fields: Record<string, string> = {};
  const unknown: string[] = [];
  for (const piece of splitCommas(raw)) {
    const lead = /^ */.exec(piece.text)?.[0] ?? '';
    const body = piece.text.slice(lead.length);
    const offset = piece.offset + lead.length;
    const eq = body.indexOf('=');
    if (eq < 0) {
      items.push({ lead, key: null, value: body, offset });
      if (body !== '') {
        if (VIF_FLAGS.includes(body)) fields[body] = '';
        else unknown.push(body);
      }
      continue;
    }
    const key = body.slice(0, eq);
    const value = body.slice(eq + 1);
    items.push({ lead, key, value, offset });
    if (!(VIF_KEYS as readonly string[]).includes(key)) {
      unknown.push(key);
      continue;
    }
    const err = checkVifValue(key, value, offset + eq + 2);
    if (err) return { ok: false, error: err };
    fields[key] = value;
  }
  return ok({ raw, items, fields, unknown });
}

function checkVifValue(key: string, value: string, col: number): SublangError | null {
  switch (key) {
    case 'mac': {
      const mac = parseMac(value);
      if (!mac) return { code: 'bad-mac', message: `"${value}" is not a MAC address (xx:xx:xx:xx:xx:xx).`, col };
      if (isMulticastMac(mac) || isZeroMac(mac)) {
        return {
          code: 'mac-not-unicast',
          message: `${value} is not a unicast address; the first byte must be even (e.g. 00:16:3e:…).`,
          col,
        };
      }
      return null;
    }
    case 'type':
      if (!(VIF_TYPES as readonly string[]).includes(value)) {
        return { code: 'bad-type', message: `Unknown NIC type "${value}" (use ioemu or vif).`, col };
      }
      return null;
    case 'rate':
      if (!RATE_RE.test(value)) {
        return {
          code: 'bad-rate',
          message: `"${value}" is not a rate such as 10Mb/s or 100MB/s@20ms.`,
          col,
        };
      }
      return null;
    case 'mtu':
    case 'devid':
    case 'vlan':
      if (!/^\d+$/.test(value)) return { code: 'bad-number', message: `${key} must be a number.`, col };
      return null;
    default:
      return null;
  }
}

export function formatVifItem(item: VifItem): string {
  return item.lead + (item.key === null ? item.value : `${item.key}=${item.value}`);
}

/** The spec's text from its items (byte-exact for anything parseVif accepted). */
export function formatVif(spec: Pick<VifSpec, 'items'>): string {
  return spec.items.map(formatVifItem).join(',');
}

/** A new spec in the usual `key=value, key=value` layout, keys in the given order. */
export function buildVifSpec(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

/** Sets (or adds) one key, keeping the other items and their spacing as written. */
export function setVifField(spec: VifSpec, key: string, value: string): string {
  const items = spec.items.map((i) => ({ ...i }));
  let found = false;
  for (let i = items.length - 1; i >= 0; i--) {
    const it = items[i] as VifItem;
    if (it.key === key) {
      it.value = value;
      found = true;
      break;
    }
  }
  if (!found) {
    const nonEmpty = items.filter((i) => i.key !== null || i.value !== '');
    items.push({ lead: nonEmpty.length > 0 ? ' ' : '', key, value, offset: -1 });
    if (nonEmpty.length === 0) return `${key}=${value}`;
  }
  return formatVif({ items });
}

