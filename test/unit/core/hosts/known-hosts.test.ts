// ST-2/ST-3: real keys from ssh-keygen; fingerprints and hashed names checked against ssh-keygen itself.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  KnownHosts,
  entryMatches,
  fingerprintSha256,
  hostKeyError,
  keyTypeOf,
  knownHostsLine,
  parseKnownHosts,
} from '../../../../src-main/core/hosts/known-hosts';

const dir = mkdtempSync(join(tmpdir(), 'known-hosts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Key {
  type: string;
  b64: string;
  blob: Buffer;
  pubFile: string;
}

function genKey(name: string, type: string, bits?: number): Key {
  const file = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', type, ...(bits ? ['-b', String(bits)] : []), '-N', '', '-C', name, '-f', file]);
  const [t, b64] = readFileSync(`${file}.pub`, 'utf8').trim().split(/\s+/);
  return { type: t, b64, blob: Buffer.from(b64, 'base64'), pubFile: `${file}.pub` };
}

let ed: Key, ecdsa: Key, rsa: Key, other: Key;
beforeAll(() => {
  ed = genKey('ed', 'ed25519');
  ecdsa = genKey('ec', 'ecdsa');
  rsa = genKey('rsa', 'rsa', 2048);
  other = genKey('other', 'ed25519');
}, 60_000);

describe('fingerprints (ST-2)', () => {
  it('prints SHA256 fingerprints exactly as ssh-keygen -lf does, for ed25519, ecdsa and rsa', () => {
    for (const k of [ed, ecdsa, rsa]) {
      const printed = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', k.pubFile], { encoding: 'utf8' }).split(' ')[1];
      expect(fingerprintSha256(k.blob)).toBe(printed);
      expect(keyTypeOf(k.blob)).toBe(k.type);
    }
  });
});

describe('known_hosts parsing and matching (ST-2)', () => {
  it('matches plain names, comma lists, [host]:port, wildcards and negation', () => {
    const text = [
      '# comment',
      '',
      `dom0-a,10.0.0.5 ${ed.type} ${ed.b64} root@dom0-a`,
      `[127.0.0.2]:2222 ${ecdsa.type} ${ecdsa.b64}`,
      `*.lab,!bad.lab ${rsa.type} ${rsa.b64}\r`,
    ].join('\n');
    const { entries, warnings } = parseKnownHosts(text, 'kh');
    expect(warnings).toEqual([]);
    expect(entries.map((e) => e.line)).toEqual([3, 4, 5]);
    expect(entryMatches(entries[0], '10.0.0.5', 22)).toBe(true);
    expect(entryMatches(entries[0], 'dom0-a', 2222)).toBe(false);
    expect(entryMatches(entries[1], '127.0.0.2', 2222)).toBe(true);
    expect(entryMatches(entries[1], '127.0.0.2', 22)).toBe(false);
    expect(entryMatches(entries[2], 'x.lab', 22)).toBe(true);
    expect(entryMatches(entries[2], 'bad.lab', 22)).toBe(false);
  });

  it('verifies hashed names written by ssh-keygen -H (HMAC-SHA1 with salt)', () => {
    const file = join(dir, 'hashed');
    writeFileSync(file, `dom0-b ${ed.type} ${ed.b64}\n[dom0-b]:2200 ${ecdsa.type} ${ecdsa.b64}\n`);
    execFileSync('ssh-keygen', ['-q', '-H', '-f', file]);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('dom0-b');
    const kh = new KnownHosts([{ file, text }]);
    expect(kh.check('dom0-b', 22, ed.type, ed.blob).status).toBe('trusted');
    expect(kh.check('dom0-b', 2200, ecdsa.type, ecdsa.blob).status).toBe('trusted');
    expect(kh.check('dom0-c', 22, ed.type, ed.blob).status).toBe('unknown');
  });

  it('writes hashed lines that ssh-keygen -F finds', () => {
    const file = join(dir, 'ours');
    writeFileSync(file, knownHostsLine('127.0.0.3', 2222, ed.type, ed.blob));
    const found = execFileSync('ssh-keygen', ['-F', '[127.0.0.3]:2222', '-f', file], { encoding: 'utf8' });
    expect(found).toContain(ed.b64);
    expect(new KnownHosts([{ file, text: readFileSync(file, 'utf8') }]).check('127.0.0.3', 2222, ed.type, ed.blob).status).toBe('trusted');
  });

  it('ignores @cert-authority and broken lines with a warning naming file:line', () => {
    const text = [`@cert-authority *.lab ${ed.type} ${ed.b64}`, 'garbage', `h ssh-ed25519 ${rsa.b64}`, `h ssh-ed25519 !!!`].join('\n');
    const { entries, warnings } = parseKnownHosts(text, '/home/u/.ssh/known_hosts');
    expect(entries).toEqual([]);
    expect(warnings.map((w) => w.line)).toEqual([1, 2, 3, 4]);
    expect(warnings[0].reason).toMatch(/cert-authority/);
  });
});

describe('checkHostKey outcomes (ST-2, ST-3, ST-4)', () => {
  const kh = () =>
    new KnownHosts([
      { file: '/home/u/.ssh/known_hosts', text: `# x\ndom0-a ${ed.type} ${ed.b64}\ndom0-a ${rsa.type} ${rsa.b64}\n@revoked * ${ecdsa.type} ${ecdsa.b64}\n` },
    ]);

  it('trusts a known key, whichever of the host\'s key types is presented', () => {
    expect(kh().check('dom0-a', 22, ed.type, ed.blob)).toMatchObject({ status: 'trusted', source: '/home/u/.ssh/known_hosts:2' });
    expect(kh().check('dom0-a', 22, rsa.type, rsa.blob)).toMatchObject({ status: 'trusted', source: '/home/u/.ssh/known_hosts:3' });
  });

  it('calls a different key of a known type "changed", naming old fingerprint and file:line', () => {
    const r = kh().check('dom0-a', 22, other.type, other.blob);
    expect(r).toEqual({
      status: 'changed',
      keyType: 'ssh-ed25519',
      fingerprint: fingerprintSha256(other.blob),
      oldFingerprint: fingerprintSha256(ed.blob),
      source: '/home/u/.ssh/known_hosts:2',
      file: '/home/u/.ssh/known_hosts',
      line: 2,
    });
    const err = hostKeyError(r, 'dom0-a (127.0.0.2)')!;
    expect(err.code).toBe('HOST_KEY_CHANGED');
    expect(err.message).toContain('REMOTE HOST IDENTIFICATION HAS CHANGED for dom0-a (127.0.0.2)');
    expect(err.message).toContain(fingerprintSha256(other.blob));
    expect(err.message).toContain(fingerprintSha256(ed.blob));
    expect(err.hint).toContain('remove line 2 of /home/u/.ssh/known_hosts');
  });

  it('refuses a revoked key anywhere', () => {
    const r = kh().check('anything', 2222, ecdsa.type, ecdsa.blob);
    expect(r.status).toBe('revoked');
    expect(hostKeyError(r, 'h')!.code).toBe('HOST_KEY_REVOKED');
  });

  it('reports an unknown key with its fingerprint and type, and the types already known', () => {
    const r = kh().check('dom0-a', 22, ecdsa.type, genKey('ec2', 'ecdsa').blob);
    expect(r).toMatchObject({ status: 'unknown', keyType: ecdsa.type, otherKnownTypes: ['ssh-ed25519', 'ssh-rsa'] });
    const err = hostKeyError(r, 'dom0-a')!;
    expect(err.code).toBe('HOST_KEY_UNKNOWN');
    expect(err.message).toMatch(/ECDSA key SHA256:[A-Za-z0-9+/]{43},/);
    expect(hostKeyError(kh().check('dom0-a', 22, ed.type, ed.blob), 'x')).toBeNull();
  });

  it('honours a fingerprint pinned in a host profile, and calls any other key changed', () => {
    const pins = [{ host: '127.0.0.2', port: 2222, fingerprint: fingerprintSha256(ed.blob), source: 'host profile "sim-a"' }];
    const k = new KnownHosts([], pins);
    expect(k.check('127.0.0.2', 2222, ed.type, ed.blob)).toMatchObject({ status: 'trusted', source: 'host profile "sim-a"' });
    const r = k.check('127.0.0.2', 2222, rsa.type, rsa.blob);
    expect(r).toMatchObject({ status: 'changed', source: 'host profile "sim-a"' });
    expect(hostKeyError(r, 'sim-a')!.hint).toContain('host profile "sim-a"');
  });

  it('loads files from disk, treating a missing file as empty', async () => {
    const file = join(dir, 'kh-load');
    writeFileSync(file, `dom0-z ${ed.type} ${ed.b64}\n`);
    const k = await KnownHosts.load([join(dir, 'missing'), file]);
    expect(k.check('dom0-z', 22, ed.type, ed.blob).status).toBe('trusted');
  });
});
