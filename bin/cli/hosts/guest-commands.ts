// `xendeck ls`, `xendeck start|shutdown|reboot|destroy|pause|unpause HOST/GUEST`,
// `xendeck cfg pull HOST/GUEST` and `xendeck cfg push HOST/GUEST FILE`.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ApiError } from '../../../src-main/shared/api/errors';
import type { DomainAction } from '../../../src-main/core/services/hosts-service';
import { EXIT, parseArgs, UsageError } from '../io';
import { hostGuest, printError, withService, type HostsCliContext } from './context';
import { table } from './hosts-commands';
import { pulledHash, rememberPull } from './pulled';

export async function ls(args: string[], ctx: HostsCliContext): Promise<number> {
  const { flags, positionals } = parseArgs(args, [], ['json']);
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
  return withService(ctx, async (s) => {
    const all = await s.inventoryAll();
    const rows: { host: string; name: string; domid: number | null; state: string; memory: number; vcpus: number }[] = [];
    let failed = false;
    for (const { host, result } of all) {
      if (result.error) {
        failed = true;
        printError(ctx.io, result.error);
        if (result.inventory) ctx.io.err(`  showing ${host} as last seen at ${result.inventory.at}\n`);
      }
      for (const g of result.inventory?.guests ?? []) rows.push({ host, name: g.name, domid: g.domid, state: g.state, memory: g.memoryMiB, vcpus: g.vcpus });
    }
    if (flags.has('json')) ctx.io.out(`${JSON.stringify(rows, null, 2)}\n`);
    else ctx.io.out(table(['HOST', 'NAME', 'ID', 'STATE', 'MEM(MiB)', 'VCPUS'], rows.map((r) => [r.host, r.name, r.domid === null ? '-' : String(r.domid), r.state, String(r.memory), String(r.vcpus)])));
    return failed ? EXIT.findings : EXIT.ok;
  });
}

export function action(name: DomainAction) {
  return async (args: string[], ctx: HostsCliContext): Promise<number> => {
    const { positionals } = parseArgs(args);
    if (positionals.length !== 1) throw new UsageError('give one HOST/GUEST');
    const { host, guest } = hostGuest(positionals[0]);
    return withService(ctx, async (s) => {
      await s.domainAction(host, guest, name);
      return EXIT.ok;
    });
  };
}

export async function cfgPull(args: string[], ctx: HostsCliContext): Promise<number> {
  const { positionals } = parseArgs(args);
  if (positionals.length !== 1) throw new UsageError('give one HOST/GUEST');
  const { host, guest } = hostGuest(positionals[0]);
  return withService(ctx, async (s) => {
    const { dir, name, files } = await s.cfgOf(host, guest);
    const c = await files.read(dir, name);
    await rememberPull(ctx.dataDir, s.profile(host).id, `${dir}/${name}`, c.sha256);
    ctx.io.out(c.bytes);
    return EXIT.ok;
  });
}

export async function cfgPush(args: string[], ctx: HostsCliContext): Promise<number> {
  const { positionals, flags } = parseArgs(args, [], ['force']);
  if (positionals.length !== 2) throw new UsageError('give HOST/GUEST and a FILE');
  const { host, guest } = hostGuest(positionals[0]);
  const file = resolve(ctx.io.cwd, positionals[1] as string);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    ctx.io.err(`xendeck: ${file} can't be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.\n`);
    return EXIT.io;
  }
  return withService(ctx, async (s) => {
    const { dir, name, files } = await s.cfgOf(host, guest);
    const id = s.profile(host).id;
    const path = `${dir}/${name}`;
    const pulled = await pulledHash(ctx.dataDir, id, path);
    if (pulled === undefined && !flags.has('force')) {
      throw new ApiError({
        code: 'CFG_CONFLICT',
        message: `${path} on ${host} was not pulled with this data directory, so XenDeck can't tell whether your file is based on the version there.`,
        hint: `Run \`xendeck cfg pull ${host}/${guest}\` first and edit that, or push with --force to overwrite.`,
        details: { host, path },
      });
    }
    const r = await files.write(dir, name, bytes, { expected: flags.has('force') ? 'force' : (pulled as string) });
    await rememberPull(ctx.dataDir, id, path, r.sha256);
    ctx.io.err(`Wrote ${path} on ${host}${r.historyId ? ` (the previous version is kept as ${r.historyId})` : ''}.\n`);
    for (const w of r.warnings) ctx.io.err(`warning: ${w}\n`);
    return EXIT.ok;
  });
}
