// The guest inventory of one host (issue 5 §6): running domains merged with the cfg files of
// guests that are not running, matched by guest name.
import type { CfgSummaryView, DriftView, LiveSummaryView } from '@shared/api/hosts-types';
import type { DomainState } from '../toolstack/types';

/** A cfg file's identity and the fields drift is computed on; the contract's view is the same shape. */
export type CfgSummary = CfgSummaryView;

/** The running config fields drift is computed on (from `xl list -l` / `xm list --long`). */
export type LiveSummary = LiveSummaryView;

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
  /** Set by the service from the drift baselines (see baselines.ts); absent when there is nothing to compare. */
  drift?: DriftView[];
}

export interface HostInventory {
  host: string;
  /** ISO UTC time the inventory was read from the host. */
  at: string;
  guests: InventoryGuest[];
}
