// ProxyJump: the connection to a dom0 tunnelled through a jump host's sshd (direct-tcpip), with
// the dom0's own host key still verified (ST-1 holds for every hop).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostConnection, type ConnectionProfile } from '../../../src-main/core/hosts/connection';
import { KnownHosts, fingerprintSha256 } from '../../../src-main/core/hosts/known-hosts';
import { MemorySecrets } from '../../../src-main/core/store/secrets';
import { startPrivateSshd, type PrivateSshd } from './helpers/private-sshd';

let jump: PrivateSshd;
let target: PrivateSshd;
const open: HostConnection[] = [];

beforeAll(async () => {
  [jump, target] = await Promise.all([startPrivateSshd(), startPrivateSshd()]);
});
afterAll(async () => {
  for (const c of open) c.close();
  await Promise.all([jump?.stop(), target?.stop()]);
});

function profile(s: PrivateSshd, name: string, pin = fingerprintSha256(s.hostKey.blob)): ConnectionProfile {
  return { name, address: s.address, port: s.port, user: s.user, auth: { method: 'key', keyFile: s.clientKey }, hostKeyFingerprint: pin };
}

async function viaJump(pin?: string): Promise<HostConnection> {
  const j = new HostConnection({ profile: profile(jump, 'bastion'), knownHosts: new KnownHosts(), secrets: new MemorySecrets() });
  open.push(j);
  await j.connect();
  const c = new HostConnection({ profile: profile(target, 'dom0-behind', pin), knownHosts: new KnownHosts(), secrets: new MemorySecrets(), via: j });
  open.push(c);
  return c;
}

describe('jump host (ProxyJump)', () => {
  it('reaches the dom0 through the jump host and runs commands there', async () => {
    const before = jump.log().length;
    const c = await viaJump();
    await c.connect();
    expect((await c.exec(['echo', 'behind'])).stdout).toBe('behind\n');
    // The jump host's sshd opened the TCP connection to the dom0 on our behalf.
    expect(jump.log().slice(before)).toMatch(new RegExp(`direct.tcpip.*${target.address.replaceAll('.', '\\.')} port ${target.port}`));
  });

  it("still verifies the dom0's own key through the tunnel", async () => {
    const c = await viaJump(fingerprintSha256(jump.hostKey.blob));
    await expect(c.connect()).rejects.toMatchObject({ code: 'HOST_KEY_CHANGED' });
  });
});
