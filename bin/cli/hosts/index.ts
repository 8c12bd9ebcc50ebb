// The hosts commands of `xendeck` (issue 5 §10), reached through the same core as the app:
//   xendeck [--data-dir DIR] hosts import FILE | hosts list [--json]
//   xendeck [--data-dir DIR] ls [--json]
//   xendeck [--data-dir DIR] start|shutdown|reboot|destroy|pause|unpause HOST/GUEST
//   xendeck [--data-dir DIR] cfg pull HOST/GUEST | cfg push HOST/GUEST FILE [--force]
//   xendeck [--data-dir DIR] mem-set|vcpu-set|vcpu-pin|cd-insert|cd-eject|rename|save|restore HOST/GUEST …,
//   saved HOST, top HOST
// This file only recognises the command line; the commands load lazily (see loadRun).
import { EXIT, type CliIo } from '../io';
import { defaultDataDir } from './data-dir';

const USAGE: Record<string, string> = {
  'hosts import': 'hosts import FILE',
  'hosts list': 'hosts list [--json]',
  ls: 'ls [--json]',
  start: 'start HOST/GUEST',
  shutdown: 'shutdown HOST/GUEST',
  reboot: 'reboot HOST/GUEST',
  destroy: 'destroy HOST/GUEST',
  pause: 'pause HOST/GUEST',
  unpause: 'unpause HOST/GUEST',
  'cfg pull': 'cfg pull HOST/GUEST',
  'cfg push': 'cfg push HOST/GUEST FILE [--force]',
  'mem-set': 'mem-set HOST/GUEST MIB',
  'vcpu-set': 'vcpu-set HOST/GUEST N',
  'vcpu-pin': 'vcpu-pin HOST/GUEST VCPU|all CPUS',
  'cd-insert': 'cd-insert HOST/GUEST VDEV PATH',
  'cd-eject': 'cd-eject HOST/GUEST VDEV',
  rename: 'rename HOST/GUEST NEW',
  save: 'save HOST/GUEST [--dir DIR]',
  restore: 'restore HOST/GUEST [--dir DIR]',
  saved: 'saved HOST [--dir DIR] [--json]',
  top: 'top HOST [--json]',
};

export const HOSTS_HELP = `Hosts and guests (through the hosts configured in the data directory):
${Object.values(USAGE)
  .map((u) => `  xendeck [--data-dir DIR] ${u}`)
  .join('\n')}

--data-dir DIR  the data directory (default: the desktop app's, ${defaultDataDir()})
hosts import    a JSON array as the simulator's hosts.json (name, address, port, user, identityFile,
                password, hostKeyFingerprint pins the host key, cfgDir). Passwords are not stored by
                the command: password hosts need the app, ssh-agent or a key file.
ls              every guest on every host, running or defined by a cfg file only (ID "-", state
                stopped); --json prints [{host, name, domid, state, memory (MiB), vcpus}]. A host that
                can't be reached is reported and shown as last seen; the exit status is then 1.
start           creates the guest from its cfg file (after xl's dry run).
cfg pull        prints the guest's cfg file and remembers its SHA-256 in the data directory.
cfg push        replaces the cfg file atomically, only if it is still the version last pulled;
                --force overwrites whatever is there. The replaced version is kept in
                .xendeck-history next to the file.
mem-set         the guest's memory in MiB (at most its maxmem); vcpu-set its online vCPUs (at most
                maxvcpus); vcpu-pin VCPU (a number or all) to CPUS in xl's cpus syntax (0-3,^2).
cd-insert       puts the image PATH (on the host) in the guest's CD drive VDEV (e.g. hdc); cd-eject
                empties it (xl only: legacy xm hosts can only insert another image).
rename          renames a running guest; NEW is 1-64 letters, digits, ".", "_" or "-". Its cfg file
                keeps the old name.
save            stops the guest into an image named after it in DIR (default /var/lib/xen/save, as
                xendomains); restore starts it again from there and then removes the image; saved
                lists the images.
top             one xentop sample of every domain: CPU %, memory, vCPUs, network and disk I/O.

Exit status: 0 success; 1 the operation failed (its reason is printed); 2 wrong usage; 3 a local
file could not be read.
`;

type RunModule = typeof import('./run');

/** Loaded on first use, so `xendeck cfg …` never pays for the SSH stack. */
function loadRun(): Promise<RunModule> {
  return import('./run');
}

function usage(io: CliIo, why: string): number {
  io.err(`xendeck: ${why}\n\n${HOSTS_HELP}`);
  return EXIT.usage;
}

/** The hosts commands, or null when ARGV is not one of them. A `--data-dir DIR` is taken here. */
export function runHostsCli(argv: string[], io: CliIo): Promise<number> | null {
  const rest = [...argv];
  const end = rest.indexOf('--');
  const at = rest.findIndex((a, i) => (end < 0 || i < end) && (a === '--data-dir' || a.startsWith('--data-dir=')));
  let dataDir: string | undefined;
  if (at >= 0) {
    const a = rest[at] as string;
    dataDir = a.includes('=') ? a.slice(a.indexOf('=') + 1) : (rest[at + 1] ?? '');
    rest.splice(at, a.includes('=') ? 1 : 2);
  }
  const two = `${rest[0] ?? ''} ${rest[1] ?? ''}`;
  const key = USAGE[two] !== undefined ? two : USAGE[rest[0] ?? ''] !== undefined ? (rest[0] as string) : null;
  if (key === null) {
    if (rest[0] === 'hosts') return Promise.resolve(usage(io, rest[1] ? `unknown command 'hosts ${rest[1]}'` : 'give a hosts command'));
    return at >= 0 ? Promise.resolve(usage(io, '--data-dir goes with the hosts commands')) : null;
  }
  const args = rest.slice(key.split(' ').length);
  if (args.includes('--help') || args.includes('-h')) {
    io.out(HOSTS_HELP);
    return Promise.resolve(EXIT.ok);
  }
  if (dataDir === '') return Promise.resolve(usage(io, 'option --data-dir needs a value'));
  return loadRun().then((m) => m.runHostsCommand(key, USAGE[key] as string, args, dataDir ?? defaultDataDir(), io));
}
