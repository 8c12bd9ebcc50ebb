// Live xentop metrics (metrics.get), read only while a visible page asks for them: every few
// seconds per host while at least one watcher is on and the document is visible, never when the
// page is hidden or closed. The samples of each guest are kept for ten minutes, so going back to
// a guest page shows its recent past at once.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { ApiError } from '@shared/api';
import { toApiError } from '@/services/api-error';
import { useAppStore } from './app';
import { appendSample, toSample, type MetricsSample } from './metrics-series';

/** Seconds between two reads of one host (xentop itself takes about a second). */
export const POLL_SECONDS = 3;

interface Poller {
  watchers: number;
  timer: ReturnType<typeof setTimeout> | null;
  running: boolean;
}

export const useMetricsStore = defineStore('metrics', () => {
  const app = useAppStore();
  /** `host/guest` → samples, oldest first. */
  const samples = shallowRef<Record<string, MetricsSample[]>>({});
  const errors = shallowRef<Record<string, ApiError | undefined>>({});
  const visible = ref(typeof document === 'undefined' || document.visibilityState === 'visible');
  const pollers = new Map<string, Poller>();

  function samplesOf(host: string, name: string): MetricsSample[] {
    return samples.value[`${host}/${name}`] ?? [];
  }

  async function readOnce(host: string): Promise<void> {
    try {
      const c = await app.ready();
      const m = await c.invoke('metrics.get', { host });
      const next = { ...samples.value };
      for (const row of m.rows) {
        const k = `${host}/${row.name}`;
        next[k] = appendSample(next[k] ?? [], toSample(m.at, row));
      }
      samples.value = next;
      errors.value = { ...errors.value, [host]: undefined };
    } catch (e) {
      errors.value = { ...errors.value, [host]: toApiError(e) };
    }
  }

  function schedule(host: string, p: Poller, delayMs: number): void {
    if (p.timer !== null || p.running || p.watchers === 0 || !visible.value) return;
    p.timer = setTimeout(() => {
      p.timer = null;
      p.running = true;
      // The next read is planned when this one is over: a slow host never piles up requests.
      void readOnce(host).finally(() => {
        p.running = false;
        schedule(host, p, POLL_SECONDS * 1000);
      });
    }, delayMs);
  }

  function stopTimer(p: Poller): void {
    if (p.timer !== null) clearTimeout(p.timer);
    p.timer = null;
  }

  if (typeof document !== 'undefined') {
    document.addEventListener('visibilitychange', () => {
      visible.value = document.visibilityState === 'visible';
      for (const [host, p] of pollers) {
        if (visible.value) schedule(host, p, 0);
        else stopTimer(p);
      }
    });
  }

  /** Reads the host's metrics every few seconds until the returned function is called. */
  function watch(host: string): () => void {
    let p = pollers.get(host);
    if (p === undefined) pollers.set(host, (p = { watchers: 0, timer: null, running: false }));
    p.watchers++;
    schedule(host, p, 0);
    let released = false;
    const poller = p;
    return () => {
      if (released) return;
      released = true;
      poller.watchers--;
      if (poller.watchers === 0) stopTimer(poller);
    };
  }

  return { samples, errors, visible, samplesOf, watch };
});
