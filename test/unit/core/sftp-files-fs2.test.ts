// FS-2: without posix-rename@openssh.com there is no atomic replace, so the write is refused
// before anything is sent (no silent "delete then rename" fallback).
import { EventEmitter } from 'node:events';
import type { SFTPWrapper } from 'ssh2';
import { describe, expect, it } from 'vitest';
import { RemoteCfgFiles } from '../../../src-main/core/remote/sftp-files';

describe('remote cfg writes without posix-rename', () => {
  it('FS-2: refuses with CFG_EDIT_REFUSED and makes no SFTP request', async () => {
    const calls: string[] = [];
    const fake = new Proxy(Object.assign(new EventEmitter(), { _extensions: { 'fsync@openssh.com': '1' } }), {
      get(target, prop, recv) {
        if (prop in target) return Reflect.get(target, prop, recv) as unknown;
        return () => calls.push(String(prop));
      },
    }) as unknown as SFTPWrapper;
    let released = 0;
    const files = new RemoteCfgFiles({ host: 'old-dom0', cfgDirs: ['/etc/xen'], conn: { sftp: async () => ({ sftp: fake, release: () => void released++ }) } });
    await expect(files.write('/etc/xen', 'web.cfg', 'memory = 1\n', { expected: 'force' })).rejects.toMatchObject({
      code: 'CFG_EDIT_REFUSED',
      message: expect.stringContaining('cannot replace files atomically'),
    });
    expect(calls).toEqual([]);
    expect(released).toBe(1);
  });
});
