// RS-4 for a save, through the contract as the UI meets it — browser-mode carrier (a raw `ws`
// client) → dispatcher → HostsService → ssh2 → simulated dom0s: the connection is cut while
// `xl save` / `xm save` writes the guest (the saveDelaySeconds knob holds it after the image
// header), so the call fails with an outcome-unknown error, the save finishes on the host without
// its connection, and nothing sends it again. What the host ran is read from the simulator's exec
// log. Same setup as faults.int.test.ts: the app's keepalive, a short reconnect backoff.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryView, SavedImagesView } from '../../../src-main/shared/api/hosts-types';
import { dropConnections, execLog, execsOf, hostDirOf, knobReached, setKnobs, startHosts, stopHosts, type HostInfo } from '../../dom0-sim';
import { guestOn as guestOnApi, startContractServer, waitConnection as waitConnectionApi, type ContractServer } from './contract-harness';

const dir = mkdtempSync(join(tmpdir(), 'xendeck-api-faults-save-'));
const dataDir = join(dir, 'data');
let xl: HostInfo;
let xm: HostInfo;
let api: ContractServer;
let c: ContractServer['c'];
let send: ContractServer['send'];
let ok: ContractServer['ok'];

const CONNECTION = 201;
const waitConnection = (host: string, from: number, state: 'connecting' | 'online' | 'offline', ms: number) => waitConnectionApi(api, CONNECTION, host, from, state, ms);
const guestOn = (host: string, name: string, ms: number, pred: Parameters<typeof guestOnApi>[4]) => guestOnApi(api, host, name, ms, pred);

/** Inside the host's own tree, never this machine's /var/lib/xen/save. */
const saveDir = (h: HostInfo) => join(hostDirOf(dir, h.name), 'save-rs4');

beforeAll(async () => {
  [xl, xm] = (await startHosts({ count: 2, legacy: 1, dir })) as [HostInfo, HostInfo];
  api = await startContractServer({ dir, hosts: { dataDir, userKnownHosts: [], backoffBaseMs: 200 } });
  ({ c, send, ok } = api);
  api.subscribe(CONNECTION, 'hosts.connectionChanged');
  for (const [name, h] of [
    ['xl1', xl],
    ['xm1', xm],
  ] as const) {
    await ok('hosts.add', { name, address: h.address, port: h.port, user: h.user, auth: { method: 'key', keyFile: h.identityFile }, hostKeyFingerprint: h.hostKeyFingerprint, cfgDirs: [h.cfgDir] });
    await ok('domains.start', { host: name, name: 'win2003' }, 30_000);
  }
});

afterAll(async () => {
  await api?.close();
  await stopHosts(dir);
  rmSync(dir, { recursive: true, force: true });
});

describe('a save cut mid-way (RS-4)', () => {
  for (const [label, which] of [
    ['xl1', () => xl],
    ['xm1', () => xm],
  ] as const) {
    it(`${label}: the call fails as outcome-unknown, the save finishes on the host, one save ran, the image restores`, async () => {
      const h = which();
      const tool = h.toolstack;
      const saves = () => execsOf(execLog(dir, h.name), tool, 'save');
      const target = saveDir(h);
      setKnobs(dir, h.name, { saveDelaySeconds: 3 });
      const from = c.frames.length;
      const waits = knobReached(dir, h.name, 'saveDelaySeconds');
      try {
        const save = send('domains.save', { host: label, name: 'win2003', dir: target });
        // cut while the guest is being written: the image header is on disk, the memory is not yet
        await c.until(() => knobReached(dir, h.name, 'saveDelaySeconds') > waits || undefined, `${tool} save to be writing win2003`, 20_000);
        expect(saves()).toHaveLength(1);
        await dropConnections(dir, h.name);
        // XenDeck can't know whether the save happened: the call fails, it neither guesses nor retries
        const r = await save.reply(15_000);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.error).toMatchObject({ code: 'HOST_UNREACHABLE', hint: expect.stringContaining('may or may not have taken effect on the host') });
        await waitConnection(label, from, 'online', 30_000);
      } finally {
        setKnobs(dir, h.name, {});
      }
      // the save went on without its connection: the guest stopped once its memory was written
      const stopped = await guestOn(label, 'win2003', 30_000, (g) => g.domid === null);
      expect(stopped.domid).toBeNull();
      const images = await ok<SavedImagesView>('domains.savedImages', { host: label, dir: target });
      expect(images.images.map((i) => [i.name, i.path])).toEqual([['win2003', join(target, 'win2003')]]);
      // later reads and ticks did not send it again
      await ok<InventoryView>('inventory.get', { host: label });
      expect(saves()).toHaveLength(1);
      // and the image is whole: the guest comes back from it
      await ok('domains.restore', { host: label, name: 'win2003', dir: target }, 60_000);
      const back = await guestOn(label, 'win2003', 30_000, (g) => g.domid !== null && g.state !== 'paused');
      expect(['running', 'blocked']).toContain(back.state);
    });
  }
});
