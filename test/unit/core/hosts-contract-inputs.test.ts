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
});
