// The hosts area as the dispatcher sees it: the HostsService opened on first use (so a process
// that never touches hosts never reads the data directory), the contract's events fed from it, and
// the live inventory loop that runs while anything listens to `inventory.changed`.
import { EventEmitter } from 'node:events';
import type { ConnectionChanged, HostKeyPrompted, InventoryChanged } from '@shared/api/hosts-types';
import { LiveInventoryLoop } from '../inventory/live-loop';
import { MemorySecrets, type Secrets } from '../store/secrets';
import { HostsService, type HostsServiceOptions } from './hosts-service';

export interface HostsAreaEvents {
  connectionChanged: [ConnectionChanged];
  hostKeyPrompted: [HostKeyPrompted];
  inventoryChanged: [InventoryChanged];
}

export interface HostsAreaOptions extends Omit<HostsServiceOptions, 'events' | 'secrets'> {
  /** Memory only unless the glue passes a persistent store (Electron safeStorage). */
  secrets?: Secrets;
  /** Live inventory period. */
  refreshMs?: number;
}

export class HostsArea {
  readonly events = new EventEmitter<HostsAreaEvents>();
  readonly live: LiveInventoryLoop;
  private opened: Promise<HostsService> | null = null;

  constructor(private readonly o: HostsAreaOptions) {
    // Each contract subscription adds a listener; many UI windows are fine.
    this.events.setMaxListeners(0);
    this.live = new LiveInventoryLoop(() => this.service(), o.refreshMs ?? 5000);
  }

  service(): Promise<HostsService> {
    if (this.opened === null) {
      const sink = {
        connectionChanged: (e: ConnectionChanged) => this.events.emit('connectionChanged', e),
        hostKeyPrompted: (e: HostKeyPrompted) => this.events.emit('hostKeyPrompted', e),
        inventoryChanged: (e: InventoryChanged) => this.events.emit('inventoryChanged', e),
      };
      const p = HostsService.open({ ...this.o, secrets: this.o.secrets ?? new MemorySecrets(), events: sink });
      this.opened = p;
      // A failed open (unreadable hosts.json) is tried again on the next request.
      p.catch(() => {
        if (this.opened === p) this.opened = null;
      });
    }
    return this.opened;
  }

  async close(): Promise<void> {
    this.live.stop();
    await this.live.drain();
    const p = this.opened;
    this.opened = null;
    if (p !== null) await (await p.catch(() => null))?.close();
  }
}
