// The live inventory (issue 5 §6): while anything listens, every host gets a tick on a timer. Each
// host runs on its own: a host whose tick is still in flight skips the tick, so one slow host never
// delays another, and there is at most one batched command per host per tick. A tick of a watched
// host reads nothing (watcher.ts reads on events); the timer is then the fallback poll of hosts
// that can't watch. The timer is unref'd and stops with the last listener, which also aborts the
// run's signal (ending the watches), so it never keeps the process alive.

export interface LiveLoopTarget {
  /** The hosts to read now (ids); asked on every tick, so added and removed hosts follow. */
  hostIds(): string[] | Promise<string[]>;
  /**
   * Reads one host and pushes its changes; must not throw (failures are reported as events).
   * SIGNAL aborts when the loop stops: anything the tick started to run on its own (a watch) ends with it.
   */
  tick(hostId: string, signal: AbortSignal): Promise<void>;
}

export class LiveInventoryLoop {
  private listeners = 0;
  private timer: NodeJS.Timeout | null = null;
  private run: AbortController | null = null;
  private readonly busy = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly target: () => Promise<LiveLoopTarget>,
    private readonly intervalMs = 5000,
  ) {}

  get running(): boolean {
    return this.timer !== null;
  }

  /** One more listener; returns the function that removes it (idempotent). */
  acquire(): () => void {
    this.listeners++;
    if (this.timer === null) {
      this.run = new AbortController();
      this.timer = setInterval(() => this.runTick(), this.intervalMs);
      this.timer.unref();
      this.runTick();
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.listeners--;
      if (this.listeners === 0) this.stop();
    };
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.run?.abort();
    this.run = null;
  }

  /** Waits for the reads in flight (for a clean close). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private runTick(): void {
    const p = this.tickAll();
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private async tickAll(): Promise<void> {
    const signal = this.run?.signal;
    if (signal === undefined) return;
    let target: LiveLoopTarget;
    let ids: string[];
    try {
      target = await this.target();
      ids = await target.hostIds();
    } catch {
      return; // the area could not open (e.g. an unreadable hosts.json): nothing to read
    }
    await Promise.allSettled(
      ids.map(async (id) => {
        if (this.busy.has(id) || signal.aborted) return;
        this.busy.add(id);
        try {
          await target.tick(id, signal);
        } finally {
          this.busy.delete(id);
        }
      }),
    );
  }
}
