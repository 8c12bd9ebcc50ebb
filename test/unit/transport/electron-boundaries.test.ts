// EH-1, EH-4, EH-6 as source checks: one window factory, one openExternal call behind the gate,
// ipcMain.handle only inside the binding's sender-checking wrapper, no ipcRenderer exposed.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const repoRoot = resolve(__dirname, '../../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.(ts|vue)$/.test(name) && !name.endsWith('.test.ts') ? [p] : [];
  });
}

const files = [...sources(join(repoRoot, 'src-main')), ...sources(join(repoRoot, 'src-renderer/src'))].map((p) => ({
  path: relative(repoRoot, p),
  text: readFileSync(p, 'utf8'),
}));

const where = (re: RegExp) => files.filter((f) => re.test(f.text)).map((f) => f.path);

describe('Electron boundaries in the source', () => {
  it('creates BrowserWindows only in the window factory (EH-1)', () => {
    expect(where(/new BrowserWindow\s*\(/)).toEqual(['src-main/transport/electron/window-factory.ts']);
  });

  it('calls shell.openExternal only in the window factory, behind the URL gate and the dialog (EH-4)', () => {
    expect(where(/shell\.openExternal\s*\(/)).toEqual(['src-main/transport/electron/window-factory.ts']);
  });

  it('registers ipcMain handlers only through the binding’s wrapper (EH-6)', () => {
    expect(where(/ipcMain\.(handle|on|once|handleOnce)\s*\(/)).toEqual(['src-main/transport/electron/ipc-binding.ts']);
    const binding = files.find((f) => f.path === 'src-main/transport/electron/ipc-binding.ts')?.text ?? '';
    // Exactly one registration site: inside `guarded`, after which the sender is checked.
    expect(binding.match(/ipcMain\.handle\s*\(/g)).toHaveLength(1);
    expect(binding).toMatch(/ipcMain\.handle\(channel, async \(event, arg, extra\) => \{\s*const verdict = checkSender\(/);
  });

  it('exposes one object in the main world and never ipcRenderer itself (EH-6)', () => {
    expect(where(/exposeInMainWorld\s*\(/)).toEqual(['src-main/preload/index.ts']);
    const preload = files.find((f) => f.path === 'src-main/preload/index.ts')?.text ?? '';
    expect(preload.match(/exposeInMainWorld\s*\(/g)).toHaveLength(1);
    expect(preload).toMatch(/exposeInMainWorld\('xendeck', createBridge\(/);
  });
});
