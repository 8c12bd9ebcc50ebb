// RS-4 for a save, through the contract as the UI meets it — browser-mode carrier (a raw `ws`
// client) → dispatcher → HostsService → ssh2 → simulated dom0s: the connection is cut while
// `xl save` / `xm save` writes the guest (the saveDelaySeconds knob holds it after the image
// header), so the call fails with an outcome-unknown error, the save finishes on the host without
// its connection, and nothing sends it again. What the host ran is read from the simulator's exec
// log. Same setup as faults.int.test.ts: the app's keepalive, a short reconnect backoff.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../src-main/core/dispatch/create-dispatcher';
import { createServices, type Services } from '../../../src-main/core/dispatch/services';
import { HostsArea } from '../../../src-main/core/services/hosts-area';
import type { ConnectionChanged, InventoryView, SavedImagesView } from '../../../src-main/shared/api/hosts-types';
import type { ServerFrame } from '../../../src-main/shared/api/wire';
import { startWebServer, type WebServer } from '../../../src-main/transport/web-server';
import { dropConnections, execLog, execsOf, hostDirOf, knobReached, setKnobs, startHosts, stopHosts, type HostInfo } from '../../dom0-sim';
import { RawClient } from '../transport/helpers';

const dir = mkdtempSync(join(tmpdir(), 'xendeck-api-faults-save-'));
const dataDir = join(dir, 'data');
const rendererDir = join(dir, 'renderer');
let xl: HostInfo;
let xm: HostInfo;
let services: Services;
let server: WebServer;
let c: RawClient;

type Evt = Extract<ServerFrame, { t: 'evt' }>;
type Reply = Extract<ServerFrame, { t: 'res' }>['reply'];
const CONNECTION = 201;

let nextId = 10_000;
/** Sends a request now; the reply is awaited separately (RawClient.request gives up after 10 s). */
function send(name: string, input: unknown): { reply: (ms?: number) => Promise<Reply> } {
  const id = nextId++;
  c.sendJson({ t: 'req', id, name, input });
  return {
    reply: async (ms = 10_000) =>
      (await c.until(() => c.frames.find((f): f is Extract<ServerFrame, { t: 'res' }> => f.t === 'res' && f.id === id), `the reply to ${name}`, ms)).reply,
  };
}

async function ok<T>(name: string, input: unknown, ms?: number): Promise<T> {
  const r = await send(name, input).reply(ms);
  if (!r.ok) throw new Error(`${name} failed: ${JSON.stringify(r.error)}`);
  return r.result as T;
}

function waitConnection(host: string, from: number, state: ConnectionChanged['state'], ms: number): Promise<ConnectionChanged> {
  return c.until(
    () =>
      c.frames
        .slice(from)
        .filter((f): f is Evt => f.t === 'evt' && f.id === CONNECTION)
        .map((e) => e.payload as ConnectionChanged)
        .find((p) => p.host === host && p.state === state),
    `${host} ${state}`,
    ms,
  );
}

async function guestOn(host: string, name: string, ms: number, pred: (g: InventoryView['guests'][number]) => boolean) {
  const deadline = Date.now() + ms;
  for (;;) {
    const inv = await ok<InventoryView>('inventory.get', { host }, ms);
    const g = inv.guests.find((x) => x.name === name);
    if (g !== undefined && pred(g)) return g;
    if (Date.now() > deadline) throw new Error(`${host}/${name} never matched; last seen: ${JSON.stringify(g)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Inside the host's own tree, never this machine's /var/lib/xen/save. */
const saveDir = (h: HostInfo) => join(hostDirOf(dir, h.name), 'save-rs4');

beforeAll(async () => {
  [xl, xm] = (await startHosts({ count: 2, legacy: 1, dir })) as [HostInfo, HostInfo];
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>XenDeck test</title>');
  const hosts = new HostsArea({ dataDir, userKnownHosts: [], backoffBaseMs: 200 });
  services = createServices({ name: 'XenDeck', version: '0.0.0-test' }, { hosts });
  server = await startWebServer({ host: '127.0.0.1', port: 0, rendererDir, dispatcher: createDispatcher(services) });
  c = new RawClient(`ws://127.0.0.1:${server.port}/api?token=${encodeURIComponent(server.token)}`, `http://127.0.0.1:${server.port}`);
  await new Promise<void>((resolve, reject) => {
    c.ws.once('open', () => resolve());
    c.ws.once('error', reject);
  });
  c.sendJson({ t: 'sub', id: CONNECTION, name: 'hosts.connectionChanged' });
  for (const [name, h] of [
    ['xl1', xl],
    ['xm1', xm],
  ] as const) {
    await ok('hosts.add', { name, address: h.address, port: h.port, user: h.user, auth: { method: 'key', keyFile: h.identityFile }, hostKeyFingerprint: h.hostKeyFingerprint, cfgDirs: [h.cfgDir] });
    await ok('domains.start', { host: name, name: 'win2003' }, 30_000);
  }
});

afterAll(async () => {
  c?.close();
  await server?.close();
  await services?.hosts.close();
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
