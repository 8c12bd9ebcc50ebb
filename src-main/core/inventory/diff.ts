// Successive inventories of one host → only the changes, as events (issue 5 §6: only changes are
// pushed). A guest is identified by name; a new domid for the same name is a change of that guest.
import type { InventoryGuest } from './types';

export type InventoryChange =
  | { kind: 'added'; guest: InventoryGuest }
  | { kind: 'removed'; name: string }
  | { kind: 'changed'; guest: InventoryGuest; fields: (keyof InventoryGuest)[] };

// drift is among them: a guest whose file was edited changes only there, and the UI must hear it.
const FIELDS: (keyof InventoryGuest)[] = ['domid', 'state', 'memoryMiB', 'vcpus', 'cfg', 'live', 'drift'];

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function diffInventory(before: InventoryGuest[], after: InventoryGuest[]): InventoryChange[] {
  const old = new Map(before.map((g) => [g.name, g]));
  const changes: InventoryChange[] = [];
  for (const g of after) {
    const prev = old.get(g.name);
    old.delete(g.name);
    if (prev === undefined) {
      changes.push({ kind: 'added', guest: g });
      continue;
    }
    const fields = FIELDS.filter((f) => !same(prev[f], g[f]));
    if (fields.length > 0) changes.push({ kind: 'changed', guest: g, fields });
  }
  for (const name of old.keys()) changes.push({ kind: 'removed', name });
  return changes;
}
