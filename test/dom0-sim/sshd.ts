// One private OpenSSH sshd per simulated host (TEST-GROUND "Private sshd instances"):
// Debian's /usr/sbin/sshd by absolute path with its own config, loopback address, port and
// host key; key login for the current user; HOME pointed at a test home (root's own .bashrc
// costs ~550 ms per command); the toolstack first on PATH through SetEnv.
// The password host runs sshd in a private mount namespace where /etc/shadow is a copy with
// the test password, so the machine's own accounts are never touched.
import { execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { isAlive } from './procs';

export interface SshdSpec {
  hostDir: string;
  address: string;
  port: number;
  env: Record<string, string>;
  password?: { shadowFile: string };
  /** Sessions per connection; OpenSSH's default (10) unless a benchmark needs more (RS-9). */
  maxSessions?: number;
}

export function sshdConfigPath(hostDir: string): string {
  return join(hostDir, 'sshd_config');
}

export function writeSshdConfig(spec: SshdSpec): void {
  const d = spec.hostDir;
  const setEnv = Object.entries(spec.env)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  writeFileSync(
    sshdConfigPath(d),
    [
      `ListenAddress ${spec.address}:${spec.port}`,
      `HostKey ${join(d, 'ssh/host_ed25519_key')}`,
      `PidFile ${join(d, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(d, 'ssh/authorized_keys')}`,
      'StrictModes no',
      'UsePAM no',
      'PermitRootLogin yes',
      'PubkeyAuthentication yes',
      `PasswordAuthentication ${spec.password ? 'yes' : 'no'}`,
      'KbdInteractiveAuthentication no',
      'MaxStartups 200:30:400',
      `MaxSessions ${spec.maxSessions ?? 10}`,
      'UseDNS no',
      'PrintMotd no',
      'PrintLastLog no',
      'AllowTcpForwarding yes',
      'Subsystem sftp internal-sftp',
      'LogLevel INFO',
      `SetEnv ${setEnv}`,
      '',
    ].join('\n'),
  );
}

/** Starts sshd in the foreground of its own session (so it outlives the CLI); returns its PID. */
export function spawnSshd(spec: SshdSpec): number {
  const args = ['-D', '-f', sshdConfigPath(spec.hostDir), '-E', join(spec.hostDir, 'sshd.log')];
  const child = spec.password
    ? spawn(
        'unshare',
        [
          '-m',
          '--propagation',
          'private',
          'sh',
          '-c',
          'mount --bind "$1" /etc/shadow && shift && exec /usr/sbin/sshd "$@"',
          'sshd-ns',
          spec.password.shadowFile,
          ...args,
        ],
        { detached: true, stdio: 'ignore' },
      )
    : spawn('/usr/sbin/sshd', args, { detached: true, stdio: 'ignore' });
  child.unref();
  if (!child.pid) throw new Error(`sshd for ${spec.hostDir} did not start`);
  return child.pid;
}

/** Ready = the SSH-2.0 banner arrives (never a sleep). */
export async function waitForBanner(address: string, port: number, pid: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) throw new Error(`sshd on ${address}:${port} exited during start (see its sshd.log)`);
    const ok = await new Promise<boolean>((resolveBanner) => {
      const c = connect({ host: address, port });
      c.once('data', (b) => {
        c.destroy();
        resolveBanner(b.toString('latin1').startsWith('SSH-2.0-'));
      });
      c.once('error', () => resolveBanner(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`sshd on ${address}:${port} did not send its banner within ${timeoutMs} ms`);
}

/** `SHA256:…` exactly as `ssh-keygen -lf` prints it. */
export function fingerprint(pubFile: string): string {
  const line = execFileSync('ssh-keygen', ['-lf', pubFile], { encoding: 'utf8' });
  return line.trim().split(/\s+/)[1];
}

export function keygen(file: string, comment: string): void {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file]);
}
