// Where the desktop app keeps its data (Electron's userData for the app name "XenDeck"), so the
// command and the app share host profiles (issue 5 §10).
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'XenDeck');
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'XenDeck');
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'XenDeck');
}
