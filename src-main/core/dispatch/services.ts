// Everything the handlers work with, created once per process and shared by both carriers.
// A later area (hosts, domains, cfgFiles) adds its service here and a `registerXxxHandlers`
// call in create-dispatcher.ts; the completeness check then proves the contract is served.
import { createTickSource, type TickSource } from '../diagnostics/ticks';
import type { AppMeta } from './app-meta';

export interface Services {
  meta: AppMeta;
  platform: string;
  clock: () => Date;
  ticks: TickSource;
}

export function createServices(meta: AppMeta, overrides: Partial<Services> = {}): Services {
  return {
    meta,
    platform: process.platform,
    clock: () => new Date(),
    ticks: createTickSource(),
    ...overrides,
  };
}
