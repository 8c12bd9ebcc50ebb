// Typed errors that cross the contract. An error is created once, where the failure is
// understood, with a code, a sentence the user can act on, and a hint (STYLE.md).

export const ERROR_CODES = [
  // contract and carriers
  'INVALID_INPUT',
  'UNKNOWN_NAME',
  'FRAME_INVALID',
  'FRAME_TOO_LARGE',
  'RATE_LIMITED',
  'STREAM_NOT_FOUND',
  'STREAM_CLOSED',
  'UNAUTHORIZED',
  'DISCONNECTED',
  'INTERNAL',
  // hosts and toolstacks (issue 5)
  'HOST_NOT_FOUND',
  'HOST_UNREACHABLE',
  'AUTH_FAILED',
  'HOST_KEY_UNKNOWN',
  'HOST_KEY_CHANGED',
  'HOST_KEY_REVOKED',
  'NEEDS_ROOT',
  'TOOLSTACK_MISSING',
  'DOMAIN_NOT_FOUND',
  'COMMAND_FAILED',
  // cfg files
  'CFG_INVALID',
  'CFG_CONFLICT',
  'CFG_EDIT_REFUSED',
  'FILE_NOT_FOUND',
  // generic
  'TIMEOUT',
  'CANCELLED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiErrorInfo {
  code: ErrorCode;
  /** One sentence for the user: what failed, where (host, file, line). */
  message: string;
  /** What the user can do about it. */
  hint?: string;
  /** Structured facts for the UI (line, column, fingerprint…). Never secrets. */
  details?: Record<string, string | number | boolean | null>;
}

/** The reply envelope every request answers with, on both carriers. */
export type Reply<T> = { ok: true; result: T } | { ok: false; error: ApiErrorInfo };

/** Thrown by core services and by the client side; carries the typed error unchanged. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;
  readonly details?: ApiErrorInfo['details'];

  constructor(info: ApiErrorInfo) {
    super(info.message);
    this.name = 'ApiError';
    this.code = info.code;
    this.hint = info.hint;
    this.details = info.details;
  }

  toInfo(): ApiErrorInfo {
    const info: ApiErrorInfo = { code: this.code, message: this.message };
    if (this.hint !== undefined) info.hint = this.hint;
    if (this.details !== undefined) info.details = this.details;
    return info;
  }
}

export function isApiErrorInfo(v: unknown): v is ApiErrorInfo {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.code === 'string' && (ERROR_CODES as readonly string[]).includes(o.code) && typeof o.message === 'string';
}
