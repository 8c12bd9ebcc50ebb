// RS-9: sshd refuses channels beyond MaxSessions (10 by default), so a burst of commands on one
// connection waits for a free channel instead of failing. A FIFO counting semaphore.
interface Waiter {
  grant: () => void;
  fail: (reason: unknown) => void;
}

export class ChannelLimit {
  private active = 0;
  private readonly waiting: Waiter[] = [];
  /** The most channels ever open at once, for tests and diagnostics. */
  peak = 0;

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`channel limit must be at least 1, not ${max}`);
  }

  get inUse(): number {
    return this.active;
  }

  /** Resolves with a release function once a channel is free; rejects when the signal aborts. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        const i = this.waiting.indexOf(waiter);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          this.active++;
          this.peak = Math.max(this.peak, this.active);
          let released = false;
          resolve(() => {
            if (released) return;
            released = true;
            this.active--;
            this.next();
          });
        },
        fail: (reason) => {
          signal?.removeEventListener('abort', onAbort);
          reject(reason);
        },
      };
      if (this.active < this.max) return waiter.grant();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  /** Fails every waiter (the connection is gone). */
  rejectAll(reason: unknown): void {
    for (const w of this.waiting.splice(0)) w.fail(reason);
  }

  private next(): void {
    while (this.active < this.max) {
      const w = this.waiting.shift();
      if (w === undefined) return;
      w.grant();
    }
  }
}
