// The add/edit-host form: editing starts from the host as listed with empty secrets, and sends
// only what changed (an untouched login keeps the connection); what it sends passes the contract.
import { describe, expect, it } from 'vitest';
import { contract } from '../../../src-main/shared/api/contract';
import type { HostView } from '../../../src-main/shared/api/hosts-types';
import { addInputFromForm, emptyHostForm, formFromHost, updateInputFromForm, validateHostForm } from '../../../src-renderer/src/views/add-host-form';

const FP = `SHA256:${'A'.repeat(43)}`;
const host: HostView = {
  id: 'id-1',
  name: 'dom0a',
  address: '10.0.0.1',
  port: 22,
  user: 'root',
  auth: { method: 'password' },
  sudo: false,
  cfgDirs: ['/etc/xen', '/srv/xen'],
  autostartDir: '/etc/xen/auto',
  saveDir: '/var/lib/xen/save',
  tags: ['lab'],
  group: 'Lab',
  hostKeyFingerprint: FP,
  state: 'online',
};
const update = (input: unknown) => contract.requests['hosts.update'].input.safeParse(input);

describe('the edit-host form', () => {
  it('starts from the listed host with the secret fields empty', () => {
    const f = formFromHost(host);
    expect(f).toMatchObject({ name: 'dom0a', address: '10.0.0.1', port: 22, auth: 'password', password: '', passphrase: '', fingerprint: FP, cfgDir: '/etc/xen', tags: 'lab', group: 'Lab' });
  });

  it('sends nothing but the host when nothing changed, so the connection stays', () => {
    expect(updateInputFromForm(host, formFromHost(host))).toEqual({ host: 'id-1' });
  });

  it('keeps the stored password when the field stays empty, and sends a typed one', () => {
    const f = formFromHost(host);
    expect(validateHostForm(f, host)).toEqual({});
    expect(validateHostForm(f)).toMatchObject({ password: 'addHost.required' });
    expect(updateInputFromForm(host, { ...f, password: 'new-pw' })).toEqual({ host: 'id-1', password: 'new-pw' });
  });

  it('sends the changed port, tags and first cfg directory (the others kept), and null for an emptied pin or group', () => {
    const f = { ...formFromHost(host), port: 2222, tags: 'lab, rack-2, lab', cfgDir: '/opt/xen', fingerprint: '', group: '' };
    const u = updateInputFromForm(host, f);
    expect(u).toEqual({ host: 'id-1', port: 2222, tags: ['lab', 'rack-2'], cfgDirs: ['/opt/xen', '/srv/xen'], hostKeyFingerprint: null, group: null });
    expect(update(u).success).toBe(true);
  });

  it('switching to a key file sends the method with the file; a rename sends the name', () => {
    const f = { ...formFromHost(host), name: 'dom0b', auth: 'key' as const, keyFile: '/home/me/.ssh/id_ed25519' };
    expect(validateHostForm(f, host)).toEqual({});
    const u = updateInputFromForm(host, f);
    expect(u).toEqual({ host: 'id-1', name: 'dom0b', auth: { method: 'key', keyFile: '/home/me/.ssh/id_ed25519' } });
    expect(update(u).success).toBe(true);
  });

  it('points at bad directories and too many tags beside their fields', () => {
    const f = { ...formFromHost(host), saveDir: 'relative', tags: Array.from({ length: 33 }, (_, i) => `t${i}`).join(',') };
    expect(validateHostForm(f, host)).toEqual({ saveDir: 'addHost.invalidDir', tags: 'editHost.invalidTags' });
  });

  it('a new host still adds with its password, tags and save directory', () => {
    const f = { ...emptyHostForm(), name: 'n', address: 'h', auth: 'password' as const, password: 'pw', tags: 'a', saveDir: '/srv/save' };
    const input = addInputFromForm(f);
    expect(input).toMatchObject({ name: 'n', auth: { method: 'password' }, password: 'pw', tags: ['a'], saveDir: '/srv/save' });
    expect(contract.requests['hosts.add'].input.safeParse(input).success).toBe(true);
  });
});
