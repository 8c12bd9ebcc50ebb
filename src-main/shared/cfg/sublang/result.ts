// The shape every sub-language parser answers with: a structured value, or one error that says
// where (a 1-based column inside the string) and why.

export interface SublangError {
  /** Stable kebab-case reason, e.g. `bad-range`, `unknown-access`. */
  code: string;
  /** English sentence for the CLI and logs. */
  message: string;
  /** 1-based column inside the parsed string. */
  col: number;
}

export type SublangResult<T> = { ok: true; value: T } | { ok: false; error: SublangError };

export function ok<T>(value: T): SublangResult<T> {
  return { ok: true, value };
}

export function fail<T>(code: string, message: string, col: number): SublangResult<T> {
  return { ok: false, error: { code, message, col } };
}

/** Thrown by the helpers that return plain values (e.g. `resolveCpuSet`). */
export class SublangSyntaxError extends Error {
  constructor(readonly error: SublangError) {
    super(error.message);
    this.name = 'SublangSyntaxError';
  }
}

/** One comma-separated piece of a spec, with the offset of its first character. */
export interface Piece {
  text: string;
  /** 0-based offset of `text` in the whole spec. */
  offset: number;
}

export function splitCommas(spec: string): Piece[] {
  const out: Piece[] = [];
  let start = 0;
  for (let i = 0; i <= spec.length; i++) {
    if (i === spec.length || spec[i] === ',') {
      out.push({ text: spec.slice(start, i), offset: start });
      start = i + 1;
    }
  }
  return out;
}
