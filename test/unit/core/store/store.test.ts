import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../../src-main/core/store/atomic-file';
import { passwordSecretId } from '../../../../src-main/core/store/host-profile';
import { HostStore } from '../../../../src-main/core/store/host-store';
import { EncryptedFileSecrets, MemorySecrets, type StringEncryption } from '../../../../src-main/core/store/secrets';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'xendeck-store-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A stand-in for safeStorage: real AES-GCM with a key held only in memory. */
function fakeSafeStorage(backend = 'gnome_libsecret', available = true): StringEncryption {
  const key = randomBytes(32);
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decryptString(buf) {
      const d = createDecipheriv('aes-256-gcm', key, buf.subarray(0, 12));
      d.setAuthTag(buf.subarray(12, 28));
      return Buffer.concat([d.update(buf.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

/** Every byte of every file under dir, for "is the secret anywhere?" checks. */
function allBytes(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((n) => join(dir, n))
    .filter((p) => statSync(p).isFile())
    .map((p) => readFileSync(p, 'latin1'))
    .join('\n');
}

describe('atomic writes', () => {
  it('replaces the file with mode 0600 and leaves no temp file', async () => {
    const d = tmp();
    const f = join(d, 'a.json');
    writeFileSync(f, 'old', { mode: 0o644 });
    await writeFileAtomic(f, 'new');
    expect(readFileSync(f, 'utf8')).toBe('new');
    expect(statSync(f).mode & 0o777).toBe(0o600);
    expect(readdirSync(d)).toEqual(['a.json']);
  });

  it('leaves the old content and no temp when the replace fails', async () => {
    const d = tmp();
    const f = join(d, 'target');
    mkdirSync(f);
    writeFileSync(join(f, 'keep'), 'x');
    await expect(writeFileAtomic(f, 'new')).rejects.toThrow();
    expect(readdirSync(d)).toEqual(['target']);
    expect(readFileSync(join(f, 'keep'), 'utf8')).toBe('x');
  });
});

describe('host profiles (issue 5 §1)', () => {
  it('stores profiles with defaults, survives a reopen and keeps the file private', async () => {
    const d = tmp();
    const s = await HostStore.open(d);
    const h = await s.upsert({ name: 'dom0-a', address: '127.0.0.2', port: 2222, tags: ['lab'], group: 'rack 1' });
    expect(h).toMatchObject({ user: 'root', auth: { method: 'agent' }, sudo: false, cfgDirs: ['/etc/xen'], autostartDir: '/etc/xen/auto', saveDir: '/var/lib/xen/save' });
    const again = await HostStore.open(d);
    expect(again.list()).toEqual([h]);
    expect(again.get('dom0-a')?.id).toBe(h.id);
    expect(statSync(join(d, 'hosts.json')).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(d, 'hosts.json'), 'utf8')).version).toBe(2);
  });

  it('updates by id, refuses duplicate names, removes', async () => {
    const s = await HostStore.open(tmp());
    const a = await s.upsert({ name: 'a', address: 'a.lab' });
    await s.upsert({ ...a, sudo: true, user: 'xen' });
    expect(s.get(a.id)).toMatchObject({ sudo: true, user: 'xen' });
    await expect(s.upsert({ name: 'a', address: 'b.lab' })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: 'A host named "a" already exists.' });
    expect(await s.remove(a.id)).toBe(true);
    expect(s.list()).toEqual([]);
  });

  it('refuses a password inside a profile, and bad ports, addresses and fingerprints', async () => {
    const s = await HostStore.open(tmp());
    // Cast: the point is that untyped input (e.g. an import file) can't smuggle a secret in.
    await expect(s.upsert({ name: 'p', address: 'h', password: 'x' } as unknown as { name: string; address: string })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(s.upsert({ name: 'p', address: 'h', port: 70000 })).rejects.toThrow(/port/);
    await expect(s.upsert({ name: 'p', address: 'a b' })).rejects.toThrow(/address/);
    await expect(s.upsert({ name: 'p', address: 'h', hostKeyFingerprint: 'MD5:aa' })).rejects.toThrow(/fingerprint/);
    await expect(s.upsert({ name: 'p', address: 'h', cfgDirs: ['etc/xen'] })).rejects.toThrow(/cfgDirs/);
  });

  it('migrates a version 1 file and writes it back as version 2', async () => {
    const d = tmp();
    writeFileSync(
      join(d, 'hosts.json'),
      JSON.stringify({
        version: 1,
        hosts: [
          { name: 'old', host: '10.0.0.9', username: 'admin', authMethod: 'key', keyFile: '/home/u/.ssh/id_ed25519', cfgDir: '/srv/xen' },
          { name: 'pw', host: '10.0.0.10', authMethod: 'password' },
        ],
      }),
    );
    let n = 0;
    const s = await HostStore.open(d, { newId: () => `id-${++n}` });
    expect(s.list()).toEqual([
      { id: 'id-1', name: 'old', address: '10.0.0.9', port: 22, user: 'admin', auth: { method: 'key', keyFile: '/home/u/.ssh/id_ed25519' }, sudo: false, cfgDirs: ['/srv/xen'], autostartDir: '/etc/xen/auto', saveDir: '/var/lib/xen/save', tags: [] },
      { id: 'id-2', name: 'pw', address: '10.0.0.10', port: 22, user: 'root', auth: { method: 'password', secretId: passwordSecretId('id-2') }, sudo: false, cfgDirs: ['/etc/xen'], autostartDir: '/etc/xen/auto', saveDir: '/var/lib/xen/save', tags: [] },
    ]);
    expect(JSON.parse(readFileSync(join(d, 'hosts.json'), 'utf8')).version).toBe(2);
  });

  it('explains an unreadable or newer file naming it', async () => {
    const d = tmp();
    writeFileSync(join(d, 'hosts.json'), '{"version": 2, "hosts": [');
    await expect(HostStore.open(d)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining(join(d, 'hosts.json')) });
    writeFileSync(join(d, 'hosts.json'), '{"version": 9, "hosts": []}');
    await expect(HostStore.open(d)).rejects.toThrow(/newer XenDeck/);
  });
});

describe('secrets (ST-7)', () => {
  const SENTINEL = 'S3ntinel-pa55word-4f7c1e';

  it('never writes a secret as plaintext anywhere in the data directory', async () => {
    const d = tmp();
    const store = await HostStore.open(d);
    const h = await store.upsert({ name: 'pw', address: '127.0.0.5', auth: { method: 'password', secretId: 'host:x:password' } });
    const secrets = await EncryptedFileSecrets.open(d, fakeSafeStorage());
    expect(secrets.persistent).toBe(true);
    await secrets.set(h.auth.method === 'password' ? h.auth.secretId : '', SENTINEL);
    const bytes = allBytes(d);
    expect(readdirSync(d).sort()).toEqual(['hosts.json', 'secrets.json']);
    expect(bytes).not.toContain(SENTINEL);
    expect(bytes).not.toContain(Buffer.from(SENTINEL).toString('base64'));
    expect(statSync(join(d, 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(await secrets.get('host:x:password')).toBe(SENTINEL);
  });

  it('keeps only the path of a private key, never the key (ST-8)', async () => {
    const d = tmp();
    const keyDir = tmp();
    const keyFile = join(keyDir, 'id_test');
    writeFileSync(keyFile, '-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n');
    const store = await HostStore.open(d);
    await store.upsert({ name: 'k', address: 'h', auth: { method: 'key', keyFile, passphraseSecretId: 'host:k:passphrase' } });
    const secrets = await EncryptedFileSecrets.open(d, fakeSafeStorage());
    await secrets.set('host:k:passphrase', SENTINEL);
    const bytes = allBytes(d);
    expect(bytes).toContain(keyFile);
    expect(bytes).not.toContain('-----BEGIN');
    expect(bytes).not.toContain(SENTINEL);
  });

  it('reads secrets back after a reopen with the same OS key, and deletes them', async () => {
    const d = tmp();
    const enc = fakeSafeStorage();
    await (await EncryptedFileSecrets.open(d, enc)).set('a', SENTINEL);
    const again = await EncryptedFileSecrets.open(d, enc);
    expect(await again.get('a')).toBe(SENTINEL);
    await again.delete('a');
    expect(await (await EncryptedFileSecrets.open(d, enc)).get('a')).toBeUndefined();
  });

  it('keeps secrets for the session only, writing nothing, without real encryption', async () => {
    for (const enc of [fakeSafeStorage('basic_text'), fakeSafeStorage('gnome_libsecret', false)]) {
      const d = tmp();
      const s = await EncryptedFileSecrets.open(d, enc);
      expect(s.persistent).toBe(false);
      expect(s.notPersistentReason).toMatch(/this session only/);
      await s.set('a', SENTINEL);
      expect(await s.get('a')).toBe(SENTINEL);
      expect(readdirSync(d)).toEqual([]);
    }
  });

  it('keeps the ciphertext and asks again when the OS key changed', async () => {
    const d = tmp();
    await (await EncryptedFileSecrets.open(d, fakeSafeStorage())).set('a', SENTINEL);
    const before = readFileSync(join(d, 'secrets.json'), 'utf8');
    const other = await EncryptedFileSecrets.open(d, fakeSafeStorage('kwallet5'));
    expect(await other.get('a')).toBeUndefined();
    expect(other.unreadable.has('a')).toBe(true);
    expect(readFileSync(join(d, 'secrets.json'), 'utf8')).toBe(before);
  });

  it('memory secrets work and say they are not persistent', async () => {
    const m = new MemorySecrets();
    await m.set('a', 'b');
    expect(await m.get('a')).toBe('b');
    await m.delete('a');
    expect(await m.get('a')).toBeUndefined();
    expect(m.persistent).toBe(false);
  });
});
