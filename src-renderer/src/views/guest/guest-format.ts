// Pure helpers of the guest page: cfg paths, times, sizes and the checks the operation dialogs
// run before anything is sent. No Vue, no i18n: messages are returned as catalogue keys.
import type { GuestView } from '@shared/api/hosts-types';
import { cpuSetToSpec, parseCpus, resolveCpuSet } from '@shared/cfg';

/** A cfg file's absolute path as the directory and file name cfgFiles.* take. */
export function splitCfgPath(path: string): { dir: string; name: string } {
  const i = path.lastIndexOf('/');
  return { dir: i <= 0 ? '/' : path.slice(0, i), name: path.slice(i + 1) };
}

/** A memory size: MiB is the toolstack's unit in every language. */
export function formatMiB(n: number, locale?: string): string {
  return `${n.toLocaleString(locale)} MiB`;
}

/** hh:mm:ss of a time, as the stale labels show it (RS-10: "last seen 09:14:03"). */
export function clockTime(at: string | number | Date, locale: string): string {
  return new Date(at).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

/** A byte count in the largest unit that keeps it ≥ 1 (1 KiB = 1024 B), one decimal above bytes. */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (Math.abs(v) >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} ${units[0]}` : `${v.toFixed(1)} ${units[u]}`;
}

/** The smallest memory the dialog offers: below this no HVM guest boots anyway. */
export const MIN_MEMORY_MIB = 16;

/** The range memSet may ask for: up to maxmem (from the running config, else the cfg file). */
export function memoryBounds(g: GuestView): { min: number; max: number } {
  const max = g.live?.maxMemoryMiB ?? g.cfg?.maxMemoryMiB ?? g.live?.memoryMiB ?? g.cfg?.memoryMiB ?? g.memoryMiB;
  return { min: Math.min(MIN_MEMORY_MIB, max), max: Math.max(max, g.memoryMiB) };
}

/** The range vcpuSet may ask for: 1 to maxvcpus (a running guest cannot go above it). */
export function vcpuBounds(g: GuestView): { min: number; max: number } {
  const max = g.live?.maxVcpus ?? g.cfg?.maxVcpus ?? g.vcpus;
  return { min: 1, max: Math.max(max, g.vcpus) };
}

export type RangeProblem = 'required' | 'notInteger' | 'tooSmall' | 'tooLarge' | 'unchanged';

export function checkRange(value: number | null, bounds: { min: number; max: number }, current?: number): RangeProblem | null {
  if (value === null || Number.isNaN(value)) return 'required';
  if (!Number.isInteger(value)) return 'notInteger';
  if (value < bounds.min) return 'tooSmall';
  if (value > bounds.max) return 'tooLarge';
  if (current !== undefined && value === current) return 'unchanged';
  return null;
}

export type NameProblem = 'required' | 'tooLong' | 'badChars' | 'unchanged' | 'taken';

/**
 * A new domain name: what xl accepts and the contract carries (≤ 128), without whitespace or
 * slashes (it becomes part of paths on the host), and not another guest's.
 */
export function checkGuestName(value: string, current: string, others: readonly string[]): NameProblem | null {
  const v = value.trim();
  if (v === '') return 'required';
  if (v.length > 128) return 'tooLong';
  if (/[\s/\\'"`$;&|<>*?]/.test(v) || v.startsWith('-')) return 'badChars';
  if (v === current) return 'unchanged';
  if (others.includes(v)) return 'taken';
  return null;
}

/**
 * A CPU list as xl vcpu-pin takes it ("all", "0-3,6", "all,^1"), read by the cfg engine's own
 * parser: the sorted CPUs it selects on a host with `hostCpus` CPUs, or null when the text is not
 * such a list, names a CPU the host does not have, or selects none.
 */
export function parseCpuList(text: string, hostCpus: number): number[] | null {
  const r = parseCpus(text.trim());
  if (!r.ok || r.value.items.length === 0) return null;
  for (const item of r.value.items) {
    if (item.nodes !== null) return null; // NUMA nodes: the host's topology is not known here
    if (item.range !== 'all' && item.range.to >= hostCpus) return null;
  }
  const set = resolveCpuSet(r.value, hostCpus);
  return set.length === 0 ? null : set;
}

/** The shortest list for a set of CPUs: "all" when it is every host CPU, else ranges ("0-3,6"). */
export function formatCpuList(cpus: readonly number[], hostCpus?: number): string {
  const s = [...new Set(cpus)];
  if (hostCpus !== undefined && s.length === hostCpus && s.every((c) => c >= 0 && c < hostCpus)) return 'all';
  return cpuSetToSpec(s);
}
