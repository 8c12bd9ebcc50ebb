// The inventory's pure parts (issue 5 §6): the batched output, merging by name, diffs that carry
// only changes, drift per field with and without a baseline, and the on-disk cache.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inventoryArgv, parseInventoryOutput } from '../../../src-main/core/inventory/batch';
import { InventoryCache } from '../../../src-main/core/inventory/cache';
import { summarizeCfg } from '../../../src-main/core/inventory/cfg-summary';
import { diffInventory } from '../../../src-main/core/inventory/diff';
import { computeDrift } from '../../../src-main/core/inventory/drift';
import { mergeInventory } from '../../../src-main/core/inventory/merge';
import type { InventoryGuest } from '../../../src-main/core/inventory/types';
import type { DomainInfo } from '../../../src-main/core/toolstack/types';

const tmp = mkdtempSync(join(tmpdir(), 'xendeck-inv-unit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function dom(name: string, domid: number | null, state: DomainInfo['state'] = 'running'): DomainInfo {
  return { name, domid, state, stateLetters: 'r-----', memoryMiB: 512, vcpus: 1, cpuTimeSec: 1 };
}

describe('inventory batch command', () => {
  it('IN-1: runs through sh with the directories as arguments; hostile names stay data', () => {
    const bin = join(tmp, 'bin');
    const cfg = join(tmp, 'etc xen;$(touch pwned)');
    mkdirSync(bin);
    mkdirSync(cfg);
    writeFileSync(join(bin, 'xl'), '#!/bin/sh\nif [ "$2" = -l ]; then echo "[]"; else printf "Name ID Mem VCPUs State Time(s)\\nDomain-0 0 2048 2 r----- 1.0\\n"; fi\n');
    chmodSync(join(bin, 'xl'), 0o755);
    writeFileSync(join(cfg, 'web.cfg'), 'name = "web"\nmemory = 256\n');
    writeFileSync(join(cfg, "odd\nname'.cfg"), 'name = "odd"\n');
    writeFileSync(join(cfg, '.web.cfg.xendeck-0123456789ab.tmp'), 'name = "temp"\n');
    const [sh, c, script, ...args] = inventoryArgv('xl', false, [cfg]).map(String) as [string, string, string, ...string[]];
    const stdout = execFileSync(sh, [c, script, ...args], { cwd: tmp, env: { PATH: `${bin}:/usr/bin:/bin` }, encoding: 'utf8' });
    const out = parseInventoryOutput('h', stdout);
    expect(out.list.code).toBe(0);
    expect(out.long).toEqual({ code: 0, text: '[]\n' });
    expect(out.files.map((f) => f.path).sort()).toEqual([join(cfg, "odd\nname'.cfg"), join(cfg, 'web.cfg')]);
    expect(existsSync(join(tmp, 'pwned'))).toBe(false);
  });

  it('refuses output without its sections', () => {
    expect(() => parseInventoryOutput('dom0-1', 'garbage')).toThrow(expect.objectContaining({ code: 'COMMAND_FAILED' }));
  });
});

describe('merge, diff and drift', () => {
  const web = summarizeCfg('/etc/xen/web.cfg', 'name = "web"\nmemory = 1024\nvcpus = 2\n');
  const db = summarizeCfg('/etc/xen/db.cfg', 'name = "db"\nmemory = 2048\n');

  it('reads a cfg summary; a file without a name is not a guest', () => {
    expect(web).toEqual({ path: '/etc/xen/web.cfg', name: 'web', memoryMiB: 1024, vcpus: 2 });
    expect(summarizeCfg('/etc/xen/xl.conf', 'autoballoon = "off"\n')).toBeNull();
    expect(summarizeCfg('/etc/xen/legacy', "import os\nname = 'old' + 'vm'\nmemory = 64\n")).toMatchObject({ name: 'oldvm', memoryMiB: 64 });
  });

  it('matches running guests and cfg files by name; a stopped guest has domid null; Domain-0 is left out', () => {
    const guests = mergeInventory([dom('Domain-0', 0), dom('web', 3)], [], [web!, db!]);
    expect(guests.map((g) => [g.name, g.domid, g.state, g.cfg?.path ?? null])).toEqual([
      ['db', null, 'stopped', '/etc/xen/db.cfg'],
      ['web', 3, 'running', '/etc/xen/web.cfg'],
    ]);
    expect(guests[0]).toMatchObject({ memoryMiB: 2048, vcpus: 1 });
  });

  it('diffs only what changed', () => {
    const a = mergeInventory([dom('web', 3)], [], [web!, db!]);
    expect(diffInventory(a, a)).toEqual([]);
    const b = mergeInventory([dom('web', 3, 'paused'), dom('db', 4)], [], [web!, db!]);
    const changes = diffInventory(a, b);
    expect(changes).toHaveLength(2);
    expect(changes.find((c) => c.kind === 'changed' && c.guest.name === 'web')).toMatchObject({ fields: ['state'] });
    expect(changes.find((c) => c.kind === 'changed' && c.guest.name === 'db')).toMatchObject({ fields: expect.arrayContaining(['domid', 'state']) });
    const gone = diffInventory(b, mergeInventory([], [], [web!]));
    expect(gone.find((c) => c.kind === 'removed')).toEqual({ kind: 'removed', name: 'db' });
  });

  it('drift: the direction comes from the baseline seen at start', () => {
    const baseline = { disk: { memoryMiB: 1024, vcpus: 2 }, live: { memoryMiB: 1024, vcpus: 2 } };
    expect(computeDrift({ memoryMiB: 1024, vcpus: 2 }, { memoryMiB: 1024, vcpus: 2 }, baseline)).toEqual([]);
    expect(computeDrift({ memoryMiB: 2048, vcpus: 2 }, { memoryMiB: 1024, vcpus: 2 }, baseline)).toEqual([{ field: 'memoryMiB', disk: 2048, live: 1024, kind: 'changed on disk, not applied' }]);
    expect(computeDrift({ memoryMiB: 1024, vcpus: 2 }, { memoryMiB: 768, vcpus: 1 }, baseline)).toEqual([
      { field: 'memoryMiB', disk: 1024, live: 768, kind: 'changed live, not saved' },
      { field: 'vcpus', disk: 2, live: 1, kind: 'changed live, not saved' },
    ]);
    expect(computeDrift({ memoryMiB: 2048 }, { memoryMiB: 768 }, baseline)[0]?.kind).toBe('changed on disk and live');
    expect(computeDrift({ memoryMiB: 2048 }, { memoryMiB: 768 })[0]?.kind).toBe('differs');
    // a field the file does not set is not drift
    expect(computeDrift({}, { memoryMiB: 768, onCrash: 'destroy' })).toEqual([]);
  });
});

describe('inventory cache', () => {
  it('keeps the last inventory per host across instances; a broken file reads as none', async () => {
    const guests: InventoryGuest[] = mergeInventory([dom('web', 3)], [], []);
    await new InventoryCache(tmp).save('host-1', { host: 'dom0-1', at: '2026-11-25T06:00:00.000Z', guests });
    expect(await new InventoryCache(tmp).load('host-1')).toEqual({ host: 'dom0-1', at: '2026-11-25T06:00:00.000Z', guests });
    expect(await new InventoryCache(tmp).load('host-2')).toBeNull();
    writeFileSync(join(tmp, 'inventory', 'host-3.json'), '{broken');
    expect(await new InventoryCache(tmp).load('host-3')).toBeNull();
  });
});
