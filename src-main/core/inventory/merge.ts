// Running domains and the cfg files of the host, matched by guest name (issue 5 §6).
import type { DomainConfigInfo, DomainInfo } from '../toolstack/types';
import type { CfgSummary, InventoryGuest, LiveSummary } from './types';

export function liveSummary(c: DomainConfigInfo): LiveSummary {
  const out: LiveSummary = {};
  const set = <K extends keyof LiveSummary>(k: K, v: LiveSummary[K] | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  set('memoryMiB', c.memoryMiB);
  set('maxMemoryMiB', c.maxMemoryMiB);
  set('vcpus', c.onlineVcpus ?? c.vcpus);
  set('maxVcpus', c.vcpus);
  set('onPoweroff', c.onPoweroff);
  set('onReboot', c.onReboot);
  set('onCrash', c.onCrash);
  return out;
}

/**
 * Domain-0 is not a guest and is left out. A cfg that names a running guest is attached to it;
 * every other cfg is a stopped guest. When two files declare one name, the first path wins
 * (sorted, so the choice is stable). xm's inactive (xend-managed) domains come with domid null.
 */
export function mergeInventory(list: DomainInfo[], long: DomainConfigInfo[], cfgs: CfgSummary[]): InventoryGuest[] {
  const byName = new Map<string, CfgSummary>();
  for (const c of [...cfgs].sort((a, b) => a.path.localeCompare(b.path))) if (!byName.has(c.name)) byName.set(c.name, c);
  const guests: InventoryGuest[] = [];
  const seen = new Set<string>();
  for (const d of list) {
    if (d.domid === 0 || d.name === 'Domain-0') continue;
    seen.add(d.name);
    const l = long.find((x) => (d.domid !== null && x.domid === d.domid) || x.name === d.name);
    guests.push({ name: d.name, domid: d.domid, state: d.state, memoryMiB: d.memoryMiB, vcpus: d.vcpus, cfg: byName.get(d.name) ?? null, live: l ? liveSummary(l) : null });
  }
  for (const c of byName.values()) {
    if (seen.has(c.name)) continue;
    guests.push({ name: c.name, domid: null, state: 'stopped', memoryMiB: c.memoryMiB ?? 0, vcpus: c.vcpus ?? 1, cfg: c, live: null });
  }
  return guests.sort((a, b) => a.name.localeCompare(b.name) || (a.domid ?? -1) - (b.domid ?? -1));
}
