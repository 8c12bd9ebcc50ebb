// `xl list -l` JSON (REFERENCE §4.3). Since Xen 4.5 fields equal to their default are omitted,
// so every key is optional; defbools are the strings "True"/"False"; memory is in KiB.
import { OutputFormatError, checkSize, type DiskInfo, type DomainConfigInfo, type NicInfo, type VncInfo } from './types';

type Json = Record<string, unknown>;

const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const truthy = (v: unknown): boolean => v === 'True' || v === true || v === 1;

function disk(d: Json): DiskInfo {
  const out: DiskInfo = {
    target: str(d.pdev_path) ?? '',
    vdev: str(d.vdev) ?? '',
    cdrom: truthy(d.is_cdrom),
    // `readwrite` is omitted when 0, i.e. for read-only disks.
    readonly: !truthy(d.readwrite),
  };
  const format = str(d.format);
  if (format !== undefined) out.format = format;
  const backend = str(d.backend);
  if (backend !== undefined) out.backend = backend;
  return out;
}

function nic(n: Json): NicInfo {
  const out: NicInfo = {};
  const put = (k: keyof NicInfo, v: unknown) => {
    const s = str(v);
    if (s !== undefined) out[k] = s;
  };
  put('mac', n.mac);
  put('bridge', n.bridge);
  put('model', n.model);
  put('type', n.nictype);
  put('script', n.script);
  return out;
}

function vnc(v: Json): VncInfo {
  const out: VncInfo = { enabled: truthy(v.enable), hasPassword: typeof v.passwd === 'string' && v.passwd !== '' };
  const listen = str(v.listen);
  if (listen !== undefined) out.listen = listen;
  // display is omitted when 0.
  out.display = int(v.display) ?? 0;
  if (v.findunused !== undefined) out.findUnused = truthy(v.findunused);
  return out;
}

export function domainFromJson(entry: unknown): DomainConfigInfo {
  const e = obj(entry);
  const config = obj(e.config);
  const c = obj(config.c_info);
  const b = obj(config.b_info);
  const hvm = obj(b['type.hvm']);
  const name = str(c.name);
  if (name === undefined) throw new OutputFormatError('xl list -l', 'a domain has no config.c_info.name');
  const out: DomainConfigInfo = {
    name,
    domid: int(e.domid) ?? null,
    disks: arr(config.disks).map((d) => disk(obj(d))),
    nics: arr(config.nics).map((n) => nic(obj(n))),
  };
  const set = <K extends keyof DomainConfigInfo>(k: K, v: DomainConfigInfo[K] | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  set('uuid', str(c.uuid));
  set('type', str(c.type));
  const target = int(b.target_memkb);
  const max = int(b.max_memkb);
  set('memoryMiB', target !== undefined ? Math.round(target / 1024) : undefined);
  set('maxMemoryMiB', max !== undefined ? Math.round(max / 1024) : undefined);
  set('vcpus', int(b.max_vcpus));
  if (Array.isArray(b.avail_vcpus)) out.onlineVcpus = b.avail_vcpus.length;
  set('boot', str(hvm.boot));
  const serialList = arr(hvm.serial_list).filter((s): s is string => typeof s === 'string');
  set('serial', str(hvm.serial) ?? serialList[0]);
  if (hvm.vnc !== undefined) set('vnc', vnc(obj(hvm.vnc)));
  set('onPoweroff', str(config.on_poweroff));
  set('onReboot', str(config.on_reboot));
  set('onCrash', str(config.on_crash));
  return out;
}

/** Parses the JSON array of `xl list -l` (or the single object of `xl create -n`). */
export function parseXlListLong(text: string): DomainConfigInfo[] {
  checkSize('xl list -l', text);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const hint = /^\s*\(domain/.test(text) ? ' (this xl prints SXP: set output_format="json" in /etc/xen/xl.conf)' : '';
    throw new OutputFormatError('xl list -l', `it is not JSON${hint}: ${(e as Error).message}`);
  }
  if (Array.isArray(data)) return data.map(domainFromJson);
  if (typeof data === 'object' && data !== null) return [domainFromJson(data)];
  throw new OutputFormatError('xl list -l', 'it is neither a JSON array nor an object');
}
