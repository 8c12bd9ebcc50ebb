import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OwnKnownHosts, loadKnownHosts } from '../../../../src-main/core/hosts/own-known-hosts';

const dir = mkdtempSync(join(tmpdir(), 'own-known-hosts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function key(name: string): { type: string; blob: Buffer; b64: string } {
  const f = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', f]);
  const [type, b64] = readFileSync(`${f}.pub`, 'utf8').split(' ');
  return { type, b64, blob: Buffer.from(b64, 'base64') };
}

describe("XenDeck's own known_hosts (ST-2, ST-3)", () => {
  it('remembers a trusted key hashed, privately, and forgets it only on request', async () => {
    const data = mkdtempSync(join(dir, 'data-'));
    const userFile = join(dir, 'user_known_hosts');
    const a = key('a');
    const b = key('b');
    writeFileSync(userFile, `other.example ${b.type} ${b.b64}\n`);
    const own = new OwnKnownHosts(data);
    await own.add('127.0.0.2', 2222, a.type, a.blob);
    await own.add('127.0.0.3', 22, b.type, b.blob);
    expect(statSync(own.file).mode & 0o777).toBe(0o600);
    expect(await own.text()).not.toContain('127.0.0.2');
    let kh = await loadKnownHosts({ userFiles: [userFile], own });
    expect(kh.check('127.0.0.2', 2222, a.type, a.blob).status).toBe('trusted');
    expect(kh.check('other.example', 22, b.type, b.blob).status).toBe('trusted');

    expect(await own.remove('127.0.0.2', 2222)).toBe(1);
    expect(await own.remove('127.0.0.2', 2222)).toBe(0);
    kh = await loadKnownHosts({ userFiles: [userFile], own });
    expect(kh.check('127.0.0.2', 2222, a.type, a.blob).status).toBe('unknown');
    expect(kh.check('127.0.0.3', 22, b.type, b.blob).status).toBe('trusted');
    // The user's own file is never written.
    expect(readFileSync(userFile, 'utf8')).toBe(`other.example ${b.type} ${b.b64}\n`);
  });
});
