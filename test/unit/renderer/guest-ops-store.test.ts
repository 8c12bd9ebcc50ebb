// RS-5 in the renderer: one operation at a time per guest, whichever page asks. A second request
// while one runs is not sent; another guest is not held up; a failure frees the guest.
import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useGuestOpsStore } from '@/stores/guest-ops';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('guest operations in flight (RS-5)', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('a second operation on the same guest is refused while the first runs, and allowed after', async () => {
    const ops = useGuestOpsStore();
    const first = deferred<string>();
    let sent = 0;
    const a = ops.run('h1', 'web1', 'pause', () => {
      sent++;
      return first.promise;
    });
    expect(ops.busy('h1', 'web1')).toBe('pause');
    const b = await ops.run('h1', 'web1', 'destroy', async () => {
      sent++;
      return 'x';
    });
    expect(b).toBeUndefined();
    expect(sent).toBe(1);
    first.resolve('ok');
    expect(await a).toBe('ok');
    expect(ops.busy('h1', 'web1')).toBeUndefined();
    expect(await ops.run('h1', 'web1', 'unpause', async () => 'again')).toBe('again');
  });

  it('other guests, and the same name on another host, are not held up', async () => {
    const ops = useGuestOpsStore();
    const first = deferred<void>();
    void ops.run('h1', 'web1', 'memSet', () => first.promise);
    expect(await ops.run('h1', 'db1', 'pause', async () => 1)).toBe(1);
    expect(await ops.run('h2', 'web1', 'pause', async () => 2)).toBe(2);
    first.resolve();
  });

  it('a failed operation frees the guest and passes the error on', async () => {
    const ops = useGuestOpsStore();
    await expect(ops.run('h1', 'web1', 'start', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(ops.busy('h1', 'web1')).toBeUndefined();
  });
});
