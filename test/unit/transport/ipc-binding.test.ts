// The Electron carrier's IPC binding: one channel per contract name, every call behind the sender
// check (EH-6), events and streams per window. Electron is faked (it cannot start here).
import type { MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EVENT_NAMES, IPC_CANCEL_CHANNEL, REQUEST_NAMES, STREAM_NAMES, ipcChannel, type Reply } from '../../../src-main/shared/api';
import { createDispatcher } from '../../../src-main/core/dispatch/create-dispatcher';
import { createServices } from '../../../src-main/core/dispatch/services';
import type { Logger } from '../../../src-main/core/dispatch/dispatcher';
import { bindIpc } from '../../../src-main/transport/electron/ipc-binding';
import { createTickSource } from '../../../src-main/core/diagnostics/ticks';
import { closeAllPorts, FakeIpcMain, FakeWebContents, fakeIpcRenderer, fakeMessageChannelMain } from './fake-electron';

afterEach(() => {
  closeAllPorts();
  vi.useRealTimers();
});

function setup(ticks = createTickSource()) {
  const warnings: string[] = [];
  const log: Logger = { error: (m) => warnings.push(m), warn: (m) => warnings.push(m) };
  const dispatcher = createDispatcher(createServices({ name: 'XenDeck', version: '9.9.9' }, { ticks }), log);
  const ipcMain = new FakeIpcMain();
  const wc = new FakeWebContents(7);
  const channels = bindIpc({ ipcMain, dispatcher, policy: { origins: ['app://xendeck'], webContentsIds: new Set([7]) }, createChannel: fakeMessageChannelMain });
  return { ipcMain, wc, channels, warnings, dispatcher };
}

describe('the Electron IPC binding', () => {
  it('registers exactly one channel per contract name and kind (EH-6 channel list)', () => {
    const { ipcMain, channels } = setup();
    const expected = [
      ...REQUEST_NAMES.map(ipcChannel.request),
      ...EVENT_NAMES.flatMap((n) => [ipcChannel.subscribe(n), ipcChannel.unsubscribe(n)]),
      ...STREAM_NAMES.map(ipcChannel.open),
      IPC_CANCEL_CHANNEL,
    ].sort();
    expect([...ipcMain.handlers.keys()].sort()).toEqual(expected);
    expect([...channels].sort()).toEqual(expected);
    expect(expected).toMatchInlineSnapshot(`
      [
        "xendeck:cancel",
        "xendeck:open:diagnostics.loopback",
        "xendeck:req:app.info",
        "xendeck:req:cfgFiles.history",
        "xendeck:req:cfgFiles.list",
        "xendeck:req:cfgFiles.read",
        "xendeck:req:cfgFiles.restore",
        "xendeck:req:cfgFiles.write",
        "xendeck:req:diagnostics.echo",
        "xendeck:req:domains.cdEject",
        "xendeck:req:domains.cdInsert",
        "xendeck:req:domains.destroy",
        "xendeck:req:domains.memSet",
        "xendeck:req:domains.pause",
        "xendeck:req:domains.reboot",
        "xendeck:req:domains.rename",
        "xendeck:req:domains.restore",
        "xendeck:req:domains.save",
        "xendeck:req:domains.savedImages",
        "xendeck:req:domains.shutdown",
        "xendeck:req:domains.start",
        "xendeck:req:domains.unpause",
        "xendeck:req:domains.vcpuPin",
        "xendeck:req:domains.vcpuSet",
        "xendeck:req:domains.vcpus",
        "xendeck:req:hosts.add",
        "xendeck:req:hosts.connect",
        "xendeck:req:hosts.importSshConfig",
        "xendeck:req:hosts.info",
        "xendeck:req:hosts.list",
        "xendeck:req:hosts.remove",
        "xendeck:req:hosts.trustKey",
        "xendeck:req:hosts.update",
        "xendeck:req:inventory.get",
        "xendeck:req:metrics.get",
        "xendeck:sub:diagnostics.ticks",
        "xendeck:sub:hosts.connectionChanged",
        "xendeck:sub:hosts.hostKeyPrompted",
        "xendeck:sub:inventory.changed",
        "xendeck:unsub:diagnostics.ticks",
        "xendeck:unsub:hosts.connectionChanged",
        "xendeck:unsub:hosts.hostKeyPrompted",
        "xendeck:unsub:inventory.changed",
      ]
    `);
  });

  it('answers a request from the management window through the dispatcher, with carrier "electron"', async () => {
    const { ipcMain, wc } = setup();
    const ipc = fakeIpcRenderer(ipcMain, wc);
    expect(await ipc.invoke(ipcChannel.request('app.info'), {})).toEqual({ ok: true, result: { name: 'XenDeck', version: '9.9.9', platform: process.platform, carrier: 'electron' } });
    const bad = (await ipc.invoke(ipcChannel.request('diagnostics.echo'), { text: 1 })) as Reply<unknown>;
    expect(!bad.ok && bad.error.code).toBe('INVALID_INPUT');
  });

  it.each([
    ['a subframe', { url: 'app://xendeck/index.html', top: false }, 7],
    ['another origin', { url: 'https://evil.example/', top: true }, 7],
    ['a window the app did not create for the UI', { url: 'app://xendeck/index.html', top: true }, 99],
  ])('refuses %s on every channel with UNAUTHORIZED and no side effect', async (_what, frame, wcId) => {
    const ticks = createTickSource();
    const { ipcMain, warnings } = setup(ticks);
    const ipc = fakeIpcRenderer(ipcMain, new FakeWebContents(wcId), frame);
    for (const channel of ipcMain.handlers.keys()) {
      const r = (await ipc.invoke(channel, {})) as Reply<unknown>;
      expect(!r.ok && r.error.code).toBe('UNAUTHORIZED');
    }
    expect(ticks.listenerCount).toBe(0);
    expect(warnings.length).toBe(ipcMain.handlers.size);
  });

  it('pushes events to the subscribed window and stops when it unsubscribes or closes', async () => {
    vi.useFakeTimers();
    const ticks = createTickSource();
    const { ipcMain, wc } = setup(ticks);
    const ipc = fakeIpcRenderer(ipcMain, wc);
    const got: unknown[] = [];
    ipc.on(ipcChannel.event('diagnostics.ticks'), (_e, p) => got.push(p));
    expect(await ipc.invoke(ipcChannel.subscribe('diagnostics.ticks'))).toEqual({ ok: true, result: null });
    await ipc.invoke(ipcChannel.subscribe('diagnostics.ticks')); // idempotent per window
    vi.advanceTimersByTime(2000);
    expect(got).toHaveLength(2);
    await ipc.invoke(ipcChannel.unsubscribe('diagnostics.ticks'));
    expect(ticks.listenerCount).toBe(0);
    await ipc.invoke(ipcChannel.subscribe('diagnostics.ticks'));
    expect(ticks.listenerCount).toBe(1);
    wc.destroy();
    expect(ticks.listenerCount).toBe(0);
  });

  it('refuses invalid stream arguments without opening a port', async () => {
    const { ipcMain, wc } = setup();
    const ipc = fakeIpcRenderer(ipcMain, wc);
    let ports = 0;
    ipc.on('xendeck:port', () => ports++);
    const r = (await ipc.invoke(ipcChannel.open('diagnostics.loopback'), { evil: true })) as Reply<unknown>;
    expect(!r.ok && r.error.code).toBe('INVALID_INPUT');
    expect(ports).toBe(0);
  });

  it('closes a stream whose port sends a malformed message, and keeps serving', async () => {
    const { ipcMain, wc } = setup();
    const ipc = fakeIpcRenderer(ipcMain, wc);
    const port = new Promise<MessagePort>((resolve) => ipc.on('xendeck:port', (e) => resolve(e.ports?.[0] as unknown as MessagePort)));
    const r = (await ipc.invoke(ipcChannel.open('diagnostics.loopback'), {})) as Reply<{ sid: number }>;
    expect(r.ok).toBe(true);
    const p = await port;
    const closed = new Promise<unknown>((resolve) => p.on('message', (m: unknown) => resolve(m)));
    p.postMessage({ t: 'data', bytes: 'not bytes' });
    expect(await closed).toEqual({ t: 'close', reason: 'a malformed stream message' });
    p.close();
    expect(((await ipc.invoke(ipcChannel.request('app.info'), {})) as Reply<unknown>).ok).toBe(true);
  });
});
