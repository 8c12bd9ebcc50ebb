// The host page offers only the actions a guest's state allows, and live inventory changes keep
// the table in step with the host (issue 5 §6).
import { describe, expect, it } from 'vitest';
import type { DomainStateName, GuestView } from '@shared/api/hosts-types';
import { actionsFor, applyChanges, stateTagType } from '@/views/guest-actions';

const ALL_STATES: DomainStateName[] = ['running', 'blocked', 'paused', 'shutdown', 'crashed', 'dying', 'stopped'];

function guest(name: string, state: DomainStateName, domid: number | null = 1): GuestView {
  return { name, domid, state, memoryMiB: 128, vcpus: 1, cfg: null, live: null };
}

describe('guest actions by state', () => {
  it('a stopped guest can only be started', () => {
    expect(actionsFor('stopped')).toEqual(['start']);
  });

  it('a running or blocked guest can be paused, shut down, rebooted or destroyed, never started again', () => {
    for (const s of ['running', 'blocked'] as const) {
      expect(actionsFor(s)).toEqual(['pause', 'shutdown', 'reboot', 'destroy']);
    }
  });

  it('a paused guest offers resume instead of pause', () => {
    expect(actionsFor('paused')).toContain('unpause');
    expect(actionsFor('paused')).not.toContain('pause');
  });

  it('only a stopped guest offers start, and every live guest can be destroyed', () => {
    for (const s of ALL_STATES) {
      expect(actionsFor(s).includes('start')).toBe(s === 'stopped');
      if (s !== 'stopped') expect(actionsFor(s)).toContain('destroy');
    }
  });

  it('crashed guests stand out as errors and paused ones as warnings', () => {
    expect(stateTagType('crashed')).toBe('error');
    expect(stateTagType('paused')).toBe('warning');
    expect(stateTagType('running')).toBe('success');
  });
});

describe('applying inventory.changed', () => {
  const before = [guest('web', 'running', 1), guest('db', 'blocked', 2)];

  it('a changed guest replaces its row; other rows stay as they were', () => {
    const after = applyChanges(before, [{ kind: 'changed', guest: guest('web', 'paused', 1), fields: ['state'] }]);
    expect(after.find((g) => g.name === 'web')?.state).toBe('paused');
    expect(after.find((g) => g.name === 'db')).toEqual(before[1]);
  });

  it('an added guest appears once, in name order, and a removed one disappears', () => {
    const after = applyChanges(before, [
      { kind: 'added', guest: guest('app', 'stopped', null) },
      { kind: 'added', guest: guest('app', 'stopped', null) },
      { kind: 'removed', name: 'db' },
    ]);
    expect(after.map((g) => g.name)).toEqual(['app', 'web']);
  });

  it('does not change the list it was given', () => {
    applyChanges(before, [{ kind: 'removed', name: 'web' }]);
    expect(before.map((g) => g.name)).toEqual(['web', 'db']);
  });
});
