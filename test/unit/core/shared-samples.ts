// The real captures live beside the repository in ../shared/xen (never copied in). A test that
// needs them fails with a clear message when they are absent.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
export const sharedDir = resolve(repoRoot, '../shared');
const outputDir = resolve(sharedDir, 'xen/output');

function ensure(): void {
  if (!existsSync(outputDir)) {
    throw new Error(`The real Xen captures are missing: expected ${outputDir} (the read-only ../shared beside the repository).`);
  }
}

/** The text of one capture in ../shared/xen/output. */
export function capture(name: string): string {
  ensure();
  return readFileSync(resolve(outputDir, name), 'utf8');
}

/** Names of the captures starting with a prefix, so a new capture is tested without editing tests. */
export function captures(prefix: string): string[] {
  ensure();
  const names = readdirSync(outputDir).filter((n) => n.startsWith(prefix)).sort();
  if (names.length === 0) throw new Error(`No capture in ${outputDir} starts with "${prefix}".`);
  return names;
}
