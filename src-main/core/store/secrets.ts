// Secrets behind one interface (ST-7). The Electron glue passes safeStorage in; core never
// imports electron. Only ciphertext is written, in its own file; when the OS offers no real
// encryption, secrets are kept for the session only and the store says why.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-file';

export interface Secrets {
  get(id: string): Promise<string | undefined>;
  set(id: string, value: string): Promise<void>;
  delete(id: string): Promise<void>;
  /** false when secrets last only for this session. */
  readonly persistent: boolean;
  /** Why secrets are not persistent, as a sentence for the user. */
  readonly notPersistentReason?: string;
}

/** Browser mode and tests: nothing leaves memory. */
export class MemorySecrets implements Secrets {
  readonly persistent = false;
  readonly notPersistentReason = 'Secrets are kept in memory only in this mode and are forgotten when XenDeck stops.';
  private readonly map = new Map<string, string>();
  async get(id: string) {
    return this.map.get(id);
  }
  async set(id: string, value: string) {
    this.map.set(id, value);
  }
  async delete(id: string) {
    this.map.delete(id);
  }
}

/** The part of Electron's safeStorage that XenDeck uses. */
export interface StringEncryption {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(cipher: Buffer): string;
  /** Linux only: `basic_text` means no real protection. */
  getSelectedStorageBackend?(): string;
}

interface SecretsFile {
  version: 1;
  items: Record<string, { backend: string; ciphertext: string }>;
}

export const SECRETS_FILE = 'secrets.json';

export class EncryptedFileSecrets implements Secrets {
  readonly persistent: boolean;
  readonly notPersistentReason?: string;
  private readonly session = new Map<string, string>();
  private readonly backend: string;
  /** Ids whose ciphertext could not be decrypted (backend changed): kept, not deleted. */
  readonly unreadable = new Set<string>();

  private constructor(
    private readonly file: string,
    private readonly enc: StringEncryption,
    private data: SecretsFile,
  ) {
    this.backend = enc.getSelectedStorageBackend?.() ?? 'os';
    if (!enc.isEncryptionAvailable()) {
      this.persistent = false;
      this.notPersistentReason = 'The operating system offers no encryption for stored secrets, so passwords are kept for this session only.';
    } else if (this.backend === 'basic_text') {
      this.persistent = false;
      this.notPersistentReason = 'No desktop keyring was found (basic_text backend), so passwords are kept for this session only rather than stored without protection.';
    } else {
      this.persistent = true;
    }
  }

  static async open(dataDir: string, enc: StringEncryption): Promise<EncryptedFileSecrets> {
    const file = join(dataDir, SECRETS_FILE);
    let data: SecretsFile = { version: 1, items: {} };
    try {
      const parsed = JSON.parse(await readFile(file, 'utf8')) as SecretsFile;
      if (parsed && parsed.version === 1 && typeof parsed.items === 'object') data = parsed;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' && !(e instanceof SyntaxError)) throw e;
    }
    return new EncryptedFileSecrets(file, enc, data);
  }

  async get(id: string): Promise<string | undefined> {
    const s = this.session.get(id);
    if (s !== undefined) return s;
    const item = this.data.items[id];
    if (item === undefined || !this.persistent) return undefined;
    try {
      return this.enc.decryptString(Buffer.from(item.ciphertext, 'base64'));
    } catch {
      // ST-7: keep the ciphertext (the old keyring may come back) and ask the user again.
      this.unreadable.add(id);
      return undefined;
    }
  }

  async set(id: string, value: string): Promise<void> {
    if (!this.persistent) {
      this.session.set(id, value);
      return;
    }
    const ciphertext = this.enc.encryptString(value).toString('base64');
    this.data = { version: 1, items: { ...this.data.items, [id]: { backend: this.backend, ciphertext } } };
    this.unreadable.delete(id);
    await this.save();
  }

  async delete(id: string): Promise<void> {
    this.session.delete(id);
    if (!(id in this.data.items)) return;
    const items = { ...this.data.items };
    delete items[id];
    this.data = { version: 1, items };
    this.unreadable.delete(id);
    await this.save();
  }

  private async save(): Promise<void> {
    await writeFileAtomic(this.file, `${JSON.stringify(this.data, null, 2)}\n`, 0o600);
  }
}
