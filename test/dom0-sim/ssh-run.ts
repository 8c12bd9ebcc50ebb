// Test helpers: run commands on a simulated host through the real OpenSSH client.
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { sshArgs, type HostInfo } from './hosts';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `ssh … user@address COMMAND` with the hosts' own known_hosts and key. */
export function sshRun(dir: string, host: HostInfo, command: string, extra: string[] = []): Promise<RunResult> {
  return new Promise((resolveRun) => {
    execFile('ssh', [...sshArgs(dir, host, extra), command], { encoding: 'utf8', timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 255) : 0;
      resolveRun({ code, stdout, stderr });
    });
  });
}

/** An interactive `ssh -tt … COMMAND` (a pty on the host, as `xl console` needs). */
export function sshTty(dir: string, host: HostInfo, command: string): ChildProcessWithoutNullStreams {
  return spawn('ssh', [...sshArgs(dir, host, ['-tt']), command]);
}

/** Writes PROBE until EXPECT shows up in the output (QEMU polls a new pty reader once a second). */
export async function probeEcho(
  child: ChildProcessWithoutNullStreams,
  probe: string,
  expect: string,
  timeoutMs = 15_000,
): Promise<string> {
  let seen = '';
  const onData = (b: Buffer): void => {
    seen += b.toString('latin1');
  };
  child.stdout.on('data', onData);
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline && !seen.includes(expect)) {
      child.stdin.write(probe);
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    child.stdout.off('data', onData);
  }
  return seen;
}

export function exitOf(child: ChildProcessWithoutNullStreams, timeoutMs = 10_000): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolveExit) => {
    const t = setTimeout(() => resolveExit(null), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(t);
      resolveExit(code);
    });
  });
}

/** Polls an async condition (for state that follows a real process), never a bare sleep. */
export async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let v = await fn();
  while (!ok(v) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    v = await fn();
  }
  return v;
}

/** Splits an `xl list` row the robust way: the last five fields, the rest is the name. */
export function listRows(stdout: string): { name: string; id: number; mem: number; vcpus: number; state: string }[] {
  return stdout
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const f = line.trim().split(/\s+/);
      const [id, mem, vcpus, state] = f.slice(-5, -1);
      return { name: f.slice(0, -5).join(' '), id: Number(id), mem: Number(mem), vcpus: Number(vcpus), state };
    });
}
