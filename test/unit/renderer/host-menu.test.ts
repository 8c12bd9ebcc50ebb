// The host menu, the same in the sidebar's context menu and the hosts page's row menu: Edit host
// is always offered (an offline host is often the one whose port or password needs fixing).
import { describe, expect, it } from 'vitest';
import { hostMenuOptions } from '../../../src-renderer/src/views/host-menu';

const t = (key: string) => `<${key}>`;

describe('the host menu', () => {
  it('offers Open, Edit host, Connect now (only offline) and Remove, whatever the state', () => {
    for (const state of ['online', 'connecting', 'offline'] as const) {
      const items = hostMenuOptions(t, state).filter((o) => o.type !== 'divider');
      expect(items.map((o) => [o.key, o.label])).toEqual([
        ['open', '<hostMenu.open>'],
        ['edit', '<editHost.menu>'],
        ['connect', '<hostMenu.connect>'],
        ['remove', '<hostMenu.remove>'],
      ]);
      expect(items.find((o) => o.key === 'edit')?.disabled).toBeFalsy();
      expect(items.find((o) => o.key === 'connect')?.disabled).toBe(state !== 'offline');
    }
  });
});
