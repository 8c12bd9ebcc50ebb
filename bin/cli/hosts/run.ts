// The hosts commands themselves, loaded by index.ts once the command line is known to be one.
import { EXIT, UsageError, type CliIo } from '../io';
import type { HostsCliContext } from './context';
import { action, cfgPull, cfgPush, ls } from './guest-commands';
import { cdEjectCmd, cdInsertCmd, memSetCmd, renameCmd, restoreCmd, saveCmd, savedCmd, topCmd, vcpuPinCmd, vcpuSetCmd } from './guest-op-commands';
import { hostsImport, hostsList } from './hosts-commands';

type Run = (args: string[], ctx: HostsCliContext) => Promise<number>;

const RUN: Record<string, Run> = {
  'hosts import': hostsImport,
  'hosts list': hostsList,
  ls,
  start: action('start'),
  shutdown: action('shutdown'),
  reboot: action('reboot'),
  destroy: action('destroy'),
  pause: action('pause'),
  unpause: action('unpause'),
  'cfg pull': cfgPull,
  'cfg push': cfgPush,
  'mem-set': memSetCmd,
  'vcpu-set': vcpuSetCmd,
  'vcpu-pin': vcpuPinCmd,
  'cd-insert': cdInsertCmd,
  'cd-eject': cdEjectCmd,
  rename: renameCmd,
  save: saveCmd,
  restore: restoreCmd,
  saved: savedCmd,
  top: topCmd,
};

export async function runHostsCommand(key: string, usage: string, args: string[], dataDir: string, io: CliIo): Promise<number> {
  const run = RUN[key];
  if (run === undefined) throw new Error(`no hosts command ${key}`);
  try {
    return await run(args, { dataDir, io });
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`xendeck ${key}: ${e.message}\nUsage: xendeck ${usage}\n`);
      return EXIT.usage;
    }
    throw e;
  }
}
