import { describe, expect, it } from 'vitest';
import { KeyedSerial } from '../../../../src-main/core/hosts/op-queue';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('one operation at a time per guest (RS-5, RS-11)', () => {
  it('serialises the same key, even after a failure, and lets other keys run', async () => {
    const q = new KeyedSerial();
    const log: string[] = [];
    const gate = deferred();
    const first = q.run('h/web', async () => {
      log.push('start 1');
      await gate.promise;
      log.push('end 1');
      throw new Error('xl create failed');
    });
    const second = q.run('h/web', async () => {
      log.push('start 2');
      return 2;
    });
    const other = q.run('h/db', async () => {
      log.push('db');
      return 'db';
    });
    expect(await other).toBe('db');
    expect(q.busy('h/web')).toBe(true);
    expect(log).toEqual(['start 1', 'db']);
    gate.resolve();
    await expect(first).rejects.toThrow('xl create failed');
    expect(await second).toBe(2);
    expect(log).toEqual(['start 1', 'db', 'end 1', 'start 2']);
    await new Promise((r) => setImmediate(r));
    expect(q.busy('h/web')).toBe(false);
    expect(q.busy('h/db')).toBe(false);
  });
});
