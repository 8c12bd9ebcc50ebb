// `xendeck cfg push` compares against the version last pulled (FS-4): the hash of every pulled
// file is remembered in `<dataDir>/cli-pulled.json` (hashes only, never contents).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../../src-main/core/store/atomic-file';

type Pulled = Record<string, string>;

const file = (dataDir: string) => join(dataDir, 'cli-pulled.json');
const key = (hostId: string, path: string) => `${hostId} ${path}`;

async function load(dataDir: string): Promise<Pulled> {
  try {
    const raw = JSON.parse(await readFile(file(dataDir), 'utf8')) as unknown;
    return typeof raw === 'object' && raw !== null ? (raw as Pulled) : {};
  } catch {
    return {};
  }
}

export async function pulledHash(dataDir: string, hostId: string, path: string): Promise<string | undefined> {
  return (await load(dataDir))[key(hostId, path)];
}

export async function rememberPull(dataDir: string, hostId: string, path: string, sha256: string): Promise<void> {
  const all = await load(dataDir);
  all[key(hostId, path)] = sha256;
  await writeFileAtomic(file(dataDir), `${JSON.stringify(all, null, 2)}\n`, 0o600);
}
