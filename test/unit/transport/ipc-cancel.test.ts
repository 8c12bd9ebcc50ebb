// Cancelling a request over the Electron carrier (issue 5 §2, EH-1): the renderer's client, the
// preload bridge and the IPC binding run together on fakes; the cancel channel is behind the same
// sender check as every other channel (EH-6) and reaches only the calling window's own calls.
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, IPC_CANCEL_CHANNEL, ipcChannel, type Reply } from '../../../src-main/shared/api';
import type { Logger } from '../../../src-main/core/dispatch/dispatcher';
import { createBridge } from '../../../src-main/preload/bridge';
import { bindIpc } from '../../../src-main/transport/electron/ipc-binding';
import { ElectronClient } from '../../../src-renderer/src/api/electron-client';
import { closeAllPorts, FakeIpcMain, FakeWebContents, fakeIpcRenderer, fakeMessageChannelMain } from './fake-electron';
import { newSeen, waitingDispatcher } from './waiting-dispatcher';

afterEach(() => closeAllPorts());

function setup() {
  const seen = newSeen();
  const warnings: string[] = [];
  const log: Logger = { error: (m) => warnings.push(m), warn: (m) => warnings.push(m) };
  const ipcMain = new FakeIpcMain();
  bindIpc({ ipcMain, dispatcher: waitingDispatcher(seen, log), policy: { origins: ['app://xendeck'], webContentsIds: new Set([7, 8]) }, createChannel: fakeMessageChannelMain });
  const clientOf = (wc: FakeWebContents) => new ElectronClient(createBridge(fakeIpcRenderer(ipcMain, wc)));
  return { seen, ipcMain, warnings, clientOf };
}

async function until(pred: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (pred()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('the Electron carrier: cancelling a request', () => {
  it('rejects with CANCELLED when the signal aborts, aborts the handler, and leaves other calls alone', async () => {
    const { seen, clientOf } = setup();
    const client = clientOf(new FakeWebContents(7));
    const a = new AbortController();
    const first = client.invoke('diagnostics.echo', { text: 'wait:a' }, { signal: a.signal }).catch((e: unknown) => e);
    const second = client.invoke('diagnostics.echo', { text: 'wait:b' }, { signal: new AbortController().signal });
    await until(() => seen.started.has('a') && seen.started.has('b'), 'both handlers to start');
    a.abort();
    const err = await first;
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'CANCELLED', message: 'The request diagnostics.echo was cancelled.', hint: expect.stringMatching(/may still take effect/) });
    expect(seen.aborted.has('a')).toBe(true);
    expect(seen.aborted.has('b')).toBe(false);
    seen.finish.get('b')?.();
    expect(await second).toMatchObject({ text: 'finished b' });
  });

  it('rejects at once without any IPC when the signal is already aborted', async () => {
    const { seen, clientOf } = setup();
    const client = clientOf(new FakeWebContents(7));
    const ac = new AbortController();
    ac.abort();
    await expect(client.invoke('diagnostics.echo', { text: 'wait:c' }, { signal: ac.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
    await client.invoke('app.info', {});
    expect(seen.started.has('c')).toBe(false);
  });

  it('lets a window cancel only its own calls; unknown ids are ignored', async () => {
    const { seen, ipcMain, clientOf } = setup();
    const seven = new FakeWebContents(7);
    const pending = clientOf(seven).invoke('diagnostics.echo', { text: 'wait:d' }, { signal: new AbortController().signal });
    await until(() => seen.started.has('d'), 'the handler to start');
    // Window 8 sends a cancel for the call id window 7 used (the first, 1): it does not reach it.
    const eight = fakeIpcRenderer(ipcMain, new FakeWebContents(8));
    expect(await eight.invoke(IPC_CANCEL_CHANNEL, 1)).toEqual({ ok: true, result: null });
    for (const bad of [999, -1, 'x', null]) expect(await fakeIpcRenderer(ipcMain, seven).invoke(IPC_CANCEL_CHANNEL, bad)).toEqual({ ok: true, result: null });
    expect(seen.aborted.has('d')).toBe(false);
    seen.finish.get('d')?.();
    expect(await pending).toMatchObject({ text: 'finished d' });
  });

  it('refuses a cancel from an untrusted frame with UNAUTHORIZED and aborts nothing', async () => {
    const { seen, ipcMain, clientOf, warnings } = setup();
    const seven = new FakeWebContents(7);
    const pending = clientOf(seven).invoke('diagnostics.echo', { text: 'wait:e' }, { signal: new AbortController().signal });
    await until(() => seen.started.has('e'), 'the handler to start');
    const sub = fakeIpcRenderer(ipcMain, seven, { url: 'app://xendeck/index.html', top: false });
    const r = (await sub.invoke(IPC_CANCEL_CHANNEL, 1)) as Reply<unknown>;
    expect(!r.ok && r.error.code).toBe('UNAUTHORIZED');
    expect(warnings.some((w) => w.includes(IPC_CANCEL_CHANNEL))).toBe(true);
    expect(seen.aborted.has('e')).toBe(false);
    seen.finish.get('e')?.();
    await pending;
  });

  it('aborts every call of a window that closes, and only those', async () => {
    const { seen, clientOf, ipcMain } = setup();
    const seven = new FakeWebContents(7);
    const eight = new FakeWebContents(8);
    const gone = clientOf(seven).invoke('diagnostics.echo', { text: 'wait:f' }, { signal: new AbortController().signal }).catch((e: unknown) => e);
    const stays = clientOf(eight).invoke('diagnostics.echo', { text: 'wait:g' }, { signal: new AbortController().signal });
    await until(() => seen.started.has('f') && seen.started.has('g'), 'both handlers to start');
    seven.destroy();
    await until(() => seen.aborted.has('f'), 'the closed window’s handler to see the abort');
    expect(await gone).toMatchObject({ code: 'CANCELLED' });
    expect(seen.aborted.has('g')).toBe(false);
    seen.finish.get('g')?.();
    expect(await stays).toMatchObject({ text: 'finished g' });
    // A request without a call id still works as before.
    expect(await fakeIpcRenderer(ipcMain, eight).invoke(ipcChannel.request('diagnostics.echo'), { text: 'plain' })).toMatchObject({ ok: true, result: { text: 'plain' } });
  });
});
