// HostConnection against a real OpenSSH sshd (ST-1, ST-2, ST-3, ST-5, IN-1, RS-1, RS-2), and what
// it counts for the dom0-cost benchmark (issue 5 §11).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiError } from '@shared/api/errors';
import { HostConnection, type ConnectionProfile, type HostConnectionOptions } from '../../../src-main/core/hosts/connection';
import { ConnectionStatsRegistry } from '../../../src-main/core/hosts/connection-stats';
import { KnownHosts, fingerprintSha256, knownHostsLine } from '../../../src-main/core/hosts/known-hosts';
import { probeShell } from '../../../src-main/core/remote/shell-probe';
import { MemorySecrets } from '../../../src-main/core/store/secrets';
import { xlToolstack } from '../../../src-main/core/toolstack/adapter';
import { startPrivateSshd, type PrivateSshd } from './helpers/private-sshd';

let sshd: PrivateSshd;
const open: HostConnection[] = [];

beforeAll(async () => {
  sshd = await startPrivateSshd();
});
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});
afterAll(async () => {
  await sshd?.stop();
});

function knownWith(blob: Buffer, type: string): KnownHosts {
  return new KnownHosts([{ file: '/home/u/.ssh/known_hosts', text: `# first\n${knownHostsLine(sshd.address, sshd.port, type, blob, { hashed: false })}` }]);
}

function conn(over: Omit<Partial<HostConnectionOptions>, 'profile'> & { profile?: Partial<ConnectionProfile> } = {}): HostConnection {
  const { profile, ...rest } = over;
  const c = new HostConnection({
    knownHosts: knownWith(sshd.hostKey.blob, sshd.hostKey.type),
    secrets: new MemorySecrets(),
    ...rest,
    profile: { name: 'sim-a', address: sshd.address, port: sshd.port, user: sshd.user, auth: { method: 'key', keyFile: sshd.clientKey }, ...profile },
  });
  open.push(c);
  return c;
}

function otherKey(): Buffer {
  const f = join(sshd.dir, `other-${Math.random().toString(36).slice(2)}`);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', f]);
  return Buffer.from(readFileSync(`${f}.pub`, 'utf8').split(' ')[1], 'base64');
}

describe('connecting (ST-1…ST-5)', () => {
  it('connects to a known host with a key and runs a command', async () => {
    const c = conn();
    await c.connect();
    expect(c.lastHostKey?.status).toBe('trusted');
    expect(await c.exec(['echo', 'hello'])).toEqual({ stdout: 'hello\n', stderr: '', code: 0 });
    expect((await c.exec(['sh', '-c', 'echo oops >&2; exit 3'])).code).toBe(3);
  });

  it('delivers hostile names through a real sshd as single arguments and runs none of them (IN-1)', async () => {
    const c = conn();
    await c.connect();
    const pwned = join(sshd.dir, 'pwned');
    const hostile = [`a;touch ${pwned}`, `$(touch ${pwned})`, `\`touch ${pwned}\``, `it's "q"`, 'two  spaces', 'new\nline', '-F', '日本語', ''];
    const r = await c.exec(['printf', '%s\\0', ...hostile]);
    expect(r.stdout.split('\0').slice(0, -1)).toEqual(hostile);
    expect(existsSync(pwned)).toBe(false);
  });

  it("passes the login-shell probe on the account's real shell (IN-6)", async () => {
    const c = conn();
    await c.connect();
    expect(await probeShell((argv, o) => c.exec(argv, o))).toEqual({ posix: true });
  });

  it('reports an unknown key with the fingerprint ssh-keygen prints, and sends no authentication', async () => {
    const c = conn({ knownHosts: new KnownHosts() });
    const err = await c.connect().catch((e: unknown) => e);
    const printed = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', sshd.hostKey.pubFile], { encoding: 'utf8' }).split(' ')[1];
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'HOST_KEY_UNKNOWN', details: { fingerprint: printed, keyType: 'ssh-ed25519' } });
  });

  it('asks about an unknown key, and remembers it when trusted always', async () => {
    const remember = vi.fn(async () => {});
    const ask = vi.fn(async () => 'always' as const);
    const c = conn({ knownHosts: new KnownHosts(), onUnknownHostKey: ask, rememberHostKey: remember });
    await c.connect();
    expect(ask).toHaveBeenCalledWith({ host: sshd.address, port: sshd.port, keyType: 'ssh-ed25519', fingerprint: fingerprintSha256(sshd.hostKey.blob), otherKnownTypes: [] });
    expect(remember).toHaveBeenCalledWith(sshd.address, sshd.port, 'ssh-ed25519', sshd.hostKey.blob);
    const refused = conn({ knownHosts: new KnownHosts(), onUnknownHostKey: async () => 'refuse' });
    await expect(refused.connect()).rejects.toMatchObject({ code: 'HOST_KEY_UNKNOWN', message: expect.stringContaining('was not trusted') });
  });

  it('trusts the fingerprint pinned in the profile (hosts.json hostKeyFingerprint)', async () => {
    const c = conn({ knownHosts: new KnownHosts(), profile: { hostKeyFingerprint: fingerprintSha256(sshd.hostKey.blob) } });
    await c.connect();
    expect(c.lastHostKey).toMatchObject({ status: 'trusted', source: 'the settings of host "sim-a"' });
  });

  it('refuses a changed key before any password is read or sent (ST-3, ST-5)', async () => {
    const SENTINEL = 'S3ntinel-never-sent-91c2';
    const secrets = new MemorySecrets();
    await secrets.set('pw', SENTINEL);
    const get = vi.spyOn(secrets, 'get');
    const before = sshd.log().length;
    const c = conn({ knownHosts: knownWith(otherKey(), 'ssh-ed25519'), secrets, profile: { auth: { method: 'password', secretId: 'pw' } } });
    const err = (await c.connect().catch((e: unknown) => e)) as ApiError;
    expect(err.code).toBe('HOST_KEY_CHANGED');
    expect(err.message).toContain('REMOTE HOST IDENTIFICATION HAS CHANGED');
    expect(err.message).toContain(fingerprintSha256(sshd.hostKey.blob));
    expect(err.hint).toContain('remove line 2 of /home/u/.ssh/known_hosts');
    expect(get).not.toHaveBeenCalled();
    const log = sshd.log().slice(before);
    expect(log).not.toMatch(/userauth-request/);
    expect(log).not.toContain(SENTINEL);
  });

  it('control: with the right key, the password is read and an auth request reaches sshd (AUTH_FAILED when wrong)', async () => {
    const secrets = new MemorySecrets();
    await secrets.set('pw', 'wrong-password');
    const get = vi.spyOn(secrets, 'get');
    const before = sshd.log().length;
    const c = conn({ secrets, profile: { auth: { method: 'password', secretId: 'pw' } } });
    const err = (await c.connect().catch((e: unknown) => e)) as ApiError;
    expect(err.code).toBe('AUTH_FAILED');
    expect(err.message).toMatch(/refused the login of/);
    expect(get).toHaveBeenCalledWith('pw');
    expect(sshd.log().slice(before)).toMatch(/userauth-request for user \S+ service ssh-connection method password/);
  });

  it('keeps the handshake deadline off while a person reads the fingerprint', async () => {
    const slowDecision = () => new Promise<'once'>((r) => setTimeout(() => r('once'), 600));
    const c = conn({ knownHosts: new KnownHosts(), readyTimeoutMs: 300, onUnknownHostKey: slowDecision });
    await c.connect();
    expect(c.state).toBe('ready');
  });

  it('gives up on a host that accepts TCP but never speaks SSH (TIMEOUT)', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as AddressInfo).port;
    try {
      const c = conn({ readyTimeoutMs: 300, profile: { address: '127.0.0.1', port } });
      await expect(c.connect()).rejects.toMatchObject({ code: 'TIMEOUT', message: expect.stringContaining('did not complete the SSH handshake within 0.3 s') });
    } finally {
      silent.close();
    }
  });

  it('says HOST_UNREACHABLE when nothing listens', async () => {
    const c = conn({ profile: { port: 1 } });
    await expect(c.connect()).rejects.toMatchObject({ code: 'HOST_UNREACHABLE', message: expect.stringContaining('ECONNREFUSED') });
  });

  it('runs the toolstack adapter over the connection', async () => {
    const c = conn();
    await c.connect();
    // No xl on this sshd host: the adapter must say so in a sentence naming the host.
    await expect(xlToolstack({ host: 'sim-a', exec: (argv, o) => c.exec(argv, o) }).list()).rejects.toMatchObject({
      code: 'TOOLSTACK_MISSING',
      message: 'xl was not found on sim-a.',
    });
  });
});

describe('bursts on one connection (RS-9)', () => {
  it('waits for a free channel instead of failing when a burst exceeds sshd MaxSessions', async () => {
    const c = conn();
    await c.connect();
    const runs = await Promise.all(Array.from({ length: 30 }, (_, i) => c.exec(['sh', '-c', 'sleep 0.5; echo "$1"', 'sh', String(i)])));
    expect(runs.map((r) => r.stdout)).toEqual(Array.from({ length: 30 }, (_, i) => `${i}\n`));
    expect(c.channels.peak).toBe(8);
    expect(c.channels.inUse).toBe(0);
  });

  it('control: without the limit the same burst is refused by sshd', async () => {
    // no retries of a refused open either, so what sshd refuses stays refused
    const c = conn({ maxChannels: 30, sessionOpenRetries: 0 });
    await c.connect();
    const runs = await Promise.allSettled(Array.from({ length: 30 }, () => c.exec(['sleep', '2'])));
    expect(runs.filter((r) => r.status === 'rejected').length).toBeGreaterThan(0);
  });
});

describe('deadlines, cancellation and dead links (RS-1, RS-2)', () => {
  it('times out a command that does not finish, and the connection stays usable', async () => {
    const c = conn();
    await c.connect();
    // `cat` waits on the channel's stdin and ends when the channel closes: nothing is left behind.
    await expect(c.exec(['cat'], { timeoutMs: 300 })).rejects.toMatchObject({ code: 'TIMEOUT', message: `cat on sim-a (${sshd.address}:${sshd.port}) did not finish within 0.3 s.` });
    expect((await c.exec(['echo', 'still here'])).stdout).toBe('still here\n');
  });

  it('cancels a command with an AbortSignal', async () => {
    const c = conn();
    await c.connect();
    const ac = new AbortController();
    const p = c.exec(['cat'], { signal: ac.signal });
    ac.abort();
    await expect(p).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect(c.exec(['true'], { signal: ac.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('notices a stalled host by keepalive and fails pending commands', async () => {
    const c = conn({ keepaliveIntervalMs: 200, keepaliveCountMax: 2 });
    await c.connect();
    const before = new Set(sshd.sessionPids());
    expect(before.size).toBeGreaterThan(0);
    const closed = new Promise<ApiError | null>((r) => c.once('close', r));
    // Freeze this connection's sshd processes: the TCP link stays open but nothing answers.
    for (const pid of before) process.kill(pid, 'SIGSTOP');
    try {
      const pending = c.exec(['echo', 'never'], { timeoutMs: 120_000 });
      // the command's outcome is unknown: the hint says so instead of inviting a retry (RS-2, RS-4)
      await expect(pending).rejects.toMatchObject({
        code: 'HOST_UNREACHABLE',
        message: expect.stringContaining('stopped answering'),
        hint: 'A changing command may or may not have taken effect on the host; XenDeck shows the current state once it has reconnected.',
      });
      expect((await closed)?.code).toBe('HOST_UNREACHABLE');
      expect(c.state).toBe('closed');
    } finally {
      for (const pid of before) {
        try {
          process.kill(pid, 'SIGCONT');
          process.kill(pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    }
  });

  it('notices a killed session mid-command', async () => {
    const c = conn();
    await c.connect();
    const pids = sshd.sessionPids();
    const closed = new Promise<ApiError | null>((r) => c.once('close', r));
    const pending = c.exec(['cat']);
    await new Promise((r) => setTimeout(r, 100));
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    await expect(pending).rejects.toMatchObject({ code: 'HOST_UNREACHABLE' });
    expect((await closed)?.code).toBe('HOST_UNREACHABLE');
  });
});

describe('connection statistics (issue 5 §11)', () => {
  it('counts the bytes on its socket and every channel it opens, without any command text', async () => {
    const registry = new ConnectionStatsRegistry();
    const c = conn({ statsRegistry: registry });
    expect(c.stats()).toEqual({ bytesSent: 0, bytesReceived: 0, connects: 0, execs: 0, sftpSessions: 0, forwards: 0 });
    await c.connect();
    const ready = c.stats();
    // the handshake alone: banners, key exchange, authentication
    expect(ready.bytesSent).toBeGreaterThan(500);
    expect(ready.bytesReceived).toBeGreaterThan(500);
    expect(ready).toMatchObject({ connects: 1, execs: 0 });
    const big = await c.exec(['head', '-c', '100000', '/dev/zero']);
    expect(big.stdout.length).toBe(100000);
    await c.exec(['true']);
    const { sftp, release } = await c.sftp();
    await new Promise<void>((resolve, reject) => sftp.readdir(sshd.dir, (err) => (err ? reject(err) : resolve())));
    release();
    const after = c.stats();
    expect(after).toMatchObject({ connects: 1, execs: 2, sftpSessions: 1, forwards: 0 });
    expect(after.bytesReceived - ready.bytesReceived).toBeGreaterThan(100000);
    expect(after.bytesSent).toBeGreaterThan(ready.bytesSent);
    expect(Object.values(after).every((v) => typeof v === 'number')).toBe(true);
    expect(registry.of('sim-a')).toEqual(after);
  });

  it('adds every connection to a host into its total, closed ones included', async () => {
    const registry = new ConnectionStatsRegistry();
    const first = conn({ statsRegistry: registry });
    await first.connect();
    await first.exec(['true']);
    const closed = new Promise((r) => first.once('close', r));
    first.close();
    await closed;
    const one = first.stats();
    const second = conn({ statsRegistry: registry });
    await second.connect();
    await second.exec(['true']);
    const total = registry.of('sim-a');
    expect(total.connects).toBe(2);
    expect(total.execs).toBe(2);
    expect(total.bytesReceived).toBe(one.bytesReceived + second.stats().bytesReceived);
    expect(registry.hosts()).toEqual(['sim-a']);
    // reconnecting the same object counts the new socket once, the old one not again
    await first.connect();
    await first.exec(['true']);
    const again = registry.of('sim-a');
    expect(again.connects).toBe(3);
    expect(again.execs).toBe(3);
    expect(again.bytesReceived).toBe(first.stats().bytesReceived + second.stats().bytesReceived);
  });
});
