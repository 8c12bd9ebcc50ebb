// XenDeck's own known_hosts file in its data directory (OpenSSH format, hashed names). Keys the
// user chose to "trust always" are added here; ~/.ssh/known_hosts is only ever read. Removing a
// pin is a deliberate act (ST-3), done here and nowhere else.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../store/atomic-file';
import { KnownHosts, entryMatches, knownHostsLine, parseKnownHosts, type HostKeyPin } from './known-hosts';

export const OWN_KNOWN_HOSTS = 'known_hosts';

export class OwnKnownHosts {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, OWN_KNOWN_HOSTS);
  }

  async text(): Promise<string> {
    try {
      return await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
      throw e;
    }
  }

  async add(host: string, port: number, keyType: string, key: Buffer): Promise<void> {
    const text = await this.text();
    const sep = text === '' || text.endsWith('\n') ? '' : '\n';
    await writeFileAtomic(this.file, `${text}${sep}${knownHostsLine(host, port, keyType, key)}`, 0o600);
  }

  /** Removes every key stored for host:port; returns how many lines went. Other lines stay byte for byte. */
  async remove(host: string, port: number): Promise<number> {
    const text = await this.text();
    const { entries } = parseKnownHosts(text, this.file);
    const drop = new Set(entries.filter((e) => e.marker === null && entryMatches(e, host, port)).map((e) => e.line));
    if (drop.size === 0) return 0;
    const kept = text.split('\n').filter((_, i) => !drop.has(i + 1));
    await writeFileAtomic(this.file, kept.join('\n'), 0o600);
    return drop.size;
  }
}

/** Everything XenDeck trusts: the user's OpenSSH files (read only), its own file, profile pins. */
export async function loadKnownHosts(opts: { userFiles: string[]; own: OwnKnownHosts; pins?: HostKeyPin[] }): Promise<KnownHosts> {
  return KnownHosts.load([...opts.userFiles, opts.own.file], opts.pins ?? []);
}
