// `npm run demo`: XenDeck without a Xen host. Starts three simulated dom0 hosts (real OpenSSH,
// the toolstack simulator, real QEMU guests; one legacy xm host, the first also taking passwords)
// under .sim/demo, then browser mode. Ctrl-C stops everything it started, by PID.
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHosts, stopHosts } from '../test/dom0-sim/index';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(repoRoot, '.sim', 'demo');

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

  const tsxCli = join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const web = spawn(process.execPath, [tsxCli, join(repoRoot, 'bin', 'web.ts'), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });

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
