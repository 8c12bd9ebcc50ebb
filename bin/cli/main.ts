// `xendeck`: a registry of command groups (`cfg` here; the hosts commands join the same way).
import { cfgGroup } from './cfg/index';
import { HOSTS_HELP, runHostsCli } from './hosts/index';
import { EXIT, processIo, UsageError, type CliIo, type CommandGroup } from './io';

const groups: CommandGroup[] = [cfgGroup];

/** Adds a command group (e.g. `hosts`) to the command line. */
export function registerGroup(group: CommandGroup): void {
  if (groups.some((g) => g.name === group.name)) throw new Error(`command group ${group.name} already registered`);
  groups.push(group);
}

const EXIT_HELP = `Exit status:
  0  success
  1  the input has problems (lint errors, a file xl would reject, a refused edit, a key not set)
  2  wrong usage (unknown command or option, missing argument)
  3  a file could not be read or written
`;

function topHelp(): string {
  const lines = groups.flatMap((g) => g.commands.map((c) => `  ${g.name} ${c.name.padEnd(8)} ${c.summary}`));
  return `Usage: xendeck <group> <command> [options] [--] [args]

XenDeck on the command line: read and edit Xen guest configs exactly as xl does.

Commands:
${lines.join('\n')}

Run \`xendeck <group> <command> --help\` for a command's options.

${HOSTS_HELP}
${EXIT_HELP}`;
}

function groupHelp(g: CommandGroup): string {
  return `Usage: xendeck ${g.name} <command> ...

${g.summary}

Commands:
${g.commands.map((c) => `  ${c.name.padEnd(8)} ${c.summary}`).join('\n')}

${EXIT_HELP}`;
}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const hosts = runHostsCli(argv, io); // hosts, ls, start…, cfg pull/push, --data-dir
  if (hosts !== null) return hosts;
  const [groupName, cmdName, ...rest] = argv;
  if (!groupName || groupName === '--help' || groupName === '-h' || groupName === 'help') {
    (groupName ? io.out : io.err)(topHelp());
    return groupName ? EXIT.ok : EXIT.usage;
  }
  const group = groups.find((g) => g.name === groupName);
  if (!group) {
    io.err(`xendeck: unknown command group '${groupName}'\n\n${topHelp()}`);
    return EXIT.usage;
  }
  if (!cmdName || cmdName === '--help' || cmdName === '-h') {
    (cmdName ? io.out : io.err)(groupHelp(group));
    return cmdName ? EXIT.ok : EXIT.usage;
  }
  const cmd = group.commands.find((c) => c.name === cmdName);
  if (!cmd) {
    io.err(`xendeck: unknown command '${groupName} ${cmdName}'\n\n${groupHelp(group)}`);
    return EXIT.usage;
  }
  if (rest.includes('--help') && !rest.slice(0, rest.indexOf('--help')).includes('--')) {
    io.out(`Usage: xendeck ${cmd.usage}\n\n${cmd.help}\n\n${EXIT_HELP}`);
    return EXIT.ok;
  }
  try {
    return await cmd.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`xendeck ${group.name} ${cmd.name}: ${e.message}\nUsage: xendeck ${cmd.usage}\n`);
      return EXIT.usage;
    }
    throw e;
  }
}
