// IN-6: before mutating anything on a host, push a hostile sample argv through the quoting into
// `printf '%s\0'` on the account's login shell and compare the echo. A shell that does not
// follow POSIX quoting (fish, csh/tcsh treat `\` and `!` differently) leaves the host read-only.
import type { Exec } from '../toolstack/adapter';

export const PROBE_ARGS: readonly string[] = ["'", "\\'", '\\', '!', '!!', '$(echo x)', '`echo x`', 'a\nb', '-n', '"', '*', '~', ' a b ', '$HOME', '日本'];

export type ShellProbe = { posix: true } | { posix: false; reason: string };

export async function probeShell(exec: Exec, opts: { timeoutMs?: number } = {}): Promise<ShellProbe> {
  const r = await exec(['printf', '%s\\0', ...PROBE_ARGS], { timeoutMs: opts.timeoutMs ?? 15_000 });
  if (r.code !== 0) {
    return { posix: false, reason: `the shell check failed (exit status ${String(r.code)}), so the login shell may not be a POSIX shell` };
  }
  const got = r.stdout.split('\0');
  // printf prints one terminator after the last argument: a trailing empty element.
  if (got.pop() !== '' || got.length !== PROBE_ARGS.length) {
    return { posix: false, reason: `the login shell split the check's ${PROBE_ARGS.length} arguments into ${got.length}` };
  }
  const bad = PROBE_ARGS.findIndex((a, i) => got[i] !== a);
  if (bad >= 0) return { posix: false, reason: `the login shell changed the argument ${JSON.stringify(PROBE_ARGS[bad])} into ${JSON.stringify(got[bad])}` };
  return { posix: true };
}
