import { GROUP_ORDER } from './groups';
import { ADVANCED_OPTIONS } from './options/advanced';
import { BOOT_OPTIONS } from './options/boot';
import { CPU_MEMORY_OPTIONS } from './options/cpu-memory';
import { DEVICE_OPTIONS } from './options/devices';
import { DISK_OPTIONS } from './options/disks';
import { DISPLAY_OPTIONS } from './options/display';
import { GENERAL_OPTIONS } from './options/general';
import { LIFECYCLE_OPTIONS } from './options/lifecycle';
import { NETWORK_OPTIONS } from './options/network';
import type { GroupId, OptionSpec } from './types';

/** Every option, grouped in editor order; inside a group, in the order a person would read them. */
export const ALL_OPTIONS: readonly OptionSpec[] = [
  ...GENERAL_OPTIONS,
  ...CPU_MEMORY_OPTIONS,
  ...BOOT_OPTIONS,
  ...DISK_OPTIONS,
  ...NETWORK_OPTIONS,
  ...DISPLAY_OPTIONS,
  ...DEVICE_OPTIONS,
  ...LIFECYCLE_OPTIONS,
  ...ADVANCED_OPTIONS,
];

const BY_KEY = new Map<string, OptionSpec>(ALL_OPTIONS.map((o) => [o.key, o]));

export function getOption(key: string): OptionSpec | undefined {
  return BY_KEY.get(key);
}

/** Position of a key inside its group (for placing a new key next to its neighbours). */
export function optionOrder(key: string): number {
  const spec = BY_KEY.get(key);
  return spec ? ALL_OPTIONS.indexOf(spec) : -1;
}

export function optionsByGroup(): Map<GroupId, OptionSpec[]> {
  const out = new Map<GroupId, OptionSpec[]>(GROUP_ORDER.map((g) => [g, []]));
  for (const o of ALL_OPTIONS) out.get(o.group)?.push(o);
  return out;
}

/** Optimal string alignment distance (Levenshtein plus swapped neighbours: `vcnpasswd`). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i] as number[];
      const prev = d[i - 1] as number[];
      let v = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, ((d[i - 2] as number[])[j - 2] as number) + 1);
      }
      row[j] = v;
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

/**
 * The known option a mistyped key most likely meant ("did you mean"), or null when nothing is
 * close enough. Case and `-`/`_` mix-ups count as free (`VNC` → `vnc`, `on-crash` → `on_crash`).
 */
export function closestOptionName(key: string): string | null {
  const norm = key.toLowerCase().replace(/-/g, '_');
  if (norm !== key && BY_KEY.has(norm)) return norm;
  const limit = Math.min(3, Math.max(1, Math.floor(norm.length / 3)));
  let best: string | null = null;
  let bestD = Infinity;
  for (const o of ALL_OPTIONS) {
    if (o.key === key || o.toolstacks.length === 0) continue;
    const dist = editDistance(norm, o.key);
    if (dist < bestD) {
      bestD = dist;
      best = o.key;
    }
  }
  return bestD <= limit ? best : null;
}
