// Which lifecycle actions a guest offers in each state, the tag colour of each state, and the
// inventory.changed diff applied to the list the page shows.
import type { DomainStateName, GuestView, InventoryChangeView } from '@shared/api/hosts-types';

export type GuestAction = 'start' | 'pause' | 'unpause' | 'shutdown' | 'reboot' | 'destroy';

export function actionsFor(state: DomainStateName): GuestAction[] {
  switch (state) {
    case 'stopped':
      return ['start'];
    case 'paused':
      return ['unpause', 'shutdown', 'destroy'];
    case 'running':
    case 'blocked':
      return ['pause', 'shutdown', 'reboot', 'destroy'];
    case 'crashed':
    case 'shutdown':
    case 'dying':
      return ['destroy'];
  }
}

export type TagType = 'success' | 'info' | 'warning' | 'error' | 'default';

export function stateTagType(state: DomainStateName): TagType {
  switch (state) {
    case 'running':
      return 'success';
    case 'blocked':
      return 'info';
    case 'paused':
      return 'warning';
    case 'crashed':
      return 'error';
    case 'shutdown':
    case 'dying':
    case 'stopped':
      return 'default';
  }
}

export function applyChanges(guests: GuestView[], changes: InventoryChangeView[]): GuestView[] {
  let out = [...guests];
  for (const ch of changes) {
    if (ch.kind === 'removed') out = out.filter((g) => g.name !== ch.name);
    else if (ch.kind === 'added') out = [...out.filter((g) => g.name !== ch.guest.name), ch.guest];
    else out = out.map((g) => (g.name === ch.guest.name ? ch.guest : g));
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
