// The app's name and version, read from package.json (in a packaged app, the one inside the asar).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface AppMeta {
  name: string;
  version: string;
}

export function readAppMeta(appDir: string): AppMeta {
  const pkg = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
  if (typeof pkg.version !== 'string') throw new Error(`${join(appDir, 'package.json')} has no version`);
  // The product name, not the npm package name, is what the user sees.
  return { name: 'XenDeck', version: pkg.version };
}
