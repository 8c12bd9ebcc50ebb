// What the hosts page and the sidebar say about a host: guest counts, live or as last seen
// (RS-10: nothing claims to be live while offline), the last-seen time, and the reason shown.
import { describe, expect, it } from 'vitest';
import type { ApiErrorInfo } from '@shared/api';
import type { DomainStateName, GuestView } from '@shared/api/hosts-types';
import { formatLastSeen, guestCounts, hostFacts, isStale, reasonSeverity } from '@/views/host-summary';

function guest(name: string, state: DomainStateName): GuestView {
  return { name, domid: state === 'stopped' ? null : 3, state, memoryMiB: 128, vcpus: 1, cfg: null, live: null };
}

const guests = [guest('a', 'running'), guest('b', 'blocked'), guest('c', 'paused'), guest('d', 'stopped')];
const at = '2026-11-25T10:42:01.000Z';
const unreachable: ApiErrorInfo = { code: 'HOST_UNREACHABLE', message: 'dom0-1 (127.0.0.2:22) refused the connection.' };

describe('host summary', () => {
  it('counts running (running or blocked) and every known guest', () => {
    expect(guestCounts(guests)).toEqual({ running: 2, defined: 4 });
    expect(guestCounts([])).toEqual({ running: 0, defined: 0 });
  });

  it('is live only while online and the last read succeeded; never stale before the first read', () => {
    const read = { state: 'online' as const, lastSeen: at };
    expect(isStale('online', read)).toBe(false);
    expect(isStale('offline', read)).toBe(true);
    expect(isStale('connecting', read)).toBe(true);
    expect(isStale('online', { state: 'offline', lastSeen: at })).toBe(true);
    expect(isStale('online', { ...read, error: unreachable })).toBe(true);
    expect(isStale('offline', { state: 'offline', lastSeen: null })).toBe(false);
    expect(isStale('offline', undefined)).toBe(false);
  });

  it('says hh:mm:ss for a time of today, and the date too for another day', () => {
    const seen = new Date(2026, 10, 25, 10, 42, 1);
    expect(formatLastSeen(seen.toISOString(), new Date(2026, 10, 25, 18, 0, 0), 'en')).toBe('10:42:01');
    expect(formatLastSeen(seen.toISOString(), new Date(2026, 10, 25, 18, 0, 0), 'zh-CN')).toBe('10:42:01');
    const otherDay = formatLastSeen(seen.toISOString(), new Date(2026, 10, 26, 9, 0, 0), 'en');
    expect(otherDay).toContain('10:42:01');
    expect(otherDay).toContain('2026');
  });

  it('a changed or revoked key is an error; other reasons are warnings', () => {
    expect(reasonSeverity('HOST_KEY_CHANGED')).toBe('error');
    expect(reasonSeverity('HOST_KEY_REVOKED')).toBe('error');
    expect(reasonSeverity('HOST_KEY_UNKNOWN')).toBe('warning');
    expect(reasonSeverity('HOST_UNREACHABLE')).toBe('warning');
  });

  it('an offline host shows the reason, whether the core retries, and the counts as last seen', () => {
    const now = new Date(at);
    const read = { state: 'online' as const, lastSeen: at, guests };
    const f = hostFacts({ state: 'offline', reason: unreachable, retryInMs: 4000 }, read, now, 'en');
    expect(f).toMatchObject({ state: 'offline', reason: unreachable, retrying: true, counts: { running: 2, defined: 4 }, stale: true });
    expect(f.lastSeen).toBe(formatLastSeen(at, now, 'en'));
    // A refused key is not retried by the core: only the user can.
    const refused: ApiErrorInfo = { code: 'HOST_KEY_UNKNOWN', message: 'The host key of dom0-1 was not trusted.' };
    expect(hostFacts({ state: 'offline', reason: refused }, read, now, 'en')).toMatchObject({ retrying: false, reason: refused });
    // Without the event's reason, the read's error says why.
    expect(hostFacts({ state: 'offline' }, { ...read, state: 'offline', error: unreachable }, now, 'en').reason).toEqual(unreachable);
  });

  it('an online host read just now is live: no reason, no last-seen label', () => {
    const f = hostFacts({ state: 'online' }, { state: 'online', lastSeen: at, guests }, new Date(at), 'en');
    expect(f).toMatchObject({ state: 'online', reason: null, stale: false, counts: { running: 2, defined: 4 } });
    // Connected again, but the page still holds the read from while it was offline: labelled, reason of then not shown.
    const again = hostFacts({ state: 'online' }, { state: 'offline', lastSeen: at, guests, error: unreachable }, new Date(at), 'en');
    expect(again).toMatchObject({ stale: true, reason: null });
  });

  it('a host never read has no counts and no last seen', () => {
    expect(hostFacts({ state: 'connecting' }, undefined, new Date(at), 'en')).toMatchObject({ counts: null, lastSeen: null, stale: false, reason: null });
  });
});
