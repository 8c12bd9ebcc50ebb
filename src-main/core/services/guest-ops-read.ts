// The read-only guest and host queries of issue 5 §5: host info (bounds for the UI), a guest's
// vCPUs (for a pin dialog) and xentop metrics. Reads may overlap with changing operations; they
// are never queued behind them.
import type { DomainMetricsView, HostInfoView, MetricsView, VcpuView } from '@shared/api/hosts-types';
import type { DomainMetrics } from '../toolstack/types';
import type { GuestOpArgs } from './guest-ops';
import type { HostsService } from './hosts-service';

export async function hostInfo(s: HostsService, host: string, signal?: AbortSignal): Promise<HostInfoView> {
  const { profile, toolstack } = await s.hostTools(host);
  const i = await toolstack.info(signal ? { signal } : {});
  const view: HostInfoView = { host: profile.name, toolstack: toolstack.kind, hostname: i.hostname, hvm: i.hvm };
  if (i.xenVersion !== undefined) view.xenVersion = i.xenVersion;
  if (i.nrCpus !== undefined) view.nrCpus = i.nrCpus;
  if (i.cpuMhz !== undefined) view.cpuMhz = i.cpuMhz;
  if (i.totalMemoryMiB !== undefined) view.totalMemoryMiB = i.totalMemoryMiB;
  if (i.freeMemoryMiB !== undefined) view.freeMemoryMiB = i.freeMemoryMiB;
  if (i.scheduler !== undefined) view.scheduler = i.scheduler;
  return view;
}

/** The guest's vCPUs, its id resolved by exact name now (IN-3) and checked against the one the user saw. */
export async function vcpus(s: HostsService, a: GuestOpArgs): Promise<VcpuView[]> {
  const { toolstack } = await s.hostTools(a.host);
  const reads = a.signal ? { signal: a.signal } : {};
  const domid = await toolstack.resolve(a.name, a.domid, reads);
  const rows = await toolstack.vcpuList(domid, reads);
  return rows
    .filter((r) => r.domid === domid)
    .map((r) => {
      const v: VcpuView = { vcpu: r.vcpu, cpu: r.cpu, online: r.online, running: r.running, blocked: r.blocked, cpuTimeSec: r.cpuTimeSec, hardAffinity: r.hardAffinity };
      if (r.softAffinity !== undefined) v.softAffinity = r.softAffinity;
      return v;
    });
}

function metricsRow(m: DomainMetrics): DomainMetricsView {
  return {
    name: m.name,
    state: m.state,
    cpuPercent: m.cpuPercent,
    cpuTimeSec: m.cpuTimeSec,
    memoryKiB: m.memoryKiB,
    maxMemoryKiB: m.maxMemoryKiB,
    vcpus: m.vcpus,
    nets: m.nets,
    netTxKiB: m.netTxKiB,
    netRxKiB: m.netRxKiB,
    vbds: m.vbds,
    vbdRd: m.vbdRd,
    vbdWr: m.vbdWr,
  };
}

// xentop needs two samples a second apart; pages polling the same host meanwhile share one run.
const inFlight = new WeakMap<HostsService, Map<string, Promise<MetricsView>>>();

export function metrics(s: HostsService, host: string): Promise<MetricsView> {
  const id = s.profile(host).id;
  let perHost = inFlight.get(s);
  if (perHost === undefined) inFlight.set(s, (perHost = new Map()));
  const running = perHost.get(id);
  if (running !== undefined) return running;
  const run = (async () => {
    const { profile, toolstack } = await s.hostTools(host);
    const rows = await toolstack.metrics({ timeoutMs: 20_000 });
    return { host: profile.name, at: new Date().toISOString(), rows: rows.map(metricsRow) };
  })();
  perHost.set(id, run);
  const done = () => {
    if (perHost.get(id) === run) perHost.delete(id);
  };
  run.then(done, done);
  return run;
}
