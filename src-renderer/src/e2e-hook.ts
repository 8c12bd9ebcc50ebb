// A test hook for the e2e suite, present only when the page is opened with `?e2e=1`. It gives
// the test nothing the page could not already do: it runs the same loopback check the
// Diagnostics page runs, through the app's own contract client.
import type { LoopbackResult } from '@/services/loopback';
import { runLoopback } from '@/services/loopback';
import type { ApiClient } from '@shared/api';

export interface E2EHook {
  loopback(totalBytes: number): Promise<LoopbackResult>;
}

declare global {
  interface Window {
    __xendeckE2E?: E2EHook;
  }
}

export function installE2EHook(ready: () => Promise<ApiClient>): void {
  if (new URLSearchParams(window.location.search).get('e2e') !== '1') return;
  window.__xendeckE2E = Object.freeze({
    loopback: async (totalBytes: number) => runLoopback(await ready(), { totalBytes }),
  });
}
