// The one place a remote command line is built (IN-1). An SSH exec request carries one string
// that the account's login shell re-parses, so every argument is wrapped in POSIX single quotes,
// inside which every byte is literal; a `'` becomes `'\''` (close, escaped quote, reopen).
import { ApiError } from '@shared/api/errors';

/** Characters that never need quoting (shlex.quote's set); kept bare so logs stay readable. */
// '=' is left out: a bare `a=b` in command position would be read as an assignment.
const SAFE = /^[A-Za-z0-9_@%+:,./-]+$/;

/** A value that must never reach a command line (IN-9): passwords travel via stdin. */
export class SecretArg {
  constructor(readonly value: string) {}
  toString(): string {
    return '[secret]';
  }
}

export type Arg = string | number;

/** Quotes one argument for a POSIX shell. Rejects what can't be represented (IN-2). */
export function quoteArg(arg: Arg): string {
  if ((arg as unknown) instanceof SecretArg) {
    throw new ApiError({
      code: 'INTERNAL',
      message: 'A secret was about to be placed on a remote command line, where it would show in the process list.',
      hint: 'Pass secrets on standard input; this is a bug in XenDeck, please report it.',
    });
  }
  if (typeof arg === 'number') {
    if (!Number.isFinite(arg)) throw invalid(`the number ${String(arg)} is not a valid argument`);
    return String(arg);
  }
  if (typeof arg !== 'string') throw invalid('an argument is not text');
  if (arg.includes('\0')) throw invalid('an argument contains a NUL byte, which no shell command can carry');
  if (arg === '') return "''";
  // Quoting can't stop a leading dash from being read as an option; operands() does that.
  if (SAFE.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** Joins an argv into one command string where every argument is quoted. */
export function shellCommand(argv: readonly Arg[]): string {
  if (argv.length === 0) throw invalid('the command is empty');
  return argv.map(quoteArg).join(' ');
}

/**
 * Positional operands for a tool that stops option parsing at `--` (getopt; IN-7). `--` is added
 * only when an operand would otherwise be read as an option, so ordinary commands stay as an
 * administrator would type them.
 */
export function operands(values: readonly Arg[], opts: { dashDash: boolean } = { dashDash: true }): Arg[] {
  const dashy = values.some((v) => typeof v === 'string' && v.startsWith('-'));
  if (!dashy) return [...values];
  if (!opts.dashDash) {
    const bad = values.find((v) => typeof v === 'string' && v.startsWith('-'));
    throw invalid(`the name "${String(bad)}" starts with "-" and this tool would read it as an option`);
  }
  return ['--', ...values];
}

function invalid(what: string): ApiError {
  return new ApiError({
    code: 'INVALID_INPUT',
    message: `The remote command was not sent: ${what}.`,
    hint: 'Rename the guest or file so it has no such characters, then try again.',
  });
}
