// Builds the dispatcher with every area's handlers. Both carriers serve what this returns, and it
// refuses to return a dispatcher that misses any contract name.
import { registerDiagnosticsHandlers } from '../diagnostics/handlers';
import { registerHostsHandlers } from '../services/hosts-handlers';
import { registerAppHandlers } from './app-handlers';
import { Dispatcher, type Logger } from './dispatcher';
import type { Services } from './services';

export function createDispatcher(services: Services, log?: Logger): Dispatcher {
  const d = new Dispatcher(log);
  registerAppHandlers(d, services);
  registerDiagnosticsHandlers(d, services);
  registerHostsHandlers(d, services);
  d.assertComplete();
  return d;
}
