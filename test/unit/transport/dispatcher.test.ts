// The dispatcher both carriers call: validation before any handler, typed errors, no stack leaks.
import { describe, expect, it, vi } from 'vitest';
import { ApiError, EVENT_NAMES, REQUEST_NAMES, STREAM_NAMES } from '../../../src-main/shared/api';
import { StreamPeer } from '../../../src-main/shared/api/stream-peer';
import { Dispatcher, type CallContext, type Logger } from '../../../src-main/core/dispatch/dispatcher';
import { createDispatcher } from '../../../src-main/core/dispatch/create-dispatcher';
import { createServices } from '../../../src-main/core/dispatch/services';

const ctx: CallContext = { carrier: 'web', client: 'test' };

function quietLog() {
  const errors: string[] = [];
  const log: Logger = { error: (m, e) => errors.push(`${m} ${e instanceof Error ? e.stack : ''}`), warn: () => undefined };
  return { log, errors };
}

function nullPeer(): StreamPeer {
  return new StreamPeer(1, { data: () => undefined, ack: () => undefined, close: () => undefined });
}

describe('the dispatcher', () => {
  it('serves exactly the contract names (by construction, checked here)', () => {
    const d = createDispatcher(createServices({ name: 'XenDeck', version: '1.2.3' }));
    const names = d.names();
    expect(names.requests.sort()).toEqual([...REQUEST_NAMES].sort());
    expect(names.events.sort()).toEqual([...EVENT_NAMES].sort());
    expect(names.streams.sort()).toEqual([...STREAM_NAMES].sort());
  });

  it('refuses to serve until every contract name has a handler', () => {
    const d = new Dispatcher(quietLog().log);
    d.handle('app.info', () => ({ name: 'x', version: '1', platform: 'linux', carrier: 'web' }));
    expect(() => d.assertComplete()).toThrow(/diagnostics\.echo/);
  });

  it('refuses to register a name that is not in the contract, or twice', () => {
    const d = new Dispatcher(quietLog().log);
    expect(() => d.handle('nope' as 'app.info', () => ({ name: '', version: '', platform: '', carrier: 'web' }))).toThrow(/not a request/);
    d.handle('diagnostics.echo', ({ text }) => ({ text, receivedAt: '' }));
    expect(() => d.handle('diagnostics.echo', ({ text }) => ({ text, receivedAt: '' }))).toThrow(/already/);
  });

  it('answers app.info with the version, platform and the carrier that asked', async () => {
    const d = createDispatcher(createServices({ name: 'XenDeck', version: '1.2.3' }, { platform: 'plan9' }));
    expect(await d.request('app.info', {}, ctx)).toEqual({ ok: true, result: { name: 'XenDeck', version: '1.2.3', platform: 'plan9', carrier: 'web' } });
    const r = await d.request('app.info', {}, { carrier: 'electron', client: 'w1' });
    expect(r.ok && (r.result as { carrier: string }).carrier).toBe('electron');
  });

  it('echoes text with the time it was received', async () => {
    const at = new Date('2026-01-02T03:04:05.000Z');
    const d = createDispatcher(createServices({ name: 'XenDeck', version: '1' }, { clock: () => at }));
    expect(await d.request('diagnostics.echo', { text: 'héllo' }, ctx)).toEqual({ ok: true, result: { text: 'héllo', receivedAt: at.toISOString() } });
  });

  it('never runs a handler with invalid input: INVALID_INPUT names the field', async () => {
    const d = new Dispatcher(quietLog().log);
    const handler = vi.fn(() => ({ text: '', receivedAt: '' }));
    d.handle('diagnostics.echo', handler);
    for (const bad of [undefined, null, 5, 'x', [], { text: 5 }, { text: 'a', extra: 1 }, { text: 'x'.repeat(70_000) }]) {
      const r = await d.request('diagnostics.echo', bad, ctx);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error.code).toBe('INVALID_INPUT');
      expect(!r.ok && r.error.message).toMatch(/^The input of diagnostics\.echo is not valid: .+\.$/);
    }
    const r = await d.request('diagnostics.echo', { text: 5 }, ctx);
    expect(!r.ok && r.error.message).toMatch(/text/);
    expect(handler).not.toHaveBeenCalled();
  });

  it('answers UNKNOWN_NAME for names outside the contract, including prototype keys', async () => {
    const d = createDispatcher(createServices({ name: 'XenDeck', version: '1' }));
    for (const name of ['hosts.delete', '__proto__', 'constructor', 'toString', 42, null]) {
      const r = await d.request(name, {}, ctx);
      expect(!r.ok && r.error.code).toBe('UNKNOWN_NAME');
    }
    expect(() => d.subscribe('nope', () => undefined, ctx)).toThrowError(expect.objectContaining({ code: 'UNKNOWN_NAME' }));
    expect(() => d.openStream('nope', {}, nullPeer(), ctx)).toThrowError(expect.objectContaining({ code: 'UNKNOWN_NAME' }));
  });

  it('passes a thrown ApiError through unchanged', async () => {
    const d = new Dispatcher(quietLog().log);
    d.handle('diagnostics.echo', () => {
      throw new ApiError({ code: 'HOST_UNREACHABLE', message: 'Host a is down.', hint: 'Check it.', details: { port: 22 } });
    });
    expect(await d.request('diagnostics.echo', { text: '' }, ctx)).toEqual({
      ok: false,
      error: { code: 'HOST_UNREACHABLE', message: 'Host a is down.', hint: 'Check it.', details: { port: 22 } },
    });
  });

  it('turns any other throw into INTERNAL with a generic sentence, and logs the stack in main only', async () => {
    const { log, errors } = quietLog();
    const d = new Dispatcher(log);
    d.handle('diagnostics.echo', () => {
      throw new TypeError('secret /root/.ssh/id_rsa at line 3');
    });
    const r = await d.request('diagnostics.echo', { text: '' }, ctx);
    expect(!r.ok && r.error.code).toBe('INTERNAL');
    expect(JSON.stringify(r)).not.toMatch(/secret|id_rsa|TypeError|at /);
    expect(errors.join('\n')).toMatch(/TypeError: secret/);
  });

  it('validates stream open arguments before the handler runs', () => {
    const d = new Dispatcher(quietLog().log);
    const handler = vi.fn();
    d.stream('diagnostics.loopback', handler);
    expect(() => d.openStream('diagnostics.loopback', { x: 1 }, nullPeer(), ctx)).toThrowError(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(handler).not.toHaveBeenCalled();
    d.openStream('diagnostics.loopback', {}, nullPeer(), ctx);
    expect(handler).toHaveBeenCalledOnce();
  });

  it('never runs a request whose signal aborted before it arrived, and answers CANCELLED', async () => {
    const d = new Dispatcher(quietLog().log);
    const handler = vi.fn(({ text }: { text: string }) => ({ text, receivedAt: '' }));
    d.handle('diagnostics.echo', handler);
    const ac = new AbortController();
    ac.abort();
    const r = await d.request('diagnostics.echo', { text: 'x' }, ctx, ac.signal);
    expect(r).toMatchObject({ ok: false, error: { code: 'CANCELLED', message: 'The request diagnostics.echo was cancelled.' } });
    expect(handler).not.toHaveBeenCalled();
  });

  it('gives the handler the signal, answers CANCELLED when it aborts, and logs a late failure without sending it', async () => {
    const { log, errors } = quietLog();
    const d = new Dispatcher(log);
    let seen: AbortSignal | undefined;
    d.handle('diagnostics.echo', (_i, { signal }) => {
      seen = signal;
      return new Promise((_resolve, reject) => signal.addEventListener('abort', () => setTimeout(() => reject(new Error('late boom')), 5)));
    });
    const ac = new AbortController();
    const pending = d.request('diagnostics.echo', { text: 'x' }, ctx, ac.signal);
    ac.abort();
    expect(await pending).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(seen?.aborted).toBe(true);
    await vi.waitFor(() => expect(errors.some((e) => e.includes('late boom'))).toBe(true));
    // Without a signal from the carrier the handler still gets one, which never aborts.
    d.handle('app.info', (_i, { signal }) => ({ name: String(signal.aborted), version: '', platform: '', carrier: 'web' }));
    expect(await d.request('app.info', {}, ctx)).toMatchObject({ ok: true, result: { name: 'false' } });
  });
});
