// Everything the handlers work with, created once per process and shared by both carriers.
// A later area (hosts, domains, cfgFiles) adds its service here and a `registerXxxHandlers`
// call in create-dispatcher.ts; the completeness check then proves the contract is served.
import { createTickSource, type TickSource } from '../diagnostics/ticks';
import { appDataDir } from '../services/default-data-dir';
import { HostsArea } from '../services/hosts-area';
import type { AppMeta } from './app-meta';

export interface Services {
  meta: AppMeta;
  platform: string;
  clock: () => Date;
  ticks: TickSource;
  /** Hosts, inventory, domains, cfg files; opened on first use. */
  hosts: HostsArea;
}

export function createServices(meta: AppMeta, overrides: Partial<Services> = {}): Services {
  return {
    meta,
    platform: process.platform,
    clock: () => new Date(),
    ticks: createTickSource(),
    // Lazily opened: nothing reads the data directory until a hosts request arrives.
    hosts: overrides.hosts ?? new HostsArea({ dataDir: appDataDir() }),
    ...overrides,
  };
}
