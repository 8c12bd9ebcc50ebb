// IN-8 / FS-3 / FS-6: which remote names the cfg-file service accepts, and its temp and history names.
import { describe, expect, it } from 'vitest';
import { checkCfgName, historyStamp, historyTime, isOurLock, isOurTemp, lockName, normalizeDir, tempName } from '../../../src-main/core/remote/cfg-paths';

describe('cfg file names', () => {
  it('IN-8: refuses separators, dot-files, control characters and empty names', () => {
    for (const bad of ['../../etc/shadow', '/etc/xen/../shadow', 'a/b', '.', '..', '.hidden', 'a\nb.cfg', 'a\u0000b', '', 'x'.repeat(256)]) {
      expect(() => checkCfgName(bad), JSON.stringify(bad)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    }
    for (const ok of ['web.cfg', 'seed-hvm', "$(id);`x` 'q' -n.cfg", 'gäst.cfg']) expect(checkCfgName(ok)).toBe(ok);
  });

  it('refuses relative directories and dot segments', () => {
    expect(normalizeDir('/etc/xen/')).toBe('/etc/xen');
    for (const bad of ['etc/xen', '/etc/xen/..', '/etc/./xen']) expect(() => normalizeDir(bad)).toThrow();
  });

  it('FS-3: temps are dot-files of a fixed pattern', () => {
    const t = tempName('web.cfg', 'a1b2c3d4e5f6');
    expect(t.startsWith('.')).toBe(true);
    expect(isOurTemp(t)).toBe(true);
    expect(isOurTemp('.web.cfg.swp')).toBe(false);
  });

  it('FS-11: the save lock is a dot-file of its own pattern, never taken for a temp', () => {
    const l = lockName('web.cfg');
    expect(l).toBe('.web.cfg.xendeck-lock');
    expect(isOurLock(l)).toBe(true);
    expect(isOurTemp(l)).toBe(false);
    expect(isOurLock(tempName('web.cfg', 'a1b2c3d4e5f6'))).toBe(false);
    expect(isOurLock('web.cfg.xendeck-lock')).toBe(false);
  });

  it('FS-6: history names carry the UTC time and belong to one file', () => {
    const id = `web.cfg.${historyStamp(new Date('2026-11-25T06:16:00.123Z'))}`;
    expect(historyTime('web.cfg', id)).toBe('2026-11-25T06:16:00.123Z');
    expect(historyTime('web.cfg', `${id}-2`)).toBe('2026-11-25T06:16:00.123Z');
    expect(historyTime('web', id)).toBeNull();
    expect(historyTime('web.cfg', 'web.cfg.notastamp')).toBeNull();
  });
});
