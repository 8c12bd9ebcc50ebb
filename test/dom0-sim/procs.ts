// Process bookkeeping through /proc, so the simulator stops exactly what it started.
// A zombie counts as gone (PID 1 here reaps orphans ~1.4 s late, TEST-GROUND pitfall 4).
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export function procState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.charAt(stat.lastIndexOf(')') + 2);
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number): boolean {
  const s = procState(pid);
  return s !== undefined && s !== 'Z';
}

function allPids(): number[] {
  return readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .map(Number);
}

function parentOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return 0;
  }
}

/** All live descendants of the given PIDs (children first discovered breadth-first). */
export function descendants(roots: number[]): number[] {
  const parents = new Map<number, number[]>();
  for (const pid of allPids()) {
    const pp = parentOf(pid);
    const list = parents.get(pp) ?? [];
    list.push(pid);
    parents.set(pp, list);
  }
  const out: number[] = [];
  const queue = [...roots];
  while (queue.length) {
    const p = queue.shift() as number;
    for (const c of parents.get(p) ?? []) {
      out.push(c);
      queue.push(c);
    }
  }
  return out;
}

/** PIDs whose environment has NAME=VALUE: everything the simulator launched on a host. */
export function pidsWithEnv(name: string, value: string): number[] {
  const needle = `${name}=${value}\0`;
  return allPids().filter((pid) => {
    try {
      return (readFileSync(`/proc/${pid}/environ`, 'latin1') + '\0').includes(needle);
    } catch {
      return false;
    }
  });
}

function hexAddr(address: string, port: number): string {
  const ip = address
    .split('.')
    .map((o) => Number(o).toString(16).padStart(2, '0').toUpperCase())
    .reverse()
    .join('');
  return `${ip}:${port.toString(16).padStart(4, '0').toUpperCase()}`;
}

/** PIDs holding a TCP socket whose local end is address:port (sshd's per-connection children). */
export function pidsHoldingSocket(address: string, port: number): number[] {
  let table = '';
  try {
    table = readFileSync('/proc/net/tcp', 'utf8');
  } catch {
    return [];
  }
  const local = hexAddr(address, port);
  const inodes = new Set<string>();
  for (const line of table.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f[1] === local) inodes.add(f[9]);
  }
  if (inodes.size === 0) return [];
  const pids: number[] = [];
  for (const pid of allPids()) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m && inodes.has(m[1])) {
          pids.push(pid);
          break;
        }
      } catch {
        /* fd closed meanwhile */
      }
    }
  }
  return pids;
}

export function signal(pids: number[], sig: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch {
      /* already gone */
    }
  }
}

/** Waits until none of PIDS is alive (zombies count as gone). */
export async function waitGone(pids: number[], timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!pids.some(isAlive)) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return !pids.some(isAlive);
}
