// The inventory against a simulated xl dom0 (issue 5 §6): one exec per tick, running guests
// matched with their cfg file by name, diffs carrying only the changes, drift after a live change.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostConnection } from '../../../src-main/core/hosts/connection';
import { KnownHosts } from '../../../src-main/core/hosts/known-hosts';
import { diffInventory } from '../../../src-main/core/inventory/diff';
import { computeDrift } from '../../../src-main/core/inventory/drift';
import { readInventory } from '../../../src-main/core/inventory/refresh';
import { MemorySecrets } from '../../../src-main/core/store/secrets';
import { xlToolstack } from '../../../src-main/core/toolstack/adapter';
import type { Exec } from '../../../src-main/core/toolstack/adapter';
import { startHosts, stopHosts, type HostInfo } from '../../dom0-sim';

const dir = mkdtempSync(join(tmpdir(), 'xendeck-inv-sim-'));
let h: HostInfo;
let conn: HostConnection;
let execs = 0;
const exec: Exec = (argv, o) => {
  execs++;
  return conn.exec(argv, o);
};

beforeAll(async () => {
  [h] = (await startHosts({ count: 1, legacy: 0, dir })) as [HostInfo];
  conn = new HostConnection({
    profile: { name: h.name, address: h.address, port: h.port, user: h.user, auth: { method: 'key', keyFile: h.identityFile }, hostKeyFingerprint: h.hostKeyFingerprint },
    knownHosts: new KnownHosts(),
    secrets: new MemorySecrets(),
  });
  await conn.connect();
});
afterAll(async () => {
  conn?.close();
  await stopHosts(dir);
  rmSync(dir, { recursive: true, force: true });
});

describe('inventory on a simulated host', () => {
  it('reads running and defined guests in one command, diffs only changes, and shows a live change as drift', async () => {
    // a hostile cfg file name is only data (IN-1)
    writeFileSync(join(h.cfgDir, "x;touch $(echo pwned)'.cfg"), 'name = "odd guest"\nmemory = 64\n');
    const target = { host: h.name, exec, kind: 'xl' as const, cfgDirs: [h.cfgDir] };
    execs = 0;
    const first = await readInventory(target);
    expect(execs).toBe(1);
    expect(first.guests.map((g) => [g.name, g.domid, g.state])).toEqual([
      ['ExampleHVMDomain', null, 'stopped'],
      ['multidisk', null, 'stopped'],
      ['odd guest', null, 'stopped'],
      ['win2003', null, 'stopped'],
    ]);
    const ts = xlToolstack({ host: h.name, exec: (a, o) => conn.exec(a, o) });
    await ts.create(join(h.cfgDir, 'win2003.cfg'));
    execs = 0;
    const second = await readInventory(target);
    expect(execs).toBe(1);
    const win = second.guests.find((g) => g.name === 'win2003');
    expect(win?.domid).toBeGreaterThan(0);
    expect(win?.cfg?.path).toBe(join(h.cfgDir, 'win2003.cfg'));
    expect(win?.live?.memoryMiB).toBe(win?.cfg?.memoryMiB);
    const changes = diffInventory(first.guests, second.guests);
    expect(changes.map((c) => (c.kind === 'removed' ? c.name : c.guest.name))).toEqual(['win2003']);
    // Nothing else changed, so a re-read diffs to nothing — except that a guest just booted may
    // really go from running to blocked (idle) or back in between: that change is the host's.
    const again = diffInventory(second.guests, (await readInventory(target)).guests).filter(
      (c) => !(c.kind === 'changed' && c.fields.length === 1 && c.fields[0] === 'state' && ['running', 'blocked'].includes(c.guest.state)),
    );
    expect(again).toEqual([]);

    const baseline = { disk: { ...win?.cfg }, live: { ...win?.live } };
    await ts.memSet(win?.domid as number, (win?.cfg?.memoryMiB as number) - 64);
    const third = await readInventory(target);
    const now = third.guests.find((g) => g.name === 'win2003');
    const drift = computeDrift(now?.cfg ?? {}, now?.live ?? {}, baseline);
    expect(drift).toEqual([{ field: 'memoryMiB', disk: win?.cfg?.memoryMiB, live: (win?.cfg?.memoryMiB as number) - 64, kind: 'changed live, not saved' }]);
    await ts.destroy(win?.domid as number);
    rmSync(join(h.cfgDir, "x;touch $(echo pwned)'.cfg"));
  });
});
