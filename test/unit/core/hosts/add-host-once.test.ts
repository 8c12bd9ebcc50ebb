// A host profile is stored once, complete, with its secret already in place: the live loop may
// connect any stored host at any moment, and an interim profile (e.g. "agent" before the key file)
// made a first login fail as AUTH_FAILED, which is never retried (ST-7, RS-3).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HostsService } from '../../../../src-main/core/services/hosts-service';
import type { HostProfile } from '../../../../src-main/core/store/host-profile';
import { MemorySecrets } from '../../../../src-main/core/store/secrets';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A service whose every stored profile is recorded, with whether its secret existed then. */
async function recording(): Promise<{ s: HostsService; secrets: MemorySecrets; seen: { auth: HostProfile['auth']; secret: string | undefined }[] }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'xendeck-add-once-'));
  dirs.push(dataDir);
  const secrets = new MemorySecrets();
  const s = await HostsService.open({ dataDir, secrets, userKnownHosts: [] });
  const seen: { auth: HostProfile['auth']; secret: string | undefined }[] = [];
  const upsert = s.store.upsert.bind(s.store);
  s.store.upsert = async (input) => {
    const id = input.id ?? '';
    const auth = input.auth as HostProfile['auth'];
    const secretId = auth.method === 'password' ? auth.secretId : auth.method === 'key' ? auth.passphraseSecretId : undefined;
    seen.push({ auth, secret: secretId === undefined ? undefined : await secrets.get(secretId) });
    expect(id).not.toBe('');
    return upsert(input);
  };
  return { s, secrets, seen };
}

describe('adding and importing hosts store each profile once, complete', () => {
  it('hosts.add with a key file: one write, already with the key', async () => {
    const { s, seen } = await recording();
    await s.addHost({ name: 'dom0-a', address: '127.0.0.2', auth: { method: 'key', keyFile: '/k/id_ed25519' }, passphrase: 'pp' });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ auth: { method: 'key', keyFile: '/k/id_ed25519' }, secret: 'pp' });
  });

  it('hosts.add with a password: one write, the password already in the secret store', async () => {
    const { s, seen } = await recording();
    const { profile } = await s.addHost({ name: 'dom0-b', address: '127.0.0.3', auth: { method: 'password' }, password: 'pw' });
    expect(seen).toEqual([{ auth: { method: 'password', secretId: expect.stringContaining(profile.id) }, secret: 'pw' }]);
  });

  it('a name already taken: refused, and no secret stays behind', async () => {
    const { s, secrets } = await recording();
    await s.addHost({ name: 'dom0-c', address: '127.0.0.4' });
    const ids: string[] = [];
    const set = secrets.set.bind(secrets);
    secrets.set = async (id, value) => {
      ids.push(id);
      await set(id, value);
    };
    await expect(s.addHost({ name: 'dom0-c', address: '127.0.0.5', auth: { method: 'password' }, password: 'leak?' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(s.store.list()).toHaveLength(1);
    expect(ids).toHaveLength(1);
    expect(await secrets.get(ids[0])).toBeUndefined();
  });

  it('xendeck hosts import: one write per host, with its final login method', async () => {
    const { s, seen } = await recording();
    await s.importHosts([
      { name: 'k', address: '127.0.0.2', identityFile: '/k/id' },
      { name: 'p', address: '127.0.0.3', password: 'pw' },
    ]);
    expect(seen.map((x) => x.auth.method)).toEqual(['key', 'password']);
  });

  it('a host imported with a saveDir keeps it; one without gets xendomains\' /var/lib/xen/save', async () => {
    const { s } = await recording();
    await s.importHosts([
      { name: 'sim', address: '127.0.0.2', saveDir: '/tmp/sim/hosts/dom0-1/var/lib/xen/save' },
      { name: 'real', address: '127.0.0.3' },
    ]);
    expect(s.profile('sim').saveDir).toBe('/tmp/sim/hosts/dom0-1/var/lib/xen/save');
    expect(s.profile('real').saveDir).toBe('/var/lib/xen/save');
  });
});
