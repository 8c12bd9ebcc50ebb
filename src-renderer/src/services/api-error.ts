// Anything thrown across the contract, as an ApiError the UI can show (code, message, hint).
import { ApiError, isApiErrorInfo } from '@shared/api';

export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (isApiErrorInfo(e)) return new ApiError(e);
  const message = e instanceof Error ? e.message : String(e);
  return new ApiError({ code: 'INTERNAL', message });
}
