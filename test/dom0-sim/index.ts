// Simulated Xen dom0 hosts for tests, benchmarks and the demo. See docs/dom0-sim.md.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHosts, stopHosts, type HostInfo, type StartOptions } from './hosts';

export { startHosts, stopHosts, readHosts, hostPids, sshArgs, hostDirOf, TEST_PASSWORD } from './hosts';
export type { HostInfo, StartOptions, Toolstack } from './hosts';
export { killSshd, stallSshd, resumeSshd, restartSshd, swapHostKey, dropConnections, setKnobs, knobReached } from './faults';
export { execLog, execLogPath, execsOf } from './exec-log';
export type { ExecLogEntry, ExecTool } from './exec-log';
export { ensureGuestImage, GUEST_BANNER } from '../guest/build';

/** Runs FN with fresh hosts in a temp dir; stops them and removes the dir afterwards. */
export async function withSimHosts<T>(
  opts: Omit<StartOptions, 'dir'> & { dir?: string },
  fn: (hosts: HostInfo[], dir: string) => Promise<T>,
): Promise<T> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'xendeck-sim-'));
  try {
    const hosts = await startHosts({ ...opts, dir });
    return await fn(hosts, dir);
  } finally {
    await stopHosts(dir);
    if (!opts.dir) rmSync(dir, { recursive: true, force: true });
  }
}
