// Waiting for a domain to come or go (issue 5 §6): `xenstore-watch` on @introduceDomain and
// @releaseDomain. xenstore-watch takes one path, so one exec runs a watcher per path plus a
// deadline, and ends at the first of:
//   W0      a watcher saw an event (-n 2: xenstored fires once on registration, then per change)
//   W<rc>   a watcher could not run (127: not installed; sudo wanting a password; no xenstored)
//   T       the deadline passed without an event (the caller's safety poll)
//   C       the channel closed (XenDeck stopped watching or the connection went): stdin hit EOF
// Whichever comes first, the script kills its whole process group (sshd made it a session of its
// own), so no watcher, sleep or cat outlives the exec on the host. The caller re-arms.
import type { Arg } from '../remote/argv';
import type { Exec } from '../toolstack/adapter';

export const DOMAIN_WATCH_PATHS = ['@introduceDomain', '@releaseDomain'] as const;

// Asynchronous lists get /dev/null as stdin in a non-interactive shell, so the channel's stdin is
// kept on fd 3 for the one reader that must see it close. The reader ignores SIGPIPE so that its
// `kill 0` runs even when the channel is already gone.
const SCRIPT = `s=$1 t=$2; shift 2
run() { if [ "$s" = 1 ]; then sudo -n "$@"; else "$@"; fi; }
exec 3<&0
{
  for p in "$@"; do
    { run xenstore-watch -n 2 "$p" >/dev/null 3<&-; echo "W$?"; } &
  done
  { sleep "$t"; echo T; } 3<&- &
  { cat <&3 >/dev/null; echo C; } &
  wait
} | { trap '' PIPE; IFS= read -r first; printf '%s\\n' "$first"; kill 0; }
`;

export function watchArgv(sudo: boolean, seconds: number, paths: readonly string[] = DOMAIN_WATCH_PATHS): Arg[] {
  return ['sh', '-c', SCRIPT, 'xendeck-watch', sudo ? '1' : '0', Math.max(1, Math.round(seconds)), ...paths];
}

export type WatchOutcome =
  | { kind: 'event' }
  | { kind: 'deadline' }
  | { kind: 'closed' }
  /** The host can't watch (the reason is for the log); the caller polls instead. */
  | { kind: 'unavailable'; reason: string };

export function parseWatchOutput(stdout: string, stderr: string): WatchOutcome {
  const first = stdout.split('\n', 1)[0] ?? '';
  if (first === 'W0') return { kind: 'event' };
  if (first === 'T') return { kind: 'deadline' };
  if (first === 'C') return { kind: 'closed' };
  const rc = /^W(\d+)$/.exec(first)?.[1];
  const why = stderr.trim().split('\n')[0]?.slice(0, 200) ?? '';
  if (rc === '127') return { kind: 'unavailable', reason: why || 'xenstore-watch is not installed' };
  return { kind: 'unavailable', reason: why || (rc !== undefined ? `xenstore-watch exited with status ${rc}` : 'the watch printed nothing') };
}

/** One watch: resolves at the first event, at the deadline, or when the host can't watch. Rejects as exec does (connection lost, cancelled). */
export async function waitForDomainChange(exec: Exec, o: { sudo: boolean; deadlineMs: number; signal?: AbortSignal }): Promise<WatchOutcome> {
  const r = await exec(watchArgv(o.sudo, o.deadlineMs / 1000), {
    // The script ends itself at the deadline; the exec's own timeout only covers a stalled link.
    timeoutMs: o.deadlineMs + 15_000,
    ...(o.signal ? { signal: o.signal } : {}),
  });
  return parseWatchOutput(r.stdout, r.stderr);
}
