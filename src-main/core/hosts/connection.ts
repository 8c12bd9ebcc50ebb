// One ssh2 connection per host (issue 5 §2). Every connect goes through here and always has a
// hostVerifier (ST-1): a changed or revoked key ends the handshake before any authentication is
// sent, and secrets are fetched only once the key is trusted (ST-5). Keepalive notices a dead or
// stalled link; every exec has a timeout and can be cancelled (RS-1, RS-2).
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { connect as tcpConnect, type Socket } from 'node:net';
import { Client, type SFTPWrapper, type AnyAuthMethod, type AuthHandlerMiddleware, type AuthenticationType, type ClientChannel, type ConnectConfig } from 'ssh2';
import { ApiError } from '@shared/api/errors';
import { shellCommand, type Arg } from '../remote/argv';
import type { HostProfile } from '../store/host-profile';
import type { Secrets } from '../store/secrets';
import { MAX_OUTPUT_CHARS } from '../toolstack/types';
import type { ExecOptions, ExecResult } from '../toolstack/adapter';
import { escapeControl } from '../toolstack/errors';
import { ChannelLimit } from './channel-limit';
import { connectionTotals, type ConnectionStats, type ConnectionStatsRegistry } from './connection-stats';
import { hostKeyError, keyTypeOf, type HostKeyCheck, type KnownHosts } from './known-hosts';

/** Channel opens refused while sshd still counts just-closed sessions are tried again this often. */
/**
 * How often a session open sshd refused is tried again, and after how long: 25 ms doubling, at
 * most 1 s apart, about 11.6 s in all — a loaded sshd can take seconds to free a closed slot.
 */
const OPEN_RETRIES = 16;
const openRetryDelay = (n: number) => Math.min(25 * 2 ** n, 1000);

/** sshd's answer when a session can't be opened now (MaxSessions reached): "administratively prohibited, open failed". */
function isSessionOpenRefused(err: Error & { reason?: unknown }): boolean {
  return err.reason === 1 && /open failed/.test(err.message);
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

export type UnknownKeyDecision = 'once' | 'always' | 'refuse';

export interface HostKeyPrompt {
  host: string;
  port: number;
  keyType: string;
  fingerprint: string;
  otherKnownTypes: string[];
}

export type ConnectionProfile = Pick<HostProfile, 'name' | 'address' | 'port' | 'user' | 'auth' | 'hostKeyFingerprint'>;

export interface HostConnectionOptions {
  profile: ConnectionProfile;
  knownHosts: KnownHosts;
  secrets: Secrets;
  /** Asked on first contact (ST-2). Without it an unknown key is refused. */
  onUnknownHostKey?: (p: HostKeyPrompt) => Promise<UnknownKeyDecision>;
  /** Persists a key the user chose to trust always (XenDeck's own known_hosts). */
  rememberHostKey?: (host: string, port: number, keyType: string, key: Buffer) => Promise<void>;
  /** ssh-agent socket; defaults to SSH_AUTH_SOCK. */
  agentSocket?: string;
  /** Answers keyboard-interactive prompts the stored password can't (e.g. an OTP). */
  onKeyboardInteractive?: (prompts: { prompt: string; echo: boolean }[]) => Promise<string[]>;
  /** Keepalive: ssh2 gives up after (countMax + 1) silent intervals: 5 s × 3 = a dead link noticed within 15 s. */
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  readyTimeoutMs?: number;
  execTimeoutMs?: number;
  /** Channels open at once on this connection; below sshd's default MaxSessions of 10 (RS-9). */
  maxChannels?: number;
  /** How many times a session open refused by sshd is tried again (default 16, ~11.6 s in all). */
  sessionOpenRetries?: number;
  /** A connected jump host (ProxyJump): the SSH stream is tunnelled through it. */
  via?: HostConnection;
  /** Where the connection's counts add up per host; defaults to this process's totals. */
  statsRegistry?: ConnectionStatsRegistry;
}

export type ConnectionState = 'idle' | 'connecting' | 'ready' | 'closed';

interface Pending {
  fail(e: ApiError): void;
}

export class HostConnection extends EventEmitter<{ close: [reason: ApiError | null] }> {
  state: ConnectionState = 'idle';
  /** Why the connection ended, when it did not end on request. */
  lastError: ApiError | null = null;
  /** The host key check of the last handshake, for the host view. */
  lastHostKey: HostKeyCheck | null = null;
  private client: Client | null = null;
  private readonly pending = new Set<Pending>();
  /** Waits for a free channel when a burst exceeds the limit. */
  readonly channels: ChannelLimit;
  private readonly openRetries: number;
  private closing = false;
  private readonly counts = { connects: 0, execs: 0, sftpSessions: 0, forwards: 0 };
  /** TCP sockets of earlier connects and the current one (their counters outlive them). */
  private readonly sockets: Socket[] = [];

  constructor(private readonly o: HostConnectionOptions) {
    super();
    this.channels = new ChannelLimit(o.maxChannels ?? 8);
    this.openRetries = o.sessionOpenRetries ?? OPEN_RETRIES;
  }

  /** What this connection cost so far (issue 5 §11): bytes on its socket and channels opened. */
  stats(): Readonly<ConnectionStats> {
    let bytesSent = 0;
    let bytesReceived = 0;
    for (const s of this.sockets) {
      bytesSent += s.bytesWritten;
      bytesReceived += s.bytesRead;
    }
    return { bytesSent, bytesReceived, ...this.counts };
  }

  private get registry(): ConnectionStatsRegistry {
    return this.o.statsRegistry ?? connectionTotals;
  }

  private get label(): string {
    const p = this.o.profile;
    return p.name === p.address ? `${p.address}:${p.port}` : `${p.name} (${p.address}:${p.port})`;
  }

  connect(opts: { signal?: AbortSignal } = {}): Promise<void> {
    if (this.state === 'ready' || this.state === 'connecting') throw new Error('HostConnection.connect called twice');
    const p = this.o.profile;
    const client = new Client();
    this.client = client;
    this.state = 'connecting';
    this.closing = false;
    this.lastError = null;
    let keyFailure: ApiError | null = null;
    let authFailureDetail = '';

    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const settle = (e: ApiError | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(readyTimer);
        opts.signal?.removeEventListener('abort', onAbort);
        if (e === null) resolve();
        else reject(e);
      };
      const onAbort = () => {
        const e = new ApiError({ code: 'CANCELLED', message: `Connecting to ${this.label} was cancelled.`, details: { host: p.name } });
        keyFailure ??= e;
        client.end();
        settle(e);
      };
      // Our own handshake deadline instead of ssh2's readyTimeout, so that it stops while a person
      // reads a fingerprint (a prompt may take longer than the whole handshake may).
      const readyTimeoutMs = this.o.readyTimeoutMs ?? 20_000;
      let readyTimer: NodeJS.Timeout | undefined;
      const armReadyTimer = () => {
        clearTimeout(readyTimer);
        readyTimer = setTimeout(() => {
          keyFailure ??= new ApiError({
            code: 'TIMEOUT',
            message: `${this.label} did not complete the SSH handshake within ${seconds(readyTimeoutMs)}.`,
            hint: 'Check the address and port, and that sshd on the host is not overloaded.',
            details: { host: p.name },
          });
          client.end();
          client.destroy();
          settle(keyFailure);
        }, readyTimeoutMs);
      };
      if (opts.signal?.aborted) {
        onAbort();
        return;
      }
      opts.signal?.addEventListener('abort', onAbort, { once: true });

      const hostVerifier = (key: Buffer, verify: (ok: boolean) => void) => {
        const keyType = keyTypeOf(key);
        const pins = p.hostKeyFingerprint ? [{ host: p.address, port: p.port, fingerprint: p.hostKeyFingerprint, source: `the settings of host "${p.name}"` }] : [];
        const check = this.o.knownHosts.check(p.address, p.port, keyType, key, pins);
        this.lastHostKey = check;
        if (check.status === 'trusted') return verify(true);
        if (check.status !== 'unknown' || this.o.onUnknownHostKey === undefined) {
          keyFailure = hostKeyError(check, this.label);
          return verify(false);
        }
        clearTimeout(readyTimer);
        this.o
          .onUnknownHostKey({ host: p.address, port: p.port, keyType, fingerprint: check.fingerprint, otherKnownTypes: check.otherKnownTypes })
          .then(async (decision) => {
            if (decision === 'refuse') {
              keyFailure = new ApiError({
                code: 'HOST_KEY_UNKNOWN',
                message: `The host key of ${this.label} (${check.fingerprint}) was not trusted, so XenDeck did not connect.`,
                hint: 'Connect again and trust the key once you have checked its fingerprint.',
                details: { host: p.name, fingerprint: check.fingerprint, keyType },
              });
              return verify(false);
            }
            if (decision === 'always') await this.o.rememberHostKey?.(p.address, p.port, keyType, key);
            if (!settled) armReadyTimer();
            verify(true);
          })
          .catch(() => {
            keyFailure = hostKeyError(check, this.label);
            verify(false);
          });
      };

      const start = (via?: ConnectConfig['sock']) => {
        this.counts.connects++;
        // Our own TCP socket (ssh2 would make the same one) so its byte counters can be read; OS
        // keepalive on as well (RS-1). Through a jump host the bytes travel on the jump host's socket.
        let sock = via;
        if (sock === undefined) {
          const tcp = tcpConnect({ host: p.address, port: p.port, keepAlive: true, keepAliveInitialDelay: 10_000 });
          this.sockets.push(tcp);
          sock = tcp;
        }
        this.registry.open(p.name, this);
        const config: ConnectConfig = {
          sock,
          host: p.address,
          port: p.port,
          username: p.user,
          hostVerifier,
          authHandler: this.authHandler((d) => (authFailureDetail = d)),
          agentForward: false, // ST-6
          keepaliveInterval: this.o.keepaliveIntervalMs ?? 5000,
          keepaliveCountMax: this.o.keepaliveCountMax ?? 2,
          readyTimeout: 0,
        };

        client.on('ready', () => {
          this.state = 'ready';
          settle(null);
        });
        client.on('error', (err: Error & { level?: string; code?: string }) => {
          const e = keyFailure ?? this.mapError(err, authFailureDetail);
          this.lastError = e;
          settle(e);
        });
        client.on('close', () => {
          const wasReady = this.state === 'ready';
          this.state = 'closed';
          const reason = this.closing
            ? null
            : (this.lastError ??
              new ApiError({
                code: 'HOST_UNREACHABLE',
                message: `The connection to ${this.label} was closed by the host.`,
                hint: 'Check that the host is up and sshd is running; XenDeck reconnects when it is back.',
                details: { host: p.name },
              }));
          this.lastError = reason;
          for (const x of [...this.pending]) {
            x.fail(
              reason ??
                new ApiError({ code: 'CANCELLED', message: `The connection to ${this.label} was closed before the command finished.`, details: { host: p.name } }),
            );
          }
          settle(
            keyFailure ??
              reason ??
              new ApiError({ code: 'CANCELLED', message: `Connecting to ${this.label} was cancelled.`, details: { host: p.name } }),
          );
          this.registry.close(p.name, this);
          if (wasReady || reason !== null) this.emit('close', reason);
        });
        client.connect(config);
      };
      armReadyTimer();
      if (this.o.via === undefined) return start();
      this.o.via.forwardOut(p.address, p.port).then(start, (e: unknown) => {
        const err =
          e instanceof ApiError
            ? e
            : new ApiError({ code: 'HOST_UNREACHABLE', message: `The jump host could not reach ${this.label}.`, details: { host: p.name } });
        this.state = 'closed';
        this.lastError = err;
        settle(err);
      });
    });
  }

  /**
   * A TCP stream from the host to ADDRESS:PORT (direct-tcpip): the next hop of a jump chain, or a
   * VNC port on the dom0's loopback (CS-8). Not counted against the session channel limit.
   */
  forwardOut(address: string, port: number): Promise<ClientChannel> {
    const client = this.client;
    if (this.state !== 'ready' || client === null) {
      return Promise.reject(new ApiError({ code: 'HOST_UNREACHABLE', message: `${this.label} is not connected.`, details: { host: this.o.profile.name } }));
    }
    return new Promise((resolve, reject) => {
      client.forwardOut('127.0.0.1', 0, address, port, (err, stream) => {
        if (err) {
          return reject(
            new ApiError({
              code: 'HOST_UNREACHABLE',
              message: `${this.label} could not open a connection to ${address}:${port}: ${escapeControl(err.message)}.`,
              hint: 'Check that the address is reachable from that host and that its sshd allows TCP forwarding.',
              details: { host: this.o.profile.name },
            }),
          );
        }
        this.counts.forwards++;
        resolve(stream);
      });
    });
  }

  /**
   * An SFTP session on this connection (remote cfg files, FS-1). It holds one channel of the
   * RS-9 limit until `release()` (or until the host closes it).
   */
  async sftp(opts: { signal?: AbortSignal } = {}): Promise<{ sftp: SFTPWrapper; release: () => void }> {
    const client = this.client;
    const host = this.o.profile.name;
    if (this.state !== 'ready' || client === null) {
      throw new ApiError({ code: 'HOST_UNREACHABLE', message: `${this.label} is not connected.`, hint: 'Connect to the host first.', details: { host } });
    }
    const free = await this.channels.acquire(opts.signal);
    let refusals = 0;
    return new Promise((resolve, reject) => {
      const onSftp = (err: Error | undefined, s: SFTPWrapper) => {
        if (err) {
          // as in exec: a session slot sshd has not freed yet (RS-9)
          if (isSessionOpenRefused(err) && refusals < this.openRetries && this.state === 'ready') {
            setTimeout(() => client.sftp(onSftp), openRetryDelay(refusals++));
            return;
          }
          free();
          return reject(new ApiError({ code: 'HOST_UNREACHABLE', message: `${this.label} refused an SFTP session: ${escapeControl(err.message)}.`, hint: 'Check that sshd on the host has the sftp subsystem enabled.', details: { host } }));
        }
        let released = false;
        const release = () => {
          if (released) return;
          released = true;
          free();
          s.end();
        };
        s.once('close', () => {
          if (!released) {
            released = true;
            free();
          }
        });
        this.counts.sftpSessions++;
        resolve({ sftp: s, release });
      };
      client.sftp(onSftp);
    });
  }

  /** Auth order agent → key → password → keyboard-interactive, limited to what the profile allows (ST-6). */
  private authHandler(note: (detail: string) => void): AuthHandlerMiddleware {
    const p = this.o.profile;
    const steps: AuthenticationType[] = [];
    const agent = this.o.agentSocket ?? process.env.SSH_AUTH_SOCK;
    if (p.auth.method === 'agent') steps.push('agent');
    if (p.auth.method === 'key') steps.push('publickey');
    if (p.auth.method === 'password') steps.push('password', 'keyboard-interactive');
    if (p.auth.method === 'keyboard-interactive') steps.push('keyboard-interactive');
    const tried: string[] = [];

    // ssh2 passes null on the first call although its types say an array.
    return (methodsLeft: AuthenticationType[] | null, _partial, nextAuth) => {
      // ssh2 accepts `false` for "no more methods"; its types omit it.
      const next = nextAuth as (m: AnyAuthMethod | false) => void;
      const run = async (): Promise<AnyAuthMethod | false> => {
        while (steps.length > 0) {
          const step = steps.shift() as AuthenticationType;
          if (methodsLeft !== null && !methodsLeft.includes(step)) continue;
          tried.push(step);
          note(tried.join(', '));
          if (step === 'agent') {
            if (!agent) {
              note('agent (no SSH_AUTH_SOCK)');
              continue;
            }
            return { type: 'agent', username: p.user, agent };
          }
          if (step === 'publickey' && p.auth.method === 'key') {
            let key: Buffer;
            try {
              key = await readFile(p.auth.keyFile);
            } catch {
              note(`publickey (${p.auth.keyFile} can't be read)`);
              continue;
            }
            const passphrase = p.auth.passphraseSecretId ? await this.o.secrets.get(p.auth.passphraseSecretId) : undefined;
            return { type: 'publickey', username: p.user, key, ...(passphrase !== undefined ? { passphrase } : {}) };
          }
          if (step === 'password' && p.auth.method === 'password') {
            // ST-5: the secret is read only now, after the host key was accepted.
            const password = await this.o.secrets.get(p.auth.secretId);
            if (password === undefined) {
              note('password (none stored)');
              continue;
            }
            return { type: 'password', username: p.user, password };
          }
          if (step === 'keyboard-interactive') {
            const secretId = p.auth.method === 'password' ? p.auth.secretId : undefined;
            return {
              type: 'keyboard-interactive',
              username: p.user,
              prompt: (_name, _instructions, _lang, prompts, finish) => {
                void (async () => {
                  const password = secretId ? await this.o.secrets.get(secretId) : undefined;
                  if (prompts.length === 1 && !prompts[0].echo && password !== undefined) return finish([password]);
                  if (this.o.onKeyboardInteractive) return finish(await this.o.onKeyboardInteractive(prompts.map((x) => ({ prompt: x.prompt, echo: x.echo ?? false }))));
                  finish([]);
                })().catch(() => finish([]));
              },
            };
          }
        }
        return false;
      };
      run().then(next, () => next(false));
    };
  }

  private mapError(err: Error & { level?: string; code?: string }, tried: string): ApiError {
    const p = this.o.profile;
    const host = p.name;
    if (err.level === 'client-authentication') {
      return new ApiError({
        code: 'AUTH_FAILED',
        message: `${this.label} refused the login of ${p.user}${tried ? ` (tried: ${tried})` : ''}.`,
        hint:
          p.auth.method === 'password' ? 'Check the user name and password in the host settings.'
          : p.auth.method === 'key' ? `Check that ${p.auth.keyFile} is in ~${p.user}/.ssh/authorized_keys on the host, and its passphrase.`
          : 'Check that your ssh-agent holds a key the host accepts (ssh-add -l).',
        details: { host },
      });
    }
    if (err.level === 'client-timeout') {
      return new ApiError({
        code: 'HOST_UNREACHABLE',
        message: `${this.label} stopped answering (no reply to keepalive).`,
        hint: 'The network or the host may be down; XenDeck reconnects when it answers again.',
        details: { host },
      });
    }
    const code = err.code ?? '';
    return new ApiError({
      code: 'HOST_UNREACHABLE',
      message: `XenDeck could not reach ${this.label}: ${escapeControl(code || err.message)}.`,
      hint: code === 'ECONNREFUSED' ? 'Nothing listens on that port: check the port and that sshd runs.' : 'Check the address, the port and the network.',
      details: { host, reason: escapeControl(code || err.message) },
    });
  }

  /** Runs one command (argv quoted by argv.ts). Resolves whatever the exit status. */
  exec(argv: readonly Arg[], opts: ExecOptions & { pty?: boolean } = {}): Promise<ExecResult> {
    const command = shellCommand(argv);
    const what = argv.slice(0, 2).map(String).join(' ');
    const host = this.o.profile.name;
    const client = this.client;
    if (this.state !== 'ready' || client === null) {
      return Promise.reject(
        new ApiError({ code: 'HOST_UNREACHABLE', message: `${this.label} is not connected, so ${what} was not run.`, hint: 'Connect to the host first.', details: { host } }),
      );
    }
    const timeoutMs = opts.timeoutMs ?? this.o.execTimeoutMs ?? 60_000;
    const cancelled = () =>
      new ApiError({ code: 'CANCELLED', message: `${what} on ${this.label} was cancelled.`, hint: 'A changing command may still have taken effect; refresh to see the current state.', details: { host } });
    if (opts.signal?.aborted) return Promise.reject(cancelled());
    return new Promise<ExecResult>((resolve, reject) => {
      let stream: ClientChannel | null = null;
      // The link went down under the command: whether a changing one took effect is unknown, and it
      // is never sent again (RS-2, RS-4), so the error says to look at the state, not to retry.
      const entry: Pending = {
        fail: (e) =>
          finish(
            e.code === 'CANCELLED'
              ? e
              : new ApiError({
                  code: e.code,
                  message: e.message,
                  hint: 'A changing command may or may not have taken effect on the host; XenDeck shows the current state once it has reconnected.',
                  details: { ...e.details, host },
                }),
          ),
      };
      // Ends the wait for a channel when the command ends first (timeout, cancel, close).
      const done = new AbortController();
      let release: (() => void) | null = null;
      const finish = (e: ApiError | null, r?: ExecResult) => {
        if (!this.pending.has(entry)) return;
        this.pending.delete(entry);
        clearTimeout(timer);
        done.abort();
        release?.();
        opts.signal?.removeEventListener('abort', onAbort);
        if (e !== null) {
          if (stream !== null) {
            try {
              stream.signal('KILL');
            } catch {
              /* the channel may already be gone */
            }
            stream.close();
          }
          reject(e);
        } else resolve(r as ExecResult);
      };
      const onAbort = () => finish(cancelled());
      this.pending.add(entry);
      const timer = setTimeout(
        () =>
          finish(
            new ApiError({
              code: 'TIMEOUT',
              message: `${what} on ${this.label} did not finish within ${seconds(timeoutMs)}.`,
              hint: 'The host may be busy. A changing command may still have taken effect; refresh to see the current state.',
              details: { host, timeoutMs },
            }),
          ),
        timeoutMs,
      );
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      let refusals = 0;
      const open = () => {
        if (this.pending.has(entry)) client.exec(command, opts.pty ? { pty: true } : {}, onChannel);
      };
      const start = (r: () => void) => {
        if (!this.pending.has(entry)) return r();
        release = r;
        open();
      };
      const onChannel = (err: Error | undefined, s: ClientChannel) => {
        if (err) {
          // RS-9: sshd frees a session slot only after it has handled our close of the previous
          // channel, so right after a burst it may still count it and refuse the open. Nothing ran
          // yet (the open came before the command), so opening again is safe (RS-4).
          if (isSessionOpenRefused(err) && refusals < this.openRetries && this.state === 'ready') {
            setTimeout(open, openRetryDelay(refusals++));
            return;
          }
          return finish(new ApiError({ code: 'HOST_UNREACHABLE', message: `${this.label} refused to run ${what}: ${escapeControl(err.message)}.`, details: { host } }));
        }
        if (!this.pending.has(entry)) {
          s.close();
          return;
        }
        this.counts.execs++;
        stream = s;
        const out: Buffer[] = [];
        const errOut: Buffer[] = [];
        let size = 0;
        const take = (into: Buffer[]) => (b: Buffer) => {
          size += b.length;
          if (size > MAX_OUTPUT_CHARS) {
            return finish(new ApiError({ code: 'COMMAND_FAILED', message: `${what} on ${this.label} printed more than ${MAX_OUTPUT_CHARS} bytes and was stopped.`, details: { host } }));
          }
          into.push(b);
        };
        s.on('data', take(out));
        s.stderr.on('data', take(errOut));
        s.on('close', (code: number | null) => {
          finish(null, { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(errOut).toString('utf8'), code: typeof code === 'number' ? code : null });
        });
      };
      this.channels.acquire(done.signal).then(start, () => {
        /* the command already ended while it waited for a channel */
      });
    });
  }

  /** Ends the connection on request: pending commands reject with CANCELLED, no error is reported. */
  close(): void {
    this.closing = true;
    this.client?.end();
  }
}
