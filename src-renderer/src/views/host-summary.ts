// What the hosts page and the sidebar say about a host besides its name: guest counts, whether
// the data shown is live or as last seen (RS-10: nothing claims to be live while offline), the
// last-seen time, and how serious the reason it is offline is.
import type { ApiErrorInfo, ErrorCode } from '@shared/api';
import type { ConnectionState, DomainStateName, GuestView } from '@shared/api/hosts-types';

export interface GuestCounts {
  /** Guests the CPU is running (running or blocked, which is running and idle). */
  running: number;
  /** Every guest the host knows: running ones and those only in a cfg file. */
  defined: number;
}

const RUNNING: ReadonlySet<DomainStateName> = new Set(['running', 'blocked']);

export function guestCounts(guests: readonly GuestView[]): GuestCounts {
  return { running: guests.filter((g) => RUNNING.has(g.state)).length, defined: guests.length };
}

/**
 * The data of a host is live only while the host is online and its last read succeeded; while it
 * is connecting again after a drop, offline, or online but unreadable, what is shown is as last seen.
 */
export function isStale(connection: ConnectionState, lastRead: { state: ConnectionState; lastSeen: string | null; error?: unknown } | undefined): boolean {
  if (!lastRead?.lastSeen) return false;
  return connection !== 'online' || lastRead.state !== 'online' || lastRead.error !== undefined;
}

const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' };

/** hh:mm:ss when seen today, else the date too: a time alone from another day would mislead. */
export function formatLastSeen(iso: string, now: Date, locale: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const sameDay = at.getFullYear() === now.getFullYear() && at.getMonth() === now.getMonth() && at.getDate() === now.getDate();
  return sameDay
    ? at.toLocaleTimeString(locale, TIME)
    : at.toLocaleString(locale, { year: 'numeric', month: '2-digit', day: '2-digit', ...TIME });
}

/** A key that differs from the trusted one is a hard stop (ST-3), shown as an error, never a question. */
const KEY_ALARMS: ReadonlySet<ErrorCode> = new Set(['HOST_KEY_CHANGED', 'HOST_KEY_REVOKED']);

export function reasonSeverity(code: ErrorCode): 'error' | 'warning' {
  return KEY_ALARMS.has(code) ? 'error' : 'warning';
}

export interface HostFacts {
  state: ConnectionState;
  reason: ApiErrorInfo | null;
  /** Offline and the core will try again by itself (a transport failure, not a refused key or login). */
  retrying: boolean;
  /** Guest counts of the last read; null before the first. */
  counts: GuestCounts | null;
  /** The counts are as last seen, not live. */
  stale: boolean;
  /** When the last read was, formatted; null when never. */
  lastSeen: string | null;
}

/** Everything the hosts page and the sidebar say about one host, from its state and its last read. */
export function hostFacts(
  live: { state: ConnectionState; reason?: ApiErrorInfo; retryInMs?: number },
  read: { state: ConnectionState; lastSeen: string | null; guests: readonly GuestView[]; error?: ApiErrorInfo } | undefined,
  now: Date,
  locale: string,
): HostFacts {
  const offline = live.state === 'offline';
  return {
    state: live.state,
    // The event's reason is the newest; the read's error covers a page opened after the event, and
    // a host that is connected but could not be read (no toolstack, no root).
    reason: offline ? (live.reason ?? read?.error ?? null) : live.state === 'online' && read?.state === 'online' ? (read.error ?? null) : null,
    retrying: offline && live.retryInMs !== undefined,
    counts: read?.lastSeen ? guestCounts(read.guests) : null,
    stale: isStale(live.state, read),
    lastSeen: read?.lastSeen ? formatLastSeen(read.lastSeen, now, locale) : null,
  };
}
