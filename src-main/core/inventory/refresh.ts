// One inventory tick for one host: the batched command, parsed and merged (issue 5 §6).
import { ApiError } from '@shared/api/errors';
import type { Exec, ExecOptions } from '../toolstack/adapter';
import type { ToolstackKind } from '../toolstack/commands';
import { toolstackError } from '../toolstack/errors';
import { parseXlListLong } from '../toolstack/list-json';
import { parseListTable } from '../toolstack/list-table';
import { parseXmListLong } from '../toolstack/sxp-domain';
import { inventoryArgv, parseInventoryOutput } from './batch';
import { summarizeCfg } from './cfg-summary';
import { mergeInventory } from './merge';
import type { CfgSummary, HostInventory } from './types';
import { OutputFormatError } from '../toolstack/types';

export interface RefreshTarget {
  host: string;
  exec: Exec;
  kind: ToolstackKind;
  sudo?: boolean;
  cfgDirs: string[];
}

export async function readInventory(t: RefreshTarget, opts?: ExecOptions, now: () => Date = () => new Date()): Promise<HostInventory> {
  return (await readInventoryAndCfgs(t, opts, now)).inventory;
}

/** The inventory and the cfg texts the batch read on the way (for the offline cfg cache, RS-10). */
export async function readInventoryAndCfgs(
  t: RefreshTarget,
  opts?: ExecOptions,
  now: () => Date = () => new Date(),
): Promise<{ inventory: HostInventory; files: { path: string; text: string }[] }> {
  const argv = inventoryArgv(t.kind, t.sudo === true, t.cfgDirs);
  const r = await t.exec(argv, opts);
  if (r.code !== 0) throw toolstackError(t.host, argv, r);
  const out = parseInventoryOutput(t.host, r.stdout);
  const listArgv = t.kind === 'xl' ? ['xl', 'list'] : ['xm', 'list'];
  if (out.list.code !== 0) throw toolstackError(t.host, listArgv, { stdout: out.list.text, stderr: r.stderr, code: out.list.code });
  let list: ReturnType<typeof parseListTable>;
  try {
    list = parseListTable(out.list.text, t.kind);
  } catch (e) {
    if (!(e instanceof OutputFormatError)) throw e;
    throw new ApiError({ code: 'COMMAND_FAILED', message: `On ${t.host}, ${e.message}.`, hint: 'The host may run a Xen version XenDeck does not know yet; please report it with the output.', details: { host: t.host } });
  }
  // The long listing only feeds drift: a failure there leaves the guests without live details.
  let long: ReturnType<typeof parseXlListLong> = [];
  if (out.long.code === 0) {
    try {
      long = t.kind === 'xl' ? parseXlListLong(out.long.text) : parseXmListLong(out.long.text);
    } catch {
      long = [];
    }
  }
  const cfgs = out.files.map((f) => summarizeCfg(f.path, f.text)).filter((c): c is CfgSummary => c !== null);
  return { inventory: { host: t.host, at: now().toISOString(), guests: mergeInventory(list, long, cfgs) }, files: out.files };
}
