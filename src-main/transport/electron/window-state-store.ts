// Reads and writes the remembered window state in userData (the pure part is window-bounds.ts).
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseWindowState, serializeWindowState, type SavedWindowState } from './window-bounds';

const FILE = 'window-state.json';

export function loadWindowState(userData: string): SavedWindowState {
  let text: string | null = null;
  try {
    text = readFileSync(join(userData, FILE), 'utf8');
  } catch {
    text = null;
  }
  return parseWindowState(text);
}

export function saveWindowState(userData: string, state: SavedWindowState): void {
  const target = join(userData, FILE);
  try {
    writeFileSync(`${target}.tmp`, serializeWindowState(state));
    renameSync(`${target}.tmp`, target);
  } catch (e) {
    console.warn(`[xendeck] could not remember the window state: ${e instanceof Error ? e.message : String(e)}`);
  }
}
