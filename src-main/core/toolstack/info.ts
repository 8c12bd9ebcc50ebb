// `xl info` / `xm info`: `key : value` lines, key padded to 23 columns (REFERENCE §4.4).
import { OutputFormatError, checkSize, type HostInfo } from './types';

const LINE = /^([A-Za-z_][A-Za-z0-9_]*)\s*:\s?(.*)$/;

export function parseKeyValues(text: string): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = LINE.exec(line);
    // First occurrence wins: `-n` appends topology tables whose first column can look like a key.
    if (m && !(m[1] in raw)) raw[m[1]] = m[2].trimEnd();
  }
  return raw;
}

function int(v: string | undefined): number | undefined {
  if (v === undefined || !/^\d+$/.test(v)) return undefined;
  return Number(v);
}

export function parseInfo(text: string, tool: 'xl' | 'xm' = 'xl'): HostInfo {
  const command = `${tool} info`;
  checkSize(command, text);
  const raw = parseKeyValues(text);
  if (raw.host === undefined || raw.xen_major === undefined) {
    throw new OutputFormatError(command, 'the "host" and "xen_major" lines are missing');
  }
  const virtCaps = (raw.virt_caps ?? '').split(/\s+/).filter(Boolean);
  const major = int(raw.xen_major);
  const minor = int(raw.xen_minor);
  const mhz = raw.cpu_mhz !== undefined && /^\d+(\.\d+)?$/.test(raw.cpu_mhz) ? Number(raw.cpu_mhz) : undefined;
  return {
    hostname: raw.host,
    release: raw.release,
    machine: raw.machine,
    nrCpus: int(raw.nr_cpus),
    cpuMhz: mhz,
    totalMemoryMiB: int(raw.total_memory),
    freeMemoryMiB: int(raw.free_memory),
    xenMajor: major,
    xenMinor: minor,
    // Older versions lack xen_version: rebuild it as xl does (major.minor + extra).
    xenVersion: raw.xen_version ?? (major !== undefined && minor !== undefined ? `${major}.${minor}${raw.xen_extra ?? ''}` : undefined),
    scheduler: raw.xen_scheduler,
    virtCaps,
    hvm: virtCaps.includes('hvm') || /\bhvm-/.test(raw.xen_caps ?? ''),
    xendConfigFormat: int(raw.xend_config_format),
    raw,
  };
}
