// Live metrics are read only while a page watches and the document is visible: one read at once,
// the next a few seconds after the last one ended, nothing once released or while hidden.
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { MetricsView } from '@shared/api/hosts-types';

class FakeDocument extends EventTarget {
  visibilityState: 'visible' | 'hidden' = 'visible';
  hide(hidden: boolean): void {
    this.visibilityState = hidden ? 'hidden' : 'visible';
    this.dispatchEvent(new Event('visibilitychange'));
  }
}
const doc = new FakeDocument();
vi.stubGlobal('document', doc);

let reads: string[] = [];
let sec = 0;
const client = {
  invoke: (name: string, input: { host: string }): Promise<MetricsView> => {
    reads.push(`${name} ${input.host}`);
    sec += 3;
    const at = new Date(Date.UTC(2026, 0, 1, 9, 0, sec)).toISOString();
    return Promise.resolve({ host: input.host, at, rows: [{ name: 'web1', state: 'running', cpuPercent: 4, cpuTimeSec: 1, memoryKiB: 524288, maxMemoryKiB: 524288, vcpus: 1, nets: 0, netTxKiB: 0, netRxKiB: 0, vbds: 0, vbdRd: 0, vbdWr: 0 }] });
  },
};
vi.mock('@/stores/app', () => ({ useAppStore: () => ({ ready: () => Promise.resolve(client) }) }));

const { POLL_SECONDS, useMetricsStore } = await import('@/stores/metrics');

afterAll(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

beforeEach(() => {
  vi.useFakeTimers();
  setActivePinia(createPinia());
  reads = [];
  doc.visibilityState = 'visible';
});

describe('metrics polling', () => {
  it('reads at once, then every few seconds while watched, and stops when released', async () => {
    const m = useMetricsStore();
    const release = m.watch('dom0-1');
    await vi.advanceTimersByTimeAsync(0);
    expect(reads).toEqual(['metrics.get dom0-1']);
    expect(m.samplesOf('dom0-1', 'web1').map((s) => s.memoryMiB)).toEqual([512]);
    await vi.advanceTimersByTimeAsync(POLL_SECONDS * 1000);
    expect(reads).toHaveLength(2);
    expect(m.samplesOf('dom0-1', 'web1')).toHaveLength(2);
    release();
    await vi.advanceTimersByTimeAsync(POLL_SECONDS * 1000 * 5);
    expect(reads).toHaveLength(2);
  });

  it('two pages watching one host share one read per period', async () => {
    const m = useMetricsStore();
    const a = m.watch('dom0-1');
    const b = m.watch('dom0-1');
    await vi.advanceTimersByTimeAsync(POLL_SECONDS * 1000 * 2);
    expect(reads).toHaveLength(3);
    a();
    await vi.advanceTimersByTimeAsync(POLL_SECONDS * 1000);
    expect(reads).toHaveLength(4);
    b();
  });

  it('reads nothing while the page is hidden, and again at once when it is shown', async () => {
    const m = useMetricsStore();
    const release = m.watch('dom0-1');
    await vi.advanceTimersByTimeAsync(0);
    expect(reads).toHaveLength(1);
    doc.hide(true);
    expect(m.visible).toBe(false);
    await vi.advanceTimersByTimeAsync(POLL_SECONDS * 1000 * 10);
    expect(reads).toHaveLength(1);
    doc.hide(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(reads).toHaveLength(2);
    release();
  });
});
