// The check an operation makes right before it sends a changing command: a request cancelled up
// to here ends without sending anything. After it the command runs to its end (RS-4: no pty, it
// completes on the host), so nothing later is given the request's signal.
import { ApiError } from '../../shared/api/errors';

/** Throws CANCELLED if SIGNAL has aborted; WHAT names the operation ("Starting web1 on h1"). */
export function notCancelled(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted !== true) return;
  throw new ApiError({ code: 'CANCELLED', message: `${what} was cancelled before anything was sent to the host.`, hint: 'Nothing changed; run it again when you want it.' });
}
