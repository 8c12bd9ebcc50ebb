// `xendeck mem-set|vcpu-set|vcpu-pin|cd-insert|cd-eject|rename|save|restore HOST/GUEST …`,
// `xendeck saved HOST` and `xendeck top HOST` (issue 5 §5): the same core functions the contract
// handlers call. Arguments are checked with the contract's own schemas, so the CLI refuses exactly
// what the app refuses, before anything is sent to the host.
import type { z } from 'zod';
import { CdEjectInput, CdInsertInput, MemSetInput, RenameInput, RestoreInput, SavedImagesInput, SaveInput, VcpuPinInput, VcpuSetInput, type MetricsView } from '../../../src-main/shared/api/hosts-types';
import { cdEject, cdInsert, memSet, rename, vcpuPin, vcpuSet } from '../../../src-main/core/services/guest-ops';
import { metrics } from '../../../src-main/core/services/guest-ops-read';
import { restoreGuest, saveGuest, savedImages } from '../../../src-main/core/services/guest-ops-save';
import { escapeControl } from '../../../src-main/core/toolstack/errors';
import { EXIT, parseArgs, UsageError } from '../io';
import { hostGuest, withService, type HostsCliContext } from './context';
import { table } from './hosts-commands';

type Run = (args: string[], ctx: HostsCliContext) => Promise<number>;

/** The arguments as the contract would take them; a refusal is a usage error naming the argument. */
function checked<S extends z.ZodType>(schema: S, input: Record<string, unknown>, names: Record<string, string>): z.infer<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const key = String(issue?.path[0] ?? '');
  throw new UsageError(`${names[key] ?? key}: ${issue?.message ?? 'not valid'}`);
}

function count(text: string | undefined, what: string): number {
  if (text === undefined || !/^\d+$/.test(text)) throw new UsageError(`${what} must be a whole number, not "${text ?? ''}"`);
  return Number(text);
}

function positionals(args: string[], n: number, usage: string, valueOptions: string[] = [], boolOptions: string[] = []) {
  const p = parseArgs(args, valueOptions, boolOptions);
  if (p.positionals.length !== n) throw new UsageError(`give ${usage}`);
  return p;
}

export const memSetCmd: Run = async (args, ctx) => {
  const [target, mib] = positionals(args, 2, 'HOST/GUEST and a size in MiB').positionals;
  const { host, guest } = hostGuest(target);
  const input = checked(MemSetInput, { host, name: guest, mib: count(mib, 'MIB') }, { mib: 'MIB' });
  return withService(ctx, async (s) => {
    await memSet(s, input);
    return EXIT.ok;
  });
};

export const vcpuSetCmd: Run = async (args, ctx) => {
  const [target, n] = positionals(args, 2, 'HOST/GUEST and a vCPU count').positionals;
  const { host, guest } = hostGuest(target);
  const input = checked(VcpuSetInput, { host, name: guest, count: count(n, 'N') }, { count: 'N' });
  return withService(ctx, async (s) => {
    await vcpuSet(s, input);
    return EXIT.ok;
  });
};

export const vcpuPinCmd: Run = async (args, ctx) => {
  const [target, vcpu, cpus] = positionals(args, 3, 'HOST/GUEST, a vCPU number (or all) and a CPU list').positionals;
  const { host, guest } = hostGuest(target);
  const input = checked(VcpuPinInput, { host, name: guest, vcpu: vcpu === 'all' ? 'all' : count(vcpu, 'VCPU'), cpus }, { vcpu: 'VCPU', cpus: 'CPUS' });
  return withService(ctx, async (s) => {
    await vcpuPin(s, input);
    return EXIT.ok;
  });
};

export const cdInsertCmd: Run = async (args, ctx) => {
  const [target, vdev, path] = positionals(args, 3, 'HOST/GUEST, a virtual device (e.g. hdc) and the image path on the host').positionals;
  const { host, guest } = hostGuest(target);
  const input = checked(CdInsertInput, { host, name: guest, vdev, path }, { vdev: 'VDEV', path: 'PATH' });
  return withService(ctx, async (s) => {
    await cdInsert(s, input);
    return EXIT.ok;
  });
};

export const cdEjectCmd: Run = async (args, ctx) => {
  const [target, vdev] = positionals(args, 2, 'HOST/GUEST and a virtual device (e.g. hdc)').positionals;
  const { host, guest } = hostGuest(target);
  const input = checked(CdEjectInput, { host, name: guest, vdev }, { vdev: 'VDEV' });
  return withService(ctx, async (s) => {
    await cdEject(s, input);
    return EXIT.ok;
  });
};

export const renameCmd: Run = async (args, ctx) => {
  const [target, newName] = positionals(args, 2, 'HOST/GUEST and the new name').positionals;
  const { host, guest } = hostGuest(target);
  const input = checked(RenameInput, { host, name: guest, newName }, { newName: 'NEW' });
  return withService(ctx, async (s) => {
    await rename(s, input);
    return EXIT.ok;
  });
};

function dirOf(flags: Map<string, string | true>): { dir?: string } {
  const d = flags.get('dir');
  return typeof d === 'string' ? { dir: d } : {};
}

export const saveCmd: Run = async (args, ctx) => {
  const p = positionals(args, 1, 'one HOST/GUEST', ['dir']);
  const { host, guest } = hostGuest(p.positionals[0]);
  const input = checked(SaveInput, { host, name: guest, ...dirOf(p.flags) }, { dir: '--dir' });
  return withService(ctx, async (s) => {
    const image = await saveGuest(s, input);
    ctx.io.err(`Saved ${guest} on ${host} to ${image.path} (${image.size} bytes); it is stopped until restored.\n`);
    return EXIT.ok;
  });
};

export const restoreCmd: Run = async (args, ctx) => {
  const p = positionals(args, 1, 'one HOST/GUEST', ['dir']);
  const { host, guest } = hostGuest(p.positionals[0]);
  const input = checked(RestoreInput, { host, name: guest, ...dirOf(p.flags) }, { dir: '--dir' });
  return withService(ctx, async (s) => {
    const r = await restoreGuest(s, input);
    if (!r.imageRemoved) ctx.io.err(`note: ${guest} runs again, but its saved image could not be removed; remove it before restoring again.\n`);
    return EXIT.ok;
  });
};

export const savedCmd: Run = async (args, ctx) => {
  const p = positionals(args, 1, 'one HOST', ['dir'], ['json']);
  const input = checked(SavedImagesInput, { host: p.positionals[0], ...dirOf(p.flags) }, { dir: '--dir' });
  return withService(ctx, async (s) => {
    const v = await savedImages(s, input);
    if (p.flags.has('json')) ctx.io.out(`${JSON.stringify(v.images, null, 2)}\n`);
    else ctx.io.out(table(['NAME', 'SIZE', 'SAVED', 'PATH'], v.images.map((i) => [escapeControl(i.name), String(i.size), i.savedAt, escapeControl(i.path)])));
    return EXIT.ok;
  });
};

function topTable(m: MetricsView): string {
  const rows = m.rows.map((r) => [
    escapeControl(r.name),
    r.state,
    r.cpuPercent.toFixed(1),
    String(Math.round(r.memoryKiB / 1024)),
    r.maxMemoryKiB === null ? 'no limit' : String(Math.round(r.maxMemoryKiB / 1024)),
    String(r.vcpus),
    String(r.netTxKiB),
    String(r.netRxKiB),
    String(r.vbdRd),
    String(r.vbdWr),
  ]);
  return table(['NAME', 'STATE', 'CPU(%)', 'MEM(MiB)', 'MAXMEM(MiB)', 'VCPUS', 'NETTX(k)', 'NETRX(k)', 'VBD_RD', 'VBD_WR'], rows);
}

/** One xentop sample of every domain on the host (the UI polls the same call). */
export const topCmd: Run = async (args, ctx) => {
  const p = positionals(args, 1, 'one HOST', [], ['json']);
  const host = p.positionals[0] as string;
  return withService(ctx, async (s) => {
    const m = await metrics(s, host);
    ctx.io.out(p.flags.has('json') ? `${JSON.stringify(m, null, 2)}\n` : topTable(m));
    return EXIT.ok;
  });
};
