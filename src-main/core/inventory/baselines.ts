// Drift baselines (issue 5 §6): for each running guest, the pair (cfg on disk, running config)
// as it was when XenDeck first saw that domain id run. computeDrift compares the present with it
// to tell "changed on disk, not applied" from "changed live, not saved". One file per host next to
// the inventory cache, so a restart of XenDeck keeps the direction; a new domain id (the guest was
// restarted, which applies the file) starts a new baseline.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../store/atomic-file';
import { computeDrift, type DriftBaseline } from './drift';
import type { InventoryGuest } from './types';

const VERSION = 1;

interface Entry extends DriftBaseline {
  domid: number;
}

export class DriftBaselines {
  private readonly byHost = new Map<string, Map<string, Entry>>();

  constructor(private readonly dataDir: string) {}

  private file(hostId: string): string {
    return join(this.dataDir, 'inventory', `${encodeURIComponent(hostId)}.drift.json`);
  }

  private async load(hostId: string): Promise<Map<string, Entry>> {
    let m = this.byHost.get(hostId);
    if (m !== undefined) return m;
    m = new Map();
    try {
      const raw = JSON.parse(await readFile(this.file(hostId), 'utf8')) as { version?: unknown; guests?: Record<string, Entry> };
      if (raw.version === VERSION && raw.guests !== undefined && typeof raw.guests === 'object') {
        for (const [name, e] of Object.entries(raw.guests)) {
          if (Number.isInteger(e?.domid) && typeof e.disk === 'object' && typeof e.live === 'object') m.set(name, e);
        }
      }
    } catch {
      // none yet, or unreadable: drift then starts without a direction, never an error
    }
    this.byHost.set(hostId, m);
    return m;
  }

  /**
   * The guests with `drift` set for every running guest that has both a cfg file and a running
   * config. Records a baseline for a domain id seen running for the first time and forgets the
   * baselines of guests no longer running; persists only when that changed something.
   * Calls for one host must not overlap (the service reads each host one read at a time).
   */
  async apply(hostId: string, guests: InventoryGuest[]): Promise<InventoryGuest[]> {
    const m = await this.load(hostId);
    let changed = false;
    const running = new Set<string>();
    const out = guests.map((g): InventoryGuest => {
      const { drift: _old, ...rest } = g;
      if (g.domid === null) return rest;
      running.add(g.name);
      // A missing long listing or cfg leaves the baseline alone: it is still the right one.
      if (g.cfg === null || g.live === null) return rest;
      const { path: _path, name: _name, ...disk } = g.cfg;
      let b = m.get(g.name);
      if (b === undefined || b.domid !== g.domid) {
        b = { domid: g.domid, disk, live: { ...g.live } };
        m.set(g.name, b);
        changed = true;
      }
      return { ...rest, drift: computeDrift(disk, g.live, b) };
    });
    for (const name of [...m.keys()]) {
      if (!running.has(name)) {
        m.delete(name);
        changed = true;
      }
    }
    if (changed) await this.save(hostId, m);
    return out;
  }

  private async save(hostId: string, m: Map<string, Entry>): Promise<void> {
    await writeFileAtomic(this.file(hostId), `${JSON.stringify({ version: VERSION, guests: Object.fromEntries(m) })}\n`, 0o600);
  }

  /** Forgets a host's baselines (the host was removed). */
  async remove(hostId: string): Promise<void> {
    this.byHost.delete(hostId);
    await rm(this.file(hostId), { force: true });
  }
}
