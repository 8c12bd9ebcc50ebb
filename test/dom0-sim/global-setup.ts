// A vitest globalSetup that starts simulated hosts once for a whole run:
//   globalSetup: ['test/dom0-sim/global-setup.ts']   (in a vitest project)
//   const { dir, hosts } = inject('simHosts');      (in a test file)
// Knobs: XENDECK_SIM_HOSTS (default 2), XENDECK_SIM_LEGACY (default 1), XENDECK_SIM_PASSWORD=1.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startHosts, stopHosts, type HostInfo } from './hosts';

declare module 'vitest' {
  export interface ProvidedContext {
    simHosts: { dir: string; hosts: HostInfo[] };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'xendeck-sim-global-'));
  const hosts = await startHosts({
    count: Number(process.env.XENDECK_SIM_HOSTS ?? 2),
    legacy: Number(process.env.XENDECK_SIM_LEGACY ?? 1),
    passwordHost: process.env.XENDECK_SIM_PASSWORD === '1',
    dir,
  });
  project.provide('simHosts', { dir, hosts });
  return async () => {
    await stopHosts(dir);
    rmSync(dir, { recursive: true, force: true });
  };
}
