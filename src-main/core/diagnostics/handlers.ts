// The diagnostics area of the contract: enough to prove every path of both carriers.
import type { Dispatcher } from '../dispatch/dispatcher';
import type { Services } from '../dispatch/services';
import { serveLoopback } from './loopback';

export function registerDiagnosticsHandlers(d: Dispatcher, services: Services): void {
  d.handle('diagnostics.echo', ({ text }) => ({ text, receivedAt: services.clock().toISOString() }));
  d.event('diagnostics.ticks', (emit) => services.ticks.subscribe(emit));
  d.stream('diagnostics.loopback', (peer) => serveLoopback(peer));
}
