// Reads the real Xen config samples in ../shared/xen (never copied into the repo) and pulls the
// disk and vif strings out of them with a regex, so sub-language tests run on values admins wrote.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '../../..');
export const sharedXen = resolve(repoRoot, '../shared/xen');

export function requireShared(): string {
  if (!existsSync(sharedXen)) {
    throw new Error(`The shared Xen samples are missing: expected them at ${sharedXen} (../shared/xen beside the repo).`);
  }
  return sharedXen;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

export interface SampleValue {
  file: string;
  key: string;
  value: string;
}

/** Every string element of `disk = [...]` / `vif = [...]` lists in the cfg samples and the seed. */
export function sampleListValues(keys: readonly string[]): SampleValue[] {
  const root = requireShared();
  const files = [...walk(join(root, 'cfg')), ...walk(join(root, 'seed')).filter((f) => f.endsWith('.cfg'))];
  const listRe = new RegExp(`^[ \\t]*(${keys.join('|')})[ \\t]*\\+?=[ \\t]*\\[([^\\]]*)\\]`, 'gm');
  // Python triple-quoted strings first (xm files), then xl's single- and double-quoted ones.
  const strRe = /"""([\s\S]*?)"""|'''([\s\S]*?)'''|'((?:\\.|[^'\\\n])*)'|"((?:\\.|[^"\\\n])*)"/g;
  const out: SampleValue[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(listRe)) {
      const body = (m[2] as string).replace(/#[^\n]*/g, '');
      for (const s of body.matchAll(strRe)) {
        const value = s[1] ?? s[2] ?? (s[3] ?? s[4] ?? '').replace(/\\(.)/g, '$1');
        out.push({ file: file.slice(root.length + 1), key: m[1] as string, value });
      }
    }
  }
  return out;
}
