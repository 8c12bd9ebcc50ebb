// The preload's `window.xendeck` (EH-6): one frozen object, three functions, contract names only.
import { describe, expect, it, vi } from 'vitest';
import { createBridge, type IpcRendererLike } from '../../../src-main/preload/bridge';

function spyIpc() {
  const invoke = vi.fn(async () => ({ ok: true, result: 'r' }));
  const on = vi.fn();
  return { ipc: { invoke, on } as IpcRendererLike, invoke, on };
}

describe('the preload bridge', () => {
  it('is frozen and has exactly invoke, on and openStream', () => {
    const b = createBridge(spyIpc().ipc);
    expect(Object.isFrozen(b)).toBe(true);
    expect(Object.keys(b).sort()).toEqual(['invoke', 'on', 'openStream']);
  });

  it('refuses names outside the contract before any IPC', async () => {
    const s = spyIpc();
    const b = createBridge(s.ipc);
    for (const name of ['hosts.delete', 'xendeck:req:app.info', '__proto__', 'constructor']) {
      const r = await b.invoke(name, {});
      expect(!r.ok && r.error.code).toBe('UNKNOWN_NAME');
      const o = await b.openStream(name, {});
      expect(!o.ok && o.error.code).toBe('UNKNOWN_NAME');
      const onError = vi.fn();
      b.on(name, () => undefined, onError);
      expect(onError).toHaveBeenCalledOnce();
    }
    expect(s.invoke).not.toHaveBeenCalled();
  });

  it('sends a contract request on its own channel', async () => {
    const s = spyIpc();
    const b = createBridge(s.ipc);
    expect(await b.invoke('diagnostics.echo', { text: 'x' })).toEqual({ ok: true, result: 'r' });
    expect(s.invoke).toHaveBeenCalledWith('xendeck:req:diagnostics.echo', { text: 'x' });
  });

  it('subscribes once per event name and unsubscribes with the last listener', () => {
    const s = spyIpc();
    const b = createBridge(s.ipc);
    const off1 = b.on('diagnostics.ticks', () => undefined);
    const off2 = b.on('diagnostics.ticks', () => undefined);
    expect(s.invoke.mock.calls.map((c: unknown[]) => c[0])).toEqual(['xendeck:sub:diagnostics.ticks']);
    off1();
    off1();
    expect(s.invoke).toHaveBeenCalledTimes(1);
    off2();
    expect(s.invoke.mock.calls.map((c: unknown[]) => c[0])).toEqual(['xendeck:sub:diagnostics.ticks', 'xendeck:unsub:diagnostics.ticks']);
  });
});
