// RS-5: one changing operation at a time per guest. Operations on the same key (e.g.
// `host/domain`) run one after another; different keys never wait for each other (RS-11).
export class KeyedSerial {
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly counts = new Map<string, number>();

  /** Runs fn after every earlier operation on the same key has settled. */
  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    const result = before.then(fn, fn);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    void tail.then(() => {
      const n = (this.counts.get(key) ?? 1) - 1;
      if (n === 0) {
        this.counts.delete(key);
        if (this.tails.get(key) === tail) this.tails.delete(key);
      } else this.counts.set(key, n);
    });
    return result;
  }

  /** Whether an operation on this key is queued or running (the UI disables its buttons). */
  busy(key: string): boolean {
    return this.counts.has(key);
  }
}
