// Faults a test or benchmark can inflict on a simulated host (RELIABILITY: host down, stalled
// connections, changed host key, host back on the same address).
import { join } from 'node:path';
import { hostDirOf, hostPids, launchSshd, readSpec } from './hosts';
import { pidsHoldingSocket, signal, waitGone } from './procs';
import { fingerprint, keygen } from './sshd';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';

/** Kills the host's sshd and every SSH session on it (guests keep running, as on a real dom0). */
export async function killSshd(dir: string, name: string): Promise<void> {
  const p = hostPids(dir, name);
  const pids = [...p.sshd, ...p.sessions];
  signal(pids, 'SIGCONT');
  signal(pids, 'SIGKILL');
  await waitGone(pids);
}

/** SIGSTOP the host's sshd and sessions: connections stall without closing (keepalive territory). */
export function stallSshd(dir: string, name: string): number[] {
  const p = hostPids(dir, name);
  const pids = [...p.sshd, ...p.sessions];
  signal(pids, 'SIGSTOP');
  return pids;
}

/** SIGCONT what stallSshd stopped (and anything started since). */
export function resumeSshd(dir: string, name: string, pids?: number[]): void {
  const p = hostPids(dir, name);
  signal([...(pids ?? []), ...p.sshd, ...p.sessions], 'SIGCONT');
}

/** Starts sshd again on the same address and port with the same key (after killSshd). */
export async function restartSshd(dir: string, name: string): Promise<void> {
  await killSshd(dir, name);
  await launchSshd(readSpec(dir, name));
}

/** Replaces the host key and restarts sshd; returns the new `SHA256:…` fingerprint.
 * hosts.json and known_hosts keep the old key, so clients see a changed host key. */
export async function swapHostKey(dir: string, name: string): Promise<string> {
  await killSshd(dir, name);
  const key = join(hostDirOf(dir, name), 'ssh/host_ed25519_key');
  rmSync(key, { force: true });
  rmSync(`${key}.pub`, { force: true });
  keygen(key, `${name}-hostkey-swapped`);
  await launchSshd(readSpec(dir, name));
  return fingerprint(`${key}.pub`);
}

/**
 * Drops every SSH connection to the host the way a cut network does for the commands: the
 * per-connection sshd processes die (clients see the link close), but the commands they started
 * keep running — without a pty nothing sends them SIGHUP (RELIABILITY RS-4). The listener stays, so
 * clients can reconnect at once.
 */
export async function dropConnections(dir: string, name: string): Promise<void> {
  const { address, port, sshdPid } = readSpec(dir, name).file;
  const conns = pidsHoldingSocket(address, port).filter((p) => p !== sshdPid && p !== process.pid);
  signal(conns, 'SIGCONT');
  signal(conns, 'SIGKILL');
  await waitGone(conns);
}

/** Test knobs of the host (toolstack/xensim/knobs.py); `{}` puts it back to normal. */
export function setKnobs(dir: string, name: string, knobs: { createDelaySeconds?: number; saveDelaySeconds?: number }): void {
  writeFileSync(join(hostDirOf(dir, name), 'knobs.json'), JSON.stringify(knobs));
}

/** How many waits of KNOB have begun on the host so far (e.g. creates or saves inside their delay). */
export function knobReached(dir: string, name: string, knob: 'createDelaySeconds' | 'saveDelaySeconds'): number {
  let text = '';
  try {
    text = readFileSync(join(hostDirOf(dir, name), 'knobs.log'), 'utf8');
  } catch {
    return 0;
  }
  return text.split('\n').filter((l) => l.startsWith(`${knob} `)).length;
}
