import { describe, expect, it } from 'vitest';
import { lintCfg } from '../../../src-main/shared/cfg/lint';
import { BASE, codes, entries, find, type Assign } from './build';

function lintXl(...extra: Assign[]) {
  return lintCfg({ entries: entries(...BASE, ...extra), toolstack: 'xl' });
}

describe('lint: a clean guest', () => {
  it('reports nothing for a minimal, consistent HVM guest', () => {
    expect(lintXl(['boot', 'c'], ['vif', ['mac=00:16:3e:00:00:01, bridge=xenbr0']])).toEqual([]);
  });
});

describe('lint: keys', () => {
  it('suggests the closest known name for a typo, as a rename fix', () => {
    const d = find(lintXl(['vncpasswrd', 'x']), 'unknown-key-suggest');
    expect(d?.severity).toBe('warning');
    expect(d?.fix).toEqual({ kind: 'rename', key: 'vncpasswrd', newKey: 'vncpasswd' });
    expect(d?.message).toContain('did you mean vncpasswd');
  });

  it('reports an unknown key without a fix when nothing is close', () => {
    const d = find(lintXl(['frobnicate_everything', '1']), 'unknown-key');
    expect(d?.fix).toBeUndefined();
  });

  it('flags full-screen (valid nowhere) as an error with a remove fix', () => {
    const d = find(lintXl(['full-screen', '1']), 'invalid-key-name');
    expect(d?.severity).toBe('error');
    expect(d?.fix).toEqual({ kind: 'remove', key: 'full-screen' });
  });

  it('says which duplicate wins: the later one', () => {
    const ds = lintCfg({ entries: entries(...BASE, ['vcpus', '1'], ['vcpus', '2']), toolstack: 'xl' });
    const d = find(ds, 'duplicate-key');
    expect(d?.line).toBe(5);
    expect(d?.params).toMatchObject({ key: 'vcpus', laterLine: 6 });
    expect(d?.message).toContain('line 6');
  });

  it('does not call += appends duplicates', () => {
    const ds = lintXl(['disk', ['phy:/dev/vg/cd,hdc:cdrom,r'], '+=']);
    expect(codes(ds)).not.toContain('duplicate-key');
  });

  it('offers xm → xl renames on an xl host (cpu_cap → cap)', () => {
    const d = find(lintXl(['cpu_cap', '50']), 'xm-only-key-rename');
    expect(d?.fix).toEqual({ kind: 'rename', key: 'cpu_cap', newKey: 'cap' });
  });

  it('offers builder="hvm" → type="hvm" on xl', () => {
    const ds = lintCfg({ entries: entries(['name', 'g'], ['builder', 'hvm'], ['memory', '512']), toolstack: 'xl' });
    expect(find(ds, 'deprecated-key')?.fix).toEqual({ kind: 'rename', key: 'builder', newKey: 'type' });
  });

  it('offers type="hvm" → builder="hvm" on an xm host, and removal of keys xl ignores', () => {
    const xm = lintCfg({ entries: entries(['name', 'g'], ['type', 'hvm'], ['memory', '512']), toolstack: 'xm' });
    expect(find(xm, 'xl-only-key-rename')?.fix).toEqual({ kind: 'rename', key: 'type', newKey: 'builder' });
    expect(find(lintXl(['vncconsole', '1']), 'xm-only-key')?.fix).toEqual({ kind: 'remove', key: 'vncconsole' });
  });

  it('does not call an xm helper variable used by Python code an unknown key', () => {
    const scripted = [{ startLine: 2, endLine: 2, text: "name = 'vm%d' % vmid", assigns: ['name'] }];
    const e = entries(['vmid', '3'], ['builder', 'hvm']);
    expect(codes(lintCfg({ entries: e, toolstack: 'xm', scripted }))).not.toContain('unknown-key');
    expect(codes(lintCfg({ entries: e, toolstack: 'xm' }))).toContain('unknown-key');
  });

  it('reports Python regions as fatal for xl but not for xm', () => {
    const scripted = [{ startLine: 1, endLine: 2, text: 'import os\narch = os.uname()[4]', assigns: ['arch'] }];
    const e = entries(...BASE);
    expect(find(lintCfg({ entries: e, toolstack: 'xl', scripted }), 'python-code')?.severity).toBe('error');
    expect(find(lintCfg({ entries: e, toolstack: 'xm', scripted }), 'python-code')).toBeUndefined();
  });
});

describe('lint: values', () => {
  it('rejects a list where a single value belongs, and the reverse', () => {
    expect(find(lintXl(['vcpus', ['2']]), 'list-for-scalar')?.severity).toBe('error');
    expect(find(lintXl(['vif', 'bridge=xenbr0']), 'scalar-for-list')?.severity).toBe('error');
  });

  it('reads numbers as xl does (hex and octal ok, 08 and 512abc not)', () => {
    expect(codes(lintXl(['vcpus', '0x2']))).not.toContain('not-a-number');
    expect(find(lintXl(['vcpus', '08']), 'not-a-number')).toBeDefined();
    expect(find(lintXl(['videoram', '512abc']), 'not-a-number')).toBeDefined();
  });

  it('checks ranges and the recommended minimum of memory', () => {
    expect(find(lintXl(['cpu_weight', '70000']), 'out-of-range')?.params).toMatchObject({ min: 1, max: 65535 });
    const low = find(lintCfg({ entries: entries(['name', 'g'], ['type', 'hvm'], ['memory', '16']), toolstack: 'xl' }), 'below-recommended');
    expect(low?.fix).toEqual({ kind: 'set', key: 'memory', value: '32' });
  });

  it('rejects enum values xl would refuse', () => {
    const d = find(lintXl(['on_crash', 'reboot']), 'invalid-value');
    expect(d?.severity).toBe('error');
    expect(String(d?.params?.allowed)).toContain('restart');
    expect(find(lintXl(['on_crash', 'coredump-restart']), 'invalid-value')).toBeUndefined();
    // xend knew only the first four actions
    const xm = lintCfg({ entries: entries(['name', 'g'], ['builder', 'hvm'], ['on_crash', 'soft-reset']), toolstack: 'xm' });
    expect(find(xm, 'invalid-value')).toBeDefined();
  });

  it('points at the column of a bad cpus item inside the string', () => {
    const ds = lintCfg({ entries: entries(...BASE, ['cpus', '0-3,x']), toolstack: 'xl' });
    const d = find(ds, 'invalid-sublang');
    // `cpus = "0-3,x"`: the value starts at column 8, the bad item is character 5 of the string.
    expect(d?.col).toBe(8 + 1 + 5 - 1);
    expect(d?.params).toMatchObject({ key: 'cpus', reasonCode: 'bad-range', column: 5 });
  });

  it('reports invalid disk, vif and boot values with the element index', () => {
    const ds = lintXl(['disk', ['phy:/dev/vg/a,hda,w', '/x,,hdb,w!']]);
    expect(find(ds, 'invalid-sublang')?.params).toMatchObject({ key: 'disk', index: 1, reasonCode: 'unknown-access' });
    expect(find(lintXl(['vif', ['mac=00:16:3e:00:00']]), 'invalid-sublang')?.params).toMatchObject({ reasonCode: 'bad-mac' });
    expect(find(lintXl(['boot', 'cz']), 'invalid-sublang')?.params).toMatchObject({ reasonCode: 'bad-letter' });
  });

  it('recognises xend disk syntax: fine on xm (warning), an error with a rewrite on xl', () => {
    const onXm = lintCfg({ entries: entries(['name', 'g'], ['builder', 'hvm'], ['disk', ['/img/a.img,hda,w']]), toolstack: 'xm' });
    expect(find(onXm, 'disk-xm-syntax')?.severity).toBe('warning');
    const onXl = find(lintCfg({ entries: entries(['name', 'g'], ['type', 'hvm'], ['disk', ['/img/a.img,hda,w']]), toolstack: 'xl' }), 'disk-xm-syntax');
    expect(onXl?.severity).toBe('error');
    expect(onXl?.params?.suggestion).toBe('file:/img/a.img,hda,w');
  });
});

describe('lint: conflicts', () => {
  it('nographic with vnc on (xl default) is contradictory', () => {
    // vnc on by xl's default: the author meant "no graphics", so the fix turns VNC off
    const d = find(lintXl(['nographic', '1']), 'nographic-with-vnc');
    expect(d?.fix).toEqual({ kind: 'set', key: 'vnc', value: '0' });
    // vnc written on purpose: nographic is the line to drop
    const both = find(lintXl(['vnc', '1'], ['nographic', '1']), 'nographic-with-vnc');
    expect(both?.fix).toEqual({ kind: 'remove', key: 'nographic' });
    expect(find(lintXl(['nographic', '1'], ['vnc', '0']), 'nographic-with-vnc')).toBeUndefined();
  });

  it('vncdisplay with vncunused=1 (explicit or default) is not a fixed port', () => {
    const d = find(lintXl(['vncdisplay', '3']), 'vncdisplay-with-vncunused');
    expect(d?.params).toMatchObject({ display: 3, port: 5903 });
    expect(d?.fix).toEqual({ kind: 'set', key: 'vncunused', value: '0' });
    expect(find(lintXl(['vncdisplay', '3'], ['vncunused', '0']), 'vncdisplay-with-vncunused')).toBeUndefined();
  });

  it('a display in both vnclisten and vncdisplay is refused by xl', () => {
    expect(find(lintXl(['vnclisten', '127.0.0.1:2'], ['vncdisplay', '2'], ['vncunused', '0']), 'vnclisten-display-conflict')?.severity).toBe('error');
  });

  it('usbversion with usb, builder against type, maxvcpus below vcpus', () => {
    expect(find(lintXl(['usb', '1'], ['usbversion', '2']), 'usbversion-with-usb')).toBeDefined();
    expect(find(lintXl(['builder', 'generic']), 'builder-type-conflict')).toBeDefined();
    expect(find(lintXl(['vcpus', '4'], ['maxvcpus', '2']), 'maxvcpus-below-vcpus')?.fix).toEqual({ kind: 'set', key: 'maxvcpus', value: '4' });
  });
});

describe('lint: security', () => {
  it('VNC on 0.0.0.0 with an empty password is a warning whose fix listens on loopback', () => {
    const d = find(lintXl(['vnclisten', '0.0.0.0'], ['vncpasswd', '']), 'vnc-open-no-password');
    expect(d?.severity).toBe('warning');
    expect(d?.fix).toEqual({ kind: 'set', key: 'vnclisten', value: '127.0.0.1' });
  });

  it('xl without vncpasswd has no password either', () => {
    expect(find(lintXl(['vnclisten', '192.168.1.5']), 'vnc-open-no-password')).toBeDefined();
  });

  it('on xm a missing vncpasswd may come from xend-config, so only weak auth is noted', () => {
    const ds = lintCfg({ entries: entries(['name', 'g'], ['builder', 'hvm'], ['vnclisten', '0.0.0.0']), toolstack: 'xm' });
    expect(codes(ds)).toContain('vnc-open-weak-auth');
    expect(codes(ds)).not.toContain('vnc-open-no-password');
  });

  it('an empty vncpasswd on loopback is only information; on xm its fix restores the host password', () => {
    expect(find(lintXl(['vnclisten', '127.0.0.1'], ['vncpasswd', '']), 'vnc-empty-password')?.severity).toBe('info');
    const xm = lintCfg({ entries: entries(['name', 'g'], ['builder', 'hvm'], ['vncpasswd', '']), toolstack: 'xm' });
    expect(find(xm, 'vnc-empty-password-xm')?.fix).toEqual({ kind: 'remove', key: 'vncpasswd' });
  });

  it('nothing to say when VNC is off', () => {
    expect(codes(lintXl(['vnc', '0'], ['vnclisten', '0.0.0.0']))).not.toContain('vnc-open-no-password');
  });
});

describe('lint: platform and devices', () => {
  it('shadow_memory below the recommendation, with the computed value as fix', () => {
    const ds = lintCfg({ entries: entries(...BASE, ['vcpus', '4'], ['shadow_memory', '8'], ['maxmem', '4096']), toolstack: 'xl' });
    const d = find(ds, 'shadow-memory-low');
    expect(d?.params).toMatchObject({ value: 8, recommended: 36, memory: 4096, vcpus: 4 });
    expect(d?.fix).toEqual({ kind: 'set', key: 'shadow_memory', value: '36' });
  });

  it('apic=0 with several vCPUs, vcpus beyond the host, cpus beyond the host, empty cpus', () => {
    expect(find(lintXl(['apic', '0'], ['vcpus', '2']), 'apic-off-smp')?.fix).toEqual({ kind: 'set', key: 'apic', value: '1' });
    const host = (...a: Assign[]) => lintCfg({ entries: entries(...BASE, ...a), toolstack: 'xl', hostCpuCount: 4 });
    expect(find(host(['vcpus', '8']), 'vcpus-exceed-host')).toBeDefined();
    expect(find(host(['cpus', '0-3,5,^1']), 'cpus-beyond-host')?.params).toMatchObject({ cpu: 5, hostCpus: 4 });
    expect(find(host(['cpus', '^1']), 'cpus-empty')?.fix).toEqual({ kind: 'remove', key: 'cpus' });
  });

  it('boot letters without a matching device', () => {
    const noDisk = lintCfg({ entries: entries(['name', 'g'], ['type', 'hvm'], ['boot', 'd']), toolstack: 'xl' });
    expect(find(noDisk, 'boot-no-device')?.severity).toBe('warning');
    const pvOnly = lintCfg({ entries: entries(['name', 'g'], ['type', 'hvm'], ['disk', ['phy:/dev/vg/a,xvda,w']], ['boot', 'c']), toolstack: 'xl' });
    expect(find(pvOnly, 'boot-no-device')).toBeDefined();
    expect(find(lintXl(['boot', 'cd']), 'boot-device-missing')?.params).toMatchObject({ letter: 'd' });
    // xl's own default "cda" ends with a floppy nobody has: not worth a word.
    const withCd = lintXl(['disk', ['phy:/dev/vg/g1,hda,w', ',hdc:cdrom,r']], ['boot', 'cda']);
    expect(codes(withCd)).not.toContain('boot-device-missing');
  });

  it('after installing from CD, suggests putting the disk first', () => {
    const ds = lintXl(['disk', ['phy:/dev/vg/g1,hda,w', 'file:/iso/w.iso,hdc:cdrom,r']], ['boot', 'dc']);
    expect(find(ds, 'boot-cdrom-first')?.fix).toEqual({ kind: 'set', key: 'boot', value: 'cd' });
  });

  it('duplicate and missing MACs, and xm\u2019s netfront on xl', () => {
    const mac = 'mac=00:16:3e:00:00:01';
    expect(find(lintXl(['vif', [mac, `${mac},bridge=br1`]]), 'duplicate-mac')?.severity).toBe('error');
    expect(find(lintXl(['vif', ['bridge=xenbr0']]), 'vif-random-mac')?.severity).toBe('info');
    expect(find(lintXl(['vif', [`${mac},type=netfront`]]), 'vif-netfront-on-xl')).toBeDefined();
  });

  it('a missing name is an error, a missing type a warning with a fix per toolstack', () => {
    const ds = lintCfg({ entries: entries(['memory', '512']), toolstack: 'xl' });
    expect(find(ds, 'missing-name')?.severity).toBe('error');
    expect(find(ds, 'not-hvm')?.fix).toEqual({ kind: 'set', key: 'type', value: 'hvm' });
    const xm = lintCfg({ entries: entries(['name', 'g']), toolstack: 'xm' });
    expect(find(xm, 'not-hvm')?.fix).toEqual({ kind: 'set', key: 'builder', value: 'hvm' });
  });

  it('soundhw lists and "all" fail on modern xl', () => {
    expect(find(lintXl(['soundhw', 'all']), 'soundhw-modern-xl')).toBeDefined();
    expect(find(lintXl(['soundhw', 'hda']), 'soundhw-modern-xl')).toBeUndefined();
  });
});
