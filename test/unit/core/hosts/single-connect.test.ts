// ST-1: every ssh2 connection goes through hosts/connection.ts, which always sets hostVerifier
// (without one ssh2 accepts any host key). This guard fails when another file opens one.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../shared-samples';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sources(p);
    return /\.(ts|mts|js|mjs|vue)$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [p] : [];
  });
}

describe('one connect wrapper (ST-1)', () => {
  it('only hosts/connection.ts creates an ssh2 Client', () => {
    const offenders = ['src-main', 'bin']
      .flatMap((d) => sources(join(repoRoot, d)))
      .filter((f) => /new\s+(ssh2\.)?Client\s*\(/.test(readFileSync(f, 'utf8')) && /from\s+['"]ssh2['"]|require\(['"]ssh2['"]\)/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(repoRoot, f));
    expect(offenders).toEqual(['src-main/core/hosts/connection.ts']);
  });

  it('connection.ts always passes a hostVerifier and never forwards the agent', () => {
    const text = readFileSync(join(repoRoot, 'src-main/core/hosts/connection.ts'), 'utf8');
    expect(text).toMatch(/^\s+hostVerifier,$/m);
    expect(text).toMatch(/agentForward: false/);
  });
});
