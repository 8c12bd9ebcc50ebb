// The drift kinds of the contract (plain English sentences from the core) as catalogue keys.
import type { DriftKind } from '@shared/api/hosts-types';

export function driftKindKey(kind: DriftKind): string {
  switch (kind) {
    case 'changed on disk, not applied':
      return 'guest.drift.kinds.onDisk';
    case 'changed live, not saved':
      return 'guest.drift.kinds.live';
    case 'changed on disk and live':
      return 'guest.drift.kinds.both';
    case 'differs':
      return 'guest.drift.kinds.differs';
  }
}

export function driftKindTag(kind: DriftKind): 'info' | 'warning' | 'error' | 'default' {
  switch (kind) {
    case 'changed on disk, not applied':
      return 'info';
    case 'changed live, not saved':
      return 'warning';
    case 'changed on disk and live':
      return 'error';
    case 'differs':
      return 'default';
  }
}
