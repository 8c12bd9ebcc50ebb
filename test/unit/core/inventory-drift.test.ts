// Drift baselines (issue 5 §6): the (cfg, live) pair of a domain when XenDeck first sees it run
// gives each difference its direction, survives a restart of XenDeck, and starts over when the
// guest gets a new domain id. Drift changes are pushed like any other change.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DriftBaselines } from '../../../src-main/core/inventory/baselines';
import { diffInventory } from '../../../src-main/core/inventory/diff';
import type { InventoryGuest } from '../../../src-main/core/inventory/types';

const tmp = mkdtempSync(join(tmpdir(), 'xendeck-drift-unit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function web(domid: number | null, diskMiB: number, liveMiB: number | null): InventoryGuest {
  return {
    name: 'web',
    domid,
    state: domid === null ? 'stopped' : 'running',
    memoryMiB: liveMiB ?? diskMiB,
    vcpus: 2,
    cfg: { path: '/etc/xen/web.cfg', name: 'web', memoryMiB: diskMiB, vcpus: 2 },
    live: domid === null || liveMiB === null ? null : { memoryMiB: liveMiB, vcpus: 2 },
  };
}

describe('drift baselines', () => {
  it('tells "changed on disk, not applied" from "changed live, not saved", and keeps the direction across a restart of XenDeck', async () => {
    const dir = join(tmp, 'a');
    const b = new DriftBaselines(dir);
    expect((await b.apply('h1', [web(3, 1024, 1024)]))[0]?.drift).toEqual([]);
    // the file is edited on the host
    const disk = await b.apply('h1', [web(3, 2048, 1024)]);
    expect(disk[0]?.drift).toEqual([{ field: 'memoryMiB', disk: 2048, live: 1024, kind: 'changed on disk, not applied' }]);
    // a new XenDeck process reads the baseline from the data dir
    const again = new DriftBaselines(dir);
    expect((await again.apply('h1', [web(3, 1024, 768)]))[0]?.drift).toEqual([{ field: 'memoryMiB', disk: 1024, live: 768, kind: 'changed live, not saved' }]);
    const file = join(dir, 'inventory', 'h1.drift.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('a new domain id starts a new baseline; a stopped guest has no drift and loses its baseline', async () => {
    const dir = join(tmp, 'b');
    const b = new DriftBaselines(dir);
    await b.apply('h1', [web(3, 1024, 1024)]);
    // restarted with the edited file: domain 4 runs what the file says, nothing to report
    expect((await b.apply('h1', [web(4, 2048, 2048)]))[0]?.drift).toEqual([]);
    // first seen already different (XenDeck started after the change): no direction
    const other = new DriftBaselines(join(tmp, 'c'));
    expect((await other.apply('h1', [web(7, 1024, 512)]))[0]?.drift).toEqual([{ field: 'memoryMiB', disk: 1024, live: 512, kind: 'differs' }]);
    const stopped = await b.apply('h1', [web(null, 2048, null)]);
    expect(stopped[0]).not.toHaveProperty('drift');
    expect(JSON.parse(readFileSync(join(dir, 'inventory', 'h1.drift.json'), 'utf8')).guests).toEqual({});
  });

  it('a missing long listing leaves the baseline alone', async () => {
    const b = new DriftBaselines(join(tmp, 'd'));
    await b.apply('h1', [web(3, 1024, 1024)]);
    expect((await b.apply('h1', [web(3, 1024, null)]))[0]).not.toHaveProperty('drift');
    expect((await b.apply('h1', [web(3, 1024, 512)]))[0]?.drift?.[0]?.kind).toBe('changed live, not saved');
  });

  it('a drift change is a change of the guest (the UI is told)', async () => {
    const b = new DriftBaselines(join(tmp, 'e'));
    const before = await b.apply('h1', [web(3, 1024, 1024)]);
    const after = await b.apply('h1', [web(3, 2048, 1024)]);
    expect(diffInventory(before, after)).toEqual([{ kind: 'changed', guest: after[0], fields: ['cfg', 'drift'] }]);
  });

  it('remove forgets the host', async () => {
    const dir = join(tmp, 'f');
    const b = new DriftBaselines(dir);
    await b.apply('h1', [web(3, 1024, 1024)]);
    await b.remove('h1');
    expect(existsSync(join(dir, 'inventory', 'h1.drift.json'))).toBe(false);
  });
});
