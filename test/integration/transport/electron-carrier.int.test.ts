// The whole Electron carrier in-process: the renderer's ElectronClient → the preload's bridge →
// (fake) ipcRenderer/ipcMain → the IPC binding → the dispatcher, with streams over MessagePorts.
// Only Electron's plumbing is faked; the binding, bridge, flow control and client are the real code.
import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src-main/shared/api';
import { STREAM_CHUNK_BYTES, STREAM_HIGH_WATER } from '../../../src-main/shared/api/wire';
import { createDispatcher } from '../../../src-main/core/dispatch/create-dispatcher';
import { createServices } from '../../../src-main/core/dispatch/services';
import { bindIpc } from '../../../src-main/transport/electron/ipc-binding';
import { createBridge } from '../../../src-main/preload/bridge';
import { ElectronClient } from '../../../src-renderer/src/api/electron-client';
import { closeAllPorts, FakeIpcMain, FakeWebContents, fakeIpcRenderer, fakeMessageChannelMain } from '../../unit/transport/fake-electron';

afterEach(() => closeAllPorts());

function electronClient(): ElectronClient {
  const ipcMain = new FakeIpcMain();
  const wc = new FakeWebContents(1);
  bindIpc({
    ipcMain,
    dispatcher: createDispatcher(createServices({ name: 'XenDeck', version: '2.0.0' })),
    policy: { origins: ['app://xendeck'], webContentsIds: new Set([1]) },
    createChannel: fakeMessageChannelMain,
  });
  return new ElectronClient(createBridge(fakeIpcRenderer(ipcMain, wc)));
}

describe('the Electron carrier end to end (faked Electron plumbing)', () => {
  it('answers requests and rebuilds errors as ApiError instances', async () => {
    const c = electronClient();
    expect(await c.invoke('app.info', {})).toMatchObject({ version: '2.0.0', carrier: 'electron' });
    const err = await c.invoke('diagnostics.echo', { text: 7 as unknown as string }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('INVALID_INPUT');
  });

  it('loops 10 MB through a MessagePort stream intact', async () => {
    const c = electronClient();
    const s = await c.openStream('diagnostics.loopback', {});
    const total = 10 * 1024 * 1024;
    const payload = randomBytes(total);
    const parts: Buffer[] = [];
    let received = 0;
    let sent = 0;
    let inFlight = 0;
    await new Promise<void>((resolve, reject) => {
      s.onClose((r) => (received < total ? reject(new Error(`closed early: ${r}`)) : undefined));
      s.onData((chunk, ack) => {
        parts.push(Buffer.from(chunk));
        received += chunk.byteLength;
        inFlight -= chunk.byteLength;
        // Consume on the next turn, as a renderer drawing a frame would.
        setImmediate(ack);
        if (received >= total) resolve();
        else pump();
      });
      const pump = () => {
        while (sent < total && inFlight < 2 * STREAM_HIGH_WATER) {
          const end = Math.min(total, sent + STREAM_CHUNK_BYTES);
          s.send(payload.subarray(sent, end));
          inFlight += end - sent;
          sent = end;
        }
      };
      pump();
    });
    s.close();
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    expect(received).toBe(total);
    expect(sha(Buffer.concat(parts))).toBe(sha(payload));
  });

  it('refuses names outside the contract as ApiError UNKNOWN_NAME', async () => {
    const c = electronClient();
    const err = await c.invoke('hosts.nuke' as 'app.info', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('UNKNOWN_NAME');
  });
});
