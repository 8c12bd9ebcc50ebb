// Keeps one host connected (issue 5 §2, RS-3): reconnects after transport failures with capped,
// jittered exponential backoff — delay = random(0, min(cap, base × 2^n)) — and resets n after a
// connection stayed up for a while. Authentication failures and host-key refusals are never
// retried (ST-3): they need a person. Commands are never replayed (RS-4).
import { EventEmitter } from 'node:events';
import { ApiError, type ApiErrorInfo } from '@shared/api/errors';
import type { Arg } from '../remote/argv';
import type { ExecOptions, ExecResult } from '../toolstack/adapter';
import type { HostConnection } from './connection';

export function backoffDelay(attempt: number, rng: () => number, baseMs = 1000, capMs = 60_000): number {
  return Math.floor(rng() * Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30)));
}

/** Failures of the path to the host, worth retrying; everything else waits for the user. */
export function isTransportFailure(e: ApiError): boolean {
  return e.code === 'HOST_UNREACHABLE' || e.code === 'TIMEOUT';
}

export type SessionStatus = 'connecting' | 'online' | 'offline' | 'stopped';

export interface SessionState {
  status: SessionStatus;
  /** Why the host is offline. */
  reason: ApiErrorInfo | null;
  /** When offline: ms until the next attempt, or null when only the user can retry. */
  retryInMs: number | null;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface HostSessionOptions {
  host: string;
  create: () => HostConnection;
  rng?: () => number;
  timers?: Timers;
  now?: () => number;
  baseMs?: number;
  capMs?: number;
  /** Up this long, the next drop starts the backoff from the beginning. */
  stableMs?: number;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export class HostSession extends EventEmitter<{ state: [SessionState] }> {
  state: SessionState = { status: 'stopped', reason: null, retryInMs: null };
  private conn: HostConnection | null = null;
  private attempt = 0;
  private onlineSince = 0;
  private retryTimer: unknown = null;
  private abort: AbortController | null = null;
  private readonly t: Timers;
  private readonly now: () => number;

  constructor(private readonly o: HostSessionOptions) {
    super();
    this.t = o.timers ?? realTimers;
    this.now = o.now ?? Date.now;
  }

  /** The live connection, when online. */
  get connection(): HostConnection | null {
    return this.state.status === 'online' ? this.conn : null;
  }

  /** Starts connecting (also the user's "retry now"). */
  start(): void {
    if (this.state.status === 'connecting' || this.state.status === 'online') return;
    this.clearRetry();
    void this.attemptConnect();
  }

  stop(): void {
    this.clearRetry();
    this.abort?.abort();
    const c = this.conn;
    this.conn = null;
    c?.close();
    this.set({ status: 'stopped', reason: null, retryInMs: null });
  }

  exec(argv: readonly Arg[], opts?: ExecOptions): Promise<ExecResult> {
    const c = this.connection;
    if (c === null) {
      return Promise.reject(
        this.state.reason !== null
          ? new ApiError(this.state.reason)
          : new ApiError({ code: 'HOST_UNREACHABLE', message: `${this.o.host} is not connected.`, hint: 'Wait for the connection, or retry it from the host view.', details: { host: this.o.host } }),
      );
    }
    return c.exec(argv, opts);
  }

  private async attemptConnect(): Promise<void> {
    const conn = this.o.create();
    this.conn = conn;
    const abort = new AbortController();
    this.abort = abort;
    this.set({ status: 'connecting', reason: this.state.reason, retryInMs: null });
    try {
      await conn.connect({ signal: abort.signal });
    } catch (e) {
      if (this.conn !== conn) return; // stopped meanwhile
      this.conn = null;
      return this.failed(e instanceof ApiError ? e : new ApiError({ code: 'INTERNAL', message: `Connecting to ${this.o.host} failed unexpectedly.` }));
    }
    if (this.conn !== conn) {
      conn.close();
      return;
    }
    this.onlineSince = this.now();
    conn.once('close', (reason) => {
      if (this.conn !== conn) return;
      this.conn = null;
      if (this.now() - this.onlineSince >= (this.o.stableMs ?? 300_000)) this.attempt = 0;
      this.failed(reason ?? new ApiError({ code: 'HOST_UNREACHABLE', message: `The connection to ${this.o.host} ended.`, details: { host: this.o.host } }));
    });
    this.set({ status: 'online', reason: null, retryInMs: null });
  }

  private failed(e: ApiError): void {
    if (!isTransportFailure(e)) {
      this.set({ status: 'offline', reason: e.toInfo(), retryInMs: null });
      return;
    }
    const delay = backoffDelay(this.attempt++, this.o.rng ?? Math.random, this.o.baseMs, this.o.capMs);
    this.set({ status: 'offline', reason: e.toInfo(), retryInMs: delay });
    this.retryTimer = this.t.setTimeout(() => {
      this.retryTimer = null;
      void this.attemptConnect();
    }, delay);
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) this.t.clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private set(s: SessionState): void {
    this.state = s;
    this.emit('state', s);
  }
}
