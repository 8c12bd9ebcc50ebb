// The live inventory against simulated dom0s (issue 5 §6): guests created and destroyed behind
// XenDeck's back arrive as inventory.changed through xenstore-watch (xl and legacy xm host), with
// the poll and the safety poll set to 10 minutes so nothing but the watch can explain the events;
// drift per field with its direction, kept across a restart of XenDeck; cfg texts answered from
// the cache only while the host is offline (RS-10), and forgotten with the host.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostsArea } from '../../../src-main/core/services/hosts-area';
import type { HostsService } from '../../../src-main/core/services/hosts-service';
import type { ConnectionChanged, InventoryChanged, InventoryChangeView } from '../../../src-main/shared/api/hosts-types';
import { hostPids, killSshd, restartSshd, startHosts, stopHosts, type HostInfo } from '../../dom0-sim';
import { sshRun, until } from '../../dom0-sim/ssh-run';

const dir = mkdtempSync(join(tmpdir(), 'xendeck-inv-live-'));
const dataDir = join(dir, 'data');
const TEN_MINUTES = 600_000;
let xl: HostInfo;
let xm: HostInfo;
let area: HostsArea;
let svc: HostsService;
const events: InventoryChanged[] = [];
const connections: ConnectionChanged[] = [];
let release: (() => void) | null = null;

function openArea(): HostsArea {
  // userKnownHosts: [] so the developer's ~/.ssh/known_hosts plays no part; keys are pinned.
  const a = new HostsArea({ dataDir, userKnownHosts: [], refreshMs: TEN_MINUTES, watchSafetyMs: TEN_MINUTES, backoffBaseMs: 200 });
  a.events.on('inventoryChanged', (e) => events.push(e));
  a.events.on('connectionChanged', (e) => connections.push(e));
  return a;
}

async function run(h: HostInfo, command: string): Promise<void> {
  const r = await sshRun(dir, h, command);
  expect(r, command).toMatchObject({ code: 0 });
}

/** The first inventory.changed of HOST after index FROM that PRED accepts (bounded wait, not a timing claim). */
async function changed(host: string, from: number, pred: (e: InventoryChanged) => boolean): Promise<InventoryChanged> {
  const found = await until(
    async () => events.slice(from).find((e) => e.host === host && pred(e)),
    (e) => e !== undefined,
    30_000,
  );
  expect(found, `an inventory.changed event of ${host}`).toBeDefined();
  return found as InventoryChanged;
}

/** xenstore-watch processes running on the simulated host now. */
async function watchers(h: HostInfo): Promise<number> {
  const p = hostPids(dir, h.name);
  let n = 0;
  for (const pid of [...p.sessions, ...p.guests]) {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (argv.some((a) => a === 'xenstore-watch' || a.endsWith('/xenstore-watch'))) n++;
    } catch {
      // gone meanwhile
    }
  }
  return n;
}

type GuestChange = Exclude<InventoryChangeView, { kind: 'removed' }>;
const guest = (e: InventoryChanged, name: string): GuestChange | undefined =>
  e.changes.find((c): c is GuestChange => c.kind !== 'removed' && c.guest.name === name);

beforeAll(async () => {
  [xl, xm] = (await startHosts({ count: 2, legacy: 1, dir })) as [HostInfo, HostInfo];
  area = openArea();
  svc = await area.service();
  for (const [name, h] of [['dom0a', xl], ['legacy', xm]] as const) {
    await svc.addHost({ name, address: h.address, port: h.port, user: h.user, auth: { method: 'key', keyFile: h.identityFile }, hostKeyFingerprint: h.hostKeyFingerprint, cfgDirs: [h.cfgDir] });
  }
});

afterAll(async () => {
  release?.();
  await area?.close();
  await stopHosts(dir);
  rmSync(dir, { recursive: true, force: true });
});

describe('live inventory on simulated hosts', () => {
  it('watches: a guest created and destroyed behind XenDeck\'s back is pushed without a poll (xl and xm)', async () => {
    await svc.connectHost('dom0a');
    await svc.connectHost('legacy');
    release = area.live.acquire();
    // the first tick reads each host once and starts its watch; both poll and safety poll are 10 minutes away
    await until(async () => [svc.liveMode('dom0a').mode, svc.liveMode('legacy').mode], (m) => m.every((x) => x === 'watching'));
    expect(svc.liveMode('dom0a')).toEqual({ mode: 'watching' });
    expect(svc.liveMode('legacy')).toEqual({ mode: 'watching' });
    await until(async () => events.filter((e) => e.changes.some((c) => c.kind === 'added')).length, (n) => n >= 2);

    let from = events.length;
    await run(xl, `xl create -q ${join(xl.cfgDir, 'win2003.cfg')}`);
    const up = await changed('dom0a', from, (e) => guest(e, 'win2003')?.guest.domid != null);
    expect(guest(up, 'win2003')).toMatchObject({ kind: 'changed', guest: { state: expect.stringMatching(/running|blocked/) } });

    from = events.length;
    await run(xm, 'xm create -q multidisk');
    await changed('legacy', from, (e) => guest(e, 'multidisk')?.guest.domid != null);

    from = events.length;
    await run(xl, 'xl destroy win2003');
    const down = await changed('dom0a', from, (e) => guest(e, 'win2003')?.guest.state === 'stopped');
    expect(guest(down, 'win2003')).toMatchObject({ guest: { domid: null } });

    from = events.length;
    await run(xm, 'xm destroy multidisk');
    await changed('legacy', from, (e) => guest(e, 'multidisk')?.guest.state === 'stopped');
    // still watched, never fell back to polling: one watcher per path on each host
    expect(svc.liveMode('dom0a').mode).toBe('watching');
    expect(await until(() => watchers(xl), (n) => n === 2)).toBe(2);
    expect(await until(() => watchers(xm), (n) => n === 2)).toBe(2);

    // the watch ends with its connection and is back as soon as the host reconnects
    const mark = connections.length;
    await restartSshd(dir, xm.name);
    await until(async () => connections.slice(mark).map((c) => (c.host === 'legacy' ? c.state : '')).join(' '), (s) => /offline.*online/.test(s));
    await until(async () => svc.liveMode('legacy').mode, (m) => m === 'watching');
    from = events.length;
    await run(xm, 'xm create -q multidisk');
    await changed('legacy', from, (e) => guest(e, 'multidisk')?.guest.domid != null);
    from = events.length;
    await run(xm, 'xm destroy multidisk');
    await changed('legacy', from, (e) => guest(e, 'multidisk')?.guest.state === 'stopped');
  });

  it('drift: an edited cfg is "changed on disk, not applied", a mem-set "changed live, not saved", also after a restart of XenDeck', async () => {
    const cfg = join(xl.cfgDir, 'multidisk.cfg');
    await svc.domainAction('dom0a', 'multidisk', 'start');
    const started = (await svc.inventory('dom0a')).inventory?.guests.find((g) => g.name === 'multidisk');
    expect(started).toMatchObject({ cfg: { memoryMiB: 192 }, live: { memoryMiB: 192 }, drift: [] });

    let from = events.length;
    await run(xl, `sed -i 's/^memory *=.*/memory = 160/' ${cfg}`);
    const disk = (await svc.inventory('dom0a')).inventory?.guests.find((g) => g.name === 'multidisk');
    expect(disk?.drift).toEqual([{ field: 'memoryMiB', disk: 160, live: 192, kind: 'changed on disk, not applied' }]);
    // the UI is told: the change carries the drift
    const pushed = await changed('dom0a', from, (e) => guest(e, 'multidisk')?.kind === 'changed');
    expect(guest(pushed, 'multidisk')).toMatchObject({ fields: expect.arrayContaining(['cfg', 'drift']), guest: { drift: disk?.drift } });

    await run(xl, `sed -i 's/^memory *=.*/memory = 192/' ${cfg}`);
    expect((await svc.inventory('dom0a')).inventory?.guests.find((g) => g.name === 'multidisk')?.drift).toEqual([]);
    from = events.length;
    await run(xl, 'xl mem-set multidisk 128m');
    const live = (await svc.inventory('dom0a')).inventory?.guests.find((g) => g.name === 'multidisk');
    expect(live?.drift).toEqual([{ field: 'memoryMiB', disk: 192, live: 128, kind: 'changed live, not saved' }]);

    // no listener left: the watches end on the hosts too
    release?.();
    release = null;
    expect(await until(async () => (await watchers(xl)) + (await watchers(xm)), (n) => n === 0)).toBe(0);
    // a new XenDeck process on the same data directory keeps the direction
    await area.close();
    area = openArea();
    svc = await area.service();
    const again = (await svc.inventory('dom0a', true)).inventory?.guests.find((g) => g.name === 'multidisk');
    expect(again?.drift).toEqual([{ field: 'memoryMiB', disk: 192, live: 128, kind: 'changed live, not saved' }]);
  });

  it('RS-10: an offline host answers cfgFiles.read/list from the cache with cachedAt; online never; writes fail; removeHost forgets', async () => {
    const p = svc.profile('dom0a');
    const first = await svc.readCfgFile('dom0a', xl.cfgDir, 'win2003.cfg');
    expect(first).not.toHaveProperty('cachedAt');
    await run(xl, `echo '# edited on the host' >> ${join(xl.cfgDir, 'win2003.cfg')}`);
    const second = await svc.readCfgFile('dom0a', xl.cfgDir, 'win2003.cfg');
    expect(second).not.toHaveProperty('cachedAt');
    expect(second.text).toBe(`${first.text}# edited on the host\n`);
    expect((await svc.listCfgFiles('dom0a')).every((f) => f.cachedAt === undefined)).toBe(true);

    await killSshd(dir, xl.name);
    await until(async () => svc.stateOf(p), (s) => s !== 'online');
    const cached = await svc.readCfgFile('dom0a', xl.cfgDir, 'win2003.cfg');
    expect(cached).toMatchObject({ text: second.text, sha256: second.sha256, mode: second.mode, mtime: second.mtime, cachedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    // the inventory read every cfg of the directory: those are there too, without stat data
    const seed = await svc.readCfgFile('dom0a', xl.cfgDir, 'seed-hvm.cfg');
    expect(seed).toMatchObject({ text: expect.stringContaining('name'), cachedAt: expect.any(String) });
    const list = await svc.listCfgFiles('dom0a');
    expect(list.map((f) => f.name)).toEqual(expect.arrayContaining(['multidisk.cfg', 'seed-hvm.cfg', 'win2003.cfg']));
    expect(list.every((f) => typeof f.cachedAt === 'string')).toBe(true);
    await expect((async () => (await svc.cfgFiles('dom0a')).write(xl.cfgDir, 'win2003.cfg', 'name = "x"\n', { expected: 'force' }))()).rejects.toMatchObject({ code: 'HOST_UNREACHABLE' });

    const hostCache = join(dataDir, 'cfg-cache', encodeURIComponent(p.id));
    expect(statSync(hostCache).mode & 0o777).toBe(0o700);
    for (const f of readdirSync(join(hostCache, encodeURIComponent(xl.cfgDir)))) {
      expect(statSync(join(hostCache, encodeURIComponent(xl.cfgDir), f)).mode & 0o777).toBe(0o600);
    }
    await svc.removeHost('dom0a');
    expect(existsSync(hostCache)).toBe(false);
    expect(existsSync(join(dataDir, 'inventory', `${encodeURIComponent(p.id)}.drift.json`))).toBe(false);
    expect(existsSync(join(dataDir, 'inventory', `${encodeURIComponent(p.id)}.json`))).toBe(false);
  });
});
