// The guest page's live chart: xentop's counters become per-second rates between two samples, a
// counter that goes down (the guest restarted) is not a negative rate, and only ten minutes are kept.
import { describe, expect, it } from 'vitest';
import type { DomainMetricsView } from '@shared/api/hosts-types';
import { appendSample, KEEP_SECONDS, latest, toSample, toSeries, type MetricsSample } from '@/stores/metrics-series';

function row(over: Partial<DomainMetricsView> = {}): DomainMetricsView {
  return { name: 'web1', state: 'running', cpuPercent: 5, cpuTimeSec: 10, memoryKiB: 262144, maxMemoryKiB: 262144, vcpus: 1, nets: 1, netTxKiB: 100, netRxKiB: 200, vbds: 1, vbdRd: 10, vbdWr: 4, ...over };
}

const at = (sec: number) => new Date(Date.UTC(2026, 0, 1, 9, 0, sec)).toISOString();

describe('metrics samples', () => {
  it('a sample carries the time in seconds and memory in MiB', () => {
    const s = toSample(at(3), row());
    expect(s.memoryMiB).toBe(256);
    expect(s.t).toBe(Date.UTC(2026, 0, 1, 9, 0, 3) / 1000);
  });

  it('network and disk counters become rates per second; the first sample has none', () => {
    let samples: MetricsSample[] = [];
    samples = appendSample(samples, toSample(at(0), row()));
    samples = appendSample(samples, toSample(at(4), row({ netRxKiB: 600, netTxKiB: 140, vbdRd: 30, vbdWr: 4 })));
    const s = toSeries(samples);
    expect(s.netRxKiBs).toEqual([null, 100]);
    expect(s.netTxKiBs).toEqual([null, 10]);
    expect(s.diskRdPerS).toEqual([null, 5]);
    expect(s.diskWrPerS).toEqual([null, 0]);
    expect(s.cpu).toEqual([5, 5]);
    expect(s.hasNet && s.hasDisk).toBe(true);
    expect(latest(s.netRxKiBs)).toBe(100);
  });

  it('a counter that went down (guest restarted) gives no rate rather than a negative one', () => {
    let samples: MetricsSample[] = [];
    samples = appendSample(samples, toSample(at(0), row({ netRxKiB: 5000 })));
    samples = appendSample(samples, toSample(at(3), row({ netRxKiB: 10 })));
    expect(toSeries(samples).netRxKiBs).toEqual([null, null]);
  });

  it('keeps ten minutes, in time order, and ignores a sample not newer than the last', () => {
    let samples: MetricsSample[] = [];
    for (let i = 0; i <= 700; i += 100) samples = appendSample(samples, { ...toSample(at(0), row()), t: i });
    expect(samples.map((s) => s.t)).toEqual([100, 200, 300, 400, 500, 600, 700]);
    expect(700 - (samples[0]?.t ?? 0)).toBeLessThanOrEqual(KEEP_SECONDS);
    expect(appendSample(samples, { ...toSample(at(0), row()), t: 650 })).toEqual(samples);
  });

  it('a guest without network or disk devices has no such series to draw', () => {
    const s = toSeries([toSample(at(0), row({ nets: 0, vbds: 0 }))]);
    expect(s.hasNet).toBe(false);
    expect(s.hasDisk).toBe(false);
    expect(latest(s.diskRdPerS)).toBeNull();
  });
});
