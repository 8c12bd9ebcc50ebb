// Errors the client side creates itself (the core's errors arrive as ApiErrorInfo and are rebuilt).
import { ApiError, isApiErrorInfo, type Reply } from '@shared/api';

export function disconnected(): ApiError {
  return new ApiError({
    code: 'DISCONNECTED',
    message: 'The connection to the XenDeck core was lost.',
    hint: 'XenDeck reconnects by itself; try again in a moment. If it does not, restart `npm run web` and open its new link.',
  });
}

/** A request the caller cancelled before it left this window. */
export function cancelled(name: string): ApiError {
  return new ApiError({ code: 'CANCELLED', message: `The request ${name} was cancelled.`, hint: 'Nothing was sent to the XenDeck core.' });
}

export function unwrap<T>(reply: Reply<T>): T {
  if (reply.ok) return reply.result;
  if (isApiErrorInfo(reply.error)) throw new ApiError(reply.error);
  throw new ApiError({ code: 'INTERNAL', message: 'The XenDeck core sent an error this app does not understand.' });
}
