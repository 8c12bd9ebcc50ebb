// The changing guest operations of issue 5 §5 beyond the lifecycle: mem-set, vcpu-set, vcpu-pin,
// CD insert/eject and rename, each through HostsService.guestOp (RS-5 one at a time per guest,
// RS-4 never replayed, the inventory read again afterwards). The guest's domain id is resolved
// by exact name right before the command and checked against the id the user saw (IN-3).
// Limits the toolstack would only answer with a libxl line are checked first, in words a person
// can act on.
import { ApiError } from '@shared/api/errors';
import { formatCpuItem, parseCpus } from '@shared/cfg/sublang/cpus';
import { escapeControl } from '../toolstack/errors';
import { checkNewDomainName } from '../toolstack/names';
import type { InventoryGuest } from '../inventory/types';
import { notCancelled } from '../dispatch/not-cancelled';
import type { GuestOpContext, HostsService } from './hosts-service';

export interface GuestOpArgs {
  host: string;
  name: string;
  /** The domain id the user saw (IN-3): the operation is refused when the guest was recreated since. */
  domid?: number | undefined;
  /** The request's signal: cancelling ends the operation before its changing command, never during it (RS-4). */
  signal?: AbortSignal | undefined;
}

export function guestNotFound(host: string, name: string): ApiError {
  return new ApiError({
    code: 'DOMAIN_NOT_FOUND',
    message: `${host} has no guest named "${escapeControl(name)}" (neither running nor in a cfg file).`,
    hint: 'Refresh the list of guests: it may have been renamed or removed.',
    details: { host, domain: escapeControl(name) },
  });
}

/** The guest as just read, which must be running; its domain id resolved now (IN-3). */
export async function runningGuest(ctx: GuestOpContext, a: GuestOpArgs, what: string): Promise<{ guest: InventoryGuest; domid: number }> {
  const host = ctx.profile.name;
  const guest = ctx.guests.find((g) => g.name === a.name);
  if (guest === undefined) throw guestNotFound(host, a.name);
  if (guest.domid === null) {
    throw new ApiError({
      code: 'DOMAIN_NOT_FOUND',
      message: `${escapeControl(a.name)} is not running on ${host}, so XenDeck can't ${what}.`,
      hint: 'Start the guest first.',
      details: { host, domain: escapeControl(a.name) },
    });
  }
  const domid = await ctx.toolstack.resolve(a.name, a.domid ?? guest.domid, ctx.signal ? { signal: ctx.signal } : {});
  // Every changing operation resolves the id right before its command: the last point to stop.
  notCancelled(ctx.signal, `The operation on ${escapeControl(a.name)} on ${host}`);
  return { guest, domid };
}

/** For operations xm (xend 3.x) has no command for. */
export function xmCannot(host: string, what: string, instead: string): ApiError {
  return new ApiError({
    code: 'COMMAND_FAILED',
    message: `${host} runs the legacy xm toolstack, which can't ${what}.`,
    hint: instead,
    details: { host, toolstack: 'xm' },
  });
}

export async function memSet(s: HostsService, a: GuestOpArgs & { mib: number }): Promise<void> {
  await s.guestOp(a.host, a.name, async (ctx) => {
    const { guest, domid } = await runningGuest(ctx, a, 'change its memory');
    const max = guest.live?.maxMemoryMiB;
    if (max !== undefined && a.mib > max) {
      throw new ApiError({
        code: 'INVALID_INPUT',
        message: `${escapeControl(a.name)} on ${ctx.profile.name} can have at most ${max} MiB (its maxmem), so ${a.mib} MiB can't be set.`,
        hint: `Ask for ${max} MiB or less; for more, raise maxmem in its cfg file and restart the guest.`,
        details: { host: ctx.profile.name, domain: escapeControl(a.name), field: 'mib', max },
      });
    }
    await ctx.toolstack.memSet(domid, a.mib);
  }, a.signal);
}

export async function vcpuSet(s: HostsService, a: GuestOpArgs & { count: number }): Promise<void> {
  await s.guestOp(a.host, a.name, async (ctx) => {
    const { guest, domid } = await runningGuest(ctx, a, 'change its vCPUs');
    const max = guest.live?.maxVcpus;
    if (max !== undefined && a.count > max) {
      throw new ApiError({
        code: 'INVALID_INPUT',
        message: `${escapeControl(a.name)} on ${ctx.profile.name} can have at most ${max} vCPUs (its maxvcpus), so ${a.count} can't be online.`,
        hint: `Ask for ${max} or fewer; for more, raise maxvcpus in its cfg file and restart the guest.`,
        details: { host: ctx.profile.name, domain: escapeControl(a.name), field: 'count', max },
      });
    }
    // xl refuses more online vCPUs than the host has CPUs unless told to ignore the host.
    const cpus = ctx.toolstack.kind === 'xl' ? (await ctx.toolstack.info()).nrCpus : undefined;
    if (cpus !== undefined && a.count > cpus) {
      throw new ApiError({
        code: 'INVALID_INPUT',
        message: `${ctx.profile.name} has ${cpus} physical CPUs, and xl refuses to give ${escapeControl(a.name)} more vCPUs than that (${a.count}).`,
        hint: `Ask for ${cpus} or fewer.`,
        details: { host: ctx.profile.name, domain: escapeControl(a.name), field: 'count', max: cpus },
      });
    }
    await ctx.toolstack.vcpuSet(domid, a.count);
  }, a.signal);
}

export async function vcpuPin(s: HostsService, a: GuestOpArgs & { vcpu: number | 'all'; cpus: string }): Promise<void> {
  await s.guestOp(a.host, a.name, async (ctx) => {
    const { guest, domid } = await runningGuest(ctx, a, 'pin its vCPUs');
    const max = guest.live?.maxVcpus;
    if (a.vcpu !== 'all' && max !== undefined && a.vcpu >= max) {
      throw new ApiError({
        code: 'INVALID_INPUT',
        message: `${escapeControl(a.name)} on ${ctx.profile.name} has vCPUs 0 to ${max - 1}, so vCPU ${a.vcpu} can't be pinned.`,
        hint: 'Choose one of its vCPUs, or all.',
        details: { host: ctx.profile.name, domain: escapeControl(a.name), field: 'vcpu', max: max - 1 },
      });
    }
    await checkHostCpus(ctx, a.cpus);
    await ctx.toolstack.vcpuPin(domid, a.vcpu, a.cpus);
  }, a.signal);
}

/** A CPU the host does not have is refused in words (libxl would only print a bitmap error). */
async function checkHostCpus(ctx: GuestOpContext, cpus: string): Promise<void> {
  const n = (await ctx.toolstack.info()).nrCpus;
  const spec = parseCpus(cpus);
  if (n === undefined || !spec.ok) return;
  const beyond = spec.value.items.find((i) => !i.not && i.nodes === null && i.range !== 'all' && i.range.to >= n);
  if (beyond === undefined) return;
  throw new ApiError({
    code: 'INVALID_INPUT',
    message: `${ctx.profile.name} has CPUs 0 to ${n - 1}, so "${formatCpuItem(beyond)}" can't be used.`,
    hint: `Choose CPUs from 0 to ${n - 1}, or all.`,
    details: { host: ctx.profile.name, field: 'cpus', max: n - 1 },
  });
}

export async function cdInsert(s: HostsService, a: GuestOpArgs & { vdev: string; path: string }): Promise<void> {
  await s.guestOp(a.host, a.name, async (ctx) => {
    const { domid } = await runningGuest(ctx, a, 'change its CD');
    await ctx.toolstack.cdInsert(domid, a.vdev, a.path);
  }, a.signal);
}

export async function cdEject(s: HostsService, a: GuestOpArgs & { vdev: string }): Promise<void> {
  await s.guestOp(a.host, a.name, async (ctx) => {
    const { domid } = await runningGuest(ctx, a, 'eject its CD');
    if (ctx.toolstack.commands.cdEject(domid, a.vdev) === null) {
      throw xmCannot(ctx.profile.name, 'eject a CD', 'Insert another image in its place, or eject it from inside the guest.');
    }
    await ctx.toolstack.cdEject(domid, a.vdev);
  }, a.signal);
}

/**
 * Renames a running guest (IN-3: the new name must be a plain one, and no other running guest may
 * have it). The cfg file keeps the old name, so the inventory then shows the cfg as a stopped
 * guest of that name until it is edited; a cfg that declares the new name is matched to the guest.
 */
export async function rename(s: HostsService, a: GuestOpArgs & { newName: string }): Promise<void> {
  checkNewDomainName(a.newName);
  await s.guestOp(a.host, a.name, async (ctx) => {
    const host = ctx.profile.name;
    const { domid } = await runningGuest(ctx, a, 'rename it');
    // A stopped guest's cfg name stays allowed: renaming back to the cfg's name is the way to undo.
    if (a.newName !== a.name && ctx.guests.some((g) => g.name === a.newName && g.domid !== null)) {
      throw new ApiError({
        code: 'INVALID_INPUT',
        message: `${host} already runs a guest named "${escapeControl(a.newName)}", so ${escapeControl(a.name)} can't take that name.`,
        hint: 'Choose a name no running guest on this host uses.',
        details: { host, domain: escapeControl(a.name), field: 'newName' },
      });
    }
    await ctx.toolstack.rename(domid, a.newName);
  }, a.signal);
}
