// The contract's inputs for hosts, domains and cfgFiles (issue 5 §8, EH-6): bounded, hosts and
// guests by name, cfg files by one directory plus a plain name, never a path or shell text.
import { describe, expect, it } from 'vitest';
import { contract } from '../../../src-main/shared/api/contract';

const parse = (name: keyof typeof contract.requests, input: unknown) => contract.requests[name].input.safeParse(input).success;
const sha = 'a'.repeat(64);

describe('hosts contract inputs', () => {
  it('refuse cfg names that are paths, dot-files or control text, and relative directories', () => {
    expect(parse('cfgFiles.read', { host: 'h', dir: '/etc/xen', name: 'web.cfg' })).toBe(true);
    for (const name of ['../passwd', 'a/b', '.web.cfg.xendeck-tmp', 'a\nb', '', 'x'.repeat(256)]) {
      expect(parse('cfgFiles.read', { host: 'h', dir: '/etc/xen', name })).toBe(false);
    }
    expect(parse('cfgFiles.read', { host: 'h', dir: 'etc/xen', name: 'web.cfg' })).toBe(false);
  });

  it('take a write with exactly one of expectedSha256 (or null) and force', () => {
    const base = { host: 'h', dir: '/etc/xen', name: 'web.cfg', text: 'name = "web"\n' };
    expect(parse('cfgFiles.write', { ...base, expectedSha256: sha })).toBe(true);
    expect(parse('cfgFiles.write', { ...base, expectedSha256: null })).toBe(true);
    expect(parse('cfgFiles.write', { ...base, force: true })).toBe(true);
    expect(parse('cfgFiles.write', base)).toBe(false);
    expect(parse('cfgFiles.write', { ...base, expectedSha256: sha, force: true })).toBe(false);
    expect(parse('cfgFiles.write', { ...base, expectedSha256: 'ABC' })).toBe(false);
    expect(parse('cfgFiles.write', { ...base, expectedSha256: sha, text: 'x'.repeat(1024 * 1024 + 1) })).toBe(false);
  });

  it('bound host and guest names and refuse extra fields', () => {
    expect(parse('domains.pause', { host: 'h', name: 'a;touch /tmp/pwned' })).toBe(true); // a name, matched exactly by the core
    expect(parse('domains.pause', { host: 'h', name: 'x'.repeat(129) })).toBe(false);
    expect(parse('domains.pause', { host: 'h', name: 'web', argv: ['rm'] })).toBe(false);
    expect(parse('inventory.get', { host: '' })).toBe(false);
  });

  it('take a host with a password but refuse secrets smuggled into the profile fields', () => {
    const host = { name: 'dom0', address: '10.0.0.1', auth: { method: 'password' }, password: 'pw' };
    expect(parse('hosts.add', host)).toBe(true);
    expect(parse('hosts.add', { ...host, auth: { method: 'password', secretId: 'x' } })).toBe(false);
    expect(parse('hosts.add', { ...host, address: 'root@10.0.0.1' })).toBe(false);
    expect(parse('hosts.add', { ...host, hostKeyFingerprint: 'md5:aa' })).toBe(false);
    expect(parse('hosts.trustKey', { host: 'dom0', fingerprint: `SHA256:${'A'.repeat(43)}`, mode: 'always' })).toBe(true);
    expect(parse('hosts.trustKey', { host: 'dom0', fingerprint: `SHA256:${'A'.repeat(43)}`, mode: 'forever' })).toBe(false);
  });

  it('bound memory and vCPU counts to whole positive numbers, and a known domid to guest ids (issue 5 §5, IN-3)', () => {
    const g = { host: 'h', name: 'web' };
    expect(parse('domains.memSet', { ...g, mib: 512 })).toBe(true);
    expect(parse('domains.memSet', { ...g, mib: 512, domid: 7 })).toBe(true);
    for (const mib of [0, -1, 1.5, '512', 16 * 1024 * 1024 + 1]) expect(parse('domains.memSet', { ...g, mib })).toBe(false);
    for (const domid of [0, -1, 0x7ff0, 1.5]) expect(parse('domains.memSet', { ...g, mib: 512, domid })).toBe(false);
    expect(parse('domains.vcpuSet', { ...g, count: 4 })).toBe(true);
    for (const count of [0, 4097, 2.5]) expect(parse('domains.vcpuSet', { ...g, count })).toBe(false);
    expect(parse('domains.memSet', { ...g, mib: 512, extra: 1 })).toBe(false);
    expect(parse('domains.pause', { ...g, domid: 7 })).toBe(true);
    expect(parse('domains.pause', { ...g, domid: 0 })).toBe(false);
  });

  it("take vcpu-pin CPU lists in xl's cpus language, checked by the cfg engine's parser", () => {
    const g = { host: 'h', name: 'web' };
    for (const cpus of ['0', '0-3', 'all', '0-3,^2', 'all,^1', 'node:0', '1,3,5-7']) {
      expect(parse('domains.vcpuPin', { ...g, vcpu: 0, cpus })).toBe(true);
    }
    expect(parse('domains.vcpuPin', { ...g, vcpu: 'all', cpus: '0' })).toBe(true);
    for (const cpus of ['', '3-1', '0-', 'a', '-1', '0;reboot', '^all', ',', '$(id)']) {
      expect(parse('domains.vcpuPin', { ...g, vcpu: 0, cpus })).toBe(false);
    }
    for (const vcpu of [-1, 'some', 4096, 0.5]) expect(parse('domains.vcpuPin', { ...g, vcpu, cpus: '0' })).toBe(false);
    const r = contract.requests['domains.vcpuPin'].input.safeParse({ ...g, vcpu: 0, cpus: '3-1' });
    expect(r.success ? '' : r.error.issues[0]?.message).toMatch(/Invalid pcpu range: 3-1/);
  });

  it('take a CD image as an absolute path and a vdev as a device name, never options or shell text', () => {
    const g = { host: 'h', name: 'web' };
    expect(parse('domains.cdInsert', { ...g, vdev: 'hdc', path: '/srv/iso/debian 12.iso' })).toBe(true);
    for (const path of ['debian.iso', '-o', '/a\nb', '/a\0b', '', '/' + 'x'.repeat(4096)]) {
      expect(parse('domains.cdInsert', { ...g, vdev: 'hdc', path })).toBe(false);
    }
    for (const vdev of ['', '-F', 'hd c', 'HDC', 'hdc;reboot', 'x'.repeat(17)]) expect(parse('domains.cdEject', { ...g, vdev })).toBe(false);
    expect(parse('domains.cdEject', { ...g, vdev: 'xvdc' })).toBe(true);
  });

  it('take save directories as absolute paths and leave the rename policy to the core (IN-3)', () => {
    expect(parse('domains.save', { host: 'h', name: 'web' })).toBe(true);
    expect(parse('domains.save', { host: 'h', name: 'web', dir: '/var/lib/xen/save' })).toBe(true);
    for (const dir of ['var/lib/xen/save', '/var/lib/xen/save/', '/a\nb', '/']) {
      expect(parse('domains.savedImages', { host: 'h', dir })).toBe(false);
    }
    expect(parse('domains.restore', { host: 'h', name: 'web', domid: 3 })).toBe(false);
    // any bounded text reaches the core, which refuses hostile names with INVALID_INPUT
    expect(parse('domains.rename', { host: 'h', name: 'web', newName: 'a;reboot' })).toBe(true);
    expect(parse('domains.rename', { host: 'h', name: 'web', newName: '' })).toBe(false);
    expect(parse('metrics.get', { host: 'h' })).toBe(true);
    expect(parse('hosts.info', { host: 'h', name: 'x' })).toBe(false);
  });

  it('take a host edit with any subset of the fields, a rename, new secrets and null to clear the pin (EH-6, ST-4)', () => {
    expect(parse('hosts.update', { host: 'dom0' })).toBe(true);
    expect(parse('hosts.update', { host: 'dom0', name: 'dom0-b', port: 2222, tags: ['lab'], cfgDirs: ['/srv/xen'] })).toBe(true);
    expect(parse('hosts.update', { host: 'dom0', auth: { method: 'password' }, password: 'pw' })).toBe(true);
    expect(parse('hosts.update', { host: 'dom0', hostKeyFingerprint: null, jumpHost: null, group: null })).toBe(true);
    expect(parse('hosts.update', { host: 'dom0', hostKeyFingerprint: `SHA256:${'A'.repeat(43)}` })).toBe(true);
    expect(parse('hosts.update', { host: 'dom0', hostKeyFingerprint: 'md5:aa' })).toBe(false);
    expect(parse('hosts.update', { host: 'dom0', port: 0 })).toBe(false);
    expect(parse('hosts.update', { host: 'dom0', password: '' })).toBe(false);
    expect(parse('hosts.update', { host: 'dom0', auth: { method: 'password', secretId: 'x' } })).toBe(false);
    expect(parse('hosts.update', { host: 'dom0', id: 'other-id' })).toBe(false);
    expect(parse('hosts.update', { host: 'dom0', name: 'x'.repeat(129) })).toBe(false);
    expect(parse('hosts.update', { host: 'dom0', saveDir: 'relative' })).toBe(false);
    expect(parse('hosts.update', { name: 'dom0' })).toBe(false);
  });
});
