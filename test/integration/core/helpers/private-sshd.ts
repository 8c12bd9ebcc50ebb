// A private OpenSSH sshd for core's integration tests until test/dom0-sim's startHosts lands:
// its own loopback address and port, its own host key, key login for the current user, a debug
// log that shows every authentication request. Started and stopped by PID (TEST-GROUND.md).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export interface PrivateSshd {
  address: string;
  port: number;
  user: string;
  dir: string;
  /** The client's private key file, authorized on the server. */
  clientKey: string;
  /** `type base64` of the server's current host key. */
  hostKey: { type: string; blob: Buffer; pubFile: string };
  logFile: string;
  pid: number;
  log(): string;
  /** PIDs of the per-connection sshd processes. */
  sessionPids(): number[];
  /** Stops sshd and its session processes, removes the directory. */
  stop(): Promise<void>;
}

function keygen(file: string, type = 'ed25519'): void {
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-C', 'xendeck-test', '-f', file]);
}

function readPub(file: string): { type: string; blob: Buffer; pubFile: string } {
  const [type, b64] = readFileSync(file, 'utf8').trim().split(/\s+/);
  return { type, blob: Buffer.from(b64, 'base64'), pubFile: file };
}

async function freePort(address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, address, () => {
      const a = s.address();
      const port = typeof a === 'object' && a !== null ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Ready = the SSH banner arrives (never a sleep). */
async function waitForBanner(address: string, port: number, proc: ChildProcess): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (proc.exitCode !== null) throw new Error(`sshd exited with status ${proc.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const c = connect({ host: address, port });
      c.once('data', (b) => {
        c.destroy();
        resolve(b.toString('latin1').startsWith('SSH-2.0-'));
      });
      c.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`sshd on ${address}:${port} did not answer`);
}

function descendants(pid: number): number[] {
  let kids: number[] = [];
  try {
    kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
  return kids.flatMap((k) => [k, ...descendants(k)]);
}

let counter = 0;

export async function startPrivateSshd(opts: { hostKeyType?: string; maxSessions?: number } = {}): Promise<PrivateSshd> {
  mkdirSync('/run/sshd', { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'xendeck-sshd-'));
  // 127.77.x.y: away from the simulator's 127.0.0.2+ hosts.
  const address = `127.77.${(process.pid % 250) + 1}.${(counter++ % 250) + 1}`;
  const port = await freePort(address);
  const user = userInfo().username;
  const hostKeyFile = join(dir, 'host_key');
  keygen(hostKeyFile, opts.hostKeyType ?? 'ed25519');
  const clientKey = join(dir, 'client_key');
  keygen(clientKey);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(`${clientKey}.pub`));
  const home = join(dir, 'home');
  mkdirSync(home);
  const logFile = join(dir, 'sshd.log');
  writeFileSync(
    join(dir, 'sshd_config'),
    [
      `ListenAddress ${address}:${port}`,
      `HostKey ${hostKeyFile}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'StrictModes no',
      'UsePAM no',
      'PermitRootLogin yes',
      'PubkeyAuthentication yes',
      'PasswordAuthentication yes',
      'KbdInteractiveAuthentication no',
      'LogLevel DEBUG1',
      'MaxStartups 100',
      // OpenSSH's default, as on a real dom0.
      `MaxSessions ${opts.maxSessions ?? 10}`,
      'Subsystem sftp internal-sftp',
      `SetEnv HOME=${home}`,
      '',
    ].join('\n'),
  );
  const proc = spawn('/usr/sbin/sshd', ['-D', '-f', join(dir, 'sshd_config'), '-E', logFile], { stdio: 'ignore' });
  await waitForBanner(address, port, proc);
  const pid = proc.pid as number;
  return {
    address,
    port,
    user,
    dir,
    clientKey,
    hostKey: readPub(`${hostKeyFile}.pub`),
    logFile,
    pid,
    log: () => readFileSync(logFile, 'utf8'),
    sessionPids: () => descendants(pid),
    async stop() {
      const kids = descendants(pid);
      for (const k of kids) {
        try {
          process.kill(k, 'SIGCONT');
          process.kill(k, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
