// Watching instead of polling (issue 5 §6). While the live inventory runs, each online host keeps
// one watch exec (watch.ts) on its connection, i.e. one of the connection's channels (RS-9). A
// domain event schedules one inventory read after a short debounce, so a burst (a reboot is a
// release and an introduce) costs one batched read. xenstore does not announce pause, unpause or a
// memory change, so when a watch reaches its deadline without an event the host is read anyway:
// the safety poll. Default 20 s (DEFAULT_SAFETY_MS): such changes show within 20 s, and a quiet
// host costs 3 batched reads and 3 tiny watch re-arms a minute instead of 12 batched reads.
// A host that can't watch (no xenstore-watch, sudo wanting a password, an xm host without it) is
// polled every 5 s by the live loop instead; it is tried again after a reconnect.
import type { Exec } from '../toolstack/adapter';
import { waitForDomainChange } from './watch';

export const DEFAULT_SAFETY_MS = 20_000;
export const DEFAULT_DEBOUNCE_MS = 250;

export interface HostWatchOptions {
  host: string;
  /** Runs on the one connection this watch belongs to. */
  exec: Exec;
  sudo: boolean;
  safetyMs?: number;
  debounceMs?: number;
  /** Reads the host's inventory and pushes its changes (the caller serializes reads per host). */
  read: () => Promise<unknown>;
}

export type WatchState = 'running' | 'unavailable' | 'ended';

export class HostWatch {
  state: WatchState = 'running';
  /** Why the host can't watch, when state is unavailable. */
  reason: string | null = null;
  /** Events and deadlines seen (diagnostics and tests). */
  readonly counts = { events: 0, deadlines: 0, reads: 0 };
  private timer: NodeJS.Timeout | null = null;
  private readonly abort = new AbortController();
  private readonly signal: AbortSignal;

  constructor(
    private readonly o: HostWatchOptions,
    stop: AbortSignal,
  ) {
    this.signal = AbortSignal.any([stop, this.abort.signal]);
    this.signal.addEventListener('abort', () => this.end(), { once: true });
    void this.loop();
  }

  stop(): void {
    this.abort.abort();
  }

  private end(state: WatchState = 'ended'): void {
    if (this.state === 'running') this.state = state;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private async loop(): Promise<void> {
    const deadlineMs = this.o.safetyMs ?? DEFAULT_SAFETY_MS;
    while (this.state === 'running' && !this.signal.aborted) {
      let r: Awaited<ReturnType<typeof waitForDomainChange>>;
      try {
        r = await waitForDomainChange(this.o.exec, { sudo: this.o.sudo, deadlineMs, signal: this.signal });
      } catch {
        // The connection went, or XenDeck stopped watching: a new connection starts a new watch.
        return this.end();
      }
      if (this.signal.aborted) return this.end();
      if (r.kind === 'unavailable') {
        this.reason = r.reason;
        return this.end('unavailable');
      }
      if (r.kind === 'closed') return this.end();
      if (r.kind === 'event') {
        this.counts.events++;
        this.schedule(this.o.debounceMs ?? DEFAULT_DEBOUNCE_MS);
      } else {
        this.counts.deadlines++;
        this.schedule(0);
      }
    }
  }

  /** One read per burst: while a read is scheduled, further events join it. */
  private schedule(ms: number): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.signal.aborted) return;
      this.counts.reads++;
      void this.o.read().catch(() => undefined);
    }, ms);
    this.timer.unref();
  }
}

/** One watch per host, bound to the connection it runs on. */
export class HostWatches {
  private readonly byHost = new Map<string, { conn: object; watch: HostWatch }>();
  /** Connections whose host can't watch: polled until the next connection. */
  private readonly cannot = new WeakMap<object, string>();

  /** The host's watch on CONN, if one runs now. */
  running(hostId: string, conn: object): HostWatch | null {
    const w = this.byHost.get(hostId);
    return w !== undefined && w.conn === conn && w.watch.state === 'running' ? w.watch : null;
  }

  /**
   * Starts a watch on CONN unless one runs, or the host could not watch on it. STOP ends it (the
   * live loop stopped). Returns whether the host is watched.
   */
  ensure(hostId: string, conn: object, stop: AbortSignal, make: () => HostWatchOptions): boolean {
    if (stop.aborted) return false;
    if (this.running(hostId, conn) !== null) return true;
    const old = this.byHost.get(hostId);
    if (old !== undefined && old.conn === conn && old.watch.state === 'unavailable') this.cannot.set(conn, old.watch.reason ?? '');
    if (this.cannot.has(conn)) return false;
    old?.watch.stop();
    this.byHost.set(hostId, { conn, watch: new HostWatch(make(), stop) });
    return true;
  }

  /** Why the host is polled instead of watched on CONN, when it tried and could not. */
  unavailable(hostId: string, conn: object): string | null {
    const w = this.byHost.get(hostId);
    if (w !== undefined && w.conn === conn && w.watch.state === 'unavailable') return w.watch.reason;
    return this.cannot.get(conn) ?? null;
  }

  remove(hostId: string): void {
    this.byHost.get(hostId)?.watch.stop();
    this.byHost.delete(hostId);
  }

  stopAll(): void {
    for (const w of this.byHost.values()) w.watch.stop();
    this.byHost.clear();
  }
}
