// A guest's xentop samples over time and the series the chart draws from them. xentop's network
// (KiB) and disk (requests) figures are counters since the domain started: rates come from the
// difference between two samples, and a counter that went down (the guest restarted) starts anew.
import type { DomainMetricsView } from '@shared/api/hosts-types';

export interface MetricsSample {
  /** Seconds since the epoch, when xentop was read. */
  t: number;
  cpuPercent: number;
  memoryMiB: number;
  nets: number;
  netTxKiB: number;
  netRxKiB: number;
  vbds: number;
  vbdRd: number;
  vbdWr: number;
}

/** How much history a guest keeps: the chart shows the last ten minutes. */
export const KEEP_SECONDS = 600;

export function toSample(at: string, row: DomainMetricsView): MetricsSample {
  return {
    t: Date.parse(at) / 1000,
    cpuPercent: row.cpuPercent,
    memoryMiB: Math.round((row.memoryKiB / 1024) * 10) / 10,
    nets: row.nets,
    netTxKiB: row.netTxKiB,
    netRxKiB: row.netRxKiB,
    vbds: row.vbds,
    vbdRd: row.vbdRd,
    vbdWr: row.vbdWr,
  };
}

/** The samples with one more, in time order, without those older than `keep` seconds before it. */
export function appendSample(samples: readonly MetricsSample[], s: MetricsSample, keep = KEEP_SECONDS): MetricsSample[] {
  const last = samples[samples.length - 1];
  if (last !== undefined && s.t <= last.t) return [...samples];
  return [...samples.filter((x) => x.t >= s.t - keep), s];
}

export interface MetricsSeries {
  t: number[];
  cpu: number[];
  memoryMiB: number[];
  /** Per second between a sample and the one before; null for the first and after a reset. */
  netRxKiBs: (number | null)[];
  netTxKiBs: (number | null)[];
  diskRdPerS: (number | null)[];
  diskWrPerS: (number | null)[];
  hasNet: boolean;
  hasDisk: boolean;
}

function rate(prev: MetricsSample | undefined, cur: MetricsSample, pick: (s: MetricsSample) => number): number | null {
  if (prev === undefined) return null;
  const dt = cur.t - prev.t;
  const dv = pick(cur) - pick(prev);
  if (dt <= 0 || dv < 0) return null;
  return Math.round((dv / dt) * 10) / 10;
}

export function toSeries(samples: readonly MetricsSample[]): MetricsSeries {
  const out: MetricsSeries = { t: [], cpu: [], memoryMiB: [], netRxKiBs: [], netTxKiBs: [], diskRdPerS: [], diskWrPerS: [], hasNet: false, hasDisk: false };
  samples.forEach((s, i) => {
    const prev = samples[i - 1];
    out.t.push(s.t);
    out.cpu.push(s.cpuPercent);
    out.memoryMiB.push(s.memoryMiB);
    out.netRxKiBs.push(rate(prev, s, (x) => x.netRxKiB));
    out.netTxKiBs.push(rate(prev, s, (x) => x.netTxKiB));
    out.diskRdPerS.push(rate(prev, s, (x) => x.vbdRd));
    out.diskWrPerS.push(rate(prev, s, (x) => x.vbdWr));
    if (s.nets > 0) out.hasNet = true;
    if (s.vbds > 0) out.hasDisk = true;
  });
  return out;
}

/** The newest value of a series that is not null (what the tiles above the chart show). */
export function latest(values: readonly (number | null)[]): number | null {
  for (let i = values.length - 1; i >= 0; i--) {
    const v = values[i];
    if (v !== null && v !== undefined) return v;
  }
  return null;
}
