// A dispatcher with the real handlers except diagnostics.echo, whose "wait:KEY" stays in flight
// until its signal aborts or the test finishes it: what the cancellation tests of both carriers use.
import { registerAppHandlers } from '../../../src-main/core/dispatch/app-handlers';
import { Dispatcher, type Logger } from '../../../src-main/core/dispatch/dispatcher';
import { createServices } from '../../../src-main/core/dispatch/services';
import { registerHostsHandlers } from '../../../src-main/core/services/hosts-handlers';
import { serveLoopback } from '../../../src-main/core/diagnostics/loopback';

/** What the waiting handler saw, by the key in its input. */
export interface Seen {
  started: Set<string>;
  aborted: Set<string>;
  /** Resolves the waiting handler for a key as if its work had finished. */
  finish: Map<string, () => void>;
}

/**
 * The real handlers, except diagnostics.echo: "wait:KEY" waits until its signal aborts (or the
 * test finishes it), so a test has a request that stays in flight for as long as it likes.
 */
export function waitingDispatcher(seen: Seen, log: Logger): Dispatcher {
  const services = createServices({ name: 'XenDeck', version: '0.0.0-test' });
  const d = new Dispatcher(log);
  d.handle('diagnostics.echo', ({ text }, { signal }) => {
    if (!text.startsWith('wait:')) return { text, receivedAt: new Date().toISOString() };
    const key = text.slice(5);
    seen.started.add(key);
    return new Promise((resolve) => {
      const done = () => resolve({ text: `finished ${key}`, receivedAt: new Date().toISOString() });
      seen.finish.set(key, done);
      signal.addEventListener('abort', () => {
        seen.aborted.add(key);
        // The work ends a little later, as real work does: its late result must be dropped.
        setTimeout(done, 20);
      });
    });
  });
  d.event('diagnostics.ticks', (emit) => services.ticks.subscribe(emit));
  d.stream('diagnostics.loopback', (peer) => serveLoopback(peer));
  registerAppHandlers(d, services);
  registerHostsHandlers(d, services);
  return d;
}

export function newSeen(): Seen {
  return { started: new Set(), aborted: new Set(), finish: new Map() };
}
