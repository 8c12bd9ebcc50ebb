// The guest inventory of one host (issue 5 §6): running domains merged with the cfg files of
// guests that are not running, matched by guest name.
import type { DomainState } from '../toolstack/types';

export interface CfgSummary {
  /** Absolute path of the cfg file on the host. */
  path: string;
  /** The guest name the file declares (`name = "…"`). */
  name: string;
  memoryMiB?: number;
  maxMemoryMiB?: number;
  vcpus?: number;
  maxVcpus?: number;
  onPoweroff?: string;
  onReboot?: string;
  onCrash?: string;
}

/** The running config fields drift is computed on (from `xl list -l` / `xm list --long`). */
export interface LiveSummary {
  memoryMiB?: number;
  maxMemoryMiB?: number;
  vcpus?: number;
  maxVcpus?: number;
  onPoweroff?: string;
  onReboot?: string;
  onCrash?: string;
}

export interface InventoryGuest {
  name: string;
  /** null for a guest that is defined by a cfg file but not running. */
  domid: number | null;
  state: DomainState;
  memoryMiB: number;
  vcpus: number;
  /** The cfg file that defines this guest, when one declares its name. */
  cfg: CfgSummary | null;
  live: LiveSummary | null;
}

export interface HostInventory {
  host: string;
  /** ISO UTC time the inventory was read from the host. */
  at: string;
  guests: InventoryGuest[];
}
