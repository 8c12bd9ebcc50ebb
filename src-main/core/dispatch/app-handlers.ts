// The `app.*` area of the contract.
import type { Dispatcher } from './dispatcher';
import type { Services } from './services';

export function registerAppHandlers(d: Dispatcher, services: Services): void {
  d.handle('app.info', (_input, ctx) => ({
    name: services.meta.name,
    version: services.meta.version,
    platform: services.platform,
    carrier: ctx.carrier,
  }));
}
