// What a command may touch: its output streams and the working directory. Tests and other
// front ends pass their own; the real command passes the process's.
export interface CliIo {
  out(text: string | Uint8Array): void;
  err(text: string): void;
  cwd: string;
}

export const processIo: CliIo = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  cwd: process.cwd(),
};

/** Exit codes shared by every command (documented in `xendeck --help`). */
export const EXIT = {
  ok: 0,
  /** The input has problems: lint errors, a file xl would reject, a refused edit, a missing key. */
  findings: 1,
  /** Wrong usage: unknown command or option, missing argument. */
  usage: 2,
  /** A file could not be read or written. */
  io: 3,
} as const;

export interface Command {
  name: string;
  summary: string;
  usage: string;
  help: string;
  run(args: string[], io: CliIo): Promise<number>;
}

export interface CommandGroup {
  name: string;
  summary: string;
  commands: Command[];
}

export class UsageError extends Error {}

export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string | true>;
}

/**
 * Minimal option parsing: `--name`, `--name value` for the declared value options, `--` ends
 * options (so file names starting with `-` work). Unknown options are usage errors.
 */
export function parseArgs(args: string[], valueOptions: string[] = [], boolOptions: string[] = []): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      if (valueOptions.includes(name)) {
        const v = eq > 0 ? a.slice(eq + 1) : args[++i];
        if (v === undefined) throw new UsageError(`option --${name} needs a value`);
        flags.set(name, v);
      } else if (boolOptions.includes(name) || name === 'help') {
        flags.set(name, true);
      } else {
        throw new UsageError(`unknown option --${name}`);
      }
      continue;
    }
    if (a === '-h') {
      flags.set('help', true);
      continue;
    }
    positionals.push(a);
  }
  return { positionals, flags };
}
