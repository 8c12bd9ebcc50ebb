// The preload's `window.xendeck` (EH-6): one frozen object, four functions, contract names only.
import { describe, expect, it, vi } from 'vitest';
import { createBridge, type IpcRendererLike } from '../../../src-main/preload/bridge';

function spyIpc() {
  const invoke = vi.fn(async () => ({ ok: true, result: 'r' }));
  const on = vi.fn();
  return { ipc: { invoke, on } as IpcRendererLike, invoke, on };
}

describe('the preload bridge', () => {
  it('is frozen and has exactly invoke, cancel, on and openStream', () => {
    const b = createBridge(spyIpc().ipc);
    expect(Object.isFrozen(b)).toBe(true);
    expect(Object.keys(b).sort()).toEqual(['cancel', 'invoke', 'on', 'openStream']);
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

  it('sends a call id with the request only when it is one, and cancels on the one cancel channel', async () => {
    const s = spyIpc();
    const b = createBridge(s.ipc);
    await b.invoke('diagnostics.echo', { text: 'x' }, 5);
    expect(s.invoke).toHaveBeenLastCalledWith('xendeck:req:diagnostics.echo', { text: 'x' }, 5);
    await b.invoke('diagnostics.echo', { text: 'x' }, -1);
    expect(s.invoke).toHaveBeenLastCalledWith('xendeck:req:diagnostics.echo', { text: 'x' });
    b.cancel(5);
    expect(s.invoke).toHaveBeenLastCalledWith('xendeck:cancel', 5);
    const calls = s.invoke.mock.calls.length;
    for (const bad of [1.5, -1, Number.NaN, '5' as unknown as number]) b.cancel(bad);
    expect(s.invoke.mock.calls.length).toBe(calls);
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
