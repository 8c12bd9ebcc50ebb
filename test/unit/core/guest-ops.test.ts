// The guest operations' own checks (issue 5 §5), over a recording fake toolstack: what is refused
// is refused before any changing command is sent (IN-3), the domain id is resolved by name with
// the id the user saw, and pages polling xentop on one host share one run.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src-main/shared/api/errors';
import { cdEject, memSet, rename, vcpuPin, vcpuSet } from '../../../src-main/core/services/guest-ops';
import { metrics } from '../../../src-main/core/services/guest-ops-read';
import type { GuestOpContext, HostsService } from '../../../src-main/core/services/hosts-service';
import { xlCommands, xmCommands } from '../../../src-main/core/toolstack/commands';
import type { InventoryGuest } from '../../../src-main/core/inventory/types';
import type { DomainMetrics } from '../../../src-main/core/toolstack/types';

const web: InventoryGuest = {
  name: 'web',
  domid: 7,
  state: 'running',
  memoryMiB: 512,
  vcpus: 2,
  cfg: null,
  live: { memoryMiB: 512, maxMemoryMiB: 1024, vcpus: 2, maxVcpus: 4 },
};
const stopped: InventoryGuest = { ...web, name: 'db', domid: null, state: 'stopped', live: null };

function fake(kind: 'xl' | 'xm' = 'xl', nrCpus = 8) {
  const calls: string[] = [];
  let metricsRuns = 0;
  let release: () => void = () => undefined;
  const toolstack = {
    kind,
    commands: kind === 'xl' ? xlCommands : xmCommands,
    resolve: async (name: string, known?: number) => {
      calls.push(`resolve ${name} ${known}`);
      return 7;
    },
    info: async () => ({ hostname: 'h', nrCpus, virtCaps: [], hvm: true, raw: {} }),
    memSet: async (d: number, mib: number) => void calls.push(`mem-set ${d} ${mib}`),
    vcpuSet: async (d: number, n: number) => void calls.push(`vcpu-set ${d} ${n}`),
    vcpuPin: async (d: number, v: number | 'all', cpus: string) => void calls.push(`vcpu-pin ${d} ${v} ${cpus}`),
    cdEject: async (d: number, vdev: string) => void calls.push(`cd-eject ${d} ${vdev}`),
    rename: async (d: number, n: string) => void calls.push(`rename ${d} ${n}`),
    metrics: () => {
      metricsRuns++;
      return new Promise<DomainMetrics[]>((resolve) => {
        release = () => resolve([]);
      });
    },
  };
  const profile = { id: 'id1', name: 'dom0' };
  const ctx = { profile, conn: {}, toolstack, guests: [web, stopped] } as unknown as GuestOpContext;
  const s = {
    profile: () => profile,
    guestOp: <T>(_h: string, _g: string, fn: (c: GuestOpContext) => Promise<T>) => fn(ctx),
    hostTools: async () => ctx,
  } as unknown as HostsService;
  return { s, calls, metricsRuns: () => metricsRuns, release: () => release() };
}

async function refused(p: Promise<unknown>): Promise<ApiError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  if (!(e instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(e)}`);
  return e;
}

describe('guest operations refuse before sending anything', () => {
  it('mem-set above maxmem, vcpu-set above maxvcpus or host CPUs, a vCPU or CPU that does not exist', async () => {
    const f = fake('xl', 2);
    expect((await refused(memSet(f.s, { host: 'dom0', name: 'web', mib: 2048 }))).message).toBe("web on dom0 can have at most 1024 MiB (its maxmem), so 2048 MiB can't be set.");
    expect((await refused(vcpuSet(f.s, { host: 'dom0', name: 'web', count: 5 }))).details).toMatchObject({ max: 4 });
    expect((await refused(vcpuSet(f.s, { host: 'dom0', name: 'web', count: 3 }))).message).toMatch(/dom0 has 2 physical CPUs/);
    expect((await refused(vcpuPin(f.s, { host: 'dom0', name: 'web', vcpu: 4, cpus: '0' }))).message).toMatch(/vCPUs 0 to 3/);
    expect((await refused(vcpuPin(f.s, { host: 'dom0', name: 'web', vcpu: 0, cpus: '0,2-3' }))).message).toBe('dom0 has CPUs 0 to 1, so "2-3" can\'t be used.');
    expect(f.calls.filter((c) => !c.startsWith('resolve'))).toEqual([]);
    // removing a CPU the host lacks is harmless and allowed
    await vcpuPin(f.s, { host: 'dom0', name: 'web', vcpu: 'all', cpus: 'all,^5' });
    expect(f.calls).toContain('vcpu-pin 7 all all,^5');
  });

  it('an unknown or stopped guest is DOMAIN_NOT_FOUND naming host and guest', async () => {
    const f = fake();
    expect(await refused(memSet(f.s, { host: 'dom0', name: 'nosuch', mib: 64 }))).toMatchObject({ code: 'DOMAIN_NOT_FOUND', message: 'dom0 has no guest named "nosuch" (neither running nor in a cfg file).' });
    expect(await refused(memSet(f.s, { host: 'dom0', name: 'db', mib: 64 }))).toMatchObject({ code: 'DOMAIN_NOT_FOUND', message: "db is not running on dom0, so XenDeck can't change its memory." });
    expect(f.calls).toEqual([]);
  });

  it('resolves the domain id by name with the id the user saw, else the one just read (IN-3)', async () => {
    const f = fake();
    await memSet(f.s, { host: 'dom0', name: 'web', mib: 256, domid: 9 });
    await memSet(f.s, { host: 'dom0', name: 'web', mib: 256 });
    expect(f.calls).toEqual(['resolve web 9', 'mem-set 7 256', 'resolve web 7', 'mem-set 7 256']);
  });

  it('rename refuses hostile names before anything else, and names of running guests', async () => {
    const f = fake();
    for (const newName of ['a;reboot', '$(id)', '-F', '123', 'Domain-0', '../x', 'a b']) {
      expect((await refused(rename(f.s, { host: 'dom0', name: 'web', newName }))).code).toBe('INVALID_INPUT');
    }
    expect(f.calls).toEqual([]);
    await rename(f.s, { host: 'dom0', name: 'web', newName: 'db' }); // a stopped guest's cfg name
    expect(f.calls).toEqual(['resolve web 7', 'rename 7 db']);
  });

  it('cd-eject on xm says xm cannot, and sends nothing', async () => {
    const f = fake('xm');
    expect(await refused(cdEject(f.s, { host: 'dom0', name: 'web', vdev: 'hdc' }))).toMatchObject({ code: 'COMMAND_FAILED', message: "dom0 runs the legacy xm toolstack, which can't eject a CD." });
    expect(f.calls.filter((c) => c.startsWith('cd-eject'))).toEqual([]);
  });
});

describe('metrics', () => {
  it('pages polling one host meanwhile share one xentop run; the next poll runs again', async () => {
    const f = fake();
    const a = metrics(f.s, 'dom0');
    const b = metrics(f.s, 'dom0');
    expect(b).toBe(a);
    await new Promise((r) => setTimeout(r, 0));
    f.release();
    expect((await a).host).toBe('dom0');
    expect(f.metricsRuns()).toBe(1);
    const c = metrics(f.s, 'dom0');
    expect(c).not.toBe(a);
    await new Promise((r) => setTimeout(r, 0));
    f.release();
    await c;
    expect(f.metricsRuns()).toBe(2);
  });
});
