// The desktop app's data directory (Electron's userData for "XenDeck"): the default of browser
// mode too, so both share host profiles. Same rule as the CLI's bin/cli/hosts/data-dir.ts.
import { homedir } from 'node:os';
import { join } from 'node:path';

export function appDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'XenDeck');
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'XenDeck');
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'XenDeck');
}
