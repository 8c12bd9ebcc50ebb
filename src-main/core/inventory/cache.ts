// The last inventory of each host on disk (issue 5 §6), so an offline host still shows what was
// there when it was last seen, read-only. One file per host id under `<dataDir>/inventory/`.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../store/atomic-file';
import type { HostInventory } from './types';

const CACHE_VERSION = 1;

export class InventoryCache {
  constructor(private readonly dataDir: string) {}

  private file(hostId: string): string {
    // Host ids are UUIDs made by the store; anything else is made safe for a file name.
    return join(this.dataDir, 'inventory', `${encodeURIComponent(hostId)}.json`);
  }

  async save(hostId: string, inv: HostInventory): Promise<void> {
    await writeFileAtomic(this.file(hostId), `${JSON.stringify({ version: CACHE_VERSION, inventory: inv })}\n`, 0o600);
  }

  /** The last saved inventory, or null (none yet, or unreadable: a cache is never worth an error). */
  async load(hostId: string): Promise<HostInventory | null> {
    try {
      const raw = JSON.parse(await readFile(this.file(hostId), 'utf8')) as { version?: unknown; inventory?: HostInventory };
      if (raw.version !== CACHE_VERSION || !Array.isArray(raw.inventory?.guests)) return null;
      return raw.inventory;
    } catch {
      return null;
    }
  }

  /** Forgets a host's last inventory (the host was removed). */
  async remove(hostId: string): Promise<void> {
    await rm(this.file(hostId), { force: true });
  }
}
