// `npm run demo`: XenDeck without a Xen host. Starts three simulated dom0 hosts (real OpenSSH,
// the toolstack simulator, real QEMU guests; one legacy xm host, the first also taking passwords)
// under .sim/demo, imports them into a demo data directory (so your own host profiles are not
// touched), then browser mode on that data directory. Ctrl-C stops everything it started, by PID.
import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHosts, stopHosts } from '../test/dom0-sim/index';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(repoRoot, '.sim', 'demo');
const dataDir = join(dir, 'data');

async function main(): Promise<void> {
  process.stdout.write('Starting 3 simulated dom0 hosts (one legacy xm host) with their guests…\n');
  const hosts = await startHosts({ count: 3, legacy: 1, passwordHost: true, startGuests: true, dir });
  for (const h of hosts) {
    process.stdout.write(`  ${h.name}  ${h.toolstack}  ${h.user}@${h.address}:${h.port}  ${h.hostKeyFingerprint}\n`);
  }
  process.stdout.write(
    `Hosts file: ${join(dir, 'hosts.json')}\n` +
      `Try a host by hand: ssh -F ${join(dir, 'ssh_config')} ${hosts[0]?.name ?? 'dom0-1'} xl list\n`,
  );

  // Each start makes new hosts (new ports, new host keys): the demo's profiles start afresh too.
  rmSync(dataDir, { recursive: true, force: true });
  // The same import an administrator runs: the host keys are pinned by hosts.json's fingerprints.
  const imported = spawnSync(
    process.execPath,
    [join(repoRoot, 'bin', 'xendeck.mjs'), '--data-dir', dataDir, 'hosts', 'import', join(dir, 'hosts.json')],
    { stdio: 'inherit' },
  );
  if (imported.status !== 0) throw new Error('importing the simulated hosts into the demo data directory failed (see above).');

  const web = spawn(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'bin', 'web.ts'), '--data-dir', dataDir, ...process.argv.slice(2)],
    { stdio: 'inherit', cwd: repoRoot },
  );

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (web.exitCode === null) web.kill('SIGTERM');
    process.stdout.write('Stopping the simulated hosts…\n');
    await stopHosts(dir);
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  web.on('exit', (code) => void stop(code ?? 1));
}

main().catch(async (e: unknown) => {
  process.stderr.write(`demo: ${e instanceof Error ? e.message : String(e)}\n`);
  await stopHosts(dir).catch(() => undefined);
  process.exit(1);
});
