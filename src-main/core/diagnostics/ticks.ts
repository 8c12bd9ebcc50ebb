// `diagnostics.ticks`: one event a second while at least one subscriber listens. A single
// timer serves every subscriber; it stops with the last one, so an idle app runs no timer.
import type { TickInfo } from '../../shared/api';

export interface TickSource {
  subscribe(listener: (tick: TickInfo) => void): () => void;
  readonly listenerCount: number;
}

export function createTickSource(periodMs = 1000, now: () => Date = () => new Date()): TickSource {
  const listeners = new Set<(tick: TickInfo) => void>();
  let timer: ReturnType<typeof setInterval> | null = null;
  let n = 0;

  const tick = () => {
    n += 1;
    const info: TickInfo = { n, at: now().toISOString() };
    for (const l of [...listeners]) l(info);
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      if (timer === null) {
        n = 0;
        timer = setInterval(tick, periodMs);
        // Ticks alone must never keep a process alive.
        timer.unref?.();
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer !== null) {
          clearInterval(timer);
          timer = null;
        }
      };
    },
    get listenerCount() {
      return listeners.size;
    },
  };
}
