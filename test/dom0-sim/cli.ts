// npm run sim -- start --hosts N [--legacy K] [--password-host] --dir DIR
// npm run sim -- stop --dir DIR
import { parseArgs } from 'node:util';
import { startHosts, stopHosts } from './hosts';

const USAGE =
  'usage: npm run sim -- start --hosts N [--legacy K] [--password-host] [--guests] [--max-sessions N] --dir DIR\n' +
  '       npm run sim -- stop --dir DIR\n';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      hosts: { type: 'string' },
      legacy: { type: 'string' },
      'password-host': { type: 'boolean' },
      guests: { type: 'boolean' },
      'max-sessions': { type: 'string' },
      dir: { type: 'string' },
    },
    strict: true,
  });
  if (!values.dir || (command !== 'start' && command !== 'stop')) {
    process.stderr.write(USAGE);
    return 2;
  }
  if (command === 'stop') {
    const pids = await stopHosts(values.dir);
    process.stdout.write(`stopped ${pids.length} processes\n`);
    return 0;
  }
  const count = Number(values.hosts ?? '1');
  const legacy = Number(values.legacy ?? '0');
  if (!Number.isInteger(count) || !Number.isInteger(legacy)) {
    process.stderr.write(USAGE);
    return 2;
  }
  const started = Date.now();
  const hosts = await startHosts({
    count,
    legacy,
    passwordHost: values['password-host'],
    startGuests: values.guests,
    maxSessions: values['max-sessions'] ? Number(values['max-sessions']) : undefined,
    dir: values.dir,
  });
  for (const h of hosts) {
    process.stdout.write(`${h.name}\t${h.toolstack}\t${h.user}@${h.address}:${h.port}\t${h.hostKeyFingerprint}\n`);
  }
  process.stdout.write(`${hosts.length} hosts up in ${Date.now() - started} ms; hosts.json in ${values.dir}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`sim: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
