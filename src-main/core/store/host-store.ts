// The host profiles in `<dataDir>/hosts.json`: read (migrating older versions), validated,
// replaced atomically on every change. The caller gives the data directory.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiError } from '@shared/api/errors';
import { writeFileAtomic } from './atomic-file';
import { HOSTS_FILE_VERSION, HostProfile, HostsFile, HostsFileV1, migrateV1, type HostProfileInput } from './host-profile';

export const HOSTS_FILE = 'hosts.json';

export class HostStore {
  private constructor(
    private readonly file: string,
    private hosts: HostProfile[],
  ) {}

  static async open(dataDir: string, opts: { newId?: () => string } = {}): Promise<HostStore> {
    const file = join(dataDir, HOSTS_FILE);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return new HostStore(file, []);
      throw e;
    }
    const fail = (why: string) =>
      new ApiError({
        code: 'INVALID_INPUT',
        message: `The host list ${file} can't be read: ${why}.`,
        hint: 'Fix or move the file away; XenDeck starts with an empty host list without it.',
        details: { file },
      });
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw fail(`it is not valid JSON (${(e as Error).message})`);
    }
    const version = (raw as { version?: unknown } | null)?.version;
    if (version === 1) {
      const v1 = HostsFileV1.safeParse(raw);
      if (!v1.success) throw fail(v1.error.issues[0]?.message ?? 'version 1 data is malformed');
      const store = new HostStore(file, migrateV1(v1.data, opts.newId ?? randomUUID).hosts);
      await store.save();
      return store;
    }
    if (typeof version === 'number' && version > HOSTS_FILE_VERSION) {
      throw fail(`it was written by a newer XenDeck (format ${version}; this one reads up to ${HOSTS_FILE_VERSION})`);
    }
    const parsed = HostsFile.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw fail(`${issue?.path.join('.') ?? ''} ${issue?.message ?? 'is malformed'}`.trim());
    }
    return new HostStore(file, parsed.data.hosts);
  }

  list(): HostProfile[] {
    return this.hosts.map((h) => structuredClone(h));
  }

  get(idOrName: string): HostProfile | undefined {
    const h = this.hosts.find((x) => x.id === idOrName) ?? this.hosts.find((x) => x.name === idOrName);
    return h === undefined ? undefined : structuredClone(h);
  }

  /** Adds a profile (an id is made when absent) or replaces the one with the same id. */
  async upsert(input: Omit<HostProfileInput, 'id'> & { id?: string }): Promise<HostProfile> {
    const parsed = HostProfile.safeParse({ ...input, id: input.id ?? randomUUID() });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ApiError({
        code: 'INVALID_INPUT',
        message: `The host "${String(input.name ?? '')}" can't be saved: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'is invalid'}.`,
        hint: 'Correct the field and save again.',
        details: { field: issue?.path.join('.') ?? '' },
      });
    }
    const profile = parsed.data;
    const clash = this.hosts.find((h) => h.name === profile.name && h.id !== profile.id);
    if (clash) {
      throw new ApiError({
        code: 'INVALID_INPUT',
        message: `A host named "${profile.name}" already exists.`,
        hint: 'Choose another name.',
        details: { field: 'name' },
      });
    }
    const at = this.hosts.findIndex((h) => h.id === profile.id);
    const next = [...this.hosts];
    if (at >= 0) next[at] = profile;
    else next.push(profile);
    await this.write(next);
    return structuredClone(profile);
  }

  async remove(id: string): Promise<boolean> {
    const next = this.hosts.filter((h) => h.id !== id);
    if (next.length === this.hosts.length) return false;
    await this.write(next);
    return true;
  }

  private async write(next: HostProfile[]): Promise<void> {
    const before = this.hosts;
    this.hosts = next;
    try {
      await this.save();
    } catch (e) {
      this.hosts = before;
      throw e;
    }
  }

  private async save(): Promise<void> {
    const data: HostsFile = { version: HOSTS_FILE_VERSION, hosts: this.hosts };
    await writeFileAtomic(this.file, `${JSON.stringify(data, null, 2)}\n`, 0o600);
  }
}
