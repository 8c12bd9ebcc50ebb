// ST-7 in the command: the OS keychain encryption is Electron's (safeStorage), which a plain Node
// process does not have. Rather than write a password in a file anyone with the disk can read, the
// command keeps none: password hosts need the app, ssh-agent or a key file.
import type { Secrets } from '../../../src-main/core/store/secrets';

export class CliSecrets implements Secrets {
  readonly persistent = false;
  readonly notPersistentReason = 'the xendeck command has no safe place for passwords (the desktop app encrypts them with the system keychain).';
  async get(): Promise<string | undefined> {
    return undefined;
  }
  async set(): Promise<void> {}
  async delete(): Promise<void> {}
}
