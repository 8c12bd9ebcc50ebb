// What every hosts command shares: the data directory, the service, and how a typed error ends
// the command (its sentence and hint on stderr, a non-zero exit status).
import { ApiError } from '../../../src-main/shared/api/errors';
import { HostsService } from '../../../src-main/core/services/hosts-service';
import { EXIT, UsageError, type CliIo } from '../io';
import { CliSecrets } from './cli-secrets';

export interface HostsCliContext {
  dataDir: string;
  io: CliIo;
}

export function printError(io: CliIo, e: ApiError, prefix = 'xendeck'): void {
  io.err(`${prefix}: ${e.message}\n${e.hint ? `  ${e.hint}\n` : ''}`);
}

/** Runs FN with an open service; closes every connection afterwards; a typed error exits 1. */
export async function withService(ctx: HostsCliContext, fn: (s: HostsService) => Promise<number>): Promise<number> {
  let service: HostsService | undefined;
  try {
    service = await HostsService.open({ dataDir: ctx.dataDir, secrets: new CliSecrets() });
    return await fn(service);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    if (!(e instanceof ApiError)) throw e;
    printError(ctx.io, e);
    return EXIT.findings;
  } finally {
    await service?.close();
  }
}

/** `HOST/GUEST`: host names have no "/", so the first one separates them. */
export function hostGuest(arg: string | undefined): { host: string; guest: string } {
  const i = arg?.indexOf('/') ?? -1;
  if (arg === undefined || i <= 0 || i === arg.length - 1) throw new UsageError('give the guest as HOST/GUEST');
  return { host: arg.slice(0, i), guest: arg.slice(i + 1) };
}
