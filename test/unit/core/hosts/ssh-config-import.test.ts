import { describe, expect, it } from 'vitest';
import { importSshConfig } from '../../../../src-main/core/hosts/ssh-config-import';

const text = `
# my dom0s
Include ~/.ssh/config.d/*

Host dom0-a dom0-a-alias
    HostName 10.0.0.5
    Port 2222
    User admin
    IdentityFile ~/.ssh/id_xen
    ProxyJump bastion

Host bastion
  HostName bastion.example.org

Host *.lab !secret.lab
  User labuser

host web.lab
  identityfile %d/keys/web

Host legacy
  HostName legacy.example.org
  IdentityFile none

Host bad
  Port 99999

Host *
  User root
  IdentityFile ~/.ssh/id_ed25519
`;

describe('import hosts from ~/.ssh/config (issue 5 §1)', () => {
  const r = importSshConfig(text, { home: '/home/ann' });

  it('turns each concrete alias into a draft with HostName, Port, User, IdentityFile, ProxyJump', () => {
    expect(r.drafts.find((d) => d.name === 'dom0-a')).toEqual({
      name: 'dom0-a',
      address: '10.0.0.5',
      port: 2222,
      user: 'admin',
      auth: { method: 'key', keyFile: '/home/ann/.ssh/id_xen' },
      jumpHost: 'bastion',
    });
    expect(r.drafts.find((d) => d.name === 'dom0-a-alias')).toMatchObject({ address: '10.0.0.5', port: 2222 });
  });

  it('applies Host * defaults and wildcard sections the way ssh does (first value wins)', () => {
    expect(r.drafts.find((d) => d.name === 'bastion')).toEqual({
      name: 'bastion',
      address: 'bastion.example.org',
      user: 'root',
      auth: { method: 'key', keyFile: '/home/ann/.ssh/id_ed25519' },
    });
    expect(r.drafts.find((d) => d.name === 'web.lab')).toEqual({
      name: 'web.lab',
      address: 'web.lab',
      user: 'labuser',
      auth: { method: 'key', keyFile: '/home/ann/keys/web' },
    });
  });

  it('uses the agent when IdentityFile is none', () => {
    expect(r.drafts.find((d) => d.name === 'legacy')).toMatchObject({ auth: { method: 'agent' } });
  });

  it('skips wildcard patterns, Include and impossible ports, saying why', () => {
    expect(r.drafts.map((d) => d.name)).toEqual(['dom0-a', 'dom0-a-alias', 'bastion', 'web.lab', 'legacy']);
    expect(r.skipped).toEqual([
      { entry: 'Include ~/.ssh/config.d/*', reason: 'included files are not read; import them separately' },
      { entry: 'Host *.lab', reason: 'a wildcard pattern is not a single host' },
      { entry: 'Host !secret.lab', reason: 'a wildcard pattern is not a single host' },
      { entry: 'Host bad', reason: 'Port 99999 is not a TCP port' },
      { entry: 'Host *', reason: 'a wildcard pattern is not a single host' },
    ]);
  });
});
