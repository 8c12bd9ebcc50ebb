// Both carriers serve exactly the contract's names (after Rancher Desktop's check of its second
// carrier against the spec): the browser-mode server over a real WebSocket, and the Electron IPC
// binding through fakes of ipcMain (Electron cannot start here).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, EVENT_NAMES, IPC_CANCEL_CHANNEL, REQUEST_NAMES, STREAM_NAMES, ipcChannel } from '../../../src-main/shared/api';
import { createDispatcher } from '../../../src-main/core/dispatch/create-dispatcher';
import { createServices } from '../../../src-main/core/dispatch/services';
import { bindIpc } from '../../../src-main/transport/electron/ipc-binding';
import { closeAllPorts, FakeIpcMain, fakeMessageChannelMain } from '../../unit/transport/fake-electron';
import { RawClient, startTestServer, type TestServer } from './helpers';

// A name that is surely not in the contract, built from one that is.
const outsider = (n: string) => `${n}.x`;

describe('the browser-mode carrier', () => {
  let server: TestServer;
  let c: RawClient;
  beforeAll(async () => {
    server = await startTestServer();
    c = await RawClient.connect(server);
  });
  afterAll(async () => {
    c.close();
    await server.stop();
  });

  it('serves every contract request (reached the schema, not UNKNOWN_NAME) and no other', async () => {
    for (const name of REQUEST_NAMES) {
      const r = await c.request(name, { __notInAnyContract: true });
      expect(!r.ok && r.error.code, name).toBe('INVALID_INPUT');
      const o = await c.request(outsider(name), {});
      expect(!o.ok && o.error.code, outsider(name)).toBe('UNKNOWN_NAME');
    }
  });

  it('serves every contract event and no other', async () => {
    let id = 500;
    for (const name of [...EVENT_NAMES, ...EVENT_NAMES.map(outsider)]) {
      const sub = id++;
      c.sendJson({ t: 'sub', id: sub, name });
      const f = await c.until(() => c.frames.find((x) => x.t === 'res' && x.id === sub), `sub ${name}`);
      expect(f.t === 'res' && (f.reply.ok ? 'ok' : f.reply.error.code), name).toBe((EVENT_NAMES as string[]).includes(name) ? 'ok' : 'UNKNOWN_NAME');
      c.sendJson({ t: 'unsub', id: sub });
    }
  });

  it('serves every contract stream and no other', async () => {
    let id = 900;
    for (const name of [...STREAM_NAMES, ...STREAM_NAMES.map(outsider)]) {
      const open = id++;
      c.sendJson({ t: 'open', id: open, name, args: {} });
      const f = await c.until(() => c.frames.find((x) => (x.t === 'opened' || x.t === 'res') && x.id === open), `open ${name}`);
      if ((STREAM_NAMES as string[]).includes(name)) expect(f.t, name).toBe('opened');
      else expect(f.t === 'res' && !f.reply.ok && f.reply.error.code, name).toBe('UNKNOWN_NAME');
      if (f.t === 'opened') c.sendJson({ t: 'close', sid: f.sid });
    }
  });
});

describe('the Electron IPC carrier', () => {
  afterAll(() => closeAllPorts());

  it('registers a channel for exactly the contract names, derived from the contract', () => {
    const ipcMain = new FakeIpcMain();
    bindIpc({
      ipcMain,
      dispatcher: createDispatcher(createServices({ name: 'XenDeck', version: '1' })),
      policy: { origins: ['app://xendeck'], webContentsIds: new Set() },
      createChannel: fakeMessageChannelMain,
    });
    const served = { requests: new Set<string>(), events: new Set<string>(), streams: new Set<string>() };
    // Besides the contract's own channels there is exactly one: cancelling a call in flight.
    expect(ipcMain.handlers.has(IPC_CANCEL_CHANNEL)).toBe(true);
    for (const ch of ipcMain.handlers.keys()) {
      if (ch === IPC_CANCEL_CHANNEL) continue;
      const m = /^xendeck:(req|sub|unsub|open):(.+)$/.exec(ch);
      expect(m, ch).not.toBeNull();
      const [, kind, name] = m as RegExpExecArray;
      if (kind === 'req') served.requests.add(name);
      else if (kind === 'open') served.streams.add(name);
      else {
        served.events.add(name);
        expect(ipcMain.handlers.has(kind === 'sub' ? ipcChannel.unsubscribe(name) : ipcChannel.subscribe(name))).toBe(true);
      }
    }
    expect([...served.requests].sort()).toEqual(Object.keys(contract.requests).sort());
    expect([...served.events].sort()).toEqual(Object.keys(contract.events).sort());
    expect([...served.streams].sort()).toEqual(Object.keys(contract.streams).sort());
  });
});
